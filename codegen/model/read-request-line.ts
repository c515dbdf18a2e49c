/**
 * The page's preamble: the operation title, its summary and the request line
 * (`GET https://management.azure.com/subscriptions/{subscriptionId}/...?api-version=2025-08-01`).
 */
import { GeneratorError } from "../generator-error";
import type { ReferencePage } from "../page/reference-page";

export interface RequestLine {
  readonly title: string;
  readonly summary: string;
  readonly method: string;
  /** Without the query. */
  readonly urlTemplate: string;
  readonly pathTemplate: string;
  readonly apiVersion: string;
  /** The `{placeholders}` of the path, in URL order. */
  readonly placeholders: readonly string[];
}

const REQUEST_LINE = /^(GET|PUT|POST|PATCH|DELETE|HEAD)\s+(https:\/\/[^/\s]+)(\/\S*)$/;

export function readRequestLine(page: ReferencePage): RequestLine {
  const lines = page.preamble.flatMap((block) => (block.kind === "text" ? [block.text] : []));
  const requestIndex = lines.findIndex((line) => REQUEST_LINE.test(line));
  const request = REQUEST_LINE.exec(lines[requestIndex] ?? "");
  if (request === null || requestIndex === 0) {
    throw new GeneratorError(
      `the page has no request line (such as "GET https://management.azure.com/subscriptions/{subscriptionId}/...") ` +
        `between its title and its first section`,
    );
  }
  const [, method = "", origin = "", pathAndQuery = ""] = request;
  const queryStart = pathAndQuery.indexOf("?");
  const pathTemplate = queryStart === -1 ? pathAndQuery : pathAndQuery.slice(0, queryStart);
  const query = new URLSearchParams(queryStart === -1 ? "" : pathAndQuery.slice(queryStart + 1));
  const apiVersion = query.get("api-version");
  if (apiVersion === null || apiVersion === "") {
    throw new GeneratorError(`the request line "${lines[requestIndex]}" has no api-version query parameter`);
  }
  return {
    title: lines[0] ?? "",
    summary: lines.slice(1, requestIndex).join(" "),
    method,
    urlTemplate: origin + pathTemplate,
    pathTemplate,
    apiVersion,
    placeholders: [...pathTemplate.matchAll(/\{([^{}]+)\}/g)].map((match) => match[1] ?? ""),
  };
}

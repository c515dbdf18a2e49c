/**
 * The URI Parameters table (`| Name | In | Required | Type | Description |`). The page truncates path
 * parameter names to their first word ("resource" for resourceGroupName), so a path parameter is the
 * `{placeholder}` of the request URL that starts with the page's name; should several start so, the one
 * whose words best match the parameter's description.
 */
import { GeneratorError } from "../generator-error";
import { cellAt, columnIndex } from "../page/flattened-table";
import type { PageSection } from "../page/reference-page";
import { readTypeCell } from "../page/type-expression";
import type { UriParameterModel } from "./api-model";
import type { RequestLine } from "./read-request-line";
import { wordOverlap, wordsOf } from "./words";

const COLUMNS = ["Name", "In", "Required", "Type", "Description"] as const;

export function readUriParameters(
  section: PageSection | undefined,
  request: RequestLine,
): UriParameterModel[] {
  const expected = request.placeholders.map((name) => `{${name}}`).join(", ");
  if (section === undefined) {
    throw new GeneratorError(`the page has no "URI Parameters" section, which should describe ${expected}`);
  }
  const table = section.blocks.flatMap((block) => (block.kind === "table" ? [block.table] : []))[0];
  if (table === undefined) {
    throw new GeneratorError(
      `the "URI Parameters" section (line ${section.line}) has no table of parameters ` +
        `(| ${COLUMNS.join(" | ")} |), which should describe ${expected}`,
    );
  }
  const columns = COLUMNS.map((title) => columnIndex(table, title));
  const missing = COLUMNS.filter((_, index) => columns[index] === -1);
  if (missing.length > 0) {
    throw new GeneratorError(
      `the URI Parameters table (line ${table.line}) has no ${missing.map((title) => `"${title}"`).join(", ")} column`,
    );
  }
  const [name, location, required, type, description] = columns as [number, number, number, number, number];

  const parameters = table.rows.map((row): UriParameterModel => {
    const nameOnPage = cellAt(row, name);
    const where = `URI parameter "${nameOnPage}" (line ${row.line})`;
    const place = cellAt(row, location).toLowerCase();
    if (place !== "path" && place !== "query") {
      throw new GeneratorError(`${where} is "in" "${cellAt(row, location)}"; expected path or query`);
    }
    const reading = readTypeCell(cellAt(row, type));
    if (reading.kind !== "type" || reading.type.array || reading.type.primitive === "object") {
      throw new GeneratorError(`cannot read the type "${cellAt(row, type)}" of ${where} as a simple type`);
    }
    return {
      name:
        place === "path" ? placeholderFor(nameOnPage, cellAt(row, description), request, where) : nameOnPage,
      nameOnPage,
      in: place,
      required: cellAt(row, required).toLowerCase() === "true",
      type: reading.type.primitive,
      ...(reading.type.format !== undefined ? { format: reading.type.format } : {}),
      constraints: reading.type.constraints,
      description: cellAt(row, description),
    };
  });

  for (const placeholder of request.placeholders) {
    const rows = parameters.filter((parameter) => parameter.in === "path" && parameter.name === placeholder);
    if (rows.length === 0) {
      throw new GeneratorError(`the URI Parameters table has no row for {${placeholder}} of the request URL`);
    }
    if (rows.length > 1) {
      const names = rows.map((parameter) => `"${parameter.nameOnPage}"`).join(" and ");
      throw new GeneratorError(
        `the URI Parameters rows ${names} both describe {${placeholder}} of the request URL`,
      );
    }
  }
  const inUrlOrder = (parameter: UriParameterModel) =>
    parameter.in === "path" ? request.placeholders.indexOf(parameter.name) : request.placeholders.length;
  return parameters
    .map((parameter, pageOrder) => ({ parameter, pageOrder }))
    .sort((a, b) => inUrlOrder(a.parameter) - inUrlOrder(b.parameter) || a.pageOrder - b.pageOrder)
    .map((entry) => entry.parameter);
}

function placeholderFor(
  nameOnPage: string,
  description: string,
  request: RequestLine,
  where: string,
): string {
  const starting = request.placeholders.filter((placeholder) =>
    placeholder.toLowerCase().startsWith(nameOnPage.toLowerCase()),
  );
  if (starting.length === 1) return starting[0] ?? nameOnPage;
  if (starting.length === 0) {
    throw new GeneratorError(
      `${where} matches no {placeholder} of the request URL ${request.urlTemplate}; ` +
        `a path parameter's name must start one of ${request.placeholders.map((name) => `{${name}}`).join(", ")}`,
    );
  }
  const words = wordsOf(nameOnPage, description);
  const scored = starting.map((placeholder) => ({
    placeholder,
    score: wordOverlap(words, wordsOf(placeholder)),
  }));
  const best = Math.max(...scored.map((entry) => entry.score));
  const leaders = scored.filter((entry) => entry.score === best);
  if (leaders.length > 1) {
    throw new GeneratorError(
      `${where} could be any of ${leaders.map((entry) => `{${entry.placeholder}}`).join(", ")} of the request URL`,
    );
  }
  return leaders[0]?.placeholder ?? nameOnPage;
}

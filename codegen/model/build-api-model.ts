/** Reads the reference page into the model every output is written from. */
import { GeneratorError } from "../generator-error";
import { findSection, parseReferencePage } from "../page/reference-page";
import type { ApiModel } from "./api-model";
import { applyNameRules } from "./apply-name-rules";
import { readDefinitions } from "./read-definitions";
import { readRequestLine } from "./read-request-line";
import { readResponses } from "./read-responses";
import { readUriParameters } from "./read-uri-parameters";

/**
 * @param pageText the text copy of the API reference page
 * @param source how the outputs name the page, e.g. `spec/backups-long-term-retention-get.txt`
 */
export function buildApiModel(pageText: string, source: string): ApiModel {
  const page = parseReferencePage(pageText);
  const request = readRequestLine(page);
  const uriParameters = readUriParameters(findSection(page, "URI Parameters"), request);
  const definitionsSection = findSection(page, "Definitions");
  if (definitionsSection === undefined) throw new GeneratorError(`the page has no "Definitions" section`);
  const { definitions, candidates } = readDefinitions(definitionsSection);
  const bodies = readResponses(findSection(page, "Responses"), definitions, candidates, request);
  return {
    source,
    title: request.title,
    summary: request.summary,
    method: request.method,
    urlTemplate: request.urlTemplate,
    pathTemplate: request.pathTemplate,
    apiVersion: request.apiVersion,
    uriParameters,
    nameRules: applyNameRules(uriParameters),
    definitions,
    ...bodies,
  };
}

/**
 * `uri-parameters.json`: the rules of the request's parameters as the page gives them, keyed by the
 * parameter's name in the URL (`uriParameters.serverName.maxLength`), and under `request` the request
 * they belong to, for code that builds request URLs or validates names before sending them.
 */
import { GeneratorError } from "../generator-error";
import type { ApiModel, UriParameterModel } from "../model/api-model";
import type { JsonObject } from "./json-schema";

const REQUEST_KEY = "request";

export function uriParametersDocument(model: ApiModel, comment: string): JsonObject {
  const clash = model.uriParameters.find(
    (parameter) => parameter.name === REQUEST_KEY || parameter.name === "$comment",
  );
  if (clash !== undefined) {
    throw new GeneratorError(`the URI parameter "${clash.name}" has a name uri-parameters.json reserves`);
  }
  return {
    $comment: comment,
    [REQUEST_KEY]: {
      source: model.source,
      operation: model.title,
      method: model.method,
      urlTemplate: model.urlTemplate,
      pathTemplate: model.pathTemplate,
      apiVersion: model.apiVersion,
    },
    ...Object.fromEntries(model.uriParameters.map((parameter) => [parameter.name, entry(parameter)])),
  };
}

function entry(parameter: UriParameterModel): JsonObject {
  const { minimum, maximum, minLength, maxLength, pattern } = parameter.constraints;
  return {
    nameOnPage: parameter.nameOnPage,
    in: parameter.in,
    required: parameter.required,
    type: parameter.type,
    ...(parameter.format !== undefined ? { format: parameter.format } : {}),
    ...(minimum !== undefined ? { minimum } : {}),
    ...(maximum !== undefined ? { maximum } : {}),
    ...(minLength !== undefined ? { minLength } : {}),
    ...(maxLength !== undefined ? { maxLength } : {}),
    ...(pattern !== undefined ? { pattern } : {}),
    ...(pattern !== undefined && patternComment(pattern) !== undefined
      ? { $comment: patternComment(pattern) }
      : {}),
    description: parameter.description,
  };
}

/** Says where the page's pattern leaves a value unconstrained; it is kept verbatim all the same. */
export function patternComment(pattern: string): string | undefined {
  const start = pattern.startsWith("^");
  const end = pattern.endsWith("$") && !pattern.endsWith("\\$");
  if (start && end) return undefined;
  const missing = [start ? "" : "a `^` anchor", end ? "" : "a `$` anchor"]
    .filter((text) => text !== "")
    .join(" or ");
  const effect =
    !start && !end
      ? "it matches anywhere in a value"
      : start
        ? "it constrains only how a value starts, and anything may follow a match"
        : "it constrains only how a value ends";
  return `The pattern is verbatim from the reference page, which gives it without ${missing}: ${effect}.`;
}

/**
 * `names.schema.json`: one JSON Schema definition per name of the request URL (`#/$defs/serverName`),
 * with the rule this project applies. Synthesis, the checker's reading of cdktf.out and the emulator's
 * state schema all validate names with these definitions and no other copy of them.
 */
import type { ApiModel, NameRuleModel } from "../model/api-model";
import type { JsonObject } from "./json-schema";

/** `$id` of the names schema; other schemas refer to `${NAMES_SCHEMA_ID}#/$defs/<name>`. */
export const NAMES_SCHEMA_ID = "urn:cdktf-pg-ltr:schema:names";

export function namesSchema(model: ApiModel, comment: string): JsonObject {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: NAMES_SCHEMA_ID,
    $comment: comment,
    title: "Names in ARM request URLs",
    description:
      `The rules of the names in the request URL ${model.pathTemplate}, each pattern matched against the ` +
      "whole name. ARM compares names ignoring case.",
    $defs: Object.fromEntries(model.nameRules.map((rule) => [rule.name, definition(rule)])),
  };
}

function definition(rule: NameRuleModel): JsonObject {
  return {
    description: rule.description,
    ...(rule.source !== undefined ? { $comment: `Differs from the reference page: ${rule.source}.` } : {}),
    type: "string",
    ...(rule.format !== undefined ? { format: rule.format } : {}),
    ...(rule.minLength !== undefined ? { minLength: rule.minLength } : {}),
    ...(rule.maxLength !== undefined ? { maxLength: rule.maxLength } : {}),
    ...(rule.pattern !== undefined ? { pattern: rule.pattern } : {}),
    ...(rule.forbidden !== undefined
      ? { not: { description: rule.forbidden.rule, pattern: rule.forbidden.pattern } }
      : {}),
  };
}

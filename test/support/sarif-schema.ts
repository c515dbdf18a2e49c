import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import sarifSchema from "@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json";

/**
 * The OASIS SARIF 2.1.0 schema as @microsoft/jest-sarif ships it (JSON Schema draft-04). Its own
 * `language` pattern is not a valid Unicode regular expression and some `required` names have no
 * property, so those two checks of ajv's are relaxed; every rule of the schema still applies.
 */
export const validateSarif = (() => {
  const ajv = new Ajv({ strict: true, strictRequired: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(sarifSchema);
})();

/** Expects a SARIF log valid by the schema, showing ajv's errors when it is not. */
export function expectValidSarif(log: unknown): void {
  const valid = validateSarif(log);
  expect(validateSarif.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

import type Ajv2020 from "ajv/dist/2020";
import namesSchema from "../schema/names.schema.json";

/**
 * Annotation keyword of the generated schemas for Azure's extensible enums (`ExecutionStatus`,
 * `createdByType`): it lists the values the API reference documents while the schema itself accepts
 * any string, because Azure may add values. It never fails validation; the classifier reads it to
 * tell "a value we do not know yet" from "a malformed payload".
 */
export const KNOWN_VALUES_KEYWORD = "knownValues";

/**
 * ARM resource ids as the reference page's `string (arm-id)` type means them: an absolute path that
 * starts at a subscription, a tenant-level provider or the root (`/subscriptions/...`, `/providers/...`).
 */
export const ARM_ID_PATTERN = /^\/(subscriptions|providers)\/[^/]+(\/[^/]+)*\/?$/i;

/** What createAjv may be asked to build besides the project's validation. */
export interface CreateAjvOptions {
  /**
   * Keep each compiled schema's source for ajv's standalone code, formats required from
   * lib/schema-validation/formats (the path as the generated module in lib/schema names it).
   * @default false
   */
  readonly standaloneCode?: boolean;
}

/**
 * The one way this project builds ajv: draft 2020-12, strict mode (unknown keywords and formats are
 * schema bugs, not silently ignored), all errors collected so a finding lists every bad field. The
 * generated names schema is registered, so schemas holding names refer to its definitions by `$ref`.
 */
export function createAjv(options: CreateAjvOptions = {}): Ajv2020 {
  // Loaded on first use: this module is reachable from the package root, which every `cdktf synth`
  // imports, and ajv costs about 50 ms to load.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { default: Ajv, _ } = require("ajv/dist/2020") as typeof import("ajv/dist/2020");
  const addFormats = (require("ajv-formats") as typeof import("ajv-formats")).default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ajv = new Ajv({
    strict: true,
    allErrors: true,
    allowUnionTypes: true,
    ...(options.standaloneCode
      ? { code: { source: true, esm: true, formats: _`require("../schema-validation/formats").FORMATS` } }
      : {}),
  });
  addFormats(ajv);
  ajv.addKeyword({ keyword: KNOWN_VALUES_KEYWORD, schemaType: "array" });
  ajv.addFormat("arm-id", ARM_ID_PATTERN);
  ajv.addSchema(namesSchema);
  return ajv;
}

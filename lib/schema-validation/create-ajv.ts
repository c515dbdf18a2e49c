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
const ARM_ID_PATTERN = /^\/(subscriptions|providers)\/[^/]+(\/[^/]+)*\/?$/i;

/**
 * The one way this project builds ajv: draft 2020-12, strict mode (unknown keywords and formats are
 * schema bugs, not silently ignored), all errors collected so a finding lists every bad field. The
 * generated names schema is registered, so schemas holding names refer to its definitions by `$ref`.
 */
export function createAjv(): Ajv2020 {
  // Loaded on first use: this module is reachable from the package root, which every `cdktf synth`
  // imports, and ajv costs about 50 ms to load.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const Ajv = (require("ajv/dist/2020") as typeof import("ajv/dist/2020")).default;
  const addFormats = (require("ajv-formats") as typeof import("ajv-formats")).default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addKeyword({ keyword: KNOWN_VALUES_KEYWORD, schemaType: "array" });
  ajv.addFormat("arm-id", ARM_ID_PATTERN);
  ajv.addSchema(namesSchema);
  return ajv;
}

let shared: Ajv2020 | undefined;

/**
 * One ajv (as createAjv builds it) for the schemas a check compiles once per process: the
 * expectations document, the manifest and ARM's answers. Each new instance compiles the 2020-12
 * meta-schema again (about 50 ms of CPU), which a check paid three times before its first request.
 * Schemas added to it must carry distinct `$id`s.
 */
export function sharedAjv(): Ajv2020 {
  shared ??= createAjv();
  return shared;
}

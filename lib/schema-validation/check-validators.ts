import type { ValidateFunction } from "ajv";

/** The validators a check runs, each as ajv compiled it (`errors` set after a failed call). */
export interface CheckValidators {
  /** cdktf.out/manifest.json (lib/schema/cdktf-manifest.schema.json). */
  readonly manifest: ValidateFunction;
  /** A stack's expectations document (lib/schema/expectations.schema.json). */
  readonly expectationsDocument: ValidateFunction;
  /** The body of a 200 answer to a GET of one operation (the generated ltr-backup-operation.schema.json). */
  readonly operation: ValidateFunction;
  /** A listing page: `{ value: [operation...], nextLink }`. */
  readonly operationPage: ValidateFunction;
  /** ARM's error body (the generated error-response.schema.json). */
  readonly errorResponse: ValidateFunction;
}

let loaded: CheckValidators | undefined;

/**
 * The check's validators, compiled by `npm run generate` into lib/schema/check-validators.generated.ts
 * (ajv's standalone code), so no schema is compiled while a check runs. Loaded on first use: `cdktf
 * synth` loads the package root and never validates.
 */
export function checkValidators(): CheckValidators {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require("../schema/check-validators.generated") as CheckValidators;
  return loaded;
}

/**
 * `check-validators.generated.ts`: the validators a check runs, compiled ahead of time to ajv's
 * standalone code, so that no schema is compiled while a check runs (compiling the expectations,
 * manifest and answer schemas cost about 350 ms of CPU before the first request, ajv's own loading
 * and the 2020-12 meta-schema included). Built by the project's ajv (createAjv: strict, all errors,
 * its formats and keywords), so the validators and their error messages are what compiling at run
 * time gave.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import standaloneCode from "ajv/dist/standalone";
import { createAjv } from "../../lib/schema-validation/create-ajv";

/** The schemas of a check; the first three are the generator's own outputs, the others committed sources. */
export interface CheckSchemas {
  /** Body of a 200 answer (the generated ltr-backup-operation.schema.json). */
  readonly operation: string;
  /** Body of every other answer (the generated error-response.schema.json). */
  readonly errorResponse: string;
  /** Name rules the others refer to (the generated names.schema.json). */
  readonly names: string;
}

/** Hand-written schemas in lib/schema that the check validates with, compiled into the same module. */
export const EXPECTATIONS_SCHEMA_FILE = "expectations.schema.json";
export const MANIFEST_SCHEMA_FILE = "cdktf-manifest.schema.json";

const PAGE_SCHEMA_ID = "urn:cdktf-pg-ltr:schema:ltr-backup-operation-list";

export function checkValidatorsSource(
  schemas: CheckSchemas,
  committedDirectory: string,
  header: string,
): string {
  const ajv = createAjv({ standaloneCode: true });
  const names = JSON.parse(schemas.names) as { $id: string };
  // The project's ajv registers the committed names schema; the generated one replaces it.
  ajv.removeSchema(names.$id);
  ajv.addSchema(names);
  const operation = JSON.parse(schemas.operation) as { $id: string };
  ajv.addSchema(operation);
  const errorResponse = JSON.parse(schemas.errorResponse) as { $id: string };
  ajv.addSchema(errorResponse);
  // A listing page, composed from the operation schema so both stay one definition.
  ajv.addSchema({
    $id: PAGE_SCHEMA_ID,
    type: "object",
    required: ["value"],
    properties: {
      value: { type: "array", items: { $ref: operation.$id } },
      nextLink: { type: ["string", "null"] },
    },
  });
  const committed = (file: string): { $id: string } =>
    JSON.parse(readFileSync(join(committedDirectory, file), "utf8")) as { $id: string };
  const expectations = committed(EXPECTATIONS_SCHEMA_FILE);
  ajv.addSchema(expectations);
  const manifest = committed(MANIFEST_SCHEMA_FILE);
  ajv.addSchema(manifest);
  const code = standaloneCode(ajv, {
    manifest: manifest.$id,
    expectationsDocument: expectations.$id,
    operation: operation.$id,
    operationPage: PAGE_SCHEMA_ID,
    errorResponse: errorResponse.$id,
  });
  // ajv's code is one line per module; the generated file is neither formatted nor linted (see
  // .prettierignore and eslint.config.mjs) and not type-checked, as it is not written by hand.
  return `${header}\n// @ts-nocheck\n${code}\n`;
}

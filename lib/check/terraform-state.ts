import type { ValidateFunction } from "ajv";
import { resolve } from "node:path";
import { createAjv } from "../schema-validation/create-ajv";
import { PgLtrInputError } from "../errors/input-error";
import { readUserFile } from "./bounded-file";
import { jsonErrorPlace } from "./cdktf-out-file";

/** The resources of one `terraform show -json` document, by address. */
export interface TerraformState {
  /** Absolute path of the file, for messages. */
  readonly file: string;
  /** `values` of each resource and data source, root module and child modules, keyed by `address`. */
  readonly resources: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
}

interface StateModule {
  readonly resources?: ReadonlyArray<{ readonly address: string; readonly values?: Record<string, unknown> }>;
  readonly child_modules?: readonly StateModule[];
}

interface ShowJson {
  readonly format_version: string;
  readonly values?: { readonly root_module?: StateModule };
}

// The part of HashiCorp's JSON output format (`terraform show -json`) the checker reads; anything else in
// the document is ignored, so newer minor versions of the format keep working.
const MODULE_SCHEMA = {
  type: "object",
  properties: {
    resources: {
      type: "array",
      items: {
        type: "object",
        required: ["address"],
        properties: { address: { type: "string", minLength: 1 }, values: { type: "object" } },
      },
    },
    child_modules: { type: "array", items: { $ref: "#/$defs/module" } },
  },
} as const;

const SHOW_JSON_SCHEMA = {
  type: "object",
  required: ["format_version"],
  properties: {
    format_version: { type: "string", pattern: "^1\\." },
    values: { type: "object", properties: { root_module: { $ref: "#/$defs/module" } } },
  },
  $defs: { module: MODULE_SCHEMA },
} as const;

let validate: ValidateFunction<ShowJson> | undefined;

/**
 * The largest `terraform show -json` document read: a stack's state with thousands of resources is
 * tens of megabytes; beyond this the file is not one stack's state, and reading it would only cost
 * memory (a JavaScript string holds at most about 512 MiB).
 */
export const MAX_TERRAFORM_STATE_BYTES = 256 * 1024 * 1024;

/**
 * Reads the JSON of `terraform show -json` (a state, not a plan: `values.root_module`). A file that is
 * not one stops the check with a PgLtrInputError naming the file and what to pass instead.
 */
export function readTerraformState(file: string, cwd: string = process.cwd()): TerraformState {
  const path = resolve(cwd, file);
  const remedy = "pass the output of `terraform show -json` for the stack (run in cdktf.out/stacks/<stack>)";
  // A pipe is read (`--terraform-state <(terraform show -json)`), but never more than the cap.
  const text = readUserFile(path, {
    maxBytes: MAX_TERRAFORM_STATE_BYTES,
    tooLarge: `${path} is larger than ${MAX_TERRAFORM_STATE_BYTES / 1024 / 1024} MiB, more than one stack's state`,
    regularOnly: false,
    subject: `--terraform-state ${file}`,
    remedy,
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // V8's message quotes a snippet of the text, and a state holds secrets: only the place is said.
    throw new PgLtrInputError(
      `--terraform-state ${path} is not JSON (${jsonErrorPlace(text, error)}): ${remedy}`,
    );
  }
  validate ??= createAjv().compile<ShowJson>(SHOW_JSON_SCHEMA);
  if (!validate(parsed)) {
    const first = validate.errors?.[0];
    const where = first ? ` (at "${first.instancePath}": ${first.message ?? "is invalid"})` : "";
    throw new PgLtrInputError(
      `--terraform-state ${path} is not the JSON of \`terraform show -json\`${where}: ${remedy}`,
    );
  }
  const resources = new Map<string, Record<string, unknown>>();
  const visit = (module: StateModule | undefined): void => {
    for (const resource of module?.resources ?? []) resources.set(resource.address, resource.values ?? {});
    for (const child of module?.child_modules ?? []) visit(child);
  };
  visit(parsed.values?.root_module);
  return { file: path, resources };
}

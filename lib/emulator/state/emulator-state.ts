import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ErrorObject } from "ajv";
import { PgLtrInputError } from "../../errors/input-error";
import { nameSchemaError } from "../../names/uri-parameter-rules";
import { createAjv } from "../../schema-validation/create-ajv";
import stateSchema from "../../schema/emulator-state.schema.json";

/**
 * What the emulator serves, as documented by `lib/schema/emulator-state.schema.json`.
 * Each operation is the API's `properties` object, served verbatim.
 */
export interface EmulatorState {
  readonly subscriptions: { readonly [subscriptionId: string]: EmulatorSubscription };
  /** Bearer tokens accepted under strict auth besides those the token endpoint issues; they never expire. */
  readonly accessTokens?: readonly string[];
  /** How a request under a missing server is answered. @default "ResourceNotFound" */
  readonly missingServerCode?: MissingServerCode;
}

/** ARM's codes for a missing flexible server: the resource provider's, or ARM's for a child of a missing parent. */
export type MissingServerCode = "ResourceNotFound" | "ParentResourceNotFound";

/** How a backup started through `startLtrBackup` ends. */
export type StartOutcome = "Succeeded" | "Failed" | "Cancelled";

/** How `startLtrBackup` behaves on a server. */
export interface StartLtrBackupBehaviour {
  /** How a started backup ends once it has run. @default "Succeeded" */
  readonly outcome?: StartOutcome;
  /** Answer 200 with the finished operation at once instead of 202 and status URLs. @default false */
  readonly synchronous?: boolean;
}

export interface EmulatorSubscription {
  /** Every request in the subscription answers 403 AuthorizationFailed. */
  readonly denied?: boolean;
  readonly resourceGroups: { readonly [resourceGroupName: string]: EmulatorResourceGroup };
}

export interface EmulatorResourceGroup {
  readonly servers: { readonly [serverName: string]: EmulatorStateServer };
}

export interface EmulatorStateServer {
  /** When the server was created (ISO 8601), its `systemData.createdAt`. @default "2020-01-01T00:00:00Z" */
  readonly createdAt?: string;
  readonly ltrBackupOperations?: readonly EmulatorLtrOperation[];
  readonly startLtrBackup?: StartLtrBackupBehaviour;
}

/** The `properties` of one LTR backup operation; fields besides `backupName` are not type-checked on purpose. */
export interface EmulatorLtrOperation {
  readonly backupName: string;
  readonly [field: string]: unknown;
}

let compiledValidator: ReturnType<ReturnType<typeof createAjv>["compile"]> | undefined;

function validator() {
  compiledValidator ??= createAjv().compile(stateSchema);
  return compiledValidator;
}

/**
 * Reads and validates a state: a path to a JSON file (relative to the working directory) or an
 * object. Throws PgLtrInputError naming the file and every problem by JSON pointer.
 */
export function loadEmulatorState(source: string | EmulatorState): EmulatorState {
  const where = typeof source === "string" ? `Emulator state file ${resolve(source)}` : "Emulator state";
  const candidate: unknown = typeof source === "string" ? readStateFile(source) : source;
  const validate = validator();
  if (!validate(candidate)) {
    throw new PgLtrInputError(`${where} is invalid: ${describeSchemaErrors(validate.errors ?? [])}.`);
  }
  const state = candidate as EmulatorState;
  const duplicates = duplicateBackupNames(state);
  if (duplicates.length > 0) {
    throw new PgLtrInputError(
      `${where} is invalid: ${duplicates.join("; ")} (backup names are unique per server, ignoring case).`,
    );
  }
  return state;
}

function readStateFile(path: string): unknown {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "the file does not exist" : code === "EISDIR" ? "it is a folder" : code;
    throw new PgLtrInputError(`Cannot read the emulator state file ${absolute}: ${why}.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new PgLtrInputError(
      `Emulator state file ${absolute} is not valid JSON (${(error as Error).message}); fix the syntax.`,
    );
  }
}

function describeSchemaErrors(errors: ErrorObject[]): string {
  const lines = new Set<string>();
  for (const error of errors) {
    // ajv reports a bad key twice: the nested error names the key and says what is wrong with it.
    if (error.keyword === "propertyNames") continue;
    lines.add(`${error.instancePath === "" ? "(root)" : error.instancePath} ${messageOf(error)}`);
  }
  return [...lines].slice(0, 10).join("; ");
}

function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const nameRule = nameSchemaError(error);
  if (error.propertyName !== undefined) {
    const why =
      error.keyword === "format" && params.format === "uuid"
        ? "is not a subscription id (a GUID)"
        : (nameRule?.rule ?? error.message);
    return `has the key "${error.propertyName}", which ${why ?? "is not allowed"}`;
  }
  switch (error.keyword) {
    case "additionalProperties":
      return `has an unknown property "${String(params.additionalProperty)}"`;
    case "required":
      return `must have the property "${String(params.missingProperty)}"`;
    case "enum":
      return `must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(", ")}`;
    default:
      if (nameRule) return nameRule.rule;
      return error.message ?? "is not allowed";
  }
}

function duplicateBackupNames(state: EmulatorState): string[] {
  const problems: string[] = [];
  for (const [subscriptionId, subscription] of Object.entries(state.subscriptions)) {
    for (const [rg, group] of Object.entries(subscription.resourceGroups)) {
      for (const [serverName, server] of Object.entries(group.servers)) {
        const seen = new Set<string>();
        (server.ltrBackupOperations ?? []).forEach((operation, index) => {
          const key = operation.backupName.toLowerCase();
          if (seen.has(key)) {
            const pointer = `/subscriptions/${escapePointer(subscriptionId)}/resourceGroups/${escapePointer(rg)}/servers/${escapePointer(serverName)}/ltrBackupOperations/${index}/backupName`;
            problems.push(`${pointer} repeats the backup name "${operation.backupName}"`);
          }
          seen.add(key);
        });
      }
    }
  }
  return problems;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

import { createAjv } from "../../lib/schema-validation/create-ajv";
import {
  UriParameter,
  nameSchemaError,
  uriParameterProblem,
  uriParameterRule,
} from "../../lib/names/uri-parameter-rules";

const SERVER_PATTERN = "must match the pattern ^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$";
const GROUP_PATTERN = "must match the pattern ^[-\\w\\._\\(\\)]+$";
const BACKUP_PATTERN = "must match the pattern ^[-\\w\\._]+$";
const DOTS = 'must not be "." or "..", which URLs collapse';

// Every name is matched whole: what the reference page's unanchored patterns let through is refused.
const table: ReadonlyArray<readonly [UriParameter, unknown, string | undefined]> = [
  ["subscriptionId", "3f2b8c1e-6d4a-4b7e-9c2d-8a1f5e7b9c30", undefined],
  ["subscriptionId", "3F2B8C1E-6D4A-4B7E-9C2D-8A1F5E7B9C30", undefined],
  ["subscriptionId", "not-a-uuid", "must be a UUID such as 00000000-0000-0000-0000-000000000000"],
  ["subscriptionId", "", "must be a UUID such as 00000000-0000-0000-0000-000000000000"],
  ["subscriptionId", 7, "must be a string"],
  ["resourceGroupName", "rg-data-prod", undefined],
  ["resourceGroupName", "rg_with.dots(1)", undefined],
  ["resourceGroupName", "r".repeat(90), undefined],
  ["resourceGroupName", "r".repeat(91), "must be 1-90 characters"],
  ["resourceGroupName", "", "must be 1-90 characters"],
  ["resourceGroupName", "rg.", 'must not end in "."'],
  ["resourceGroupName", ".", 'must not end in "."'],
  ["resourceGroupName", "..", 'must not end in "."'],
  ["resourceGroupName", ".rg", undefined],
  ["resourceGroupName", "rg data", GROUP_PATTERN],
  ["resourceGroupName", "rg/other", GROUP_PATTERN],
  ["resourceGroupName", "ü".repeat(10), GROUP_PATTERN],
  ["serverName", "orders-db", undefined],
  ["serverName", "Orders-DB", undefined],
  ["serverName", "s".repeat(63), undefined],
  ["serverName", "ab", "must be 3-63 characters"],
  ["serverName", "s".repeat(64), "must be 3-63 characters"],
  ["serverName", "-orders", SERVER_PATTERN],
  ["serverName", "orders-", SERVER_PATTERN],
  ["serverName", "orders_db", SERVER_PATTERN],
  ["serverName", "bad_name", SERVER_PATTERN],
  ["serverName", "orders--db", SERVER_PATTERN],
  ["serverName", "...", SERVER_PATTERN],
  ["backupName", "pre-upgrade-2026-11", undefined],
  ["backupName", "weekly_2026.11", undefined],
  ["backupName", "x_y", undefined],
  ["backupName", "-x", undefined],
  ["backupName", "...", undefined],
  ["backupName", "b".repeat(128), undefined],
  ["backupName", "b".repeat(129), "must be 1-128 characters"],
  ["backupName", "", "must be 1-128 characters"],
  ["backupName", ".", DOTS],
  ["backupName", "..", DOTS],
  ["backupName", "pre upgrade/2026", BACKUP_PATTERN],
  ["backupName", "weekly?x=1", BACKUP_PATTERN],
  ["backupName", "ü", BACKUP_PATTERN],
  ["backupName", "a\nb", BACKUP_PATTERN],
];

describe("name rules (lib/schema/names.schema.json)", () => {
  const ajv = createAjv();

  it.each(table)("%s %j: %s", (parameter, value, problem) => {
    expect(uriParameterProblem(parameter, value)).toBe(problem);
  });

  // The construct checks names without ajv (it runs in every `cdktf synth`); it must still mean
  // exactly what the generated JSON Schema means to the checker and the emulator.
  it.each(table)("%s %j: same verdict as ajv on the generated definition", (parameter, value) => {
    const schemaSays = ajv.validate({ $ref: `urn:cdktf-pg-ltr:schema:names#/$defs/${parameter}` }, value);
    expect(uriParameterProblem(parameter, value) === undefined).toBe(schemaSays);
    if (!schemaSays && typeof value === "string") {
      const [error] = ajv.errors ?? [];
      expect(nameSchemaError(error as { schemaPath: string })).toEqual({
        parameter,
        rule: uriParameterProblem(parameter, value),
      });
    }
  });

  it("counts code points as JSON Schema does", () => {
    expect(uriParameterRule("backupName").maxLength).toBe(128);
    expect(ajv.validate({ type: "string", maxLength: 2 }, "😀😀")).toBe(true);
    expect(uriParameterProblem("serverName", "😀😀😀")).toBe(SERVER_PATTERN);
    expect(uriParameterProblem("serverName", "😀")).toBe("must be 3-63 characters");
  });
});

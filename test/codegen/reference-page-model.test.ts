import { readFileSync } from "node:fs";
import { buildApiModel } from "../../codegen/model/build-api-model";
import type { ApiModel, DefinitionModel, TypeModel } from "../../codegen/model/api-model";
import { resolveDefinition, type DefinitionCandidate } from "../../codegen/model/resolve-definition";
import { readTypeCell } from "../../codegen/page/type-expression";
import { PAGE } from "./run-generator";

const model: ApiModel = buildApiModel(readFileSync(PAGE, "utf8"), "spec/backups-long-term-retention-get.txt");

function definition(name: string): DefinitionModel {
  const found = model.definitions.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no definition ${name}`);
  return found;
}

function typeOf(definitionName: string, property: string): TypeModel | undefined {
  const found = definition(definitionName);
  if (found.kind !== "object") return undefined;
  return found.properties.find((candidate) => candidate.path.join(".") === property)?.type;
}

describe("type column expressions of the reference page", () => {
  it.each([
    ["string (date-time)", { primitive: "string", array: false, format: "date-time", constraints: {} }],
    ["string (arm-id)", { primitive: "string", array: false, format: "arm-id", constraints: {} }],
    ["integer (int64)", { primitive: "integer", array: false, format: "int64", constraints: {} }],
    [
      "number (double) minimum: 0maximum: 100",
      { primitive: "number", array: false, format: "double", constraints: { minimum: 0, maximum: 100 } },
    ],
    [
      "string minLength: 1maxLength: 90",
      { primitive: "string", array: false, constraints: { minLength: 1, maxLength: 90 } },
    ],
    [
      "string minLength: 3maxLength: 63 pattern: ^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*",
      {
        primitive: "string",
        array: false,
        constraints: { minLength: 3, maxLength: 63, pattern: "^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*" },
      },
    ],
    ["string (uuid)", { primitive: "string", array: false, format: "uuid", constraints: {} }],
    ["object", { primitive: "object", array: false, constraints: {} }],
    ["string[]", { primitive: "string", array: true, constraints: {} }],
  ])("reads %s", (cell, expected) => {
    expect(readTypeCell(cell)).toEqual({ kind: "type", type: expected });
  });

  it("tells prose from a type, and a garbled type from both", () => {
    expect(readTypeCell("Service-set extensible enum indicating the status of operation")).toEqual({
      kind: "not-a-type",
    });
    expect(readTypeCell("")).toEqual({ kind: "not-a-type" });
    expect(readTypeCell("string minLen: 3")).toEqual({
      kind: "malformed",
      reason: '"minLen: 3" is not a known constraint',
    });
    expect(readTypeCell("number minimum: low")).toEqual({
      kind: "malformed",
      reason: "minimum has no numeric value",
    });
  });
});

describe("the model read from the reference page", () => {
  it("takes the request, api-version and bodies from the page", () => {
    expect(model.title).toBe("Backups Long Term Retention - Get");
    expect(model.method).toBe("GET");
    expect(model.apiVersion).toBe("2025-08-01");
    expect(model.pathTemplate).toBe(
      "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.DBforPostgreSQL/flexibleServers/{serverName}/ltrBackupOperations/{backupName}",
    );
    expect(model.okBody).toBe("BackupsLongTermRetentionOperation");
    expect(model.errorBody).toBe("ErrorResponse");
  });

  it("maps the page's truncated parameter names to the URL's placeholders", () => {
    expect(
      model.uriParameters.map((parameter) => [parameter.nameOnPage, parameter.name, parameter.in]),
    ).toEqual([
      ["subscription", "subscriptionId", "path"],
      ["resource", "resourceGroupName", "path"],
      ["server", "serverName", "path"],
      ["backup", "backupName", "path"],
      ["api-version", "api-version", "query"],
    ]);
  });

  it("keeps every definition of the page, the enum row the page cut short included", () => {
    expect(model.definitions.map((candidate) => candidate.name)).toEqual([
      "BackupsLongTermRetentionOperation",
      "createdByType",
      "ErrorAdditionalInfo",
      "ErrorDetail",
      "ErrorResponse",
      "ExecutionStatus",
      "systemData",
    ]);
    const createdByType = definition("createdByType");
    expect(createdByType.kind === "enum" && createdByType.values.map((value) => value.value)).toEqual([
      "User",
      "Application",
      "ManagedIdentity",
      "Key",
    ]);
    const systemData = definition("systemData");
    expect(
      systemData.kind === "object" && systemData.properties.map((property) => property.path.join(".")),
    ).toContain("lastModifiedByType");
  });

  it.each([
    // exact description of the definition
    [
      "BackupsLongTermRetentionOperation",
      "properties.status",
      { kind: "definition", name: "ExecutionStatus" },
    ],
    // the definition's own name
    ["BackupsLongTermRetentionOperation", "systemData", { kind: "definition", name: "systemData" }],
    ["systemData", "createdByType", { kind: "definition", name: "createdByType" }],
    // best word overlap
    ["systemData", "lastModifiedByType", { kind: "definition", name: "createdByType" }],
    ["ErrorResponse", "error", { kind: "definition", name: "ErrorDetail" }],
    // word overlap plus the ARM convention that these are arrays
    ["ErrorDetail", "details", { kind: "array", items: { kind: "definition", name: "ErrorDetail" } }],
    [
      "ErrorDetail",
      "additionalInfo",
      { kind: "array", items: { kind: "definition", name: "ErrorAdditionalInfo" } },
    ],
  ])("resolves %s's %s, whose row names no type", (owner, property, expected) => {
    expect(typeOf(owner, property)).toEqual(expected);
  });
});

describe("resolving a row that names its type only in prose", () => {
  const candidates: DefinitionCandidate[] = [
    { name: "ErrorDetail", nameComplete: true, description: "The error detail.", hasTable: true },
    { name: "ErrorResponse", nameComplete: true, description: "Error response", hasTable: true },
  ];

  it("prefers another definition over the row's own on a tie, but not over a clearly better self-match", () => {
    const error = resolveDefinition(
      { owner: "ErrorResponse", propertyName: "error", text: "The error object." },
      candidates,
    );
    expect(error).toMatchObject({ kind: "resolved", rule: "words", candidate: { name: "ErrorDetail" } });
    const details = resolveDefinition(
      { owner: "ErrorDetail", propertyName: "details", text: "The error details." },
      candidates,
    );
    expect(details).toMatchObject({ kind: "resolved", candidate: { name: "ErrorDetail" } });
  });

  it("resolves nothing from a chance word in common, and reports a tie it cannot break", () => {
    // properties.status on a page that lacks ExecutionStatus: only "operation" in common with the operation.
    const withoutExecutionStatus: DefinitionCandidate[] = [
      ...candidates,
      {
        name: "BackupsLongTermRetentionOperation",
        nameComplete: true,
        description: "Response for the LTR backup Operation API call",
        hasTable: true,
      },
    ];
    const status = {
      owner: "BackupsLongTermRetentionOperation",
      propertyName: "status",
      text: "Service-set extensible enum indicating the status of operation",
    };
    expect(resolveDefinition(status, withoutExecutionStatus)).toEqual({ kind: "unresolved" });
    expect(
      resolveDefinition({ text: "The error." }, [
        { name: "ErrorInfo", nameComplete: true, description: "Error info", hasTable: true },
        { name: "ErrorData", nameComplete: true, description: "Error data", hasTable: true },
      ]),
    ).toMatchObject({ kind: "ambiguous" });
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ErrorObject } from "ajv";
import { createAjv, KNOWN_VALUES_KEYWORD } from "../../lib/schema-validation/create-ajv";
import errorResponseSchema from "../../lib/schema/error-response.schema.json";
import operationSchema from "../../lib/schema/ltr-backup-operation.schema.json";
import { CREATED_BY_TYPE_VALUES, EXECUTION_STATUS_VALUES } from "../../lib/schema/ltr-api.generated";

const validate = createAjv().compile(operationSchema);

/** The "Sample response" of the reference page's example, read from the page itself. */
function samplePayloadFromPage(): Record<string, unknown> {
  const lines = readFileSync(
    join(__dirname, "..", "..", "spec", "backups-long-term-retention-get.txt"),
    "utf8",
  ).split(/\r?\n/);
  const start = lines.indexOf("Sample response");
  const end = lines.indexOf("Definitions", start);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return JSON.parse(lines.slice(start + 1, end).join("\n")) as Record<string, unknown>;
}

const sample = samplePayloadFromPage();

function withProperties(properties: Record<string, unknown>, top: Record<string, unknown> = {}): unknown {
  return { ...sample, ...top, properties: { ...(sample.properties as object), ...properties } };
}

function errorsOf(payload: unknown): ErrorObject[] {
  return validate(payload) ? [] : [...(validate.errors ?? [])];
}

/** The knownValues a field's schema lists, following its local `$ref`. */
function knownValuesAt(pointer: string[]): unknown {
  let schema: Record<string, unknown> = operationSchema as Record<string, unknown>;
  for (const key of pointer)
    schema = (schema.properties as Record<string, Record<string, unknown>>)[key] ?? {};
  const reference = schema.$ref as string;
  const name = reference.replace("#/$defs/", "");
  return ((operationSchema as { $defs: Record<string, Record<string, unknown>> }).$defs[name] ?? {})[
    KNOWN_VALUES_KEYWORD
  ];
}

describe("the generated JSON Schemas", () => {
  it("compile with the project's ajv in strict mode", () => {
    expect(() => createAjv().compile(operationSchema)).not.toThrow();
    expect(() => createAjv().compile(errorResponseSchema)).not.toThrow();
    expect(operationSchema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(operationSchema.title).toBe("BackupsLongTermRetentionOperation");
  });

  it("list the documented enum values that the generated types export", () => {
    expect(knownValuesAt(["properties", "status"])).toEqual([...EXECUTION_STATUS_VALUES]);
    expect(knownValuesAt(["systemData"])).toBeUndefined();
    expect(operationSchema.$defs.createdByType.knownValues).toEqual([...CREATED_BY_TYPE_VALUES]);
  });
});

describe("payloads Azure sends validate against ltr-backup-operation.schema.json", () => {
  it("accepts the sample response of the reference page", () => {
    expect(sample).toMatchObject({ properties: { status: "Running" } });
    expect(errorsOf(sample)).toEqual([]);
  });

  it.each<[string, unknown]>([
    [
      "an id that is the server's id rather than the operation's",
      { ...sample, id: (sample.id as string).replace(/\/ltrBackupOperations\/.*$/, "") },
    ],
    [
      "the type spelled .../ltrbackupOperations",
      { ...sample, type: "Microsoft.DBforPostgreSQL/flexibleServers/ltrbackupOperations" },
    ],
    ["Running with an endTime", withProperties({ status: "Running", endTime: "2025-06-01T18:35:22.123Z" })],
    ["Running with percentComplete 100", withProperties({ status: "Running", percentComplete: 100 })],
    ["a status Azure has not documented yet", withProperties({ status: "Queued" })],
    [
      "unknown fields at the top level and in properties",
      withProperties({ retentionDays: 3650 }, { etag: 'W/"1"' }),
    ],
    [
      "systemData with an identity type Azure has not documented yet",
      { ...sample, systemData: { createdAt: "2025-06-01T18:30:22Z", createdByType: "Robot", tenantId: "t" } },
    ],
    [
      "a Succeeded operation with sizes and no optional fields",
      { properties: { status: "Succeeded", datasourceSizeInBytes: 9007199254740991, percentComplete: 99.5 } },
    ],
  ])("accepts %s", (_, payload) => {
    expect(errorsOf(payload)).toEqual([]);
  });

  it("lets code tell a status that is not among the documented values", () => {
    const payload = withProperties({ status: "Queued" }) as { properties: { status: string } };
    expect(validate(payload)).toBe(true);
    const known = knownValuesAt(["properties", "status"]) as string[];
    expect(known.includes(payload.properties.status)).toBe(false);
    expect((EXECUTION_STATUS_VALUES as readonly string[]).includes(payload.properties.status)).toBe(false);
    expect(known.includes("Succeeded")).toBe(true);
  });
});

describe("malformed payloads fail with the JSON pointer of the bad field", () => {
  it.each<[string, unknown, string, string]>([
    [
      "percentComplete 101",
      withProperties({ percentComplete: 101 }),
      "/properties/percentComplete",
      "maximum",
    ],
    ["percentComplete -1", withProperties({ percentComplete: -1 }), "/properties/percentComplete", "minimum"],
    ['startTime "yesterday"', withProperties({ startTime: "yesterday" }), "/properties/startTime", "format"],
    [
      "datasourceSizeInBytes 1.5",
      withProperties({ datasourceSizeInBytes: 1.5 }),
      "/properties/datasourceSizeInBytes",
      "type",
    ],
    [
      'datasourceSizeInBytes "21"',
      withProperties({ datasourceSizeInBytes: "21" }),
      "/properties/datasourceSizeInBytes",
      "type",
    ],
    ["status 7", withProperties({ status: 7 }), "/properties/status", "type"],
    [
      'systemData.createdAt "x"',
      { ...sample, systemData: { createdAt: "x" } },
      "/systemData/createdAt",
      "format",
    ],
    ["id 42", { ...sample, id: 42 }, "/id", "type"],
    ["an id that is no ARM resource id", { ...sample, id: "exampleltrbackup" }, "/id", "format"],
    ["properties that is a string", { ...sample, properties: "Running" }, "/properties", "type"],
    ["a body that is an array", [], "", "type"],
  ])("rejects %s", (_, payload, pointer, keyword) => {
    const errors = errorsOf(payload);
    expect(errors.length).toBeGreaterThan(0);
    expect(new Set(errors.map((error) => error.instancePath))).toEqual(new Set([pointer]));
    expect(errors.map((error) => error.keyword)).toContain(keyword);
  });
});

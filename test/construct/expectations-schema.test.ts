import { PostgresLtrBackups } from "cdktf-pg-ltr";
import { createAjv } from "../../lib/schema-validation/create-ajv";
import schema from "../../lib/schema/expectations.schema.json";
import namesSchema from "../../lib/schema/names.schema.json";
import { flexibleServer, newStack, synthDocument } from "./fixtures";

describe("lib/schema/expectations.schema.json", () => {
  const validate = createAjv().compile(schema);

  function synthesized(): unknown {
    const { app, stack } = newStack();
    new PostgresLtrBackups(stack, "orders-ltr", {
      server: flexibleServer(stack, "orders"),
      backups: [{ name: "pre-upgrade-2026-11", maxAge: "P400D" }, { name: "quarter-end-2026-q3" }],
      latest: { maxAge: "P8D" },
    });
    new PostgresLtrBackups(stack, "billing-ltr", {
      server: { resourceGroupName: "rg-data-prod", serverName: "billing-db" },
      series: [
        { name: "weekly-{yyyy}-{MM}-{dd}", every: "P1W", anchor: "2026-01-04T02:00+01:00", keep: 4 },
        { name: "monthly-{yyyy}-{MM}", every: "P1M", anchor: "2026-01-31T23:30:00.5Z", grace: "P1DT12H" },
      ],
    });
    return synthDocument(app);
  }

  it("compiles in ajv strict mode and validates what synthesis writes", () => {
    const document = synthesized();
    expect(validate(document)).toBe(true);
    expect(validate.errors).toBeNull();
  });

  it("rejects a broken document, naming each bad field", () => {
    const document = structuredClone(synthesized()) as {
      version: number;
      servers: Array<Record<string, unknown> & { series: Array<Record<string, unknown>> }>;
    };
    document.version = 2;
    document.servers[0].subscriptionId = "not-a-uuid";
    document.servers[0].series[0].keep = 0;
    delete document.servers[1].backups;
    expect(validate(document)).toBe(false);
    expect(validate.errors?.map((e) => `${e.instancePath} ${e.message}`).sort()).toEqual(
      [
        "/servers/1 must have required property 'backups'",
        "/servers/0/series/0/keep must be >= 1",
        '/servers/0/subscriptionId must match format "uuid"',
        "/version must be equal to constant",
      ].sort(),
    );
  });

  it("has a description on every property and definition", () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (typeof node !== "object" || node === null) return;
      const record = node as Record<string, unknown>;
      for (const key of ["properties", "$defs"]) {
        const children = record[key] as Record<string, Record<string, unknown>> | undefined;
        for (const [name, child] of Object.entries(children ?? {})) {
          if (typeof child.description !== "string") missing.push(`${path}/${key}/${name}`);
          walk(child, `${path}/${key}/${name}`);
        }
      }
    };
    walk(schema, "#");
    expect(missing).toEqual([]);
  });

  it("holds names to the generated rules of lib/schema/names.schema.json, by reference", () => {
    const server = schema.$defs.serverExpectations.properties;
    expect(server.serverName.$ref).toBe("urn:cdktf-pg-ltr:schema:names#/$defs/serverName");
    expect(server.resourceGroupName.$ref).toBe("urn:cdktf-pg-ltr:schema:names#/$defs/resourceGroupName");
    expect(server.subscriptionId.format).toBe(namesSchema.$defs.subscriptionId.format);
    expect(schema.$defs.backupName.$ref).toBe("urn:cdktf-pg-ltr:schema:names#/$defs/backupName");
    expect(JSON.stringify(schema)).not.toContain('"pattern": "^[a-zA-Z0-9]');
  });

  it.each([
    ["serverName", "orders_db", "/servers/0/serverName", "pattern"],
    ["serverName", "orders-db-", "/servers/0/serverName", "pattern"],
    ["resourceGroupName", "..", "/servers/0/resourceGroupName", "not"],
    ["resourceGroupName", "rg.", "/servers/0/resourceGroupName", "not"],
    ["resourceGroupName", "rg with space", "/servers/0/resourceGroupName", "pattern"],
  ])("refuses %s %j as a whole name (%s, %s)", (field, value, pointer, keyword) => {
    const document = structuredClone(synthesized()) as { servers: Array<Record<string, unknown>> };
    document.servers[0][field] = value;
    expect(validate(document)).toBe(false);
    expect(validate.errors?.map((e) => [e.instancePath, e.keyword])).toEqual([[pointer, keyword]]);
  });
});

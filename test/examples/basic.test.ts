import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../../examples/basic/main";
import { EXPECTATIONS_FILE_NAME, ExpectationsDocument } from "cdktf-pg-ltr";

describe("examples/basic", () => {
  let outdir: string;
  let manifest: { stacks: Record<string, { workingDirectory: string; annotations: { level: string }[] }> };
  let document: ExpectationsDocument;

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), "pg-ltr-example-"));
    buildApp(outdir).synth();
    manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    const stack = manifest.stacks["data-platform"];
    document = JSON.parse(readFileSync(join(outdir, stack.workingDirectory, EXPECTATIONS_FILE_NAME), "utf8"));
  });

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("synthesizes one stack with no error annotations (the scratch server is exempt)", () => {
    expect(Object.keys(manifest.stacks)).toEqual(["data-platform"]);
    expect(manifest.stacks["data-platform"].annotations.filter((a) => a.level === "@cdktf/error")).toEqual(
      [],
    );
  });

  it("writes the four declared servers, resource groups resolved from the reference, with their Terraform addresses", () => {
    expect(document.stack).toBe("data-platform");
    expect(
      document.servers.map((s) => [
        s.serverName,
        s.resourceGroupName,
        s.subscriptionId,
        s.address,
        s.constructPaths,
      ]),
    ).toEqual([
      [
        "analytics-db",
        "rg-data-prod",
        "3f2b8c1e-6d4a-4b7e-9c2d-8a1f5e7b9c30",
        "azurerm_postgresql_flexible_server.analytics",
        ["data-platform/analytics-ltr", "prod-ltr"],
      ],
      [
        "billing-db",
        "rg-data-prod",
        "3f2b8c1e-6d4a-4b7e-9c2d-8a1f5e7b9c30",
        "azurerm_postgresql_flexible_server.billing",
        ["data-platform/billing-ltr", "prod-ltr"],
      ],
      [
        "orders-db",
        "rg-data-prod",
        "3f2b8c1e-6d4a-4b7e-9c2d-8a1f5e7b9c30",
        "azurerm_postgresql_flexible_server.orders",
        ["data-platform/orders-ltr", "prod-ltr"],
      ],
      [
        "reports-db",
        "rg-data-prod",
        "3f2b8c1e-6d4a-4b7e-9c2d-8a1f5e7b9c30",
        "azurerm_postgresql_flexible_server.reports",
        ["data-platform/pg-ltr-azure-backup"],
      ],
    ]);
  });

  it("writes each server's expectations as declared", () => {
    const lines = readFileSync(join(__dirname, "../../examples/basic/main.ts"), "utf8").split("\n");
    const lineOf = (text: string): number => lines.findIndex((line) => line.includes(text)) + 1;
    const byName = Object.fromEntries(document.servers.map((s) => [s.serverName, s]));
    expect(byName["orders-db"].backups.map((b) => [b.name, b.maxAge])).toEqual([
      ["pre-upgrade-2026-11", "P400D"],
      ["quarter-end-2026-q3", null],
    ]);
    expect(byName["billing-db"].series).toEqual([
      {
        name: "weekly-{yyyy}-{MM}-{dd}",
        every: "P7D",
        anchor: "2001-01-07T02:00:00Z",
        keep: 4,
        grace: "PT6H",
        constructPath: "data-platform/billing-ltr",
        declaredAt: { file: "main.ts", line: lineOf('"billing-ltr"'), column: 3 },
      },
    ]);
    expect(byName["analytics-db"].backups.map((b) => [b.name, b.maxAge])).toEqual([
      ["migration-baseline", "P30D"],
    ]);
    // latest comes from the policy for every production server, but from its vault policy for the
    // one protected by Azure Backup: a week plus the grace
    for (const server of document.servers) {
      expect(server.latest).toMatchObject(
        server.serverName === "reports-db"
          ? { maxAge: "P7DT6H", constructPath: "data-platform/pg-ltr-azure-backup" }
          : { maxAge: "P8D", constructPath: "prod-ltr" },
      );
      expect(server.expressions).toEqual({ resourceGroupName: "${azurerm_resource_group.rg.name}" });
    }
    expect(byName["reports-db"].scheduled).toEqual([
      {
        policyAddress: "azurerm_data_protection_backup_policy_postgresql_flexible_server.weekly",
        policyName: "weekly-policy",
        instanceAddress:
          "azurerm_data_protection_backup_instance_postgresql_flexible_server.reports-protection",
        repeatingIntervals: ["R/2026-01-04T02:00:00/P1W"],
        timeZone: "W. Europe Standard Time",
        ianaTimeZone: "Europe/Berlin",
        runs: 4,
        grace: "PT6H",
        constructPath: "data-platform/pg-ltr-azure-backup",
        declaredAt: { file: "main.ts", line: lineOf("PostgresLtrBackups.fromAzureBackup("), column: 22 },
      },
    ]);
    expect(document.servers.map((s) => s.serverName)).not.toContain("scratch-db");
  });

  it("records where in main.ts (relative to the folder of cdktf.json) each declaration and the exemption were made", () => {
    const lines = readFileSync(join(__dirname, "../../examples/basic/main.ts"), "utf8").split("\n");
    const lineOf = (text: string): number => lines.findIndex((line) => line.includes(text)) + 1;
    expect(
      document.servers.map((s) => [s.serverName, s.latest?.declaredAt?.file, s.latest?.declaredAt?.line]),
    ).toEqual([
      // latest comes from the policy, so it was declared where the policy was
      ["analytics-db", "main.ts", lineOf('"prod-ltr"')],
      ["billing-db", "main.ts", lineOf('"prod-ltr"')],
      ["orders-db", "main.ts", lineOf('"prod-ltr"')],
      ["reports-db", "main.ts", lineOf("PostgresLtrBackups.fromAzureBackup(")],
    ]);
    expect(
      document.servers.map((s) => [
        s.serverName,
        s.backups[0]?.declaredAt?.line ?? s.series[0]?.declaredAt?.line,
      ]),
    ).toEqual([
      ["analytics-db", lineOf('"analytics-ltr"')],
      ["billing-db", lineOf('"billing-ltr"')],
      ["orders-db", lineOf('"orders-ltr"')],
      ["reports-db", undefined],
    ]);
    expect(document.exemptions).toEqual([
      {
        constructPath: "data-platform/scratch",
        address: "azurerm_postgresql_flexible_server.scratch",
        resourceGroupName: "rg-data-prod",
        serverName: "scratch-db",
        reason: "Throwaway server for load tests, recreated every week",
        expires: "2027-03-31",
        exemptedScope: "data-platform/scratch",
        declaredAt: {
          file: "main.ts",
          line: lineOf("RequireLtrBackups.exempt("),
          column: expect.any(Number),
        },
      },
    ]);
  });
});

import { join } from "node:path";
import { Aspects } from "cdktf";
import { XMLParser } from "fast-xml-parser";
import {
  accessTokenCredential,
  checkLtrBackups,
  exitCodeFor,
  PostgresLtrBackups,
  renderPlan,
  RequireLtrBackups,
  type CheckOptions,
  type CheckResult,
} from "cdktf-pg-ltr";
import type { EmulatorState } from "cdktf-pg-ltr/emulator";
import { buildApp } from "../../examples/basic/main";
import { createAjv } from "../../lib/schema-validation/create-ajv";
import planReportSchema from "../../lib/schema/plan-report.schema.json";
import { startCheckedEmulator, type CheckedEmulator } from "./support/checked-emulator";
import { dailyBackups, failed, running, succeeded, withStatus } from "./support/ltr-operations";
import { azureStack, flexibleServer, synthesize, synthesizeApp } from "./support/synthesize";

/**
 * The whole chain through the package root, as a platform team would wire it: an app declared with the
 * real constructs, `app.synth()` into cdktf.out, `checkLtrBackups` against the ARM emulator over HTTPS
 * on 127.0.0.1, and `renderPlan` in every format. One app and one emulator state produce every verdict.
 */

const NOW = "2026-11-27T12:00:00Z";
const SUBSCRIPTION = "3f2b8c1e-6d4a-4b7e-9c2d-8a1f5e7b9c30";
const DENIED_SUBSCRIPTION = "9a0e4f2c-1b3d-4e5f-8a7b-6c5d4e3f2a1b";
const RG = "rg-data-prod";
const TOKEN = "e2e-verdicts-token";

const STATE: EmulatorState = {
  accessTokens: [TOKEN],
  subscriptions: {
    [SUBSCRIPTION]: {
      resourceGroups: {
        [RG]: {
          servers: {
            "orders-db": {
              ltrBackupOperations: [
                failed(
                  "quarter-end-2026-q3",
                  "2026-10-01T01:12:44Z",
                  "LtrBackupTargetUnreachable",
                  "The SAS URI of the target storage container expired before the backup finished.",
                ),
                succeeded("monthly-2026-09", "2026-09-01T02:10:00Z"),
                succeeded("pre-upgrade-2026-11", "2026-11-20T01:25:00Z"),
                running("nightly-import", "2026-11-27T10:00:00Z", 45),
                withStatus("restore-drill", "Queued", "2026-11-27T11:00:00Z"),
              ],
            },
            "billing-db": {
              ltrBackupOperations: [
                succeeded("weekly-2026-11-15", "2026-11-15T02:41:00Z"),
                succeeded("weekly-2026-11-22", "2026-11-22T02:44:00Z"),
              ],
            },
            "analytics-db": {
              ltrBackupOperations: [
                { ...succeeded("schema-v2", "2026-11-10T23:05:00Z"), percentComplete: 150 },
              ],
            },
            // 27 backups, 5 to a page: the newest is the last one on the sixth page.
            "archive-db": { ltrBackupOperations: dailyBackups("2026-10-31", "2026-11-26") },
            "scratch-db": { ltrBackupOperations: [] },
          },
        },
      },
    },
    [DENIED_SUBSCRIPTION]: {
      denied: true,
      resourceGroups: { "rg-finance": { servers: { "ledger-db": { ltrBackupOperations: [] } } } },
    },
  },
};

let checked: CheckedEmulator;
const requestLog: string[] = [];
let result: CheckResult;

/** Options every check here shares: the synthesized app, the emulator and its CA, a fixed instant. */
function checkOptions(extra: Partial<CheckOptions> = {}): CheckOptions {
  return checked.checkOptions({ retryDelay: 10, ...extra });
}

beforeAll(async () => {
  const app = synthesize((scope) => {
    const data = azureStack(scope, "data-platform", SUBSCRIPTION);
    new PostgresLtrBackups(data, "orders-ltr", {
      server: flexibleServer(data, "orders", "orders-db", RG),
      backups: [
        { name: "pre-upgrade-2026-11", maxAge: "P400D" },
        { name: "quarter-end-2026-q3" },
        { name: "migration-2026-10" },
        { name: "monthly-2026-09", maxAge: "P32D" },
        { name: "nightly-import" },
        { name: "restore-drill" },
      ],
      latest: { maxAge: "P8D" },
    });
    new PostgresLtrBackups(data, "billing-ltr", {
      server: flexibleServer(data, "billing", "billing-db", RG),
      series: [{ name: "weekly-{yyyy}-{MM}-{dd}", every: "P7D", anchor: "2026-01-04T02:00:00Z", keep: 3 }],
    });
    new PostgresLtrBackups(data, "analytics-ltr", {
      server: flexibleServer(data, "analytics", "analytics-db", RG),
      backups: [{ name: "schema-v2" }],
    });
    new PostgresLtrBackups(data, "archive-ltr", {
      server: flexibleServer(data, "archive", "archive-db", RG),
      latest: { maxAge: "P2D" },
    });
    // A server this app does not manage, named by coordinates; it was deleted outside Terraform.
    new PostgresLtrBackups(data, "ghost-ltr", {
      server: { resourceGroupName: RG, serverName: "ghost-db" },
      backups: [{ name: "pre-decommission" }],
    });
    RequireLtrBackups.exempt(flexibleServer(data, "scratch", "scratch-db", RG), {
      reason: "Throwaway server for load tests, recreated every week",
      expires: "2027-03-31",
    });

    const legacy = azureStack(scope, "legacy", SUBSCRIPTION);
    // Named by coordinates too: a resource of the stack that ARM does not know would be pending.
    new PostgresLtrBackups(legacy, "legacy-ltr", {
      server: { resourceGroupName: "rg-legacy", serverName: "legacy-db" },
      backups: [{ name: "final-2026" }],
    });

    const finance = azureStack(scope, "finance", DENIED_SUBSCRIPTION);
    new PostgresLtrBackups(finance, "ledger-ltr", {
      server: flexibleServer(finance, "ledger", "ledger-db", "rg-finance"),
      latest: { maxAge: "P8D" },
    });

    Aspects.of(scope).add(new RequireLtrBackups({ now: NOW }));
  });
  checked = await startCheckedEmulator(app, {
    now: NOW,
    token: TOKEN,
    state: STATE,
    pageSize: 5,
    // Strict, so that a revoked token is refused as ARM refuses it.
    strictAuth: true,
    onRequest: (entry) => requestLog.push(`${entry.method} ${entry.path} ${entry.outcome}`),
  });
  result = await checkLtrBackups(checkOptions());
});

afterAll(() => checked?.close());

describe("pg-ltr check end to end: a synthesized app against the emulator", () => {
  it("gives every declared expectation its verdict, ordered by stack, server and backup name", () => {
    expect(
      result.findings.map((f) => [`${f.stack}/${f.serverName}/${f.backupName ?? "(latest)"}`, f.verdict]),
    ).toEqual([
      ["data-platform/analytics-db/schema-v2", "invalid"],
      ["data-platform/archive-db/daily-2026-11-26", "compliant"],
      ["data-platform/billing-db/weekly-2026-11-22", "compliant"],
      ["data-platform/billing-db/weekly-2026-11-15", "compliant"],
      ["data-platform/billing-db/weekly-2026-11-08", "missing"],
      ["data-platform/ghost-db/pre-decommission", "error"],
      ["data-platform/orders-db/migration-2026-10", "missing"],
      ["data-platform/orders-db/monthly-2026-09", "stale"],
      ["data-platform/orders-db/nightly-import", "running"],
      ["data-platform/orders-db/pre-upgrade-2026-11", "compliant"],
      ["data-platform/orders-db/quarter-end-2026-q3", "failed"],
      ["data-platform/orders-db/restore-drill", "unknown"],
      // The server's latest expectation comes last, named after the newest succeeded backup.
      ["data-platform/orders-db/pre-upgrade-2026-11", "compliant"],
      ["finance/ledger-db/(latest)", "error"],
      ["legacy/legacy-db/final-2026", "error"],
    ]);
    expect(result.summary).toEqual({
      compliant: 5,
      missing: 2,
      stale: 1,
      failed: 1,
      invalid: 1,
      unknown: 1,
      running: 1,
      pending: 0,
      error: 3,
    });
    expect(result.checkedAt).toBe(NOW);
    // Something could not be checked, so the gate fails whatever --soft-fail says.
    expect(exitCodeFor(result)).toBe(1);
    expect(exitCodeFor(result, true)).toBe(1);
  });

  it("ties each finding to the construct, Terraform address and subscription that synthesis recorded", () => {
    const origins = new Set(
      result.findings.map((f) => `${f.constructPath} ${f.address ?? "(no resource)"} ${f.subscriptionId}`),
    );
    expect([...origins]).toEqual([
      `data-platform/analytics-ltr azurerm_postgresql_flexible_server.analytics ${SUBSCRIPTION}`,
      `data-platform/archive-ltr azurerm_postgresql_flexible_server.archive ${SUBSCRIPTION}`,
      `data-platform/billing-ltr azurerm_postgresql_flexible_server.billing ${SUBSCRIPTION}`,
      `data-platform/ghost-ltr (no resource) ${SUBSCRIPTION}`,
      `data-platform/orders-ltr azurerm_postgresql_flexible_server.orders ${SUBSCRIPTION}`,
      `finance/ledger-ltr azurerm_postgresql_flexible_server.ledger ${DENIED_SUBSCRIPTION}`,
      `legacy/legacy-ltr (no resource) ${SUBSCRIPTION}`,
    ]);
    // The exempt scratch server declares nothing, so nothing is checked for it.
    expect(result.findings.some((f) => f.serverName === "scratch-db")).toBe(false);
  });

  it("explains each drift with what Azure reported", () => {
    const reason = (label: string): string | undefined =>
      result.findings.find((f) => `${f.serverName}/${f.backupName ?? "(latest)"}` === label)?.reason;
    expect(reason("orders-db/quarter-end-2026-q3")).toBe(
      "failed at 2026-10-01T01:12:44Z: LtrBackupTargetUnreachable: The SAS URI of the target storage container expired before the backup finished.",
    );
    expect(reason("orders-db/migration-2026-10")).toBe(
      "server orders-db has no LTR backup operation named migration-2026-10",
    );
    expect(reason("orders-db/monthly-2026-09")).toBe(
      "ended 2026-09-01T02:10:00Z, older than P32D (cut-off 2026-10-26T12:00:00Z)",
    );
    expect(reason("orders-db/nightly-import")).toBe("Running since 2026-11-27T10:00:00Z (45% complete)");
    expect(reason("orders-db/restore-drill")).toMatch(/^status "Queued" is not one Azure documents/);
    expect(reason("analytics-db/schema-v2")).toBe(
      "the answer for schema-v2 does not match the LTR backup schema (/properties/percentComplete must be <= 100)",
    );
    expect(reason("billing-db/weekly-2026-11-08")).toBe(
      "weekly-2026-11-08 (scheduled 2026-11-08T02:00:00Z, one of the last 3 of series weekly-{yyyy}-{MM}-{dd}) does not exist",
    );
  });

  it("tells a deleted server, a deleted resource group and a denied subscription apart from a missing backup", () => {
    const errors = result.findings.filter((f) => f.verdict === "error");
    expect(errors.map((f) => [f.serverName, f.http?.status, f.http?.code])).toEqual([
      ["ghost-db", 404, "ResourceNotFound"],
      ["ledger-db", 403, "AuthorizationFailed"],
      ["legacy-db", 404, "ResourceGroupNotFound"],
    ]);
    const [ghost, ledger, legacy] = errors.map((f) => f.reason);
    expect(ghost).toMatch(
      /^server ghost-db was not found in resource group rg-data-prod \(404 ResourceNotFound: .*\): check serverName in the stack, or whether the server was deleted$/,
    );
    expect(ledger).toMatch(
      /^the signed-in principal may not read server ledger-db \(403 AuthorizationFailed: .*\): grant it the Reader role on the server or its resource group rg-finance$/,
    );
    expect(legacy).toMatch(
      new RegExp(
        `^resource group rg-legacy was not found in subscription ${SUBSCRIPTION} \\(404 ResourceGroupNotFound: .*\\): ` +
          "check resourceGroupName in the stack, or whether the group was deleted$",
      ),
    );
    for (const finding of errors) expect(finding.http?.requestId).toMatch(/\S/);
  });

  it("reads a server's listing to its last page to find the newest backup", () => {
    const archive = result.findings.find((f) => f.serverName === "archive-db");
    expect(archive).toMatchObject({
      verdict: "compliant",
      backupName: "daily-2026-11-26",
      reason:
        "the newest succeeded backup daily-2026-11-26 ended 2026-11-26T01:30:00Z, within P2D (cut-off 2026-11-25T12:00:00Z)",
    });
    const pages = requestLog.filter((line) =>
      line.includes("/flexibleServers/archive-db/ltrBackupOperations?"),
    );
    expect(pages).toHaveLength(6);
    expect(pages.every((line) => line.startsWith("GET ") && line.endsWith(" 200"))).toBe(true);
  });

  it("renders the result as a plan, a JSON report valid against its schema, JUnit and Markdown", () => {
    const text = renderPlan(result, "text");
    for (const line of [
      "  # data-platform/billing-db/weekly-2026-11-08 is missing\n",
      "  # data-platform/orders-db/monthly-2026-09 is stale\n",
      "  # data-platform/orders-db/quarter-end-2026-q3 has failed\n",
      "  # data-platform/analytics-db/schema-v2 is invalid\n",
      "  # data-platform/orders-db/restore-drill has an unknown status\n",
      "  # data-platform/orders-db/nightly-import is still running\n",
    ]) {
      expect(text).toContain(line);
    }
    expect(text).toContain(
      "Plan: 2 missing, 1 stale, 1 failed, 1 invalid, 1 unknown. 5 compliant, 1 running, 3 could not be checked, 1 exempt.\n",
    );
    expect(text).toContain("│ Error: Server ghost-db was not found in resource group rg-data-prod");
    expect(text).toContain("│ Affected LTR backup: legacy/legacy-db/final-2026, declared at ");

    const report = JSON.parse(renderPlan(result, "json")) as {
      summary: unknown;
      backups: unknown[];
      exempt: unknown[];
    };
    const validate = createAjv().compile(planReportSchema);
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.summary).toEqual(result.summary);
    expect(report.backups).toHaveLength(15);
    // The exempt scratch server, with its reason and expiry.
    expect(report.exempt).toEqual([
      expect.objectContaining({
        subject: "scratch-db",
        reason: "Throwaway server for load tests, recreated every week",
        expires: "2027-03-31",
        standing: "active",
      }),
    ]);

    const junit = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => name === "testsuite" || name === "testcase",
    }).parse(renderPlan(result, "junit")) as {
      testsuites: {
        "@_tests": string;
        "@_failures": string;
        "@_errors": string;
        "@_skipped": string;
        testsuite: { "@_name": string; testcase: { failure?: unknown; error?: unknown }[] }[];
      };
    };
    // 15 expectations and the exempt server, a skipped test case.
    expect(junit.testsuites).toMatchObject({
      "@_tests": "16",
      "@_failures": "6",
      "@_errors": "3",
      "@_skipped": "1",
    });
    expect(junit.testsuites.testsuite.map((s) => [s["@_name"], s.testcase.length])).toEqual([
      ["data-platform", 14],
      ["finance", 1],
      ["legacy", 1],
    ]);

    const markdown = renderPlan(result, "markdown");
    expect(markdown.split("\n")[0]).toMatch(/^## .*LTR backups/);
    expect(markdown).toContain("`orders-db/quarter-end-2026-q3`");
    expect(markdown).toContain("`ghost-db/pre-decommission`");
    expect(markdown).toContain(
      "\n| `scratch-db` | `data-platform` | Throwaway server for load tests, recreated every week | until 2027-03-31 | `",
    );
  });

  it("reports a token ARM refuses as an error on every backup, not as drift", async () => {
    const refused = await checkLtrBackups(
      checkOptions({
        stacks: ["legacy", "data-platform"],
        credential: accessTokenCredential("revoked-token"),
      }),
    );
    expect(refused.findings).toHaveLength(14);
    expect(refused.summary.error).toBe(14);
    for (const finding of refused.findings) {
      expect(finding.http?.status).toBe(401);
      expect(finding.reason).toMatch(
        /^ARM refused the credentials \(401 InvalidAuthenticationToken: .*\): sign in again \(`az login`\) or renew PG_LTR_ACCESS_TOKEN$/,
      );
    }
    expect(exitCodeFor(refused)).toBe(1);
  });
});

describe("pg-ltr check end to end: the example app against the demo state", () => {
  it("finds exactly the drift the demo promises, from examples/basic and examples/basic/emulator-state.json", async () => {
    const demo = await startCheckedEmulator(synthesizeApp(buildApp), {
      now: NOW,
      token: "demo-emulator-token",
      state: join(__dirname, "../../examples/basic/emulator-state.json"),
    });
    try {
      const demoResult = await checkLtrBackups(demo.checkOptions());
      expect(demoResult.summary).toEqual({
        compliant: 7,
        missing: 2,
        stale: 1,
        failed: 1,
        invalid: 2,
        unknown: 1,
        running: 1,
        pending: 0,
        error: 0,
      });
      expect(
        demoResult.findings.filter((f) => f.verdict !== "compliant").map((f) => f.constructPath),
      ).toEqual([
        "data-platform/analytics-ltr",
        // the latest expectations come from the example's LtrBackupPolicy
        "prod-ltr",
        "data-platform/billing-ltr",
        "data-platform/billing-ltr",
        "prod-ltr",
        "data-platform/orders-ltr",
        "data-platform/orders-ltr",
        // the skipped weekly run of the vault policy protecting reports-db, found by time
        "data-platform/pg-ltr-azure-backup",
      ]);
      expect(
        demoResult.findings.find((f) => f.verdict === "missing" && f.serverName === "reports-db")?.subject,
      ).toBe("reports-db/(scheduled 2026-11-08T01:00:00Z)");
      expect(demoResult.findings.some((f) => f.serverName === "scratch-db")).toBe(false);
      expect(exitCodeFor(demoResult)).toBe(2);
      expect(exitCodeFor(demoResult, true)).toBe(0);
    } finally {
      await demo.close();
    }
  });
});

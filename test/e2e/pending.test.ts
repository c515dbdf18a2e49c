import { XMLParser } from "fast-xml-parser";
import {
  accessTokenCredential,
  checkLtrBackups,
  exitCodeFor,
  PostgresLtrBackups,
  renderPlan,
  type CheckOptions,
  type CheckResult,
} from "cdktf-pg-ltr";
import { createAjv } from "../../lib/schema-validation/create-ajv";
import planReportSchema from "../../lib/schema/plan-report.schema.json";
import { startCheckedEmulator, type CheckedEmulator } from "./support/checked-emulator";
import { resourceGroupState } from "./support/emulator-states";
import { succeeded } from "./support/ltr-operations";
import { azureStack, flexibleServer, synthesize } from "./support/synthesize";

/**
 * A pull request that adds servers must pass the gate: a server resource of the stack that ARM does
 * not know yet is `pending` (this deploy creates it), a server too new for its first backup is
 * `pending` with the due date; neither is drift. End to end against the emulator over HTTPS.
 */

const NOW = "2026-11-27T12:00:00Z";
const SUBSCRIPTION = "6c2d8e3f-4a5b-4c6d-9e7f-8091a2b3c4d5";
const RG = "rg-pr";
const TOKEN = "pending-token";

const STATE = resourceGroupState(TOKEN, SUBSCRIPTION, RG, {
  "orders-db": { ltrBackupOperations: [succeeded("daily-2026-11-26", "2026-11-26T02:30:00Z")] },
  // Created two days ago, no backup yet: its first is due 8 days after creation.
  "fresh-db": { createdAt: "2026-11-25T10:00:00Z", ltrBackupOperations: [] },
  // Old (the default creation time) and never backed up: neglected, stale.
  "neglected-db": { ltrBackupOperations: [] },
});

let checked: CheckedEmulator;

function options(extra: Partial<CheckOptions> = {}): CheckOptions {
  return checked.checkOptions({ credential: accessTokenCredential(TOKEN), env: {}, ...extra });
}

const verdicts = (result: CheckResult) => result.findings.map((f) => [f.serverName, f.verdict]);

beforeAll(async () => {
  const app = synthesize((scope) => {
    const data = azureStack(scope, "data-platform", SUBSCRIPTION);
    for (const [id, name] of [
      ["orders", "orders-db"],
      ["fresh", "fresh-db"],
      ["neglected", "neglected-db"],
      ["reporting", "reporting-db"], // added by this pull request: not in Azure yet
    ]) {
      new PostgresLtrBackups(data, `${id}-ltr`, {
        server: flexibleServer(data, id, name as string, RG),
        latest: { maxAge: "P8D" },
      });
    }
    new PostgresLtrBackups(data, "reporting-named-ltr", {
      server: flexibleServer(data, "reporting2", "reporting2-db", "rg-new"),
      backups: [{ name: "before-go-live" }],
    });
  });
  checked = await startCheckedEmulator(app, { now: NOW, token: TOKEN, state: STATE });
});

afterAll(() => checked?.close());

describe("pending", () => {
  let result: CheckResult;
  beforeAll(async () => {
    result = await checkLtrBackups(options());
  });

  it("is what servers this deploy creates and servers too new for a backup get; the gate passes", () => {
    // Ordered by resource group, then server: rg-new before rg-pr.
    expect(verdicts(result)).toEqual([
      ["reporting2-db", "pending"],
      ["fresh-db", "pending"],
      ["neglected-db", "stale"],
      ["orders-db", "compliant"],
      ["reporting-db", "pending"],
    ]);
    const byServer = (name: string) => result.findings.find((f) => f.serverName === name);
    expect(byServer("reporting-db")?.reason).toBe(
      "server reporting-db does not exist yet (404 ResourceNotFound): " +
        "azurerm_postgresql_flexible_server.reporting will be created by this deploy; backups are expected once it exists",
    );
    expect(byServer("reporting2-db")?.reason).toMatch(
      /^resource group rg-new of server reporting2-db does not exist yet \(404 ResourceGroupNotFound\): azurerm_postgresql_flexible_server\.reporting2 will be created/,
    );
    expect(byServer("fresh-db")?.firstBackupDue).toBe("2026-12-03T10:00:00Z");
    expect(byServer("fresh-db")?.reason).toBe(
      "server fresh-db was created 2026-11-25T10:00:00Z and has no succeeded LTR backup yet: first backup due by 2026-12-03T10:00:00Z",
    );
    expect(result.summary).toMatchObject({ pending: 3, stale: 1, compliant: 1, error: 0 });
    // Stale neglected-db is drift; without it the gate passes with pending findings.
    expect(exitCodeFor(result)).toBe(2);
  });

  it("asks for the server resource only of servers without any succeeded backup", async () => {
    // One listing per server (4 listings, 1 GET for the named backup and its listing probe) plus
    // the server resource of fresh-db and neglected-db, the two without a succeeded backup.
    expect(result.stats.requests).toBe(4 + 2 + 2);
    const only = await checkLtrBackups(options({ servers: ["orders-db"] }));
    expect(only.stats.requests).toBe(1);
    const fresh = await checkLtrBackups(options({ servers: ["fresh-db"] }));
    expect(fresh.stats.requests).toBe(2);
    expect(verdicts(fresh)).toEqual([["fresh-db", "pending"]]);
    expect(exitCodeFor(fresh)).toBe(0);
  });

  it("reads as Terraform's 'will be created' in the text plan, and is counted by every format", () => {
    const text = renderPlan(result, "text", { color: false });
    expect(text).toContain("# data-platform/reporting-db/(latest) will be created");
    expect(text).toContain('  + ltr_backup "reporting-db/(latest)" {');
    expect(text).toContain("# data-platform/fresh-db/(latest) is waiting for its first backup");
    expect(text).toContain("+ end_time = (by 2026-12-03T10:00:00Z)");
    // The legend names the drift symbols only; pending backups follow the drift under a heading that
    // says what they are, so their "+" is not read as a missing backup.
    expect(text).toContain(
      "\n\nThese LTR backups are pending until their server exists or is due its first backup, which is not drift:\n\n",
    );
    expect(text.indexOf("which is not drift:")).toBeGreaterThan(text.indexOf(" is stale\n"));
    expect(text.indexOf("will be created")).toBeGreaterThan(text.indexOf("which is not drift:"));
    expect(text).toContain(
      "Plan: 0 missing, 1 stale, 0 failed, 0 invalid, 0 unknown. 1 compliant, 0 running, 3 pending.",
    );

    const json = JSON.parse(renderPlan(result, "json")) as {
      summary: Record<string, number>;
      backups: { serverName: string; verdict: string; firstBackupDue?: string }[];
    };
    const validate = createAjv().compile(planReportSchema);
    expect(validate(json)).toBe(true);
    expect(json.summary.pending).toBe(3);
    expect(json.backups.find((b) => b.serverName === "fresh-db")?.firstBackupDue).toBe(
      "2026-12-03T10:00:00Z",
    );

    const junit = new XMLParser({ ignoreAttributes: false }).parse(renderPlan(result, "junit")) as {
      testsuites: { "@_skipped": string; testsuite: { testcase: { "@_name": string; skipped?: unknown }[] } };
    };
    const suite = junit.testsuites.testsuite;
    expect(suite.testcase.filter((c) => c.skipped !== undefined).map((c) => c["@_name"])).toEqual([
      "reporting2-db/before-go-live",
      "fresh-db/(latest)",
      "reporting-db/(latest)",
    ]);
    expect(junit.testsuites["@_skipped"]).toBe("3");

    const markdown = renderPlan(result, "markdown");
    expect(markdown).toContain("1 compliant, 0 running, 3 pending.");
    expect(markdown).toMatch(/\| 🆕 pending \| `reporting-db\/\(latest\)` \|/);
  });

  it("lets a pull request that only adds servers pass: exit 0 and 'No drift'", async () => {
    const added = await checkLtrBackups(options({ servers: ["reporting-db", "reporting2-db", "orders-db"] }));
    expect(exitCodeFor(added)).toBe(0);
    const text = renderPlan(added, "text", { color: false });
    expect(text).toMatch(/^No drift\. The LTR backups that can exist match the configuration\./);
    expect(text).toContain(
      "These LTR backups are pending until their server exists or is due its first backup",
    );
    expect(renderPlan(added, "markdown")).toMatch(/^## ✅ LTR backups: no drift, 2 pending/);
  });

  it("is an error with --require-existing, for runs after the deploy", async () => {
    const after = await checkLtrBackups(
      options({ servers: ["reporting-db", "fresh-db"], requireExisting: true }),
    );
    expect(verdicts(after)).toEqual([
      ["fresh-db", "pending"],
      ["reporting-db", "error"],
    ]);
    expect(after.findings[1]?.reason).toMatch(/--require-existing expects every server to exist/);
    expect(exitCodeFor(after)).toBe(1);
  });
});

import { TerraformStack } from "cdktf";
import {
  accessTokenCredential,
  checkLtrBackups,
  exitCodeFor,
  PostgresLtrBackups,
  renderPlan,
  type CheckOptions,
} from "cdktf-pg-ltr";
import { httpsRequest } from "../emulator/support/https-request";
import { startCheckedEmulator, type CheckedEmulator } from "./support/checked-emulator";
import { resourceGroupState } from "./support/emulator-states";
import { succeeded } from "./support/ltr-operations";
import { azureStack, flexibleServer, synthesize } from "./support/synthesize";

/**
 * What a pre-deploy gate meets in a team's first week, end to end against the emulator over HTTPS:
 * a stack whose subscription cannot be told, and checks limited to some servers.
 */

const NOW = "2026-11-27T12:00:00Z";
const SUBSCRIPTION = "5b1c7d2e-3f4a-4b5c-8d6e-7f8091a2b3c4";
const RG = "rg-gate";
const TOKEN = "gate-token";

const STATE = resourceGroupState(TOKEN, SUBSCRIPTION, RG, {
  "orders-db": { ltrBackupOperations: [succeeded("daily-2026-11-26", "2026-11-26T02:30:00Z")] },
  "billing-db": { ltrBackupOperations: [succeeded("daily-2026-11-26", "2026-11-26T02:40:00Z")] },
});

let checked: CheckedEmulator;

function options(extra: Partial<CheckOptions> = {}): CheckOptions {
  return checked.checkOptions({ credential: accessTokenCredential(TOKEN), env: {}, ...extra });
}

beforeAll(async () => {
  const app = synthesize((scope) => {
    const data = azureStack(scope, "data-platform", SUBSCRIPTION);
    new PostgresLtrBackups(data, "orders-ltr", {
      server: flexibleServer(data, "orders", "orders-db", RG),
      latest: { maxAge: "P8D" },
    });
    new PostgresLtrBackups(data, "billing-ltr", {
      server: flexibleServer(data, "billing", "billing-db", RG),
      latest: { maxAge: "P8D" },
    });
    // No provider with a literal subscription, no subscriptionId: this stack's subscription is unknown.
    const legacy = new TerraformStack(scope, "legacy");
    new PostgresLtrBackups(legacy, "reports-ltr", {
      server: { resourceGroupName: "rg-legacy", serverName: "reports-db" },
      backups: [{ name: "before-migration" }],
      latest: { maxAge: "P8D" },
    });
  });
  checked = await startCheckedEmulator(app, { now: NOW, token: TOKEN, state: STATE });
});

afterAll(() => checked?.close());

describe("a stack whose subscription cannot be resolved", () => {
  it("is that stack's errors, with the reason; the other stacks are still checked", async () => {
    const result = await checkLtrBackups(options());
    const verdicts = result.findings.map((f) => [f.stack, f.serverName, f.backupName, f.verdict]);
    expect(verdicts).toEqual([
      ["data-platform", "billing-db", "daily-2026-11-26", "compliant"],
      ["data-platform", "orders-db", "daily-2026-11-26", "compliant"],
      ["legacy", "reports-db", "before-migration", "error"],
      ["legacy", "reports-db", null, "error"],
    ]);
    const legacy = result.findings.filter((f) => f.stack === "legacy");
    for (const finding of legacy) {
      expect(finding.subscriptionId).toBeNull();
      expect(finding.http).toBeNull();
      expect(finding.reason).toBe(
        "no subscription for server rg-legacy/reports-db (stack legacy): set subscriptionId on " +
          "PostgresLtrBackups, pass --subscription, or set ARM_SUBSCRIPTION_ID (or AZURE_SUBSCRIPTION_ID)",
      );
    }
    expect(result.summary).toMatchObject({ compliant: 2, error: 2 });
    expect(exitCodeFor(result)).toBe(1);
    // Nothing was asked about the server without a subscription: one listing per checked server.
    expect(result.stats.requests).toBe(2);
    const text = renderPlan(result, "text", { color: false });
    // One cause, one diagnostic: both expectations of the server are named in it, neither as a block.
    expect(text).not.toContain("# legacy/reports-db/before-migration could not be checked");
    expect(text.match(/│ Error: /g)).toHaveLength(1);
    expect(text).toContain("Error: No subscription for server rg-legacy/reports-db (stack legacy)");
    expect(text).toContain("│ Affected LTR backups (2): legacy/reports-db/");
    const json = JSON.parse(renderPlan(result, "json")) as { backups: { subscriptionId: string | null }[] };
    expect(json.backups.map((b) => b.subscriptionId)).toEqual([SUBSCRIPTION, SUBSCRIPTION, null, null]);
  });

  it("is checked once the subscription is given, as a variable a bad value of which is again that stack's error", async () => {
    const given = await checkLtrBackups(options({ env: { ARM_SUBSCRIPTION_ID: SUBSCRIPTION } }));
    const legacy = given.findings.filter((f) => f.stack === "legacy");
    // The emulator does not know rg-legacy: now ARM says so, which is a finding about the server.
    expect(legacy.map((f) => [f.verdict, f.http?.code])).toEqual([
      ["error", "ResourceGroupNotFound"],
      ["error", "ResourceGroupNotFound"],
    ]);
    const bad = await checkLtrBackups(options({ env: { ARM_SUBSCRIPTION_ID: "prod" } }));
    expect(bad.findings.filter((f) => f.verdict === "compliant")).toHaveLength(2);
    expect(bad.findings.find((f) => f.stack === "legacy")?.reason).toMatch(
      /^no subscription for server rg-legacy\/reports-db \(stack legacy\): ARM_SUBSCRIPTION_ID "prod" is not a subscription id/,
    );
  });
});

describe("--server", () => {
  it("checks only the servers named, ignoring case, and asks ARM about nothing else", async () => {
    const result = await checkLtrBackups(options({ servers: ["ORDERS-DB"] }));
    expect(result.findings.map((f) => [f.serverName, f.verdict])).toEqual([["orders-db", "compliant"]]);
    expect(result.stats.requests).toBe(1);
    expect(exitCodeFor(result)).toBe(0);
  });

  it("refuses a server no stack declares, with the declared names and a suggestion", async () => {
    await expect(checkLtrBackups(options({ servers: ["order-db"] }))).rejects.toThrow(
      'unknown server "order-db" (--server): the servers with LTR backup expectations are billing-db, ' +
        'orders-db, reports-db; did you mean "orders-db"?',
    );
  });
});

describe("the emulator's flexible server resource", () => {
  it("answers GET .../flexibleServers/{server} with systemData.createdAt (default: an old server)", async () => {
    const answer = await httpsRequest(
      `${checked.emulator.url}/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.DBforPostgreSQL/flexibleServers/ORDERS-DB?api-version=2025-08-01`,
      { ca: checked.emulator.caCertificate, headers: { authorization: `Bearer ${TOKEN}` } },
    );
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.text) as { name: string; type: string; systemData: { createdAt: string } };
    expect(body.name).toBe("orders-db");
    expect(body.type).toBe("Microsoft.DBforPostgreSQL/flexibleServers");
    expect(body.systemData.createdAt).toBe("2020-01-01T00:00:00.000Z");
  });
});

import {
  accessTokenCredential,
  checkLtrBackups,
  exitCodeFor,
  renderPlan,
  type CheckResult,
} from "cdktf-pg-ltr";
import { startEmulator, type EmulatorState, type RunningEmulator } from "cdktf-pg-ltr/emulator";
import type { ScheduledRunsExpectation, ServerExpectations } from "../../lib/expectations/document";
import { compliantState } from "../../lib/emulator/state/compliant-state";
import {
  expectationsDocument,
  serverExpectations,
  temporaryFolder,
  writeCdktfOut,
} from "../check/support/cdktf-out-fixture";

/**
 * Runs a vault policy scheduled, checked end to end over HTTPS against the emulator: a weekly policy
 * (Sundays 02:00 in Berlin, 6 h to start) whose last six runs include one skipped, one failed and one
 * late, the rest done, on a server whose operations carry names the Backup service chose; and a second
 * server filled by the emulator's compliant state (`pg-ltr emulator --from`) for the same policy.
 */
const NOW = "2026-11-27T12:00:00Z";
const SUBSCRIPTION = "3f2b8c1e-6d4a-4b7e-9c2d-8a1f5e7b9c30";
const RG = "rg-data-prod";
const POLICY = "azurerm_data_protection_backup_policy_postgresql_flexible_server.weekly";

const weekly: ScheduledRunsExpectation = {
  policyAddress: POLICY,
  policyName: "weekly-policy",
  instanceAddress: "azurerm_data_protection_backup_instance_postgresql_flexible_server.orders",
  repeatingIntervals: ["R/2026-01-04T02:00:00/P1W"],
  timeZone: "W. Europe Standard Time",
  ianaTimeZone: "Europe/Berlin",
  runs: 6,
  grace: "PT6H",
  constructPath: "data-platform/vault",
};
const server = (serverName: string): ServerExpectations =>
  serverExpectations({
    constructPaths: ["data-platform/vault"],
    address: `azurerm_postgresql_flexible_server.${serverName.replace(/-db$/, "")}`,
    subscriptionId: SUBSCRIPTION,
    resourceGroupName: RG,
    serverName,
    // What synthesis derives from the policy: its period plus the grace.
    latest: { maxAge: "P7DT6H", constructPath: "data-platform/vault" },
    scheduled: [weekly],
  });

/** 02:00 Berlin is 01:00Z in November, 00:00Z in summer time; run names are the Backup service's, unrelated to the dates. */
const done = (name: string, start: string, end: string) => ({
  backupName: name,
  status: "Succeeded",
  startTime: start,
  endTime: end,
  percentComplete: 100,
  datasourceSizeInBytes: 8_589_934_592,
});
const ORDERS_OPERATIONS = [
  done("pgflex-ltr-3c9e0f12-8b7a", "2026-11-22T01:00:37Z", "2026-11-22T01:41:02Z"),
  {
    backupName: "pgflex-ltr-91d4aa07-1f2e",
    status: "Failed",
    startTime: "2026-11-15T01:00:41Z",
    endTime: "2026-11-15T01:07:13Z",
    percentComplete: 12,
    errorCode: "LtrBackupTargetUnreachable",
    errorMessage: "The SAS URI of the target storage container expired before the backup finished.",
  },
  // 2026-11-08: skipped, nothing started.
  // 2026-11-01: started at 11:20Z, three hours after the grace.
  done("pgflex-ltr-5ab2c6d8-77c0", "2026-11-01T10:20:00Z", "2026-11-01T11:02:00Z"),
  // 2026-10-25: clocks go back at 03:00, and 02:00 is read as standard time (01:00Z).
  done("pgflex-ltr-0e8f3b21-c4d9", "2026-10-25T01:00:29Z", "2026-10-25T01:38:40Z"),
  // 2026-10-18: summer time, 02:00 is 00:00Z.
  done("pgflex-ltr-e27d9c44-0a1b", "2026-10-18T00:00:33Z", "2026-10-18T00:40:11Z"),
];

let emulator: RunningEmulator;
let outDir: string;
let result: CheckResult;
const requestLog: string[] = [];

beforeAll(async () => {
  const folder = temporaryFolder();
  outDir = writeCdktfOut(folder, [
    {
      name: "data-platform",
      document: {
        ...expectationsDocument("data-platform", [server("orders-db"), server("billing-db")]),
        minorVersion: 3,
      },
    },
  ]);
  // billing-db as `pg-ltr emulator --from cdktf.out` fills it: every run compliant.
  const filled = compliantState(
    [{ subscriptionId: SUBSCRIPTION, expectations: server("billing-db") }],
    new Date(NOW),
  );
  const billing = filled.subscriptions[SUBSCRIPTION]?.resourceGroups[RG]?.servers["billing-db"];
  const state: EmulatorState = {
    accessTokens: ["scheduled-e2e-token"],
    subscriptions: {
      [SUBSCRIPTION]: {
        resourceGroups: {
          [RG]: {
            servers: {
              "orders-db": { createdAt: "2025-06-01T00:00:00Z", ltrBackupOperations: ORDERS_OPERATIONS },
              ...(billing ? { "billing-db": billing } : {}),
            },
          },
        },
      },
    },
  } as EmulatorState;
  emulator = await startEmulator({
    state,
    pageSize: 3,
    onRequest: (entry) => requestLog.push(`${entry.method} ${entry.path}`),
  });
  result = await checkLtrBackups({
    outDir,
    endpoint: emulator.url,
    caCertificates: emulator.caCertificate,
    credential: accessTokenCredential("scheduled-e2e-token"),
    now: NOW,
    strategy: "get",
  });
});
afterAll(() => emulator?.close());

describe("scheduled runs of a vault policy, end to end", () => {
  it("finds the skipped, failed and late runs by time, the rest compliant", () => {
    const orders = result.findings.filter((f) => f.serverName === "orders-db");
    expect(orders.map((f) => [f.subject, f.verdict, f.backupName])).toEqual([
      ["orders-db/(scheduled 2026-11-22T01:00:00Z)", "compliant", "pgflex-ltr-3c9e0f12-8b7a"],
      ["orders-db/(scheduled 2026-11-15T01:00:00Z)", "failed", "pgflex-ltr-91d4aa07-1f2e"],
      ["orders-db/(scheduled 2026-11-08T01:00:00Z)", "missing", null],
      ["orders-db/(scheduled 2026-11-01T01:00:00Z)", "missing", null],
      ["orders-db/(scheduled 2026-10-25T01:00:00Z)", "compliant", "pgflex-ltr-0e8f3b21-c4d9"],
      ["orders-db/(scheduled 2026-10-18T00:00:00Z)", "compliant", "pgflex-ltr-e27d9c44-0a1b"],
      ["orders-db/(latest)", "compliant", "pgflex-ltr-3c9e0f12-8b7a"],
    ]);
    expect(orders[2]?.reason).toBe(
      "no LTR backup started between 2026-11-08T01:00:00Z and 07:00Z (scheduled by policy weekly-policy)",
    );
    expect(orders[3]?.reason).toBe(
      "no LTR backup started between 2026-11-01T01:00:00Z and 07:00Z (scheduled by policy weekly-policy); " +
        "backup pgflex-ltr-5ab2c6d8-77c0 started late, at 2026-11-01T10:20:00Z, Succeeded, which does not " +
        "count as the scheduled run: check the vault's backup jobs",
    );
    expect(orders[1]?.reason).toContain(
      "failed at 2026-11-15T01:07:13Z: LtrBackupTargetUnreachable: The SAS URI of the target storage container expired",
    );
    expect(exitCodeFor(result)).toBe(2);
  });

  it("serves the compliant runs `--from` fills, under Backup-service names, and the check agrees", () => {
    const billing = result.findings.filter((f) => f.serverName === "billing-db");
    expect(billing).toHaveLength(7);
    expect(billing.every((f) => f.verdict === "compliant")).toBe(true);
    const names = billing.filter((f) => f.expectation.kind === "scheduled").map((f) => f.backupName);
    expect(new Set(names).size).toBe(6);
    for (const name of names) expect(name).toMatch(/^pgflex-ltr-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}$/);
  });

  it("asks each server for its listing once (pages aside), even under --strategy get", () => {
    // orders-db has 5 operations and billing-db 6, 3 to a page: 2 pages each, nothing else.
    const listings = requestLog.filter((line) => /\/ltrBackupOperations$/.test(line.split("?")[0] ?? ""));
    expect(requestLog).toHaveLength(4);
    expect(listings.map((line) => line.split("/flexibleServers/")[1]?.split("/")[0]).sort()).toEqual([
      "billing-db",
      "billing-db",
      "orders-db",
      "orders-db",
    ]);
    expect(result.stats.requests).toBe(4);
  });

  it("reads naturally in the text plan", () => {
    const text = renderPlan(result, "text", { color: false });
    expect(text).toContain("  # data-platform/orders-db/(scheduled 2026-11-08T01:00:00Z) is missing\n");
    expect(text).toContain("  # data-platform/orders-db/(scheduled 2026-11-15T01:00:00Z) has failed\n");
    expect(text).toContain("Plan: ");
  });
});

import { checkLtrBackups, exitCodeFor, PostgresLtrBackups, renderPlan } from "cdktf-pg-ltr";
import { parseFaultSpec } from "cdktf-pg-ltr/emulator";
import { startCheckedEmulator, type CheckedEmulator } from "./support/checked-emulator";
import { resourceGroupState, serversWith } from "./support/emulator-states";
import { succeeded } from "./support/ltr-operations";
import { azureStack, flexibleServer, synthesize } from "./support/synthesize";

/**
 * An ARM that answers another question than the one asked: a GET for one backup answered with
 * another, listings whose items belong to another server, resource group or subscription, and a
 * backup that claims to end in the year 9999. None of it may pass as compliant.
 */

const NOW = "2026-11-27T12:00:00Z";
const SUBSCRIPTION = "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d";
const RG = "rg-answers";
const TOKEN = "e2e-answers-token";
const NIGHTLY = "nightly-2026-11-27";
const SERVERS = ["renamed-db", "moved-db", "regrouped-db", "resubscribed-db", "future-db"];

let checked: CheckedEmulator;

beforeAll(async () => {
  const app = synthesize((scope) => {
    const stack = azureStack(scope, "answers", SUBSCRIPTION);
    for (const name of SERVERS) {
      new PostgresLtrBackups(stack, `${name}-ltr`, {
        server: flexibleServer(stack, name, name, RG),
        // renamed-db by GET; the others by their listing, where the newest success is judged.
        ...(name === "renamed-db"
          ? { backups: [{ name: NIGHTLY, maxAge: "P1D" }] }
          : { latest: { maxAge: "P1D" } }),
      });
    }
  });
  const servers = {
    ...serversWith(
      SERVERS.filter((name) => name !== "future-db"),
      [succeeded(NIGHTLY, "2026-11-27T02:30:00Z")],
    ),
    "future-db": {
      ltrBackupOperations: [
        succeeded("old-2026-11-01", "2026-11-01T02:30:00Z"),
        succeeded("far-future", "9999-01-01T00:00:00Z"),
      ],
    },
  };
  checked = await startCheckedEmulator(app, {
    now: NOW,
    token: TOKEN,
    state: resourceGroupState(TOKEN, SUBSCRIPTION, RG, servers),
    throttle: false,
    faults: [
      `wrong-name=other-backup,match=renamed-db/${NIGHTLY}`,
      "foreign-id,match=moved-db",
      "foreign-id=resource-group,match=regrouped-db",
      "foreign-id=subscription,match=resubscribed-db",
    ].map(parseFaultSpec),
  });
});

afterAll(() => checked?.close());

describe("pg-ltr check end to end against answers that do not match the question", () => {
  it("calls each of them invalid, names both sides, exits 2, and writes reports that parse", async () => {
    const result = await checkLtrBackups(checked.checkOptions());
    const byServer = Object.fromEntries(result.findings.map((f) => [f.serverName, f]));
    expect(result.findings.map((f) => [f.serverName, f.verdict])).toEqual(
      [...SERVERS].sort().map((name) => [name, "invalid"]),
    );
    expect(byServer["renamed-db"]?.reason).toBe(
      `the answer for ${NIGHTLY} is about backup other-backup (its properties.backupName): ARM answered another question; report it with the request id`,
    );
    const serverId = (sub: string, rg: string, server: string): string =>
      `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${server}`;
    expect(byServer["moved-db"]?.notes).toEqual([
      {
        pointer: "/value/0/id",
        page: 1,
        message: `is about another server: its id ${serverId(SUBSCRIPTION, RG, "moved-db-other")}/ltrBackupOperations/${NIGHTLY} is not under ${serverId(SUBSCRIPTION, RG, "moved-db")}`,
      },
    ]);
    expect(byServer["regrouped-db"]?.notes?.[0]?.message).toContain(
      `its id ${serverId(SUBSCRIPTION, `${RG}-other`, "regrouped-db")}/`,
    );
    expect(byServer["resubscribed-db"]?.notes?.[0]?.message).toContain(
      `its id ${serverId("ffffffff-ffff-4fff-8fff-ffffffffffff", RG, "resubscribed-db")}/`,
    );
    expect(byServer["future-db"]?.reason).toMatch(
      /^the newest usable succeeded backup old-2026-11-01 ended 2026-11-01T02:30:00Z, older than P1D .*: one of them might be the newest$/,
    );
    // The succeeded() helper starts each backup 30 minutes before it ends.
    expect(byServer["future-db"]?.notes?.map((n) => n.message)).toEqual([
      "starts 9998-12-31T23:30:00Z, after the check's time (2026-11-27T12:00:00Z, allowing 5 minutes of clock skew), so it cannot be the newest or be judged",
      "ends 9999-01-01T00:00:00Z, after the check's time (2026-11-27T12:00:00Z, allowing 5 minutes of clock skew), so it cannot be the newest or be judged",
    ]);
    expect(exitCodeFor(result)).toBe(2);
    const report = JSON.parse(renderPlan(result, "json")) as {
      backups: { verdict: string; notes: unknown[] }[];
    };
    expect(report.backups.map((b) => b.verdict)).toEqual(SERVERS.map(() => "invalid"));
    expect(renderPlan(result, "text", { color: false })).toContain(
      `# note: /value/0/id is about another server`,
    );
  });
});

import {
  checkLtrBackups,
  exitCodeFor,
  PostgresLtrBackups,
  renderPlan,
  type CheckProgress,
  type CheckResult,
} from "cdktf-pg-ltr";
import type { EmulatorStats } from "cdktf-pg-ltr/emulator";
import { startCheckedEmulator } from "./support/checked-emulator";
import { resourceGroupState, serversWith } from "./support/emulator-states";
import { succeeded } from "./support/ltr-operations";
import { azureStack, flexibleServer, synthesize } from "./support/synthesize";

/**
 * A fleet checked against a subscription whose read budget is tiny (5 reads, refilled 5 a second),
 * so ARM answers most of the first burst with 429. A checker that hammers on and then gives up is a
 * common complaint about cloud scanners; this one must pace itself and check every backup.
 *
 * The refill is slow on purpose: the checker sends one request per server at once (20 servers, fewer
 * than the default concurrency), and those 20 would have to reach ARM over 3 seconds for the bucket
 * to keep up. A refill of 50 a second let a machine slowed by other work (TLS handshakes taking turns
 * on a busy CPU) spread its first burst enough to see no 429 at all; at 5 a second it cannot.
 */

const NOW = "2026-11-27T12:00:00Z";
const SUBSCRIPTION = "7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918";
const RG = "rg-fleet";
const TOKEN = "e2e-throttling-token";
const SERVERS = Array.from({ length: 20 }, (_, i) => `tenant-${String(i + 1).padStart(2, "0")}-db`);

describe("pg-ltr check end to end under ARM throttling", () => {
  let result: CheckResult;
  let emulatorStats: EmulatorStats;
  const progress: CheckProgress[] = [];

  beforeAll(async () => {
    const app = synthesize((scope) => {
      const stack = azureStack(scope, "tenants", SUBSCRIPTION);
      for (const name of SERVERS) {
        new PostgresLtrBackups(stack, `${name}-ltr`, {
          server: flexibleServer(stack, name, name, RG),
          backups: [{ name: "nightly-2026-11-27", maxAge: "P1D" }],
        });
      }
    });
    const servers = serversWith(SERVERS, [succeeded("nightly-2026-11-27", "2026-11-27T02:30:00Z")]);
    const checked = await startCheckedEmulator(app, {
      now: NOW,
      token: TOKEN,
      state: resourceGroupState(TOKEN, SUBSCRIPTION, RG, servers),
      throttle: { bucket: 5, refillPerSecond: 5 },
    });
    try {
      result = await checkLtrBackups(checked.checkOptions({ onProgress: (p) => progress.push(p) }));
      emulatorStats = checked.emulator.stats();
    } finally {
      await checked.close();
    }
  });

  it("checks every backup and reports none as an error", () => {
    expect(result.findings).toHaveLength(SERVERS.length);
    expect(result.findings.map((f) => f.serverName)).toEqual(SERVERS);
    expect(result.findings.every((f) => f.verdict === "compliant")).toBe(true);
    expect(result.summary).toMatchObject({ compliant: SERVERS.length, error: 0 });
    expect(exitCodeFor(result)).toBe(0);
  });

  it("was throttled, and counts the 429s and their retries as ARM saw them", () => {
    expect(result.stats.throttled).toBeGreaterThan(0);
    expect(result.stats.throttled).toBe(emulatorStats.throttled);
    // Every throttled read was retried, and each backup was read successfully once.
    expect(result.stats.retries).toBe(result.stats.throttled);
    expect(result.stats.requests).toBe(SERVERS.length + result.stats.throttled);
    expect(emulatorStats.byStatus).toEqual({ 200: SERVERS.length, 429: result.stats.throttled });
  });

  it("shows the throttling in the progress and in the JSON report", () => {
    expect(progress.at(-1)).toMatchObject({ done: SERVERS.length, total: SERVERS.length });
    expect(progress.some((p) => p.throttled > 0)).toBe(true);
    const report = JSON.parse(renderPlan(result, "json")) as {
      stats: { throttled: number; retries: number };
    };
    expect(report.stats).toMatchObject({ throttled: result.stats.throttled, retries: result.stats.retries });
  });
});

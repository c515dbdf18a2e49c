import { readFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { join } from "node:path";
import { PostgresLtrBackups } from "cdktf-pg-ltr";
import type { RunningEmulator } from "cdktf-pg-ltr/emulator";
import { pgLtr, type ProcessRun } from "../support/pg-ltr-process";
import { startCheckedEmulator } from "./support/checked-emulator";
import { resourceGroupState, serversWith } from "./support/emulator-states";
import { succeeded } from "./support/ltr-operations";
import { azureStack, flexibleServer, synthesize } from "./support/synthesize";

/**
 * `pg-ltr check` in a subscription whose read budget another tool (a dashboard, a second pipeline)
 * has spent and keeps spending, with the emulator at ARM's default throttle (250 reads, 25 a second).
 * The check's first answers are 429s reporting 0 reads left; it must wait for ARM's bucket to refill
 * and go on, never stall. The test timeout is the bound.
 */

const NOW = "2026-11-27T12:00:00Z";
const SUBSCRIPTION = "3f2e1d0c-9b8a-4776-8554-4433221100ff";
const RG = "rg-shared";
const TOKEN = "e2e-shared-subscription-token";
const SERVERS = Array.from({ length: 6 }, (_, i) => `shared-${String(i + 1).padStart(2, "0")}-db`);
/** Reads per second the other client spends once the check runs: below ARM's 25, so some is left. */
const OTHER_CLIENT_READS_PER_SECOND = 15;

/** The other client: one GET of a listing in the same subscription. */
function otherClientRead(emulator: RunningEmulator, agent: Agent): Promise<number> {
  const url =
    `${emulator.url}/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.DBforPostgreSQL` +
    `/flexibleServers/${SERVERS[0]}/ltrBackupOperations?api-version=2025-08-01`;
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("pg-ltr check in a subscription whose read budget another client spends", () => {
  let run: ProcessRun;
  let report: { backups: { serverName: string; verdict: string }[] };
  const checkStatuses: number[] = [];

  beforeAll(async () => {
    const app = synthesize((scope) => {
      const stack = azureStack(scope, "shared", SUBSCRIPTION);
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
      onRequest: (entry) => {
        // The check reads backups by name; the other client reads a listing.
        if (entry.path.includes("/ltrBackupOperations/") && typeof entry.outcome === "number")
          checkStatuses.push(entry.outcome);
      },
    });
    const { emulator } = checked;
    const agent = new Agent({ keepAlive: true, ca: emulator.caCertificate, maxSockets: 8 });
    let draining = true;
    // Eight readers spend everything ARM refills until the check's first read has been answered;
    // then one goes on at less than ARM refills.
    const drainer = Promise.all(
      Array.from({ length: 8 }, async (_, reader) => {
        while (draining && (reader === 0 || checkStatuses.length === 0)) {
          await otherClientRead(emulator, agent);
          if (checkStatuses.length > 0)
            await new Promise((tick) => setTimeout(tick, 1000 / OTHER_CLIENT_READS_PER_SECOND));
        }
      }),
    );
    try {
      while ((await otherClientRead(emulator, agent)) !== 429);
      run = await pgLtr(
        [
          "check",
          "--endpoint",
          emulator.url,
          "--now",
          NOW,
          "--max-retries",
          "10",
          // One read at a time: each answer the check sees comes from the bucket the other client keeps empty.
          "--concurrency",
          "1",
          "--output",
          "json=report.json",
        ],
        {
          cwd: app.folder,
          env: checked.processEnv,
        },
      );
      report = JSON.parse(readFileSync(join(app.folder, "report.json"), "utf8")) as typeof report;
    } finally {
      draining = false;
      await drainer;
      agent.destroy();
      await checked.close();
    }
  }, 100_000);

  it("waits for ARM's bucket to refill, checks every backup and exits 0", () => {
    expect(run.stderr).toBe("");
    expect(report.backups.map((f) => [f.serverName, f.verdict])).toEqual(
      SERVERS.map((name) => [name, "compliant"]),
    );
    expect(run.code).toBe(0);
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkLtrBackups } from "../../lib/check/check-ltr-backups";
import type { FetchStrategy } from "../../lib/check/options";
import type { Finding } from "../../lib/check/result";
import { startEmulator, type EmulatorState } from "../../lib/emulator/start-emulator";
import type { ServerExpectations } from "../../lib/expectations/document";
import { fixtureState } from "../emulator/support/fixture-state";
import {
  expectationsDocument,
  serverExpectations,
  temporaryFolder,
  writeCdktfOut,
} from "./support/cdktf-out-fixture";

/**
 * Property: how the checker reads a server (one GET per backup, the listing, or whichever is
 * cheaper) never changes a verdict. Checked over every emulator state the test suite keeps as a
 * fixture, asking for each backup the state holds (as stored and in swapped case, since ARM names
 * ignore case), for one that does not exist, and for the newest.
 */

const NOW = "2026-11-27T12:00:00Z";
const STRATEGIES: readonly FetchStrategy[] = ["get", "list", "auto"];

/** Hand-made: what hostile or sloppy listings hold beside good backups. */
const EDGE_CASES: EmulatorState = {
  subscriptions: {
    "0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a": {
      resourceGroups: {
        "RG-Edge": {
          servers: {
            "Edge-DB": {
              ltrBackupOperations: [
                {
                  backupName: "Nightly-2026-11-26",
                  status: "Succeeded",
                  startTime: "2026-11-26T02:00:00Z",
                  endTime: "2026-11-26T02:30:00Z",
                },
                {
                  backupName: "broken-2026-11-25",
                  status: "Succeeded",
                  startTime: "2026-11-25T02:00:00Z",
                  endTime: "2026-11-25T02:30:00Z",
                  percentComplete: 150,
                },
                {
                  backupName: "future",
                  status: "Succeeded",
                  startTime: "2026-11-20T02:00:00Z",
                  endTime: "9999-01-01T00:00:00Z",
                },
                {
                  backupName: "nulls",
                  status: "Succeeded",
                  startTime: "2026-11-24T02:00:00Z",
                  endTime: null,
                  errorCode: null,
                },
                {
                  backupName: "zoneless",
                  status: "Succeeded",
                  startTime: "2026-11-23T02:00:00Z",
                  endTime: "2026-11-23T02:30:00",
                },
                {
                  backupName: "running-now",
                  status: "Running",
                  startTime: "2026-11-27T11:00:00Z",
                  percentComplete: 40,
                },
                {
                  backupName: "WEEKLY-2026-11-22",
                  status: "Succeeded",
                  startTime: "2026-11-22T02:00:00Z",
                  endTime: "2026-11-22T02:40:00Z",
                },
              ],
            },
            "stale-db": {
              ltrBackupOperations: [
                {
                  backupName: "old",
                  status: "Succeeded",
                  startTime: "2026-10-01T02:00:00Z",
                  endTime: "2026-10-01T02:30:00Z",
                },
                { backupName: "odd", status: 7 },
              ],
            },
          },
        },
      },
    },
  },
};

const FIXTURE_STATES: readonly [string, EmulatorState][] = [
  [
    "examples/basic/emulator-state.json",
    JSON.parse(
      readFileSync(join(__dirname, "../../examples/basic/emulator-state.json"), "utf8"),
    ) as EmulatorState,
  ],
  ["test/emulator/support/fixture-state.ts", fixtureState()],
  ["edge cases of this test", EDGE_CASES],
];

const swapCase = (name: string): string =>
  [...name].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("");

/** Every server of the state, asked for each of its backups (twice: as stored, case swapped), a missing one, and the newest. */
function expectationsOf(state: EmulatorState): ServerExpectations[] {
  const servers: ServerExpectations[] = [];
  for (const [subscriptionId, subscription] of Object.entries(state.subscriptions ?? {})) {
    for (const [resourceGroupName, group] of Object.entries(subscription.resourceGroups ?? {})) {
      for (const [serverName, server] of Object.entries(group.servers ?? {})) {
        const names = (server.ltrBackupOperations ?? [])
          .map((operation) => (operation as { backupName?: unknown }).backupName)
          .filter((name): name is string => typeof name === "string");
        const constructPath = `app/${serverName}-ltr`;
        servers.push(
          serverExpectations({
            subscriptionId,
            resourceGroupName,
            serverName,
            constructPaths: [constructPath],
            backups: [...names, ...names.map(swapCase), "no-such-backup"].map((name) => ({
              name,
              maxAge: "P30D",
              constructPath,
            })),
            latest: { maxAge: "P8D", constructPath },
            series: [
              {
                name: "weekly-{yyyy}-{MM}-{dd}",
                every: "P7D",
                anchor: "2026-01-04T02:00:00Z",
                keep: 2,
                grace: "PT6H",
                constructPath,
              },
            ],
          }),
        );
      }
    }
  }
  return servers;
}

describe("--strategy get, list and auto agree", () => {
  it.each(FIXTURE_STATES)("on every expectation about %s", async (_label, state) => {
    const emulator = await startEmulator({ state, throttle: false, pageSize: 3 });
    try {
      const outDir = writeCdktfOut(temporaryFolder(), [
        { name: "fixture", document: expectationsDocument("fixture", expectationsOf(state)) },
      ]);
      const verdicts = async (strategy: FetchStrategy): Promise<string[]> => {
        const result = await checkLtrBackups({
          outDir,
          strategy,
          endpoint: emulator.url,
          caCertificates: emulator.caCertificate,
          now: NOW,
          retryDelay: 10,
          env: { PG_LTR_ACCESS_TOKEN: "any-token" },
        });
        return result.findings.map(
          (f: Finding) =>
            `${f.resourceGroupName}/${f.serverName}/${f.expectation.kind}:${f.backupName} ${f.verdict}`,
        );
      };
      const [byGet, byList, byAuto] = await Promise.all(STRATEGIES.map(verdicts));
      expect(byGet?.length).toBeGreaterThan(3);
      expect(byList).toEqual(byGet);
      expect(byAuto).toEqual(byGet);
    } finally {
      await emulator.close();
    }
  });
});

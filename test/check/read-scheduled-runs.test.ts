import { join } from "node:path";
import { serverCheckCount } from "../../lib/check/plan-requests";
import { readCdktfOut } from "../../lib/check/read-cdktf-out";
import type { ScheduledRunsExpectation } from "../../lib/expectations/document";
import {
  expectationsDocument,
  serverExpectations,
  temporaryFolder,
  writeCdktfOut,
} from "./support/cdktf-out-fixture";
import { SUBSCRIPTION } from "./support/fake-arm";
import { inputError } from "./support/input-error";
import { planServers } from "./support/plan-servers";

/** A vault policy's schedule is outside input too: what cannot be computed stops the check, naming where. */
const POLICY = "azurerm_data_protection_backup_policy_postgresql_flexible_server.weekly";
const scheduled = (overrides: Record<string, unknown> = {}): ScheduledRunsExpectation =>
  ({
    policyAddress: POLICY,
    policyName: "weekly-policy",
    instanceAddress: "azurerm_data_protection_backup_instance_postgresql_flexible_server.orders",
    repeatingIntervals: ["R/2026-01-04T02:00:00+01:00/P1W"],
    timeZone: "W. Europe Standard Time",
    ianaTimeZone: "Europe/Berlin",
    runs: 4,
    grace: "PT6H",
    constructPath: "data/vault",
    ...overrides,
  }) as ScheduledRunsExpectation;

function cdktfOut(entry: ScheduledRunsExpectation): string {
  const folder = temporaryFolder();
  writeCdktfOut(folder, [
    {
      name: "data",
      document: {
        ...expectationsDocument("data", [serverExpectations({ scheduled: [entry] })]),
        minorVersion: 3,
      },
    },
  ]);
  return folder;
}

const file = (folder: string) => join(folder, "cdktf.out/stacks/data/pg-ltr.expectations.json");

describe("reading the scheduled runs of a vault policy from cdktf.out", () => {
  it.each([
    [
      "an interval it cannot read",
      { repeatingIntervals: ["R/2026-01-04T02:00:00+01:00/P1W", "R/2026-01-04/P1D"] },
      "/servers/0/scheduled/0/repeatingIntervals/1",
      'repeating interval "R/2026-01-04/P1D" has the start "2026-01-04"',
    ],
    [
      "a zone luxon does not know",
      { ianaTimeZone: "Mars/Olympus_Mons" },
      "/servers/0/scheduled/0/ianaTimeZone",
      '"Mars/Olympus_Mons" is not an IANA time zone this release knows',
    ],
    ["a grace of zero", { grace: "PT0S" }, "/servers/0/scheduled/0/grace", "must be longer than zero"],
    [
      "more intervals than a check reads",
      {
        repeatingIntervals: Array.from(
          { length: 101 },
          (_, i) => `R/2026-01-04T02:${String(i % 60).padStart(2, "0")}:00Z/P1W`,
        ),
      },
      "/servers/0/scheduled/0/repeatingIntervals",
      "lists 101 repeating intervals, more than the 100 a check reads",
    ],
  ])("refuses %s, naming the file, field, stack and policy", (_, overrides, pointer, message) => {
    const folder = cdktfOut(scheduled(overrides));
    const said = inputError(() => readCdktfOut({ cwd: folder }));
    expect(said).toContain(`${file(folder)} has a value the checker cannot use (at "${pointer}": ${message}`);
    expect(said).toContain(`(stack data, policy ${POLICY})`);
    expect(said).toMatch(/fix the declaration and run `cdktf synth` again$/);
  });

  it("refuses more runs than a check judges (the schema's bound)", () => {
    const folder = cdktfOut(scheduled({ runs: 1001 }));
    expect(inputError(() => readCdktfOut({ cwd: folder }))).toMatch(
      /does not match the expectations schema \(at "\/servers\/0\/scheduled\/0\/runs": must be <= 1000\)/,
    );
  });

  it("reads a good entry, whose runs are planned in the policy's zone: 02:00 Berlin is 01:00Z in winter", () => {
    const folder = cdktfOut(scheduled({ runs: 2 }));
    const [stack] = readCdktfOut({ cwd: folder }).stacks;
    const expectations = stack?.document.servers[0];
    if (!expectations) throw new Error("no server read");
    const [plan] = planServers([{ stack: "data", subscriptionId: SUBSCRIPTION, expectations }], {
      now: new Date("2026-11-27T12:00:00Z"),
      strategy: "auto",
    });
    expect(plan?.checks.map((c) => c.target.subject)).toEqual([
      "pg-orders/(scheduled 2026-11-22T01:00:00Z)",
      "pg-orders/(scheduled 2026-11-15T01:00:00Z)",
    ]);
    expect(plan?.requests.map((r) => r.kind)).toEqual(["list"]);
    // The check is sized before it plans: the count must agree, a run still within its grace included.
    for (const now of ["2026-11-27T12:00:00Z", "2026-11-29T03:00:00Z"]) {
      const [planned] = planServers([{ stack: "data", subscriptionId: SUBSCRIPTION, expectations }], {
        now: new Date(now),
        strategy: "auto",
      });
      expect(serverCheckCount({ expectations }, new Date(now))).toBe(planned?.checks.length);
    }
  });
});

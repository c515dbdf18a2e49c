import type { ServerExpectations } from "../../lib/expectations/document";
import type { FetchStrategy } from "../../lib/check/options";
import { serverCheckCount, serverChecks, type ServerPlan } from "../../lib/check/plan-requests";
import type { CheckedServer } from "../../lib/check/resolve-subscriptions";
import { serverExpectations, weeklySeries } from "./support/cdktf-out-fixture";
import { SUBSCRIPTION } from "./support/fake-arm";
import { planServers } from "./support/plan-servers";

const now = new Date("2026-11-27T12:00:00Z");
const endpoint = "https://management.azure.com";
const path = "app/orders-ltr";

function checked(
  expectations: ServerExpectations,
  stack = "data",
  subscriptionId = SUBSCRIPTION,
): CheckedServer {
  return { stack, subscriptionId, expectations };
}

function plan(servers: CheckedServer[], strategy: FetchStrategy) {
  return planServers(servers, { now, strategy, endpoint });
}

/** Requests the plans send at least (listings may take more pages, 404s a probe). */
function requestCount(plans: readonly ServerPlan[]): number {
  return plans.reduce((sum, server) => sum + server.requests.length, 0);
}

const oneNamed = serverExpectations({ backups: [{ name: "nightly", maxAge: "P1D", constructPath: path }] });
const threeNamed = serverExpectations({
  backups: ["a", "b", "c"].map((name) => ({ name, maxAge: null, constructPath: path })),
});
const latestOnly = serverExpectations({ latest: { maxAge: "P7D", constructPath: path } });
const namedAndLatest = serverExpectations({ ...threeNamed, latest: { maxAge: "P7D", constructPath: path } });
const weekly = serverExpectations({
  serverName: "pg-billing",
  series: [weeklySeries({ keep: 4, constructPath: path })],
});

describe("planning requests", () => {
  it.each([
    // [label, requests with get, with list, with auto, server]
    ["one named backup", 1, 1, 1, oneNamed],
    ["three named backups", 3, 1, 1, threeNamed],
    ["a latest expectation", 1, 1, 1, latestOnly],
    ["three named backups and latest", 4, 1, 1, namedAndLatest],
    ["a weekly series keeping 4", 4, 1, 1, weekly],
  ] as const)("%s: get, list and auto send %i, %i and %i requests", (_label, get, list, auto, server) => {
    expect(requestCount(plan([checked(server)], "get"))).toBe(get);
    expect(requestCount(plan([checked(server)], "list"))).toBe(list);
    expect(requestCount(plan([checked(server)], "auto"))).toBe(auto);
  });

  it.each([
    ["one named backup", oneNamed],
    ["three named backups and latest", namedAndLatest],
    ["a weekly series keeping 4", weekly],
    ["named backups, a series and latest", { ...namedAndLatest, series: weekly.series }],
    ["nothing declared", serverExpectations({})],
  ] as const)("sizes %s as the checks it plans, without planning them", (_label, server) => {
    // The check fixes every finding's place in the result from this count before any server is planned.
    for (const at of [now, new Date("2026-01-04T05:00:00Z"), new Date("2026-03-01T00:00:00Z")]) {
      expect(serverCheckCount(checked(server), at)).toBe(serverChecks(checked(server), at).length);
    }
  });

  it("uses GETs under auto for a single lookup, and the listing from two lookups or a latest on", () => {
    expect(plan([checked(oneNamed)], "auto")[0]?.lookup).toBe("get");
    expect(plan([checked(threeNamed)], "auto")[0]?.lookup).toBe("list");
    expect(plan([checked(latestOnly)], "auto")[0]?.lookup).toBe("list");
  });

  it("builds ARM's URLs for a GET and for the listing", () => {
    const [server] = plan([checked(oneNamed)], "get");
    expect(server?.requests).toEqual([
      {
        kind: "get",
        backupName: "nightly",
        url:
          `${endpoint}/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL` +
          "/flexibleServers/pg-orders/ltrBackupOperations/nightly?api-version=2025-08-01",
      },
    ]);
    expect(server?.listUrl).toBe(
      `${endpoint}/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL` +
        "/flexibleServers/pg-orders/ltrBackupOperations?api-version=2025-08-01",
    );
  });

  it("asks once for a server that several stacks declare in any letter case, keeping each stack's expectations", () => {
    // ARM names are case-insensitive: subscription, resource group and server alike.
    const subscription = "7c0a9d4e-1b2f-4a3c-8d5e-6f7a8b9c0d1e";
    const twice = plan(
      [
        checked(oneNamed, "data", subscription),
        checked(
          { ...oneNamed, resourceGroupName: "RG-Data", serverName: "PG-Orders" },
          "audit",
          subscription.toUpperCase(),
        ),
      ],
      "get",
    );
    expect(twice).toHaveLength(1);
    expect(requestCount(twice)).toBe(1);
    expect(twice[0]?.checks.map((c) => c.target.stack)).toEqual(["data", "audit"]);
  });

  it("checks the last `keep` due occurrences of a series plus the pending one, newest first", () => {
    // 2026-11-22 02:00 is due (grace 6 h passed); the next, 2026-11-29, is not scheduled yet.
    const [server] = plan([checked(weekly)], "get");
    expect(server?.checks.map((c) => [c.target.backupName, c.occurrence])).toEqual([
      ["weekly-2026-11-22", "newest-due"],
      ["weekly-2026-11-15", "older-due"],
      ["weekly-2026-11-08", "older-due"],
      ["weekly-2026-11-01", "older-due"],
    ]);
    const justScheduled = planServers([checked(weekly)], {
      now: new Date("2026-11-29T03:00:00Z"),
      strategy: "get",
      endpoint,
    })[0];
    expect(justScheduled?.checks[0]).toMatchObject({
      occurrence: "pending",
      target: { backupName: "weekly-2026-11-29" },
    });
    expect(justScheduled?.checks).toHaveLength(5);
  });

  it("lists named backups by name, then series, then latest", () => {
    const server = serverExpectations({
      backups: [
        { name: "zeta", maxAge: null, constructPath: path },
        { name: "alpha", maxAge: null, constructPath: path },
      ],
      latest: { maxAge: "P1D", constructPath: path },
      series: weekly.series,
    });
    const kinds = plan([checked(server)], "list")[0]?.checks.map((c) => c.target.backupName ?? "latest");
    expect(kinds?.slice(0, 2)).toEqual(["alpha", "zeta"]);
    expect(kinds?.at(-1)).toBe("latest");
  });
});

import { DeclaredServers } from "../../lib/check/declared-servers";
import { serverCheckCount, serverChecks } from "../../lib/check/plan-requests";
import type { CheckedServer } from "../../lib/check/resolve-subscriptions";
import type { ServerExpectations } from "../../lib/expectations/document";
import { serverExpectations, weeklySeries } from "./support/cdktf-out-fixture";
import { SUBSCRIPTION } from "./support/fake-arm";

const now = new Date("2026-11-27T12:00:00Z");
const OTHER_SUBSCRIPTION = "7c0a9d4e-1b2f-4a3c-8d5e-6f7a8b9c0d1e";

/** What synthesis writes for the servers of one preset: the same shape, each under its own construct. */
function presetServer(serverName: string): ServerExpectations {
  const constructPath = `data/${serverName}-ltr`;
  const declaredAt = { file: "main.ts", line: 12, column: 5 };
  return serverExpectations({
    constructPaths: [constructPath],
    address: `azurerm_postgresql_flexible_server.${serverName.replace(/-/g, "_")}`,
    serverName,
    backups: [
      { name: "monthly-2026-10", maxAge: "P40D", constructPath, declaredAt },
      { name: "pre-upgrade", maxAge: null, constructPath, declaredAt },
    ],
    latest: { maxAge: "P8D", constructPath, declaredAt },
    series: [weeklySeries({ constructPath, declaredAt })],
  });
}

/** Two PostgresLtrBackups merged on one server, names from references, a vault policy, no subscription. */
const mergedServer: ServerExpectations = {
  constructPaths: ["data/orders-ltr", "data/orders-audit-ltr"],
  address: "azurerm_postgresql_flexible_server.orders",
  subscriptionId: null,
  resourceGroupName: "RG-Data",
  serverName: "pg-orders",
  expressions: { serverName: "${azurerm_postgresql_flexible_server.orders.name}" },
  backups: [
    { name: "nightly", maxAge: "P1D", constructPath: "data/orders-ltr" },
    { name: "audit-2026", maxAge: null, constructPath: "data/orders-audit-ltr" },
  ],
  latest: { maxAge: "P7D", constructPath: "data/elsewhere" },
  series: [],
  scheduled: [
    {
      policyAddress: "azurerm_data_protection_backup_policy_postgresql_flexible_server.weekly",
      policyName: null,
      instanceAddress: "azurerm_data_protection_backup_instance_postgresql_flexible_server.orders",
      repeatingIntervals: ["R/2026-01-04T02:00:00+01:00/P1W"],
      timeZone: null,
      ianaTimeZone: "UTC",
      runs: 2,
      grace: "PT6H",
      constructPath: "data/vault",
    },
  ],
};

describe("the compact form of the declared servers", () => {
  const added: CheckedServer[] = [
    ...["pg-a", "pg-b", "pg-c"].map((name) => ({
      stack: "data",
      subscriptionId: SUBSCRIPTION,
      expectations: presetServer(name),
    })),
    { stack: "billing", subscriptionId: OTHER_SUBSCRIPTION, expectations: mergedServer },
  ];
  const servers = new DeclaredServers();
  for (const server of added) servers.add(server);

  it("gives every server back as it was declared, field for field and in the same key order", () => {
    // The findings' construct paths, addresses and names come from here, and the fingerprint of a
    // shard must not depend on how the check stored the server.
    expect(servers.size).toBe(added.length);
    added.forEach((server, i) => {
      expect(servers.server(i)).toEqual(server);
      expect(JSON.stringify(servers.server(i))).toBe(JSON.stringify(server));
    });
  });

  it("plans each server as its declaration would be planned", () => {
    added.forEach((server, i) => {
      expect(serverChecks(servers.server(i), now)).toEqual(serverChecks(server, now));
      expect(servers.checkCount(i, now)).toBe(serverCheckCount(server, now));
    });
    // A later instant counts anew (series occurrences move on).
    const later = new Date("2027-03-01T00:00:00Z");
    expect(servers.checkCount(0, later)).toBe(serverCheckCount(added[0] as CheckedServer, later));
  });

  it("keeps names for the result order and lanes without building the server", () => {
    expect(servers.stack(3)).toBe("billing");
    expect(servers.resourceGroupName(3)).toBe("RG-Data");
    expect(servers.resourceGroupKey(3)).toBe("rg-data");
    expect(servers.subscriptionId(3)).toBe(OTHER_SUBSCRIPTION);
    expect(servers.serverName(1)).toBe("pg-b");
  });

  it("hands out servers the caller may change without changing the next one handed out", () => {
    const first = servers.server(0);
    (first.expectations.backups as { name: string }[])[0]!.name = "changed";
    expect(servers.server(0).expectations.backups[0]?.name).toBe("monthly-2026-10");
    expect(servers.server(1).expectations.backups[0]?.name).toBe("monthly-2026-10");
  });
});

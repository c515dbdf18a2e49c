import { readDeclaredServers, type ReadDeclaredServersOptions } from "../../lib/check/read-declared-servers";
import {
  expectationsDocument,
  serverExpectations,
  temporaryFolder,
  writeCdktfOut,
} from "./support/cdktf-out-fixture";
import { SUBSCRIPTION } from "./support/fake-arm";
import { inputError } from "./support/input-error";

const now = new Date("2026-11-27T12:00:00Z");
const nightly = [{ name: "nightly", maxAge: "P1D", constructPath: "app/orders-ltr" }];

/** Three stacks read one after another; the last declares a server the first two do not. */
function estate(): string {
  const folder = temporaryFolder();
  return writeCdktfOut(folder, [
    {
      name: "data",
      document: {
        ...expectationsDocument("data", [serverExpectations({ serverName: "pg-orders", backups: nightly })]),
        exemptions: [
          {
            constructPath: "data/scratch",
            address: "azurerm_postgresql_flexible_server.scratch",
            resourceGroupName: "rg-data",
            serverName: "pg-scratch",
            reason: "a throwaway server for load tests",
            expires: null,
            exemptedScope: "data/scratch",
          },
        ],
      },
    },
    { name: "network" },
    {
      name: "billing",
      document: expectationsDocument("billing", [
        serverExpectations({ serverName: "pg-billing", subscriptionId: null, backups: nightly }),
      ]),
    },
  ]);
}

function read(outDir: string, overrides: Partial<ReadDeclaredServersOptions> = {}) {
  return readDeclaredServers({ outDir, terraformStates: [], subscription: { env: {} }, now, ...overrides });
}

describe("reading the declared servers one stack at a time", () => {
  it("keeps every stack's servers in stack order, with their subscriptions and the exemptions of every stack", () => {
    const declared = read(estate(), { subscription: { subscriptionId: SUBSCRIPTION, env: {} } });
    expect(declared.servers.size).toBe(2);
    expect([0, 1].map((i) => `${declared.servers.stack(i)}/${declared.servers.serverName(i)}`)).toEqual([
      "data/pg-orders",
      "billing/pg-billing",
    ]);
    expect(declared.servers.subscriptionId(1)).toBe(SUBSCRIPTION);
    expect(declared.exempt.map((server) => server.subject)).toEqual(["pg-scratch"]);
    expect(declared.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("keeps a server without a subscription as unresolved, with the reason, and fingerprints it apart", () => {
    const withFallback = read(estate(), { subscription: { subscriptionId: SUBSCRIPTION, env: {} } });
    const without = read(estate());
    expect(without.servers.size).toBe(1);
    expect(without.unresolved.map((server) => server.reason)).toEqual([
      expect.stringMatching(/^no subscription for server rg-data\/pg-billing \(stack billing\)/),
    ]);
    expect(without.fingerprint).not.toBe(withFallback.fingerprint);
  });

  it("names an unknown --server only after every stack was read, listing the servers of all of them", () => {
    expect(inputError(() => read(estate(), { servers: ["pg-order"] }))).toBe(
      'unknown server "pg-order" (--server): the servers with LTR backup expectations are pg-orders, pg-billing; did you mean "pg-orders"?',
    );
  });

  it("keeps only the servers named, and the exemptions of the stacks without them", () => {
    const declared = read(estate(), {
      servers: ["PG-BILLING"],
      subscription: { subscriptionId: SUBSCRIPTION, env: {} },
    });
    expect(declared.servers.size).toBe(1);
    expect(declared.servers.serverName(0)).toBe("pg-billing");
    expect(declared.exempt).toHaveLength(1);
  });

  it("says what is wrong with a document before what is wrong with --server or --subscription", () => {
    const folder = temporaryFolder();
    const outDir = writeCdktfOut(folder, [
      { name: "data", document: expectationsDocument("data", [serverExpectations({ backups: nightly })]) },
      { name: "billing", document: "{ not json" },
    ]);
    const said = inputError(() =>
      read(outDir, { servers: ["nowhere"], subscription: { subscriptionId: "prod", env: {} } }),
    );
    expect(said).toMatch(/billing\/pg-ltr\.expectations\.json is not JSON/);
    expect(
      inputError(() =>
        read(estate(), { servers: ["nowhere"], subscription: { subscriptionId: "prod", env: {} } }),
      ),
    ).toMatch(/^unknown server "nowhere"/);
    expect(inputError(() => read(estate(), { subscription: { subscriptionId: "prod", env: {} } }))).toMatch(
      /^--subscription "prod" is not a subscription id/,
    );
  });
});

import { PgLtrInputError } from "../../lib/errors/input-error";
import { type EmulatorState, startEmulator } from "../../lib/emulator/start-emulator";
import { loadEmulatorState } from "../../lib/emulator/state/emulator-state";
import { httpsRequest } from "./support/https-request";
import { SUBSCRIPTION, fixtureState } from "./support/fixture-state";

function stateWithOperations(operations: unknown[]): EmulatorState {
  return {
    subscriptions: {
      [SUBSCRIPTION]: {
        resourceGroups: { rg: { servers: { "orders-db": { ltrBackupOperations: operations } } } },
      },
    },
  } as EmulatorState;
}

describe("emulator state validation", () => {
  it("accepts malformed operation fields on purpose: only backupName is required", () => {
    expect(() =>
      loadEmulatorState(
        stateWithOperations([
          { backupName: "a", status: 42, startTime: "yesterday", percentComplete: 150, extra: [1] },
        ]),
      ),
    ).not.toThrow();
  });

  it("refuses two operations with the same name on one server, ignoring case, naming the second by pointer", () => {
    expect(() =>
      loadEmulatorState(stateWithOperations([{ backupName: "weekly-1" }, { backupName: "WEEKLY-1" }])),
    ).toThrow(
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/servers/orders-db/ltrBackupOperations/1/backupName repeats the backup name "WEEKLY-1"`,
    );
  });

  it.each([
    [
      "backupName",
      stateWithOperations([{ backupName: ".." }]),
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/servers/orders-db/ltrBackupOperations/0/backupName must not be "." or "..", which URLs collapse.`,
    ],
    [
      "server",
      { subscriptions: { [SUBSCRIPTION]: { resourceGroups: { rg: { servers: { orders_db: {} } } } } } },
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/servers has the key "orders_db", which must match the pattern ^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$.`,
    ],
    [
      "resource group",
      { subscriptions: { [SUBSCRIPTION]: { resourceGroups: { "rg.": { servers: {} } } } } },
      `/subscriptions/${SUBSCRIPTION}/resourceGroups has the key "rg.", which must not end in ".".`,
    ],
  ])("holds a %s name to the generated name rule", (_kind, state, message) => {
    expect(() => loadEmulatorState(state as EmulatorState)).toThrow(`Emulator state is invalid: ${message}`);
  });

  it("names a backup name that could not be a URL segment", () => {
    expect(() => loadEmulatorState(stateWithOperations([{ backupName: "a/b" }]))).toThrow(
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/servers/orders-db/ltrBackupOperations/0/backupName must match the pattern ^[-\\w\\._]+$.`,
    );
  });

  it("refuses unknown keys where a typo would silently serve nothing", () => {
    const state = { subscriptions: { [SUBSCRIPTION]: { resourceGroups: { rg: { server: {} } } } } };
    expect(() => loadEmulatorState(state as unknown as EmulatorState)).toThrow(
      `Emulator state is invalid: /subscriptions/${SUBSCRIPTION}/resourceGroups/rg must have the property "servers"; /subscriptions/${SUBSCRIPTION}/resourceGroups/rg has an unknown property "server".`,
    );
  });

  it("refuses switches with values the emulator does not know, naming the allowed ones", () => {
    const state = {
      missingServerCode: "Gone",
      subscriptions: {
        [SUBSCRIPTION]: {
          resourceGroups: { rg: { servers: { "orders-db": { startLtrBackup: { outcome: "Exploded" } } } } },
        },
      },
    };
    expect(() => loadEmulatorState(state as unknown as EmulatorState)).toThrow(
      `Emulator state is invalid: /subscriptions/${SUBSCRIPTION}/resourceGroups/rg/servers/orders-db/startLtrBackup/outcome must be one of "Succeeded", "Failed", "Cancelled"; ` +
        `/missingServerCode must be one of "ResourceNotFound", "ParentResourceNotFound".`,
    );
  });

  it("refuses bad startEmulator options with a PgLtrInputError naming the option", async () => {
    await expect(startEmulator({ state: fixtureState(), pageSize: 0 })).rejects.toThrow(
      new PgLtrInputError("Emulator option pageSize must be a whole number 1 or more, not 0."),
    );
    await expect(
      startEmulator({ state: fixtureState(), throttle: { bucket: 10, refillPerSecond: 0 } }),
    ).rejects.toThrow("Emulator option throttle.refillPerSecond must be a number above 0, not 0.");
    await expect(
      startEmulator({ state: fixtureState(), writeThrottle: { bucket: 0, refillPerSecond: 10 } }),
    ).rejects.toThrow("Emulator option writeThrottle.bucket must be a whole number 1 or more, not 0.");
    await expect(
      startEmulator({ state: fixtureState(), missingServerCode: "NotFound" as "ResourceNotFound" }),
    ).rejects.toThrow(
      'Emulator option missingServerCode must be ResourceNotFound or ParentResourceNotFound, not "NotFound".',
    );
  });

  it("says when the port is taken", async () => {
    const first = await startEmulator({ state: fixtureState() });
    try {
      const port = Number(new URL(first.url).port);
      await expect(startEmulator({ state: fixtureState(), port })).rejects.toThrow(
        `Port ${port} is already in use; choose another port or 0 for any free port.`,
      );
    } finally {
      await first.close();
    }
  });
});

describe("the demo state examples/basic/emulator-state.json", () => {
  it("is valid and serves the four servers of the example app, listing billing-db over two pages", async () => {
    const emulator = await startEmulator({ state: `${__dirname}/../../examples/basic/emulator-state.json` });
    try {
      const base = `${emulator.url}/subscriptions/3f2b8c1e-6d4a-4b7e-9c2d-8a1f5e7b9c30/resourceGroups/rg-data-prod/providers/Microsoft.DBforPostgreSQL/flexibleServers`;
      const headers = { authorization: "Bearer demo-emulator-token" };
      for (const server of ["orders-db", "billing-db", "analytics-db", "scratch-db"]) {
        const answer = await httpsRequest(`${base}/${server}/ltrBackupOperations?api-version=2025-08-01`, {
          ca: emulator.caCertificate,
          headers,
        });
        expect([server, answer.status]).toEqual([server, 200]);
      }
      const billing = await httpsRequest(`${base}/billing-db/ltrBackupOperations?api-version=2025-08-01`, {
        ca: emulator.caCertificate,
        headers,
      });
      expect((billing.json as { nextLink?: string }).nextLink).toBeDefined();
      const missing = await httpsRequest(
        `${base}/billing-db/ltrBackupOperations/weekly-2026-11-08?api-version=2025-08-01`,
        {
          ca: emulator.caCertificate,
          headers,
        },
      );
      expect(missing.status).toBe(404);
    } finally {
      await emulator.close();
    }
  });
});

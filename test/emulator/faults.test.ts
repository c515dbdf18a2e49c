import { request } from "node:https";
import { PostgreSQLManagementFlexibleServerClient } from "@azure/arm-postgresql-flexible";
import { PgLtrInputError } from "../../lib/errors/input-error";
import {
  type FaultSpec,
  type RunningEmulator,
  parseFaultSpec,
  startEmulator,
} from "../../lib/emulator/start-emulator";
import { httpsRequest } from "./support/https-request";
import { ACCESS_TOKEN, RESOURCE_GROUP, SUBSCRIPTION, fixtureState } from "./support/fixture-state";

const SERVERS = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.DBforPostgreSQL/flexibleServers`;
const AUTH = { authorization: `Bearer ${ACCESS_TOKEN}` };
const backupPath = (server: string, backup: string) =>
  `${SERVERS}/${server}/ltrBackupOperations/${backup}?api-version=2025-08-01`;

async function withEmulator(
  faults: FaultSpec[],
  run: (emulator: RunningEmulator) => Promise<void>,
): Promise<void> {
  const emulator = await startEmulator({ state: fixtureState(), throttle: false, faults });
  try {
    await run(emulator);
  } finally {
    await emulator.close();
  }
}

/** The outcome of one request: its status, or the network error code when no answer came. */
async function outcome(
  emulator: RunningEmulator,
  path: string,
  timeoutMs?: number,
): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(
      `${emulator.url}${path}`,
      { ca: emulator.caCertificate, headers: AUTH, agent: false, timeout: timeoutMs },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error("timed out"), { code: "TIMEOUT" })));
    req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}

function sdkClient(emulator: RunningEmulator) {
  return new PostgreSQLManagementFlexibleServerClient(
    { getToken: async () => ({ token: ACCESS_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }) },
    SUBSCRIPTION,
    {
      endpoint: emulator.url,
      tlsOptions: { ca: emulator.caCertificate },
      retryOptions: { maxRetries: 3, retryDelayInMs: 10, maxRetryDelayInMs: 50 },
    },
  );
}

describe("faults on demand", () => {
  it("reset,count=2,match=orders-db drops the first two connections about orders-db and no others", async () => {
    await withEmulator([parseFaultSpec("reset,count=2,match=orders-db")], async (emulator) => {
      expect(await outcome(emulator, backupPath("empty-db", "x"))).toBe(404);
      expect(await outcome(emulator, backupPath("orders-db", "daily-2026-10-01"))).toBe("ECONNRESET");
      expect(await outcome(emulator, `${SERVERS}/orders-db/ltrBackupOperations?api-version=2025-08-01`)).toBe(
        "ECONNRESET",
      );
      expect(await outcome(emulator, backupPath("orders-db", "daily-2026-10-01"))).toBe(200);
      expect(emulator.stats()).toMatchObject({ requests: 4, resets: 2, byStatus: { 200: 1, 404: 1 } });
    });
  });

  it("the official SDK retries a reset connection and a 500 and gets the backup", async () => {
    await withEmulator(
      [parseFaultSpec("reset,count=1"), parseFaultSpec("status=500,count=1")],
      async (emulator) => {
        const operation = await sdkClient(emulator).backupsLongTermRetention.get(
          RESOURCE_GROUP,
          "orders-db",
          "daily-2026-10-01",
        );
        expect(operation.status).toBe("Succeeded");
        expect(emulator.stats()).toMatchObject({ resets: 1, byStatus: { 500: 1, 200: 1 } });
      },
    );
  });

  it("status=503,every=3 fails exactly every third request with ARM's ServiceUnavailable body", async () => {
    await withEmulator([parseFaultSpec("status=503,every=3,retry-after=2")], async (emulator) => {
      const statuses: Array<number | string> = [];
      for (let i = 0; i < 9; i++)
        statuses.push(await outcome(emulator, backupPath("orders-db", "daily-2026-10-01")));
      expect(statuses).toEqual([200, 200, 503, 200, 200, 503, 200, 200, 503]);
      const answer = await httpsRequest(`${emulator.url}${backupPath("orders-db", "daily-2026-10-01")}`, {
        ca: emulator.caCertificate,
        headers: AUTH,
      });
      expect(answer.status).toBe(200);
      await httpsRequest(`${emulator.url}${backupPath("orders-db", "daily-2026-10-01")}`, {
        ca: emulator.caCertificate,
        headers: AUTH,
      });
      const failed = await httpsRequest(`${emulator.url}${backupPath("orders-db", "daily-2026-10-01")}`, {
        ca: emulator.caCertificate,
        headers: AUTH,
      });
      expect(failed.status).toBe(503);
      expect(failed.headers["retry-after"]).toBe("2");
      expect(failed.json).toMatchObject({ error: { code: "ServiceUnavailable" } });
    });
  });

  it("status=503,rate=0.3 fails about 30% of requests, in the same pattern for the same seed", async () => {
    const pattern = async (): Promise<string> => {
      let marks = "";
      await withEmulator([parseFaultSpec("status=503,rate=0.3,seed=42")], async (emulator) => {
        for (let i = 0; i < 40; i++)
          marks += (await outcome(emulator, backupPath("orders-db", "daily-2026-10-01"))) === 503 ? "x" : ".";
      });
      return marks;
    };
    const first = await pattern();
    const failures = first.split("").filter((mark) => mark === "x").length;
    expect(failures).toBeGreaterThan(4);
    expect(failures).toBeLessThan(22);
    expect(await pattern()).toBe(first);
  });

  it("malformed,match=SERVER/BACKUP cuts that backup's JSON in half and leaves others intact", async () => {
    await withEmulator([parseFaultSpec("malformed,match=orders-db/daily-2026-10-02")], async (emulator) => {
      const broken = await httpsRequest(`${emulator.url}${backupPath("orders-db", "daily-2026-10-02")}`, {
        ca: emulator.caCertificate,
        headers: AUTH,
      });
      expect(broken.status).toBe(200);
      expect(broken.json).toBeUndefined();
      expect(broken.text.startsWith('{"id":"/subscriptions/')).toBe(true);
      const intact = await httpsRequest(`${emulator.url}${backupPath("orders-db", "daily-2026-10-03")}`, {
        ca: emulator.caCertificate,
        headers: AUTH,
      });
      expect(intact.json).toMatchObject({ name: "daily-2026-10-03" });
    });
  });

  it("malformed=html answers an HTML page where JSON belongs", async () => {
    await withEmulator([parseFaultSpec("malformed=html,count=1")], async (emulator) => {
      const page = await httpsRequest(`${emulator.url}${backupPath("orders-db", "daily-2026-10-02")}`, {
        ca: emulator.caCertificate,
        headers: AUTH,
      });
      expect(page.headers["content-type"]).toBe("text/html");
      expect(page.text).toMatch(/^<!DOCTYPE html>/);
    });
  });

  it("delay=MS holds a matching answer past the client's timeout while other requests answer", async () => {
    await withEmulator([parseFaultSpec("delay=20000,match=orders-db/daily-2026-10-02")], async (emulator) => {
      expect(await outcome(emulator, backupPath("orders-db", "daily-2026-10-02"), 300)).toBe("TIMEOUT");
      expect(await outcome(emulator, backupPath("orders-db", "daily-2026-10-03"), 5000)).toBe(200);
    });
  });
});

describe("the fault SPEC grammar", () => {
  it("parses every kind with its modifiers", () => {
    expect(parseFaultSpec("status=503,rate=0.3")).toEqual({ kind: "status", status: 503, rate: 0.3 });
    expect(parseFaultSpec("reset,count=2,match=orders-db")).toEqual({
      kind: "reset",
      count: 2,
      match: "orders-db",
    });
    expect(parseFaultSpec("delay=5000,match=orders-db/pre-upgrade-2026-11")).toEqual({
      kind: "delay",
      delayMs: 5000,
      match: "orders-db/pre-upgrade-2026-11",
    });
    expect(parseFaultSpec("malformed,match=analytics-db/migration-baseline")).toEqual({
      kind: "malformed",
      match: "analytics-db/migration-baseline",
    });
    expect(parseFaultSpec("status=500,every=4,count=3,retry-after=5")).toEqual({
      kind: "status",
      status: 500,
      every: 4,
      count: 3,
      retryAfterSeconds: 5,
    });
    expect(parseFaultSpec("outcome=failed,match=orders-db,count=1")).toEqual({
      kind: "outcome",
      outcome: "Failed",
      match: "orders-db",
      count: 1,
    });
    expect(parseFaultSpec("outcome=Cancelled")).toEqual({ kind: "outcome", outcome: "Cancelled" });
    expect(parseFaultSpec("sync,match=orders-db")).toEqual({ kind: "sync", match: "orders-db" });
  });

  it.each([
    ["remaining=-5,match=orders-db", { kind: "remaining", remaining: -5, match: "orders-db" }],
    ["status=429,retry-after-date=600", { kind: "status", status: 429, retryAfterDateSeconds: 600 }],
    ["status=503,retry-after-ms=1500", { kind: "status", status: 503, retryAfterMs: 1500 }],
    ["body-size=40000000", { kind: "body-size", bytes: 40_000_000 }],
    ["gzip-bomb", { kind: "gzip-bomb" }],
    ["gzip-bomb=1000000,count=1", { kind: "gzip-bomb", inflatedBytes: 1_000_000, count: 1 }],
    ["reset=mid-body,count=1", { kind: "reset", midBody: true, count: 1 }],
  ])("parses %s", (spec, parsed) => {
    expect(parseFaultSpec(spec)).toEqual(parsed);
  });

  it.each([
    ["explode", 'unknown kind "explode"'],
    ["status", "status needs a code"],
    ["status=200", "status must be a whole number from 400 to 599"],
    ["status=503,rate=1.5", "rate must be a number with 0 < rate <= 1"],
    ["status=503,every=2,rate=0.5", "every and rate cannot be combined"],
    ["reset,count=0", "count must be a whole number from 1 up"],
    ["reset,matc=orders-db", 'unknown modifier "matc"'],
    ["delay=soon", "delay must be a whole number"],
    ["reset,match=a/b/c", "match must be SERVER or SERVER/BACKUP"],
    ["malformed=xml", "malformed takes truncated or html"],
    ["reset,retry-after=3", "retry-after only applies to status=CODE"],
    ["outcome", "outcome takes succeeded, failed or cancelled"],
    ["outcome=exploded", "outcome takes succeeded, failed or cancelled"],
    ["sync=yes", "sync takes no value"],
    ["remaining=0,retry-after-ms=5", "retry-after-ms only applies to status=CODE"],
    ["remaining=lots", "remaining must be a whole number"],
    ["reset=later", "reset takes no value, or mid-body"],
    ["body-size=0", "body-size must be a whole number from 1 up"],
  ])("refuses %s with one clear sentence", (spec, why) => {
    expect(() => parseFaultSpec(spec)).toThrow(PgLtrInputError);
    expect(() => parseFaultSpec(spec)).toThrow(`Invalid --fault "${spec}": ${why}`);
  });

  it("startEmulator refuses a fault object with a bad field", async () => {
    await expect(
      startEmulator({ state: fixtureState(), faults: [{ kind: "status", status: 200 }] }),
    ).rejects.toThrow("status must be an HTTP status from 400 to 599");
  });
});

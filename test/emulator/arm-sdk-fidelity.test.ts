import { readFileSync } from "node:fs";
import type { TokenCredential } from "@azure/core-auth";
import { PostgreSQLManagementFlexibleServerClient } from "@azure/arm-postgresql-flexible";
import { RestError } from "@azure/core-rest-pipeline";
import { type RunningEmulator, startEmulator } from "../../lib/emulator/start-emulator";
import {
  ACCESS_TOKEN,
  DENIED_SUBSCRIPTION,
  RESOURCE_GROUP,
  SUBSCRIPTION,
  fixtureState,
} from "./support/fixture-state";

// The official Azure SDK is the independent judge: if it reads the emulator's answers as it reads
// Azure's, the checker tested against the emulator will behave the same against Azure. The SDK gets
// a stub credential, as a test of any Azure client would: no token dance.

const tokenCredential = (token: string): TokenCredential => ({
  getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
});

/** A token nobody issued, as a stub credential hands out. */
const STUB_TOKEN = "stub-credential-token";

function sdkClient(
  emulator: RunningEmulator,
  options: { subscriptionId?: string; token?: string; apiVersion?: string } = {},
) {
  return new PostgreSQLManagementFlexibleServerClient(
    tokenCredential(options.token ?? STUB_TOKEN),
    options.subscriptionId ?? SUBSCRIPTION,
    {
      endpoint: emulator.url,
      apiVersion: options.apiVersion,
      tlsOptions: { ca: emulator.caCertificate },
      retryOptions: { maxRetries: 3, retryDelayInMs: 20, maxRetryDelayInMs: 100 },
    },
  );
}

async function restErrorOf(promise: Promise<unknown>): Promise<RestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RestError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("the emulator as the official @azure/arm-postgresql-flexible client sees it", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ state: fixtureState(), pageSize: 10, opDurationMs: 300 });
  });
  afterAll(() => emulator.close());

  it("listens on https://127.0.0.1 with its own CA, written to a PEM file", () => {
    expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.authorityHost).toBe(emulator.url);
    expect(emulator.caCertificate).toContain("-----BEGIN CERTIFICATE-----");
    expect(readFileSync(emulator.caCertificatePath, "utf8")).toBe(emulator.caCertificate);
  });

  it("get returns the operation the state holds, with its ARM id, name and type", async () => {
    const operation = await sdkClient(emulator).backupsLongTermRetention.get(
      RESOURCE_GROUP,
      "orders-db",
      "daily-2026-10-05",
    );
    expect(operation).toMatchObject({
      id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.DBforPostgreSQL/flexibleServers/orders-db/ltrBackupOperations/daily-2026-10-05`,
      name: "daily-2026-10-05",
      type: "Microsoft.DBforPostgreSQL/flexibleServers/ltrBackupOperations",
      backupName: "daily-2026-10-05",
      status: "Succeeded",
      percentComplete: 100,
      datasourceSizeInBytes: 1005,
    });
    expect(operation.startTime?.toISOString()).toBe("2026-10-05T01:00:00.000Z");
    expect(operation.endTime?.toISOString()).toBe("2026-10-05T01:20:00.000Z");
    expect(operation.systemData?.createdAt?.toISOString()).toBe("2026-10-05T01:00:00.000Z");
  });

  it("matches resource group, server and backup names case-insensitively, answering with the stored casing", async () => {
    const operation = await sdkClient(emulator).backupsLongTermRetention.get(
      "RG-TEST",
      "Orders-DB",
      "DAILY-2026-10-05",
    );
    expect(operation.name).toBe("daily-2026-10-05");
    expect(operation.id).toContain(
      "/resourceGroups/rg-test/providers/Microsoft.DBforPostgreSQL/flexibleServers/orders-db/",
    );
  });

  it("serves failed operations with their error code and message", async () => {
    const operation = await sdkClient(emulator).backupsLongTermRetention.get(
      RESOURCE_GROUP,
      "orders-db",
      "quarter-end-2026-q3",
    );
    expect(operation).toMatchObject({
      status: "Failed",
      errorCode: "LtrBackupStorageUnreachable",
      errorMessage: "The storage container could not be reached.",
    });
  });

  it("listByServer pages through nextLink and returns every operation in state order", async () => {
    emulator.resetStats();
    const pages: string[][] = [];
    for await (const page of sdkClient(emulator)
      .backupsLongTermRetention.listByServer(RESOURCE_GROUP, "orders-db")
      .byPage()) {
      pages.push(page.map((operation) => operation.name ?? ""));
    }
    expect(pages.map((page) => page.length)).toEqual([10, 10, 3]);
    expect(pages.flat()).toEqual([
      ...Array.from({ length: 21 }, (_, i) => `daily-2026-10-${String(i + 1).padStart(2, "0")}`),
      "quarter-end-2026-q3",
      "broken-one",
    ]);
    expect(emulator.stats()).toMatchObject({ requests: 3, byStatus: { 200: 3 } });
  });

  it("listByServer of a server without operations is an empty list", async () => {
    const names: string[] = [];
    for await (const operation of sdkClient(emulator).backupsLongTermRetention.listByServer(
      RESOURCE_GROUP,
      "empty-db",
    )) {
      names.push(operation.name ?? "");
    }
    expect(names).toEqual([]);
  });

  it("a missing backup is a RestError 404 NotFound", async () => {
    const error = await restErrorOf(
      sdkClient(emulator).backupsLongTermRetention.get(RESOURCE_GROUP, "orders-db", "never-taken"),
    );
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe("NotFound");
    expect(error.message).toContain("never-taken");
  });

  it("a missing server is a RestError 404 ResourceNotFound worded as ARM words it", async () => {
    const error = await restErrorOf(
      sdkClient(emulator).backupsLongTermRetention.get(RESOURCE_GROUP, "gone-db", "daily-2026-10-05"),
    );
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe("ResourceNotFound");
    expect(error.message).toContain(
      "The Resource 'Microsoft.DBforPostgreSQL/flexibleServers/gone-db' under resource group 'rg-test' was not found.",
    );
  });

  it("a missing server can be answered as ARM's 404 ParentResourceNotFound, for get and listByServer", async () => {
    const parent = await startEmulator({
      state: fixtureState(),
      missingServerCode: "ParentResourceNotFound",
    });
    try {
      const client = sdkClient(parent);
      const get = await restErrorOf(client.backupsLongTermRetention.get(RESOURCE_GROUP, "gone-db", "x"));
      const list = await restErrorOf(
        client.backupsLongTermRetention.listByServer(RESOURCE_GROUP, "gone-db").next(),
      );
      for (const error of [get, list]) {
        expect([error.statusCode, error.code, error.message]).toEqual([
          404,
          "ParentResourceNotFound",
          "Can not perform requested operation on nested resource. Parent resource 'gone-db' not found.",
        ]);
      }
      // A backup missing from a server that exists is still the resource provider's NotFound.
      const backup = await restErrorOf(client.backupsLongTermRetention.get(RESOURCE_GROUP, "orders-db", "x"));
      expect([backup.statusCode, backup.code]).toEqual([404, "NotFound"]);
    } finally {
      await parent.close();
    }
  });

  it("a missing resource group is 404 ResourceGroupNotFound, a missing subscription 404 SubscriptionNotFound", async () => {
    const group = await restErrorOf(
      sdkClient(emulator).backupsLongTermRetention.get("rg-other", "orders-db", "x"),
    );
    expect([group.statusCode, group.code]).toEqual([404, "ResourceGroupNotFound"]);
    const subscription = await restErrorOf(
      sdkClient(emulator, {
        subscriptionId: "00000000-0000-4000-8000-000000000000",
      }).backupsLongTermRetention.get(RESOURCE_GROUP, "orders-db", "x"),
    );
    expect([subscription.statusCode, subscription.code]).toEqual([404, "SubscriptionNotFound"]);
  });

  it("a subscription marked denied answers 403 AuthorizationFailed naming the action and scope", async () => {
    const error = await restErrorOf(
      sdkClient(emulator, { subscriptionId: DENIED_SUBSCRIPTION }).backupsLongTermRetention.get(
        RESOURCE_GROUP,
        "secret-db",
        "x",
      ),
    );
    expect(error.statusCode).toBe(403);
    expect(error.code).toBe("AuthorizationFailed");
    expect(error.message).toContain("'Microsoft.DBforPostgreSQL/flexibleServers/ltrBackupOperations/read'");
    expect(error.message).toContain(`/subscriptions/${DENIED_SUBSCRIPTION}/resourceGroups/rg-test/`);
  });

  it("accepts any well-formed bearer token by default, so a stub credential just works", async () => {
    for (const token of [STUB_TOKEN, "anything", "eyJhbGciOiJub25lIn0.eyJvaWQiOiJ4In0.c2ln"]) {
      const operation = await sdkClient(emulator, { token }).backupsLongTermRetention.get(
        RESOURCE_GROUP,
        "orders-db",
        "daily-2026-10-05",
      );
      expect(operation.status).toBe("Succeeded");
    }
  });

  it("with strictAuth, a token the emulator neither issued nor lists is 401 InvalidAuthenticationToken", async () => {
    const strict = await startEmulator({ state: fixtureState(), strictAuth: true });
    try {
      const error = await restErrorOf(
        sdkClient(strict, { token: STUB_TOKEN }).backupsLongTermRetention.get(
          RESOURCE_GROUP,
          "orders-db",
          "daily-2026-10-05",
        ),
      );
      expect([error.statusCode, error.code]).toEqual([401, "InvalidAuthenticationToken"]);
      const listed = await sdkClient(strict, { token: ACCESS_TOKEN }).backupsLongTermRetention.get(
        RESOURCE_GROUP,
        "orders-db",
        "daily-2026-10-05",
      );
      expect(listed.status).toBe("Succeeded");
    } finally {
      await strict.close();
    }
  });

  it("an api-version it does not serve is 400 NoRegisteredProviderFound, worded as ARM words it", async () => {
    const error = await restErrorOf(
      sdkClient(emulator, { apiVersion: "2099-01-01" }).backupsLongTermRetention.get(
        RESOURCE_GROUP,
        "orders-db",
        "daily-2026-10-05",
      ),
    );
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe("NoRegisteredProviderFound");
    expect(error.message).toBe(
      "No registered resource provider found for location 'westeurope' and API version '2099-01-01' for type " +
        "'flexibleServers/ltrBackupOperations'. The supported api-versions are " +
        "'2023-03-01-preview, 2024-08-01, 2025-08-01, 2026-10-01'. The supported locations are 'westeurope'.",
    );
  });

  it("api-versions 2023-03-01-preview, 2024-08-01 and 2026-10-01 serve the same payloads as 2025-08-01", async () => {
    const current = await sdkClient(emulator).backupsLongTermRetention.get(
      RESOURCE_GROUP,
      "orders-db",
      "daily-2026-10-05",
    );
    for (const apiVersion of ["2023-03-01-preview", "2024-08-01", "2026-10-01"]) {
      const operation = await sdkClient(emulator, { apiVersion }).backupsLongTermRetention.get(
        RESOURCE_GROUP,
        "orders-db",
        "daily-2026-10-05",
      );
      expect(operation).toEqual(current);
    }
  });

  it("checkPrerequisites answers numberOfContainers 1", async () => {
    const answer = await sdkClient(emulator).backupsLongTermRetention.checkPrerequisites(
      RESOURCE_GROUP,
      "orders-db",
      {
        backupSettings: { backupName: "pre-check" },
      },
    );
    expect(answer.numberOfContainers).toBe(1);
  });

  it("beginStartAndWait polls the long-running operation until it Succeeds, and the backup is then listed", async () => {
    const client = sdkClient(emulator);
    emulator.resetStats();
    const result = await client.backupsLongTermRetention.beginStartAndWait(
      RESOURCE_GROUP,
      "empty-db",
      {
        backupSettings: { backupName: "on-demand-1" },
        targetDetails: { sasUriList: ["https://example.blob.core.windows.net/c?sig=x"] },
      },
      { updateIntervalInMs: 50 },
    );
    expect(result).toMatchObject({ backupName: "on-demand-1", status: "Succeeded", percentComplete: 100 });
    // 202 from startLtrBackup, then status polls until the operation is done.
    expect(emulator.stats().byStatus[202]).toBeGreaterThanOrEqual(1);
    expect(emulator.stats().requests).toBeGreaterThanOrEqual(3);
    const operation = await client.backupsLongTermRetention.get(RESOURCE_GROUP, "empty-db", "on-demand-1");
    expect(operation.status).toBe("Succeeded");
    expect(operation.endTime!.getTime()).toBeGreaterThan(operation.startTime!.getTime());
  });

  it("starting a backup under a name that exists is 409 Conflict; without targetDetails 400", async () => {
    const client = sdkClient(emulator);
    const conflict = await restErrorOf(
      client.backupsLongTermRetention.beginStartAndWait(RESOURCE_GROUP, "orders-db", {
        backupSettings: { backupName: "daily-2026-10-05" },
        targetDetails: { sasUriList: ["https://example.blob.core.windows.net/c?sig=x"] },
      }),
    );
    expect([conflict.statusCode, conflict.code]).toEqual([409, "Conflict"]);
    const invalid = await restErrorOf(
      client.backupsLongTermRetention.beginStartAndWait(RESOURCE_GROUP, "orders-db", {
        backupSettings: { backupName: "new-one" },
      } as Parameters<typeof client.backupsLongTermRetention.beginStartAndWait>[2]),
    );
    expect([invalid.statusCode, invalid.code, invalid.message]).toEqual([
      400,
      "InvalidParameterValue",
      "The request body must contain targetDetails.",
    ]);
  });

  it("validates the body as the specification does: Azure's backup name rule, an empty sasUriList allowed", async () => {
    const client = sdkClient(emulator);
    // Underscores and dots pass Azure's current rule (^[-\w\._]+$), which the old pattern refused.
    const started = await client.backupsLongTermRetention.beginStartAndWait(
      RESOURCE_GROUP,
      "empty-db",
      { backupSettings: { backupName: "pre_upgrade.2026" }, targetDetails: { sasUriList: [] } },
      { updateIntervalInMs: 50 },
    );
    expect(started).toMatchObject({ backupName: "pre_upgrade.2026", status: "Succeeded" });
    const badName = await restErrorOf(
      client.backupsLongTermRetention.beginStartAndWait(RESOURCE_GROUP, "empty-db", {
        backupSettings: { backupName: "pre upgrade/2026" },
        targetDetails: { sasUriList: [] },
      }),
    );
    expect([badName.statusCode, badName.code, badName.message]).toEqual([
      400,
      "InvalidParameterValue",
      "The backup name 'pre upgrade/2026' is invalid: it must match the pattern ^[-\\w\\._]+$.",
    ]);
  });
});

describe("startLtrBackup ending every way a long-running operation can, as the official client sees it", () => {
  let emulator: RunningEmulator;
  const body = (backupName: string) => ({
    backupSettings: { backupName },
    targetDetails: { sasUriList: ["https://example.blob.core.windows.net/c?sig=x"] },
  });

  beforeAll(async () => {
    const state = fixtureState();
    const group = state.subscriptions[SUBSCRIPTION]!.resourceGroups[RESOURCE_GROUP]!;
    emulator = await startEmulator({
      state: {
        ...state,
        subscriptions: {
          ...state.subscriptions,
          [SUBSCRIPTION]: {
            resourceGroups: {
              [RESOURCE_GROUP]: {
                servers: { ...group.servers, "failing-db": { startLtrBackup: { outcome: "Failed" } } },
              },
            },
          },
        },
      },
      opDurationMs: 300,
      faults: [
        // Each counts only startLtrBackup requests, so GETs of the same server do not use them up.
        { kind: "outcome", outcome: "Cancelled", match: "empty-db", count: 1 },
        { kind: "sync", match: "orders-db" },
      ],
    });
  });
  afterAll(() => emulator.close());

  it("Failed (state switch): beginStartAndWait rejects with the operation's error, and the backup is listed Failed", async () => {
    const client = sdkClient(emulator);
    await expect(
      client.backupsLongTermRetention.beginStartAndWait(RESOURCE_GROUP, "failing-db", body("doomed-1"), {
        updateIntervalInMs: 50,
      }),
    ).rejects.toThrow(
      "The long-running operation has failed. LtrBackupFailed. The long term retention backup failed: the emulator was asked to fail it (startLtrBackup outcome Failed).",
    );
    const operation = await client.backupsLongTermRetention.get(RESOURCE_GROUP, "failing-db", "doomed-1");
    expect(operation).toMatchObject({ status: "Failed", errorCode: "LtrBackupFailed", percentComplete: 40 });
  });

  it("Cancelled (fault switch): the poller ends canceled, and the backup is listed Cancelled", async () => {
    const client = sdkClient(emulator);
    const poller = await client.backupsLongTermRetention.beginStart(
      RESOURCE_GROUP,
      "empty-db",
      body("stopped-1"),
      {
        updateIntervalInMs: 50,
      },
    );
    await expect(poller.pollUntilDone()).rejects.toThrow("Operation was canceled");
    expect(poller.getOperationState().status).toBe("canceled");
    const operation = await client.backupsLongTermRetention.get(RESOURCE_GROUP, "empty-db", "stopped-1");
    expect(operation.status).toBe("Cancelled");
    // The fault fired once: the next backup on the server succeeds.
    const next = await client.backupsLongTermRetention.beginStartAndWait(
      RESOURCE_GROUP,
      "empty-db",
      body("again-1"),
      {
        updateIntervalInMs: 50,
      },
    );
    expect(next.status).toBe("Succeeded");
  });

  it("synchronous 200 (fault switch): beginStartAndWait returns the finished backup from the first answer, no polling", async () => {
    emulator.resetStats();
    const result = await sdkClient(emulator).backupsLongTermRetention.beginStartAndWait(
      RESOURCE_GROUP,
      "orders-db",
      body("instant-1"),
    );
    expect(result).toMatchObject({ backupName: "instant-1", status: "Succeeded", percentComplete: 100 });
    expect(emulator.stats()).toMatchObject({ requests: 1, byStatus: { 200: 1 } });
  });
});

describe("ARM throttling as the official client sees it", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ state: fixtureState(), throttle: { bucket: 2, refillPerSecond: 2 } });
  });
  afterAll(() => emulator.close());

  it("a throttled read is answered 429, retried by the SDK after Retry-After, and succeeds", async () => {
    const client = sdkClient(emulator);
    const names: string[] = [];
    for (const day of [1, 2, 3]) {
      const operation = await client.backupsLongTermRetention.get(
        RESOURCE_GROUP,
        "orders-db",
        `daily-2026-10-0${day}`,
      );
      names.push(operation.name ?? "");
    }
    expect(names).toEqual(["daily-2026-10-01", "daily-2026-10-02", "daily-2026-10-03"]);
    expect(emulator.stats().throttled).toBeGreaterThanOrEqual(1);
    expect(emulator.stats().byStatus[429]).toBe(emulator.stats().throttled);
  });
});

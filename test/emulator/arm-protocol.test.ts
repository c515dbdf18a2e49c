import { type RunningEmulator, startEmulator } from "../../lib/emulator/start-emulator";
import { httpsRequest } from "./support/https-request";
import { ACCESS_TOKEN, RESOURCE_GROUP, SUBSCRIPTION, fixtureState } from "./support/fixture-state";

// What the SDK hides from its callers but a hand-written client (like pg-ltr's fetch stage) sees:
// headers, raw bodies, and requests the SDK would never send.

const SERVER_PATH = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.DBforPostgreSQL/flexibleServers/orders-db`;
const AUTH = { authorization: `Bearer ${ACCESS_TOKEN}` };

/** One base64url part of a JWT, for tokens with claims the emulator reads but does not verify. */
const jwtPart = (value: object): string => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("the emulator's ARM protocol", () => {
  let emulator: RunningEmulator;
  const get = (path: string, headers: Record<string, string> = AUTH) =>
    httpsRequest(`${emulator.url}${path}`, { ca: emulator.caCertificate, headers });

  beforeAll(async () => {
    emulator = await startEmulator({ state: fixtureState() });
  });
  afterAll(() => emulator.close());

  it("tags every answer with x-ms-request-id and echoes the caller's x-ms-correlation-request-id", async () => {
    const answer = await get(`${SERVER_PATH}/ltrBackupOperations/daily-2026-10-01?api-version=2025-08-01`, {
      ...AUTH,
      "x-ms-correlation-request-id": "corr-123",
    });
    expect(answer.status).toBe(200);
    expect(answer.headers["x-ms-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers["x-ms-correlation-request-id"]).toBe("corr-123");
    expect(answer.headers["content-type"]).toBe("application/json; charset=utf-8");
  });

  it("serves malformed properties verbatim, so a checker can be tested against them", async () => {
    const answer = await get(`${SERVER_PATH}/ltrBackupOperations/broken-one?api-version=2025-08-01`);
    expect(answer.json).toEqual({
      id: `${SERVER_PATH}/ltrBackupOperations/broken-one`,
      name: "broken-one",
      type: "Microsoft.DBforPostgreSQL/flexibleServers/ltrBackupOperations",
      systemData: {
        createdBy: "pg-ltr-emulator",
        createdByType: "Application",
        lastModifiedBy: "pg-ltr-emulator",
        lastModifiedByType: "Application",
      },
      properties: {
        backupName: "broken-one",
        status: "Succeeded",
        startTime: "yesterday",
        percentComplete: 150,
      },
    });
  });

  it("without an Authorization header answers 401 AuthenticationFailed with a Bearer challenge", async () => {
    const answer = await get(`${SERVER_PATH}/ltrBackupOperations?api-version=2025-08-01`, {});
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({
      error: {
        code: "AuthenticationFailed",
        message: "Authentication failed. The 'Authorization' header is missing.",
      },
    });
    expect(answer.headers["www-authenticate"]).toMatch(
      /^Bearer authorization_uri=".*", error="invalid_token"/,
    );
  });

  it("accepts any well-formed bearer token by default, as local emulators do", async () => {
    for (const token of ["anything", "a.b.c", "dGVzdA==", "x-y_z~1+2/3"]) {
      const answer = await get(`${SERVER_PATH}/ltrBackupOperations/daily-2026-10-01?api-version=2025-08-01`, {
        authorization: `Bearer ${token}`,
      });
      expect([token, answer.status]).toEqual([token, 200]);
    }
  });

  it.each(["Basic dXNlcjpwYXNz", "Bearer", "Bearer two tokens", "Bearer not,b64token", "anything"])(
    "answers a malformed Authorization header %j with 401 AuthenticationFailed, even by default",
    async (authorization) => {
      const answer = await get(`${SERVER_PATH}/ltrBackupOperations?api-version=2025-08-01`, {
        authorization,
      });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({
        error: {
          code: "AuthenticationFailed",
          message: "Authentication failed. The 'Authorization' header is provided in an invalid format.",
        },
      });
    },
  );

  it("with strictAuth accepts only the state's tokens (and issued ones), answering others 401 InvalidAuthenticationToken", async () => {
    const strict = await startEmulator({ state: fixtureState(), strictAuth: true });
    try {
      const path = `${strict.url}${SERVER_PATH}/ltrBackupOperations?api-version=2025-08-01`;
      const listed = await httpsRequest(path, { ca: strict.caCertificate, headers: AUTH });
      expect(listed.status).toBe(200);
      const unknown = await httpsRequest(path, {
        ca: strict.caCertificate,
        headers: { authorization: "Bearer anything" },
      });
      expect(unknown.status).toBe(401);
      expect(unknown.json).toEqual({
        error: { code: "InvalidAuthenticationToken", message: "The access token is invalid." },
      });
      expect(unknown.headers["www-authenticate"]).toMatch(/^Bearer authorization_uri=/);
    } finally {
      await strict.close();
    }
  });

  it.each([
    [
      "an ARM path",
      `/subscriptions/%zz/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/s/ltrBackupOperations?api-version=2025-08-01`,
      "%zz",
    ],
    [
      "a server name cut mid-character",
      `${SERVER_PATH.replace("orders-db", "orders%E0%A4")}/ltrBackupOperations?api-version=2025-08-01`,
      "%E0%A4",
    ],
    ["the token endpoint", "/%E0%A4%A/oauth2/v2.0/token", "%A"],
  ])(
    "answers a malformed percent-encoding in %s with 400 InvalidRequestUri, not 500",
    async (_label, path, escape) => {
      const answer = await get(path);
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({
        error: {
          code: "InvalidRequestUri",
          message: `The request URI is not valid: the path has a malformed percent-encoding ("${escape}").`,
        },
      });
    },
  );

  it("without api-version answers 400 MissingApiVersionParameter, with one that is not a version InvalidApiVersionParameter", async () => {
    const answer = await get(`${SERVER_PATH}/ltrBackupOperations/daily-2026-10-01`);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: { code: "MissingApiVersionParameter" } });
    const latest = await get(`${SERVER_PATH}/ltrBackupOperations/daily-2026-10-01?api-version=latest`);
    expect(latest.status).toBe(400);
    expect(latest.json).toEqual({
      error: {
        code: "InvalidApiVersionParameter",
        message:
          "The api-version 'latest' is invalid. The supported versions are '2023-03-01-preview,2024-08-01,2025-08-01,2026-10-01'.",
      },
    });
  });

  it("names the resource type of the request in NoRegisteredProviderFound, and takes the version in any case", async () => {
    const post = await httpsRequest(
      `${emulator.url}${SERVER_PATH}/startLtrBackup?api-version=2023-06-01-preview`,
      {
        ca: emulator.caCertificate,
        method: "POST",
        headers: AUTH,
        body: "{}",
      },
    );
    expect(post.status).toBe(400);
    expect((post.json as { error: { code: string; message: string } }).error).toMatchObject({
      code: "NoRegisteredProviderFound",
      message: expect.stringContaining(
        "API version '2023-06-01-preview' for type 'flexibleServers'.",
      ) as string,
    });
    const upper = await get(
      `${SERVER_PATH}/ltrBackupOperations/daily-2026-10-01?api-version=2023-03-01-PREVIEW`,
    );
    expect(upper.status).toBe(200);
  });

  it("answers 405 for a wrong method and 404 for paths it does not serve", async () => {
    const deleted = await httpsRequest(
      `${emulator.url}${SERVER_PATH}/ltrBackupOperations/x?api-version=2025-08-01`,
      {
        ca: emulator.caCertificate,
        method: "DELETE",
        headers: AUTH,
      },
    );
    expect(deleted.status).toBe(405);
    expect(deleted.headers.allow).toBe("GET");
    expect(deleted.json).toMatchObject({ error: { code: "MethodNotAllowed" } });
    const databases = await get(`${SERVER_PATH}/databases?api-version=2025-08-01`);
    expect(databases.status).toBe(404);
    expect(databases.json).toMatchObject({ error: { code: "InvalidResourceType" } });
    const root = await get(`/nothing-here?api-version=2025-08-01`);
    expect(root.status).toBe(404);
    expect(root.json).toMatchObject({ error: { code: "NotFound" } });
  });

  it("pages with an absolute nextLink carrying api-version and $skipToken, and refuses a forged $skipToken", async () => {
    const first = await get(`${SERVER_PATH}/ltrBackupOperations?api-version=2024-08-01`);
    const { value, nextLink } = first.json as { value: unknown[]; nextLink: string };
    expect(value).toHaveLength(10);
    const next = new URL(nextLink);
    expect(next.origin).toBe(emulator.url);
    expect(next.searchParams.get("api-version")).toBe("2024-08-01");
    expect(next.searchParams.get("$skipToken")).toBeTruthy();
    const forged = await get(`${SERVER_PATH}/ltrBackupOperations?api-version=2025-08-01&$skipToken=bm9wZQ`);
    expect(forged.status).toBe(400);
    expect(forged.json).toMatchObject({ error: { code: "InvalidSkipToken" } });
  });
});

describe("the emulator's read throttling", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    // Refill so slow that the bucket stays empty for the whole test.
    emulator = await startEmulator({ state: fixtureState(), throttle: { bucket: 3, refillPerSecond: 0.01 } });
  });
  afterAll(() => emulator.close());

  it("counts reads down in x-ms-ratelimit-remaining-subscription-reads, then answers 429 with Retry-After in whole seconds", async () => {
    const url = `${emulator.url}${SERVER_PATH}/ltrBackupOperations/daily-2026-10-01?api-version=2025-08-01`;
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await httpsRequest(url, { ca: emulator.caCertificate, headers: AUTH });
      expect(answer.status).toBe(200);
      remaining.push(String(answer.headers["x-ms-ratelimit-remaining-subscription-reads"]));
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const throttled = await httpsRequest(url, { ca: emulator.caCertificate, headers: AUTH });
    expect(throttled.status).toBe(429);
    const retryAfter = String(throttled.headers["retry-after"]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number.isInteger(Number(retryAfter))).toBe(true);
    expect(throttled.headers["x-ms-ratelimit-remaining-subscription-reads"]).toBe("0");
    expect(emulator.stats().throttled).toBe(1);
  });

  it("words the 429 as ARM does, naming the subscription, the actor (the token's oid) and the wait", async () => {
    const oid = "4f1c2a9e-7b3d-4e8f-9a0b-1c2d3e4f5a6b";
    const token = `${jwtPart({ alg: "none" })}.${jwtPart({ oid, appid: "ci-app" })}.c2ln`;
    const url = `${emulator.url}${SERVER_PATH}/ltrBackupOperations/daily-2026-10-01?api-version=2025-08-01`;
    const headers = { authorization: `Bearer ${token}` };
    for (let i = 0; i < 3; i++) await httpsRequest(url, { ca: emulator.caCertificate, headers });
    const throttled = await httpsRequest(url, { ca: emulator.caCertificate, headers });
    expect(throttled.status).toBe(429);
    expect(throttled.json).toEqual({
      error: {
        code: "SubscriptionRequestsThrottled",
        message: `Number of 'read' requests for subscription '${SUBSCRIPTION}' actor '${oid}' exceeded. Please try again after '${String(throttled.headers["retry-after"])}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`,
      },
    });
  });

  it("throttles per principal: another principal in the same subscription has its own bucket", async () => {
    const answer = await httpsRequest(
      `${emulator.url}${SERVER_PATH}/ltrBackupOperations/daily-2026-10-01?api-version=2025-08-01`,
      { ca: emulator.caCertificate, headers: { authorization: "Bearer another-principal" } },
    );
    expect(answer.status).toBe(200);
    expect(answer.headers["x-ms-ratelimit-remaining-subscription-reads"]).toBe("2");
  });

  it("throttles per subscription: another subscription still has its own bucket", async () => {
    const answer = await httpsRequest(
      `${emulator.url}/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/x/ltrBackupOperations?api-version=2025-08-01`,
      { ca: emulator.caCertificate, headers: AUTH },
    );
    expect(answer.status).toBe(404);
    expect(answer.headers["x-ms-ratelimit-remaining-subscription-reads"]).toBe("2");
  });

  it("spends a separate writes bucket on POSTs, reported in x-ms-ratelimit-remaining-subscription-writes", async () => {
    const writes = await startEmulator({
      state: fixtureState(),
      writeThrottle: { bucket: 2, refillPerSecond: 0.01 },
    });
    try {
      const post = () =>
        httpsRequest(`${writes.url}${SERVER_PATH}/ltrPreBackup?api-version=2025-08-01`, {
          ca: writes.caCertificate,
          method: "POST",
          headers: { ...AUTH, "content-type": "application/json" },
          body: JSON.stringify({ backupSettings: { backupName: "pre-check" } }),
        });
      const answers = [await post(), await post(), await post()];
      expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
      expect(answers.map((a) => a.headers["x-ms-ratelimit-remaining-subscription-writes"])).toEqual([
        "1",
        "0",
        "0",
      ]);
      expect(answers[0]?.headers["x-ms-ratelimit-remaining-subscription-reads"]).toBeUndefined();
      expect((answers[2]?.json as { error: { message: string } }).error.message).toMatch(
        new RegExp(
          `^Number of 'write' requests for subscription '${SUBSCRIPTION}' actor '[0-9a-f-]{36}' exceeded\\.`,
        ),
      );
      // Reads are untouched: the default read bucket of 250 is nearly full.
      const read = await httpsRequest(
        `${writes.url}${SERVER_PATH}/ltrBackupOperations?api-version=2025-08-01`,
        {
          ca: writes.caCertificate,
          headers: AUTH,
        },
      );
      expect(read.headers["x-ms-ratelimit-remaining-subscription-reads"]).toBe("249");
    } finally {
      await writes.close();
    }
  });

  it("can be turned off", async () => {
    const unthrottled = await startEmulator({ state: fixtureState(), throttle: false });
    try {
      for (let i = 0; i < 5; i++) {
        const answer = await httpsRequest(
          `${unthrottled.url}${SERVER_PATH}/ltrBackupOperations?api-version=2025-08-01`,
          {
            ca: unthrottled.caCertificate,
            headers: AUTH,
          },
        );
        expect(answer.status).toBe(200);
      }
    } finally {
      await unthrottled.close();
    }
  });
});

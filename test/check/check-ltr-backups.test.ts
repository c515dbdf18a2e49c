import type { TokenCredential } from "@azure/core-auth";
import { AggregateAuthenticationError, CredentialUnavailableError } from "@azure/identity";
import { accessTokenCredential, checkLtrBackups, streamLtrBackups } from "../../lib/check/check-ltr-backups";
import { PgLtrInputError } from "../../lib/errors/input-error";
import type { CheckOptions, CheckProgress } from "../../lib/check/options";
import { exitCodeFor } from "../../lib/check/result";
import type { ServerExpectations } from "../../lib/expectations/document";
import { ArmTestServer, startArmTestServer, TestAnswer } from "./support/arm-test-server";
import {
  expectationsDocument,
  serverExpectations,
  temporaryFolder,
  writeCdktfOut,
} from "./support/cdktf-out-fixture";
import { armError, fakeArm, FakeArmState, ltrOperation, SUBSCRIPTION } from "./support/fake-arm";

const NOW = "2026-11-27T12:00:00Z";
const TOKEN = "test-token-for-127.0.0.1";
const path = "app/orders-ltr";

let arm: ArmTestServer;

beforeAll(async () => {
  arm = await startArmTestServer(() => ({ status: 500 }));
});

afterAll(async () => {
  await arm.close();
});

beforeEach(() => {
  arm.forget();
});

/** A cdktf.out with the given servers in stack "data", checked against the test server. */
function options(servers: ServerExpectations[], extra: Partial<CheckOptions> = {}): CheckOptions {
  const folder = temporaryFolder();
  const outDir = writeCdktfOut(folder, [{ name: "data", document: expectationsDocument("data", servers) }]);
  return {
    outDir,
    now: NOW,
    endpoint: arm.url,
    caCertificates: arm.certificate,
    credential: accessTokenCredential(TOKEN),
    retryDelay: 10,
    env: {},
    ...extra,
  };
}

const nightly = serverExpectations({ backups: [{ name: "nightly", maxAge: "P1D", constructPath: path }] });
const succeeded = (endTime: string) => ({ status: "Succeeded", startTime: "2026-11-27T02:00:00Z", endTime });
const fresh = ltrOperation("nightly", succeeded("2026-11-27T02:10:00Z"));
const state = (
  operations: FakeArmState["resourceGroups"][string][string],
  extra: Partial<FakeArmState> = {},
) => ({
  resourceGroups: { "rg-data": { "pg-orders": operations } },
  ...extra,
});

/** Answers the first `times` requests to each path with `answer`, then like ARM from `armState`. */
function failFirst(times: number, answer: TestAnswer, armState: FakeArmState) {
  const like = fakeArm(arm.url, armState);
  return (request: Parameters<typeof like>[0], attempt: number): TestAnswer =>
    attempt <= times ? answer : like(request, attempt);
}

describe("checkLtrBackups over HTTPS", () => {
  it("GETs a named backup with the bearer token and finds it compliant", async () => {
    arm.respond = fakeArm(arm.url, state([fresh]));
    const result = await checkLtrBackups(options([nightly]));
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      stack: "data",
      serverName: "pg-orders",
      backupName: "nightly",
      verdict: "compliant",
      reason: "ended 2026-11-27T02:10:00Z, within P1D (cut-off 2026-11-26T12:00:00Z)",
      http: { status: 200, requestId: "req-1" },
    });
    expect(arm.requests).toEqual([
      {
        method: "GET",
        path:
          `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL` +
          "/flexibleServers/pg-orders/ltrBackupOperations/nightly?api-version=2025-08-01",
        authorization: `Bearer ${TOKEN}`,
      },
    ]);
    expect(result.stats).toMatchObject({ requests: 1, retries: 0, throttled: 0 });
    expect(result.checkedAt).toBe("2026-11-27T12:00:00Z");
    expect(exitCodeFor(result)).toBe(0);
  });

  it("asks the credential for ARM's scope, not the endpoint's, and for --scope when given", async () => {
    arm.respond = fakeArm(arm.url, state([fresh]));
    const scopes: (string | string[])[] = [];
    const recording: TokenCredential = {
      getToken: async (scope) => {
        scopes.push(scope);
        return { token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
    const result = await checkLtrBackups(options([nightly], { credential: recording }));
    expect(result.summary.compliant).toBe(1);
    expect(scopes).toEqual(["https://management.azure.com/.default"]);
    scopes.length = 0;
    await checkLtrBackups(
      options([nightly], {
        credential: recording,
        cloud: "AzureUSGovernment",
        scope: "api://arm-proxy/.default",
      }),
    );
    expect(scopes).toEqual(["api://arm-proxy/.default"]);
  });

  it("takes the token from PG_LTR_ACCESS_TOKEN when no credential is given", async () => {
    arm.respond = fakeArm(arm.url, state([fresh]));
    const { credential: _unused, ...withoutCredential } = options([nightly]);
    const result = await checkLtrBackups({
      ...withoutCredential,
      env: { PG_LTR_ACCESS_TOKEN: "from-the-environment" },
    });
    expect(result.summary.compliant).toBe(1);
    expect(arm.requests[0]?.authorization).toBe("Bearer from-the-environment");
  });

  it("pages through the listing with nextLink and judges every expectation from it", async () => {
    const operations = [
      ltrOperation("nightly", succeeded("2026-11-27T02:10:00Z")),
      ltrOperation("b-2", succeeded("2026-11-20T02:10:00Z")),
      ltrOperation("b-3", { status: "Failed", startTime: "2026-11-26T02:00:00Z", errorCode: "Quota" }),
      ltrOperation("weekly", succeeded("2026-09-01T02:10:00Z")),
      ltrOperation("b-5", { status: "Running", startTime: "2026-11-27T11:00:00Z" }),
    ];
    arm.respond = fakeArm(arm.url, state(operations, { pageSize: 2 }));
    const server = serverExpectations({
      backups: [
        { name: "nightly", maxAge: "P1D", constructPath: path },
        { name: "weekly", maxAge: "P32D", constructPath: path },
        { name: "yearly", maxAge: null, constructPath: path },
      ],
      latest: { maxAge: "PT12H", constructPath: path },
    });
    const result = await checkLtrBackups(options([server]));
    expect(arm.requests.map((r) => new URL(r.path, arm.url).searchParams.get("$skipToken"))).toEqual([
      null,
      "2",
      "4",
    ]);
    expect(arm.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(result.findings.map((f) => [f.backupName, f.verdict])).toEqual([
      ["nightly", "compliant"],
      ["weekly", "stale"],
      ["yearly", "missing"],
      ["nightly", "compliant"],
    ]);
    expect(result.findings[3]?.expectation).toEqual({ kind: "latest", maxAge: "PT12H" });
    expect(result.summary).toMatchObject({ compliant: 2, stale: 1, missing: 1 });
    expect(exitCodeFor(result)).toBe(2);
  });

  it("tells a missing backup from a missing server by asking for the server's listing", async () => {
    arm.respond = fakeArm(arm.url, {
      resourceGroups: { "rg-data": { "pg-orders": [] } },
    });
    const gone = serverExpectations({ ...nightly, serverName: "pg-gone", address: null });
    const result = await checkLtrBackups(options([nightly, gone]));
    expect(result.findings.map((f) => [f.serverName, f.verdict])).toEqual([
      ["pg-gone", "error"],
      ["pg-orders", "missing"],
    ]);
    expect(result.findings[0]?.reason).toMatch(
      /^server pg-gone was not found in resource group rg-data \(404 ResourceNotFound: .+\): check serverName in the stack/,
    );
    expect(result.findings[1]?.reason).toBe("server pg-orders has no LTR backup operation named nightly");
    expect(exitCodeFor(result)).toBe(1);
  });

  it("reports 401 and 403 as errors that say what to fix", async () => {
    arm.respond = () => armError(401, "InvalidAuthenticationToken", "The access token is invalid.");
    const unauthorized = await checkLtrBackups(options([nightly]));
    expect(unauthorized.findings[0]).toMatchObject({ verdict: "error", http: { status: 401 } });
    expect(unauthorized.findings[0]?.reason).toMatch(
      /^ARM refused the credentials \(401 InvalidAuthenticationToken/,
    );

    arm.respond = () => armError(403, "AuthorizationFailed", "The client does not have authorization.");
    const forbidden = await checkLtrBackups(options([nightly]));
    expect(forbidden.findings[0]).toMatchObject({
      verdict: "error",
      http: { status: 403, code: "AuthorizationFailed" },
    });
    expect(forbidden.findings[0]?.reason).toMatch(
      /grant it the Reader role on the server or its resource group rg-data$/,
    );
  });

  it("waits for Retry-After after a 429, then succeeds: counted as throttled, not reported", async () => {
    arm.respond = failFirst(
      1,
      {
        status: 429,
        body: { error: { code: "TooManyRequests", message: "Slow down." } },
        headers: { "retry-after": "1" },
      },
      state([fresh]),
    );
    const result = await checkLtrBackups(options([nightly]));
    expect(result.findings[0]?.verdict).toBe("compliant");
    expect(result.stats).toMatchObject({ requests: 2, retries: 1, throttled: 1 });
  });

  it("retries a 500, then succeeds", async () => {
    arm.respond = failFirst(1, armError(500, "InternalServerError", "Try again."), state([fresh]));
    const result = await checkLtrBackups(options([nightly]));
    expect(result.findings[0]?.verdict).toBe("compliant");
    expect(result.stats).toMatchObject({ requests: 2, retries: 1, throttled: 0 });
  });

  it("retries a connection reset, then succeeds", async () => {
    arm.respond = failFirst(1, { reset: true }, state([fresh]));
    const result = await checkLtrBackups(options([nightly]));
    expect(result.findings[0]?.verdict).toBe("compliant");
    expect(result.stats).toMatchObject({ requests: 2, retries: 1 });
  });

  it("retries an answer that does not come within the timeout", async () => {
    arm.respond = failFirst(1, { hang: true }, state([fresh]));
    const result = await checkLtrBackups(options([nightly], { timeout: 300 }));
    expect(result.findings[0]?.verdict).toBe("compliant");
    expect(result.stats).toMatchObject({ requests: 2, retries: 1 });
  });

  it("gives up on an answer that never comes, with a reason naming the timeout", async () => {
    arm.respond = () => ({ hang: true });
    const result = await checkLtrBackups(options([nightly], { timeout: "PT0.3S", maxRetries: 1 }));
    expect(result.findings[0]).toMatchObject({ verdict: "error", http: { status: null, code: "ETIMEDOUT" } });
    expect(result.findings[0]?.reason).toBe(
      "no answer from ARM within PT0.3S (2 attempts): check the network, or raise --timeout",
    );
    expect(exitCodeFor(result)).toBe(1);
  });

  it("calls a 200 that is not JSON invalid", async () => {
    arm.respond = () => ({ status: 200, body: '{"properties": {"status": "Succeeded"' });
    const result = await checkLtrBackups(options([nightly]));
    expect(result.findings[0]?.verdict).toBe("invalid");
    expect(result.findings[0]?.schemaErrors[0]).toMatchObject({ pointer: "" });
    expect(result.findings[0]?.schemaErrors[0]?.message).toMatch(/^body is not JSON: /);
  });

  it("does not follow a nextLink to another origin, so the token stays with the endpoint", async () => {
    const like = fakeArm(arm.url, state([fresh]));
    arm.respond = (request, attempt) =>
      request.path.includes("/ltrBackupOperations?")
        ? { status: 200, body: { value: [fresh], nextLink: "https://attacker.example/steal?page=2" } }
        : like(request, attempt);
    const latest = serverExpectations({ latest: { maxAge: "P1D", constructPath: path } });
    const result = await checkLtrBackups(options([latest]));
    expect(arm.requests).toHaveLength(1);
    expect(result.findings[0]?.verdict).toBe("error");
    expect(result.findings[0]?.reason).toBe(
      "the listing of server pg-orders could not be read to the end: its nextLink https://attacker.example/steal?page=2 " +
        `points away from ${arm.url}, where the token may not go; check --endpoint`,
    );
  });

  it("explains an untrusted certificate instead of a bare TLS error", async () => {
    arm.respond = fakeArm(arm.url, state([fresh]));
    const { caCertificates: _unused, ...untrusted } = options([nightly]);
    const result = await checkLtrBackups(untrusted);
    expect(arm.requests).toHaveLength(0);
    expect(result.findings[0]?.verdict).toBe("error");
    expect(result.findings[0]?.reason).toMatch(
      /^the TLS certificate of ARM is not trusted \(.+\): trust its CA with NODE_EXTRA_CA_CERTS/,
    );
  });

  it("reports progress and returns findings in stack, server, backup order", async () => {
    arm.respond = fakeArm(arm.url, {
      resourceGroups: {
        "rg-data": {
          "pg-orders": [fresh],
          "pg-billing": [
            ltrOperation("nightly", succeeded("2026-11-27T03:00:00Z"), {
              resourceGroup: "rg-data",
              server: "pg-billing",
            }),
          ],
        },
      },
    });
    const folder = temporaryFolder();
    const billing = serverExpectations({ ...nightly, serverName: "pg-billing" });
    const outDir = writeCdktfOut(folder, [
      { name: "zeta", document: expectationsDocument("zeta", [nightly]) },
      { name: "alpha", document: expectationsDocument("alpha", [nightly, billing]) },
    ]);
    const progress: CheckProgress[] = [];
    const result = await checkLtrBackups({
      ...options([]),
      outDir,
      onProgress: (p) => progress.push(p),
    });
    expect(result.findings.map((f) => `${f.stack}/${f.serverName}`)).toEqual([
      "alpha/pg-billing",
      "alpha/pg-orders",
      "zeta/pg-orders",
    ]);
    // The server both stacks declare was asked once.
    expect(arm.requests).toHaveLength(2);
    expect(progress.at(-1)).toEqual({ done: 3, total: 3, requests: 2, throttled: 0 });
    expect(result.summary).toEqual({
      missing: 0,
      stale: 0,
      failed: 0,
      invalid: 0,
      unknown: 0,
      compliant: 3,
      running: 0,
      pending: 0,
      error: 0,
    });
  });

  it("stops when aborted", async () => {
    arm.respond = () => ({ hang: true });
    const controller = new AbortController();
    const running = checkLtrBackups(options([nightly], { abortSignal: controller.signal }));
    setTimeout(() => controller.abort(), 100);
    await expect(running).rejects.toMatchObject({ name: "AbortError" });
  });

  it("stops before any request when no credential is available, saying which sources were tried", async () => {
    const tried = new AggregateAuthenticationError(
      [
        new CredentialUnavailableError(
          "EnvironmentCredential is unavailable. No underlying credential could be used.",
        ),
        new CredentialUnavailableError(
          "AzureCliCredential: Please run 'az login' from a command prompt to authenticate.",
        ),
      ],
      "DefaultAzureCredential failed to retrieve a token from the included credentials.",
    );
    const credential = { getToken: () => Promise.reject(tried) };
    const checking = checkLtrBackups(options([nightly], { credential }));
    await expect(checking).rejects.toThrow(PgLtrInputError);
    await expect(checkLtrBackups(options([nightly], { credential }))).rejects.toThrow(
      `no Azure credentials for https://management.azure.com/.default: DefaultAzureCredential tried EnvironmentCredential is unavailable; ` +
        "AzureCliCredential: Please run 'az login' from a command prompt to authenticate; to fix it, sign in with " +
        "`az login`, set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET, run on a managed identity, or set " +
        "PG_LTR_ACCESS_TOKEN to an access token",
    );
    expect(arm.requests).toHaveLength(0);
  });
});

describe("checkLtrBackups across subscriptions", () => {
  const STALLED = "00000000-0000-4000-8000-0000000000aa";
  const stalledServers = Array.from({ length: 100 }, (_, i) =>
    serverExpectations({
      subscriptionId: STALLED,
      serverName: `pg-stalled-${String(i).padStart(3, "0")}`,
      backups: [{ name: "nightly", maxAge: "P1D", constructPath: path }],
    }),
  );
  const answeringServers = Array.from({ length: 5 }, (_, i) =>
    serverExpectations({
      serverName: `pg-answering-${i}`,
      backups: [{ name: "nightly", maxAge: "P1D", constructPath: path }],
    }),
  );

  it("keeps checking a subscription while another one's requests wait (no head-of-line blocking)", async () => {
    const like = fakeArm(arm.url, {
      resourceGroups: {
        "rg-data": Object.fromEntries(answeringServers.map((s) => [s.serverName, [fresh]])),
      },
    });
    const controller = new AbortController();
    let answered = 0;
    arm.respond = (request, attempt) => {
      // The first subscription never answers, like one whose budget ARM has run dry.
      if (request.path.includes(STALLED)) return { hang: true };
      if (++answered === answeringServers.length) setTimeout(() => controller.abort(), 50);
      return like(request, attempt);
    };
    // The stalled subscription's servers come first in declaration order, more of them than fit in
    // the servers in progress at once.
    const running = checkLtrBackups(
      options([...stalledServers, ...answeringServers], {
        abortSignal: controller.signal,
        concurrency: 8,
        timeout: 60_000,
      }),
    );
    await expect(running).rejects.toThrow(/aborted/);
    const stalled = arm.requests.filter((r) => r.path.includes(STALLED));
    const others = arm.requests.filter((r) => !r.path.includes(STALLED));
    expect(others.map((r) => r.path.split("/")[8])).toEqual(answeringServers.map((s) => s.serverName));
    // The stalled subscription got no more than its own concurrency.
    expect(stalled.length).toBeLessThanOrEqual(8);
  });
});

describe("streamLtrBackups", () => {
  const OTHER = "00000000-0000-4000-8000-0000000000bb";
  const named = (serverName: string, subscriptionId: string) =>
    serverExpectations({
      serverName,
      subscriptionId,
      backups: [
        { name: "nightly", maxAge: "P1D", constructPath: path },
        { name: "weekly", maxAge: null, constructPath: path },
      ],
    });

  it("streams every finding in the order checkLtrBackups returns, though servers finish out of order", async () => {
    const mine = fakeArm(arm.url, {
      resourceGroups: { "rg-data": Object.fromEntries(["pg-z", "pg-y", "pg-x"].map((n) => [n, [fresh]])) },
    });
    const theirs = fakeArm(arm.url, {
      subscriptionId: OTHER,
      resourceGroups: { "rg-data": Object.fromEntries(["pg-c", "pg-b", "pg-a"].map((n) => [n, [fresh]])) },
    });
    arm.respond = (request, attempt) =>
      request.path.includes(OTHER) ? theirs(request, attempt) : mine(request, attempt);
    // Stack "b-late" comes first in cdktf.out but sorts last; each stack is one subscription, checked
    // side by side, so findings of both arrive interleaved.
    const folder = temporaryFolder();
    const outDir = writeCdktfOut(folder, [
      {
        name: "b-late",
        document: expectationsDocument(
          "b-late",
          ["pg-z", "pg-y", "pg-x"].map((n) => named(n, SUBSCRIPTION)),
        ),
      },
      {
        name: "a-early",
        document: expectationsDocument(
          "a-early",
          ["pg-c", "pg-b", "pg-a"].map((n) => named(n, OTHER)),
        ),
      },
    ]);
    const base = { ...options([]), outDir };
    const whole = await checkLtrBackups(base);
    const streamed: string[] = [];
    const events: string[] = [];
    const outcome = await streamLtrBackups(base, {
      onStart: (start) => events.push(`start ${start.expectations}`),
      onFinding: (finding) => {
        if (events.length === 1) events.push("first finding");
        streamed.push(`${finding.stack}/${finding.serverName}/${finding.backupName} ${finding.verdict}`);
      },
    });
    expect(events).toEqual(["start 12", "first finding"]);
    expect(streamed).toEqual(
      whole.findings.map((f) => `${f.stack}/${f.serverName}/${f.backupName} ${f.verdict}`),
    );
    expect(streamed.slice(0, 3).map((line) => line.split(" ")[0])).toEqual([
      "a-early/pg-a/nightly",
      "a-early/pg-a/weekly",
      "a-early/pg-b/nightly",
    ]);
    expect(outcome.summary).toEqual(whole.summary);
    expect(outcome.scope).toEqual(whole.scope);
  });
});

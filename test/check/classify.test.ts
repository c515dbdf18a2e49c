import type { ServerExpectations } from "../../lib/expectations/document";
import { serverExpectations } from "./support/cdktf-out-fixture";
import { ltrOperation, SUBSCRIPTION } from "./support/fake-arm";
import { judge, judgeOne, type Said, type Script } from "./support/judge-script";

const path = "app/orders-ltr";

const named = (maxAge: string | null = "P1D"): ServerExpectations =>
  serverExpectations({ backups: [{ name: "nightly", maxAge, constructPath: path }] });
const ok = (properties: Record<string, unknown>): Said => ({
  status: 200,
  body: ltrOperation("nightly", properties),
});
const armError = (status: number, code: string, message: string): Said => ({
  status,
  body: { error: { code, message } },
});
const serverExists: Said = { status: 200, body: { value: [] } };
const succeeded = (endTime: string) => ({ status: "Succeeded", startTime: "2026-01-01T00:00:00Z", endTime });

describe("classifying a named backup", () => {
  it.each([
    [
      "compliant: succeeded within maxAge",
      named("P1D"),
      { nightly: ok(succeeded("2026-11-27T02:10:00Z")) },
      "compliant",
      "ended 2026-11-27T02:10:00Z, within P1D (cut-off 2026-11-26T12:00:00Z)",
    ],
    [
      "compliant: exists and succeeded, no maxAge",
      named(null),
      { nightly: ok({ status: "Succeeded" }) },
      "compliant",
      "succeeded",
    ],
    [
      "stale: ended before the cut-off",
      named("P32D"),
      { nightly: ok(succeeded("2026-09-01T02:10:00Z")) },
      "stale",
      "ended 2026-09-01T02:10:00Z, older than P32D (cut-off 2026-10-26T12:00:00Z)",
    ],
    [
      "running: in progress within limits",
      named(),
      { nightly: ok({ status: "Running", startTime: "2026-11-27T10:00:00Z", percentComplete: 40 }) },
      "running",
      "Running since 2026-11-27T10:00:00Z (40% complete)",
    ],
    [
      "running: percentComplete 100 but still Running, within limits",
      named(),
      { nightly: ok({ status: "Running", startTime: "2026-11-27T10:00:00Z", percentComplete: 100 }) },
      "running",
      "Running since 2026-11-27T10:00:00Z (100% complete)",
    ],
    [
      "running: Azure's own sample (server id, ltrbackupOperations, an endTime while Running)",
      named(),
      {
        nightly: ok({
          status: "Running",
          percentComplete: 4,
          startTime: "2026-11-27T11:30:22.123Z",
          endTime: "2026-11-27T11:35:22.123Z",
          datasourceSizeInBytes: 21,
          dataTransferredInBytes: 9,
          backupMetadata: "backupMetadata",
        }),
      },
      "running",
      "Running since 2026-11-27T11:30:22.123Z (4% complete)",
    ],
    [
      "stale: Running longer than stuckAfter",
      named(),
      { nightly: ok({ status: "Running", startTime: "2026-11-26T06:00:00Z", percentComplete: 12 }) },
      "stale",
      "Running since 2026-11-26T06:00:00Z (12% complete), longer than PT24H: the operation looks stuck; check it in the Azure portal",
    ],
    [
      "failed: Failed, with Azure's error code and message",
      named(),
      {
        nightly: ok({
          status: "Failed",
          startTime: "2026-11-27T02:00:00Z",
          endTime: "2026-11-27T02:03:00Z",
          errorCode: "StorageAccessDenied",
          errorMessage: "The backup vault could not be written.",
        }),
      },
      "failed",
      "failed at 2026-11-27T02:03:00Z: StorageAccessDenied: The backup vault could not be written.",
    ],
    [
      "failed: Cancelled",
      named(),
      {
        nightly: ok({
          status: "Cancelled",
          startTime: "2026-11-27T02:00:00Z",
          endTime: "2026-11-27T02:01:00Z",
        }),
      },
      "failed",
      "was cancelled at 2026-11-27T02:01:00Z; start the backup again",
    ],
    [
      "unknown: a status Azure added, quoted verbatim",
      named(),
      { nightly: ok({ status: "Queued", startTime: "2026-11-27T02:00:00Z" }) },
      "unknown",
      'status "Queued" is not one Azure documents (Running, Cancelled, Failed, Succeeded): check the backup in the Azure portal, and upgrade cdktf-pg-ltr if Azure added the value',
    ],
    [
      "invalid: no properties.status",
      named(),
      { nightly: ok({ startTime: "2026-11-27T02:00:00Z" }) },
      "invalid",
      "the answer for nightly has no properties.status",
    ],
    [
      "invalid: Succeeded without an endTime where its age must be judged",
      named("P1D"),
      { nightly: ok({ status: "Succeeded", startTime: "2026-11-27T02:00:00Z" }) },
      "invalid",
      "Succeeded without a valid properties.endTime, so its age cannot be judged against P1D",
    ],
    [
      "missing: 404 for the backup while the server exists",
      named(),
      {
        nightly: armError(404, "ResourceNotFound", "The Resource 'nightly' was not found."),
        list: serverExists,
      },
      "missing",
      "server pg-orders has no LTR backup operation named nightly",
    ],
    [
      "error: 404 because the server, known only by its coordinates, does not exist",
      { ...named(), address: null },
      {
        nightly: armError(404, "ResourceNotFound", "The Resource 'nightly' was not found."),
        list: armError(
          404,
          "ResourceNotFound",
          "The Resource 'Microsoft.DBforPostgreSQL/flexibleServers/pg-orders' was not found.",
        ),
      },
      "error",
      "server pg-orders was not found in resource group rg-data (404 ResourceNotFound: The Resource 'Microsoft.DBforPostgreSQL/flexibleServers/pg-orders' was not found): check serverName in the stack, or whether the server was deleted",
    ],
    [
      "pending: the server is a resource of the stack and does not exist yet",
      named(),
      {
        nightly: armError(404, "ResourceNotFound", "The Resource 'nightly' was not found."),
        list: armError(
          404,
          "ResourceNotFound",
          "The Resource 'Microsoft.DBforPostgreSQL/flexibleServers/pg-orders' was not found.",
        ),
      },
      "pending",
      "server pg-orders does not exist yet (404 ResourceNotFound): azurerm_postgresql_flexible_server.orders will be created by this deploy; backups are expected once it exists",
    ],
    [
      "pending: the server and its resource group are both created by this deploy",
      named(),
      {
        nightly: armError(404, "ResourceGroupNotFound", "Resource group 'rg-data' could not be found."),
        list: armError(404, "ResourceGroupNotFound", "Resource group 'rg-data' could not be found."),
      },
      "pending",
      "resource group rg-data of server pg-orders does not exist yet (404 ResourceGroupNotFound): azurerm_postgresql_flexible_server.orders will be created by this deploy; backups are expected once it exists",
    ],
    [
      "error: the resource group of a server known only by its coordinates does not exist",
      { ...named(), address: null },
      {
        nightly: armError(404, "ResourceGroupNotFound", "Resource group 'rg-data' could not be found."),
        list: armError(404, "ResourceGroupNotFound", "Resource group 'rg-data' could not be found."),
      },
      "error",
      `resource group rg-data was not found in subscription ${SUBSCRIPTION} (404 ResourceGroupNotFound: Resource group 'rg-data' could not be found): check resourceGroupName in the stack, or whether the group was deleted`,
    ],
    [
      "error: the subscription does not exist",
      named(),
      {
        nightly: armError(404, "SubscriptionNotFound", "The subscription could not be found."),
        list: armError(404, "SubscriptionNotFound", "The subscription could not be found."),
      },
      "error",
      `subscription ${SUBSCRIPTION} was not found (404 SubscriptionNotFound: The subscription could not be found): check the subscription id, and that the signed-in principal can see it`,
    ],
    [
      "error: 401, the token was refused",
      named(),
      { nightly: armError(401, "InvalidAuthenticationToken", "The access token is invalid.") },
      "error",
      "ARM refused the credentials (401 InvalidAuthenticationToken: The access token is invalid): sign in again (`az login`) or renew PG_LTR_ACCESS_TOKEN",
    ],
    [
      "error: 403, the principal may not read the server",
      named(),
      {
        nightly: armError(
          403,
          "AuthorizationFailed",
          "The client does not have authorization to perform action.",
        ),
      },
      "error",
      "the signed-in principal may not read server pg-orders (403 AuthorizationFailed: The client does not have authorization to perform action): grant it the Reader role on the server or its resource group rg-data",
    ],
    [
      "error: the request timed out on every attempt",
      named(),
      { nightly: { noAnswer: "timeout", attempts: 4 } },
      "error",
      "no answer from ARM within PT0.3S (4 attempts): check the network, or raise --timeout",
    ],
    [
      "error: the connection failed on every attempt",
      named(),
      { nightly: { noAnswer: "network", attempts: 4 } },
      "error",
      "could not reach ARM (4 attempts): ECONNRESET: socket hang up; check the network, proxy and --endpoint",
    ],
    [
      "error: 500 after the retries",
      named(),
      { nightly: armError(500, "InternalServerError", "Something went wrong.") },
      "error",
      // ARM's message quoted, so it cannot run into "after N attempts" or ours.
      'ARM answered 500 InternalServerError ("Something went wrong"); Azure had a problem, try again later',
    ],
    [
      "error: still throttled after the retries",
      named(),
      { nightly: armError(429, "TooManyRequests", "Rate limit exceeded.") },
      "error",
      "ARM kept throttling (429 TooManyRequests: Rate limit exceeded): run the check again later or lower --concurrency",
    ],
    [
      "error: ARM does not register the api-version (NoRegisteredProviderFound)",
      named(),
      {
        nightly: armError(
          400,
          "NoRegisteredProviderFound",
          "No registered resource provider found for location 'westeurope' and API version '2027-01-01' for type 'flexibleServers/ltrBackupOperations'. The supported api-versions are '2024-08-01, 2025-08-01'.",
        ),
      },
      "error",
      "ARM does not serve this api-version of the LTR backup API (400 NoRegisteredProviderFound: No registered resource provider found for location 'westeurope' and API version '2027-01-01' for type 'flexibleServers/ltrBackupOperations'. The supported api-versions are '2024-08-01, 2025-08-01'): pass one it lists with --api-version",
    ],
  ] as const)("%s", async (_label, server, script, verdict, reason) => {
    const finding = await judgeOne(server, script as Script);
    expect(finding.verdict).toBe(verdict);
    expect(finding.reason).toBe(reason);
  });

  it("judges maxAge P1M in calendar months (28 February is one month before 31 March)", async () => {
    const now = { now: "2026-03-31T12:00:00Z" };
    const fresh = await judgeOne(named("P1M"), { nightly: ok(succeeded("2026-02-28T13:00:00Z")) }, now);
    expect(fresh.verdict).toBe("compliant");
    expect(fresh.reason).toBe("ended 2026-02-28T13:00:00Z, within P1M (cut-off 2026-02-28T12:00:00Z)");
    const stale = await judgeOne(named("P1M"), { nightly: ok(succeeded("2026-02-28T11:00:00Z")) }, now);
    expect(stale.verdict).toBe("stale");
  });

  it("lists every schema violation with its JSON pointer", async () => {
    const finding = await judgeOne(named(), {
      nightly: ok({ status: "Succeeded", endTime: "yesterday", percentComplete: 150 }),
    });
    expect(finding.verdict).toBe("invalid");
    expect(finding.schemaErrors).toEqual([
      { pointer: "/properties/endTime", message: 'must match format "date-time"' },
      { pointer: "/properties/percentComplete", message: "must be <= 100" },
    ]);
    expect(finding.reason).toMatch(
      /^the answer for nightly does not match the LTR backup schema \(\/properties\/endTime must match format "date-time", and 1 more\)$/,
    );
  });

  it("calls a 200 that is not JSON invalid, at the root pointer", async () => {
    const finding = await judgeOne(named(), { nightly: { status: 200, body: "<html>gateway</html>" } });
    expect(finding.verdict).toBe("invalid");
    expect(finding.schemaErrors).toHaveLength(1);
    expect(finding.schemaErrors[0]?.pointer).toBe("");
    expect(finding.schemaErrors[0]?.message).toMatch(/^body is not JSON: /);
  });

  it("keeps what Azure reported on the finding", async () => {
    const finding = await judgeOne(named(), {
      nightly: ok({ ...succeeded("2026-11-27T02:10:00Z"), datasourceSizeInBytes: 2048 }),
    });
    expect(finding.observed).toEqual({
      backupName: "nightly",
      status: "Succeeded",
      startTime: "2026-01-01T00:00:00Z",
      endTime: "2026-11-27T02:10:00Z",
      percentComplete: null,
      errorCode: null,
      errorMessage: null,
      datasourceSizeInBytes: 2048,
    });
    expect(finding.http).toEqual({ status: 200, code: null, message: null, requestId: "req-1" });
  });

  it("says when an error body breaks the ErrorResponse shape", async () => {
    const finding = await judgeOne(named(), { nightly: { status: 403, body: { error: { code: 403 } } } });
    expect(finding.verdict).toBe("error");
    expect(finding.schemaErrors).toEqual([{ pointer: "/error/code", message: "must be string" }]);
  });

  it("reports a backup missing from a complete listing", async () => {
    const twoNamed = serverExpectations({
      backups: [
        { name: "nightly", maxAge: null, constructPath: path },
        { name: "weekly", maxAge: null, constructPath: path },
      ],
    });
    const findings = await judge(
      twoNamed,
      { list: { status: 200, body: { value: [ltrOperation("nightly", { status: "Succeeded" })] } } },
      { strategy: "list" },
    );
    expect(findings.map((f) => [f.backupName, f.verdict])).toEqual([
      ["nightly", "compliant"],
      ["weekly", "missing"],
    ]);
  });
});

describe("classifying latest", () => {
  const latest = serverExpectations({ latest: { maxAge: "P7D", constructPath: path } });
  const listing = (...operations: unknown[]): Script => ({
    list: { status: 200, body: { value: operations } },
  });

  it("is stale with no backup name when the server has no succeeded backup at all", async () => {
    const finding = await judgeOne(
      latest,
      listing(ltrOperation("b1", { status: "Failed", startTime: "2026-11-20T02:00:00Z" })),
    );
    expect(finding).toMatchObject({ verdict: "stale", backupName: null });
    expect(finding.reason).toBe(
      "server pg-orders has no succeeded LTR backup; one must have ended within P7D (after 2026-11-20T12:00:00Z)",
    );
  });

  it("is stale when the newest succeeded backup is older than maxAge", async () => {
    const finding = await judgeOne(
      latest,
      listing(
        ltrOperation("b-old", succeeded("2026-10-01T02:00:00Z")),
        ltrOperation("b-newer", succeeded("2026-11-01T02:00:00Z")),
        ltrOperation("b-running", { status: "Running", startTime: "2026-11-27T11:00:00Z" }),
      ),
    );
    expect(finding).toMatchObject({ verdict: "stale", backupName: "b-newer" });
    expect(finding.reason).toBe(
      "the newest succeeded backup b-newer ended 2026-11-01T02:00:00Z, older than P7D (cut-off 2026-11-20T12:00:00Z)",
    );
  });

  it("is compliant when the newest succeeded backup is fresh", async () => {
    const finding = await judgeOne(
      latest,
      listing(
        ltrOperation("b-fresh", succeeded("2026-11-26T02:00:00Z")),
        ltrOperation("b-old", succeeded("2026-10-01T02:00:00Z")),
      ),
    );
    expect(finding).toMatchObject({ verdict: "compliant", backupName: "b-fresh" });
  });

  it("is compliant when a fresh backup exists beside one that breaks the schema, noting the broken one", async () => {
    const finding = await judgeOne(
      latest,
      listing(
        ltrOperation("b-fresh", succeeded("2026-11-26T02:00:00Z")),
        ltrOperation("b-odd", { status: 7 }),
      ),
    );
    expect(finding).toMatchObject({ verdict: "compliant", backupName: "b-fresh", schemaErrors: [] });
    expect(finding.notes).toEqual([
      {
        pointer: "/value/1",
        page: 1,
        message: "breaks the LTR backup schema (/value/1/properties/status must be string)",
      },
    ]);
  });

  it("is invalid when the only fresh-looking operation breaks the schema", async () => {
    const finding = await judgeOne(
      latest,
      listing(
        ltrOperation("b-old", succeeded("2026-10-01T02:00:00Z")),
        ltrOperation("b-odd", { ...succeeded("2026-11-26T02:00:00Z"), percentComplete: 150 }),
      ),
    );
    expect(finding.verdict).toBe("invalid");
    expect(finding.schemaErrors).toEqual([
      { pointer: "/value/1/properties/percentComplete", message: "must be <= 100" },
    ]);
  });

  it("counts the operations that cannot be judged in correct English", async () => {
    const one = await judgeOne(
      latest,
      listing(ltrOperation("b-old", succeeded("2026-10-01T02:00:00Z")), ltrOperation("b-odd", { status: 7 })),
    );
    expect(one.reason).toMatch(/, and 1 of the server's 2 LTR backup operations cannot be judged \(/);
    const two = await judgeOne(
      latest,
      listing(ltrOperation("b-odd", { status: 7 }), ltrOperation("b-odder", { status: 8 })),
    );
    expect(two.reason).toMatch(
      /, and 2 of the server's 2 LTR backup operations cannot be judged \(.*, and 1 more\)/,
    );
  });

  it("labels the finding by what it asks for, not by the backup it found", async () => {
    const finding = await judgeOne(
      latest,
      listing(ltrOperation("b-fresh", succeeded("2026-11-26T02:00:00Z"))),
    );
    expect(finding).toMatchObject({ backupName: "b-fresh", subject: "pg-orders/(latest)" });
  });

  it("is invalid when the listing is not { value: [...] }", async () => {
    const finding = await judgeOne(latest, { list: { status: 200, body: { items: [] } } });
    expect(finding.verdict).toBe("invalid");
    expect(finding.schemaErrors).toEqual([{ pointer: "", message: "must have required property 'value'" }]);
  });

  it("is an error, not drift, when the server of the listing, known only by coordinates, does not exist", async () => {
    const finding = await judgeOne(
      { ...latest, address: null },
      {
        list: armError(
          404,
          "ResourceNotFound",
          "The Resource 'Microsoft.DBforPostgreSQL/flexibleServers/pg-orders' was not found.",
        ),
      },
    );
    expect(finding.verdict).toBe("error");
    expect(finding.reason).toMatch(/^server pg-orders was not found in resource group rg-data/);
  });
});

describe("classifying a series", () => {
  // Weekly on Sundays 02:00 UTC, 6 h grace; at NOW the newest due occurrence is 2026-11-22.
  const weekly = serverExpectations({
    series: [
      {
        name: "weekly-{yyyy}-{MM}-{dd}",
        every: "P7D",
        anchor: "2026-01-04T02:00:00Z",
        keep: 2,
        grace: "PT6H",
        constructPath: path,
      },
    ],
  });
  const notFound = armError(404, "ResourceNotFound", "not found");
  const done = (name: string, endTime: string): Said => ({
    status: 200,
    body: ltrOperation(name, succeeded(endTime)),
  });

  it("is stale (overdue) when the newest due occurrence does not exist, missing for an older one", async () => {
    const findings = await judge(weekly, {
      "weekly-2026-11-22": notFound,
      "weekly-2026-11-15": notFound,
      list: serverExists,
    });
    expect(findings.map((f) => [f.backupName, f.verdict, f.reason])).toEqual([
      [
        "weekly-2026-11-22",
        "stale",
        "overdue: weekly-2026-11-22 (scheduled 2026-11-22T02:00:00Z) does not exist, but was due to succeed by 2026-11-22T08:00:00Z; check the job that starts the series",
      ],
      [
        "weekly-2026-11-15",
        "missing",
        "weekly-2026-11-15 (scheduled 2026-11-15T02:00:00Z, one of the last 2 of series weekly-{yyyy}-{MM}-{dd}) does not exist",
      ],
    ]);
    expect(findings[0]?.expectation).toEqual({
      kind: "series",
      template: "weekly-{yyyy}-{MM}-{dd}",
      every: "P7D",
      grace: "PT6H",
      keep: 2,
      scheduledAt: "2026-11-22T02:00:00Z",
      dueBy: "2026-11-22T08:00:00Z",
    });
  });

  it("has no finding for the pending occurrence while it does not exist yet, and judges it once it does", async () => {
    const withinGrace = { now: "2026-11-29T03:00:00Z" };
    const script: Script = {
      "weekly-2026-11-29": notFound,
      "weekly-2026-11-22": done("weekly-2026-11-22", "2026-11-22T02:30:00Z"),
      "weekly-2026-11-15": done("weekly-2026-11-15", "2026-11-15T02:30:00Z"),
      list: serverExists,
    };
    const pendingAbsent = await judge(weekly, script, withinGrace);
    expect(pendingAbsent.map((f) => [f.backupName, f.verdict])).toEqual([
      ["weekly-2026-11-22", "compliant"],
      ["weekly-2026-11-15", "compliant"],
    ]);
    const running: Said = {
      status: 200,
      body: ltrOperation("weekly-2026-11-29", { status: "Running", startTime: "2026-11-29T02:00:00Z" }),
    };
    const pendingRunning = await judge(weekly, { ...script, "weekly-2026-11-29": running }, withinGrace);
    expect(pendingRunning[0]).toMatchObject({ backupName: "weekly-2026-11-29", verdict: "running" });
  });

  it("is stale when a due occurrence is still Running past its grace", async () => {
    const findings = await judge(weekly, {
      "weekly-2026-11-22": {
        status: 200,
        body: ltrOperation("weekly-2026-11-22", { status: "Running", startTime: "2026-11-27T02:00:00Z" }),
      },
      "weekly-2026-11-15": done("weekly-2026-11-15", "2026-11-15T02:30:00Z"),
    });
    expect(findings[0]?.verdict).toBe("stale");
    expect(findings[0]?.reason).toBe(
      "still Running since 2026-11-27T02:00:00Z, but was due to succeed by 2026-11-22T08:00:00Z",
    );
  });
});

describe("pending: a server this deploy creates, or too new for its first backup", () => {
  const serverMissing: Script = {
    nightly: armError(404, "ResourceNotFound", "The Resource 'nightly' was not found."),
    list: armError(
      404,
      "ResourceNotFound",
      "The Resource 'Microsoft.DBforPostgreSQL/flexibleServers/pg-orders' was not found.",
    ),
  };

  it("is an error under --require-existing, naming the resource that was not created", async () => {
    const finding = await judgeOne(named(), serverMissing, { requireExisting: true });
    expect(finding.verdict).toBe("error");
    expect(finding.reason).toBe(
      "server pg-orders does not exist yet (404 ResourceNotFound), but --require-existing expects every " +
        "server to exist: azurerm_postgresql_flexible_server.orders was not created, check the deploy",
    );
  });

  const latest = serverExpectations({ latest: { maxAge: "P8D", constructPath: path } });
  const empty: Script = { list: serverExists };

  it("gives latest maxAge from the server's creation, with the due date", async () => {
    const finding = await judgeOne(latest, empty, { serverCreatedAt: "2026-11-25T10:00:00Z" });
    expect(finding.verdict).toBe("pending");
    expect(finding.firstBackupDue).toBe("2026-12-03T10:00:00Z");
    expect(finding.reason).toBe(
      "server pg-orders was created 2026-11-25T10:00:00Z and has no succeeded LTR backup yet: first backup due by 2026-12-03T10:00:00Z",
    );
  });

  it.each([
    ["older than maxAge", "2026-11-01T00:00:00Z"],
    ["in the future, which ARM cannot report", "2026-11-28T00:00:00Z"],
  ])("is stale as before when the server is %s", async (_, createdAt) => {
    const finding = await judgeOne(latest, empty, { serverCreatedAt: createdAt });
    expect(finding.verdict).toBe("stale");
    expect(finding.firstBackupDue).toBeUndefined();
  });

  it("waits for a series until the first occurrence after the creation is due", async () => {
    const weekly = serverExpectations({
      series: [
        {
          name: "weekly-{yyyy}-{MM}-{dd}",
          every: "P7D",
          anchor: "2026-01-04T02:00:00Z",
          keep: 2,
          grace: "PT6H",
          constructPath: path,
        },
      ],
    });
    const script: Script = { list: serverExists };
    // Created after the 2026-11-22 occurrence: the first it can have is 2026-11-29, due 08:00.
    const young = await judge(weekly, script, { strategy: "list", serverCreatedAt: "2026-11-24T09:00:00Z" });
    expect(young.map((f) => [f.backupName, f.verdict, f.firstBackupDue])).toEqual([
      ["weekly-2026-11-22", "pending", "2026-11-29T08:00:00Z"],
      ["weekly-2026-11-15", "pending", "2026-11-29T08:00:00Z"],
    ]);
    // Created before 2026-11-22: that occurrence was due at 08:00 that day, so it is overdue.
    const old = await judge(weekly, script, { strategy: "list", serverCreatedAt: "2026-11-20T09:00:00Z" });
    expect(old.map((f) => [f.backupName, f.verdict])).toEqual([
      ["weekly-2026-11-22", "stale"],
      ["weekly-2026-11-15", "missing"],
    ]);
  });

  it("does not excuse a named backup on a new server", async () => {
    const finding = await judgeOne(
      named(),
      { list: serverExists },
      { strategy: "list", serverCreatedAt: "2026-11-26T00:00:00Z" },
    );
    expect(finding.verdict).toBe("missing");
  });
});

import type { ServerExpectations } from "../../lib/expectations/document";
import { serverExpectations } from "./support/cdktf-out-fixture";
import { ltrOperation, SUBSCRIPTION } from "./support/fake-arm";
import { judge, judgeOne, type Said, type Script } from "./support/judge-script";

// The check runs at 2026-11-27T12:00:00Z (NOW in judge-script).
const path = "app/orders-ltr";
const SERVER_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg-orders`;
const named = (name = "nightly", maxAge: string | null = "P1D"): ServerExpectations =>
  serverExpectations({ backups: [{ name, maxAge, constructPath: path }] });
const latest = serverExpectations({ latest: { maxAge: "P7D", constructPath: path } });
const succeeded = (endTime: string | null): Record<string, unknown> => ({
  status: "Succeeded",
  startTime: "2026-11-01T00:00:00Z",
  endTime,
});
const answer = (body: unknown): Said => ({ status: 200, body });
const listing = (...operations: unknown[]): Script => ({ list: answer({ value: operations }) });
const FRESH = "2026-11-27T02:10:00Z";

describe("answers must be about what was asked (issue 9 item 4)", () => {
  it.each<[string, unknown, string, string]>([
    [
      "properties.backupName names another backup",
      {
        ...ltrOperation("nightly", succeeded(FRESH)),
        properties: { backupName: "other-backup", ...succeeded(FRESH) },
      },
      "invalid",
      "the answer for nightly is about backup other-backup (its properties.backupName): ARM answered another question; report it with the request id",
    ],
    [
      "name names another backup",
      { ...ltrOperation("nightly", succeeded(FRESH)), name: "other-backup" },
      "invalid",
      "the answer for nightly is about backup other-backup (its name): ARM answered another question; report it with the request id",
    ],
    [
      "the operation's id names another backup",
      { ...ltrOperation("nightly", succeeded(FRESH)), id: `${SERVER_ID}/ltrBackupOperations/other-backup` },
      "invalid",
      "the answer for nightly is about backup other-backup (its id): ARM answered another question; report it with the request id",
    ],
    [
      "id is another server's",
      ltrOperation("nightly", succeeded(FRESH), { resourceGroup: "rg-data", server: "pg-billing" }),
      "invalid",
      `the answer for nightly on server pg-orders is about another server: its id ${SERVER_ID.replace("pg-orders", "pg-billing")} is not under ${SERVER_ID}`,
    ],
    [
      "id is in another resource group",
      ltrOperation("nightly", succeeded(FRESH), { resourceGroup: "rg-other", server: "pg-orders" }),
      "invalid",
      `the answer for nightly on server pg-orders is about another server: its id ${SERVER_ID.replace("rg-data", "rg-other")} is not under ${SERVER_ID}`,
    ],
    [
      "id is in another subscription",
      {
        ...ltrOperation("nightly", succeeded(FRESH)),
        id: SERVER_ID.replace(SUBSCRIPTION, "11111111-1111-4111-8111-111111111111"),
      },
      "invalid",
      `the answer for nightly on server pg-orders is about another server: its id ${SERVER_ID.replace(SUBSCRIPTION, "11111111-1111-4111-8111-111111111111")} is not under ${SERVER_ID}`,
    ],
    [
      "id is the server's own, in other casing (Azure's examples)",
      { ...ltrOperation("nightly", succeeded(FRESH)), id: SERVER_ID.toUpperCase() },
      "compliant",
      "ended 2026-11-27T02:10:00Z, within P1D (cut-off 2026-11-26T12:00:00Z)",
    ],
    [
      "id is the operation's own, name in other casing",
      { ...ltrOperation("NIGHTLY", succeeded(FRESH)), id: `${SERVER_ID}/ltrBackupOperations/Nightly` },
      "compliant",
      "ended 2026-11-27T02:10:00Z, within P1D (cut-off 2026-11-26T12:00:00Z)",
    ],
  ])("GET: %s → %s", async (_label, body, verdict, reason) => {
    const finding = await judgeOne(named(), { nightly: answer(body) });
    expect(finding.verdict).toBe(verdict);
    expect(finding.reason).toBe(reason);
  });

  it("a listing item about another server is set aside with a note, not taken as the newest", async () => {
    const foreign = ltrOperation("b-fresh", succeeded(FRESH), {
      resourceGroup: "rg-data",
      server: "pg-billing",
    });
    const old = ltrOperation("b-old", succeeded("2026-10-01T02:00:00Z"));
    const finding = await judgeOne(latest, listing(old, foreign));
    expect(finding.verdict).toBe("invalid");
    expect(finding.reason).toBe(
      "the newest usable succeeded backup b-old ended 2026-10-01T02:00:00Z, older than P7D (cut-off 2026-11-20T12:00:00Z), " +
        "and 1 of the server's 2 LTR backup operations cannot be judged " +
        `(/value/1/id is about another server: its id ${foreign.id} is not under ${SERVER_ID}): one of them might be the newest`,
    );
    expect(finding.notes).toEqual([
      {
        pointer: "/value/1/id",
        page: 1,
        message: `is about another server: its id ${foreign.id} is not under ${SERVER_ID}`,
      },
    ]);
  });

  it("a fresh backup of this server stays compliant beside a foreign item, which is noted", async () => {
    const foreign = ltrOperation("b-other", succeeded(FRESH), {
      resourceGroup: "rg-data",
      server: "pg-billing",
    });
    const finding = await judgeOne(latest, listing(ltrOperation("b-fresh", succeeded(FRESH)), foreign));
    expect(finding).toMatchObject({ verdict: "compliant", backupName: "b-fresh" });
    expect(finding.notes?.map((n) => n.pointer)).toEqual(["/value/1/id"]);
  });

  it("looked up in a listing, the item of this server is judged and a foreign one of that name noted", async () => {
    const foreign = ltrOperation("nightly", succeeded(FRESH), {
      resourceGroup: "rg-data",
      server: "pg-billing",
    });
    const finding = await judgeOne(named(), listing(foreign, ltrOperation("nightly", succeeded(FRESH))), {
      strategy: "list",
    });
    expect(finding.verdict).toBe("compliant");
    expect(finding.notes?.map((n) => n.pointer)).toEqual(["/value/0/id"]);
  });
});

describe("impossible times (issue 9 item 5)", () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    [
      "Succeeded, ending 9999-01-01",
      succeeded("9999-01-01T00:00:00Z"),
      "invalid",
      "ends 9999-01-01T00:00:00Z, after the check's time (2026-11-27T12:00:00Z, allowing 5 minutes of clock skew), so it cannot be the newest or be judged",
    ],
    [
      "Running, started tomorrow",
      { status: "Running", startTime: "2026-11-28T12:00:00Z" },
      "invalid",
      "starts 2026-11-28T12:00:00Z, after the check's time (2026-11-27T12:00:00Z, allowing 5 minutes of clock skew), so it cannot be the newest or be judged",
    ],
    [
      "Succeeded, ending 4 minutes after the check's time (clock skew)",
      succeeded("2026-11-27T12:04:00Z"),
      "compliant",
      "ended 2026-11-27T12:04:00Z, within P1D (cut-off 2026-11-26T12:00:00Z)",
    ],
  ])("GET: %s → %s", async (_label, properties, verdict, reason) => {
    const finding = await judgeOne(named(), { nightly: answer(ltrOperation("nightly", properties)) });
    expect(finding.verdict).toBe(verdict);
    expect(finding.reason).toBe(reason);
  });

  it("a future-ended operation never counts as the newest success of a listing", async () => {
    const finding = await judgeOne(
      latest,
      listing(
        ltrOperation("b-fresh", succeeded(FRESH)),
        ltrOperation("b-future", succeeded("9999-01-01T00:00:00Z")),
      ),
    );
    expect(finding).toMatchObject({ verdict: "compliant", backupName: "b-fresh" });
    expect(finding.notes).toEqual([
      {
        pointer: "/value/1/properties/endTime",
        page: 1,
        message:
          "ends 9999-01-01T00:00:00Z, after the check's time (2026-11-27T12:00:00Z, allowing 5 minutes of clock skew), so it cannot be the newest or be judged",
      },
    ]);
  });

  it("with only an old backup beside a future-ended one, latest is invalid, not compliant for ever", async () => {
    const finding = await judgeOne(
      latest,
      listing(
        ltrOperation("b-old", succeeded("2026-10-01T02:00:00Z")),
        ltrOperation("b-future", succeeded("9999-01-01T00:00:00Z")),
      ),
    );
    expect(finding.verdict).toBe("invalid");
    expect(finding.backupName).toBeNull();
  });
});

describe("latest and listed occurrences follow one rule (issue 10 item 1)", () => {
  it.each<[string, unknown[], string, string[]]>([
    [
      "fresh valid backup beside a broken one: compliant, the broken one noted",
      [ltrOperation("b-fresh", succeeded(FRESH)), ltrOperation("b-odd", { status: 7 })],
      "compliant",
      ["/value/1"],
    ],
    [
      "fresh valid backup beside a succeeded one without endTime: compliant, noted",
      [ltrOperation("b-fresh", succeeded(FRESH)), ltrOperation("b-noend", { status: "Succeeded" })],
      "compliant",
      ["/value/1/properties/endTime"],
    ],
    [
      "stale valid backup beside a broken one: invalid, the broken one might be the newest",
      [ltrOperation("b-old", succeeded("2026-10-01T02:00:00Z")), ltrOperation("b-odd", { status: 7 })],
      "invalid",
      ["/value/1"],
    ],
    [
      "no valid backup, one succeeded without endTime: invalid",
      [ltrOperation("b-noend", { status: "Succeeded" })],
      "invalid",
      ["/value/0/properties/endTime"],
    ],
    [
      "no succeeded backup at all, nothing broken: stale",
      [ltrOperation("b1", { status: "Failed" })],
      "stale",
      [],
    ],
  ])("%s", async (_label, operations, verdict, pointers) => {
    const finding = await judgeOne(latest, listing(...operations));
    expect(finding.verdict).toBe(verdict);
    expect((finding.notes ?? []).map((note) => note.pointer)).toEqual(pointers);
  });

  it("says why latest is invalid when nothing usable is fresh", async () => {
    const finding = await judgeOne(latest, listing(ltrOperation("b-noend", { status: "Succeeded" })));
    expect(finding.reason).toBe(
      "no usable succeeded backup ended within P7D (after 2026-11-20T12:00:00Z), and 1 of the server's 1 LTR backup " +
        "operations cannot be judged (/value/0/properties/endTime Succeeded without properties.endTime, so its age is unknown): " +
        "one of them might be the newest",
    );
  });

  const weekly = serverExpectations({
    series: [
      {
        name: "weekly-{yyyy}-{MM}-{dd}",
        every: "P7D",
        anchor: "2026-01-04T02:00:00Z",
        keep: 1,
        grace: "PT6H",
        constructPath: path,
      },
    ],
  });

  it("a series occurrence found in a listing beside a broken item of that name is compliant, with a note", async () => {
    const findings = await judge(
      weekly,
      listing(
        ltrOperation("weekly-2026-11-22", { status: 7 }),
        ltrOperation("weekly-2026-11-22", succeeded("2026-11-22T02:30:00Z")),
      ),
      { strategy: "list" },
    );
    expect(findings.map((f) => [f.backupName, f.verdict, (f.notes ?? []).map((n) => n.pointer)])).toEqual([
      ["weekly-2026-11-22", "compliant", ["/value/0"]],
    ]);
  });

  it("a series occurrence whose only item in the listing is broken is invalid, as its GET would be", async () => {
    const script = listing(ltrOperation("weekly-2026-11-22", { status: 7 }));
    const [byList] = await judge(weekly, script, { strategy: "list" });
    const [byGet] = await judge(weekly, {
      "weekly-2026-11-22": answer(ltrOperation("weekly-2026-11-22", { status: 7 })),
    });
    expect(byList?.verdict).toBe("invalid");
    expect(byGet?.verdict).toBe("invalid");
  });
});

describe("names ignore case, as ARM's do (issue 10 item 2)", () => {
  it.each(["get", "list", "auto"] as const)(
    "--strategy %s finds nightly answered as NIGHTLY",
    async (strategy) => {
      const body = ltrOperation("NIGHTLY", succeeded(FRESH));
      const finding = await judgeOne(named(), { nightly: answer(body), ...listing(body) }, { strategy });
      expect(finding.verdict).toBe("compliant");
    },
  );
});

describe("null is absent, a zone-less instant is invalid (issue 10 item 3)", () => {
  it.each<[string, ServerExpectations, Record<string, unknown>, string, string]>([
    [
      "endTime null, no maxAge: compliant",
      named("nightly", null),
      {
        status: "Succeeded",
        startTime: "2026-11-01T00:00:00Z",
        endTime: null,
        errorCode: null,
        percentComplete: null,
      },
      "compliant",
      "succeeded",
    ],
    [
      "endTime null where maxAge asks its age: invalid for want of an end time, not malformed",
      named(),
      succeeded(null),
      "invalid",
      "Succeeded without a valid properties.endTime, so its age cannot be judged against P1D",
    ],
    [
      "Running with endTime null",
      named(),
      { status: "Running", startTime: "2026-11-27T11:00:00Z", endTime: null },
      "running",
      "Running since 2026-11-27T11:00:00Z",
    ],
    [
      "Failed with errorCode and errorMessage null",
      named(),
      {
        status: "Failed",
        startTime: "2026-11-27T02:00:00Z",
        endTime: "2026-11-27T02:03:00Z",
        errorCode: null,
        errorMessage: null,
      },
      "failed",
      "failed at 2026-11-27T02:03:00Z: Azure gave no error code or message",
    ],
    [
      "a zone-less endTime: invalid, saying it has no offset",
      named(),
      succeeded("2026-11-27T02:10:00"),
      "invalid",
      'the answer for nightly does not match the LTR backup schema (/properties/endTime has no time zone offset ("2026-11-27T02:10:00"), so the instant it names is unknown)',
    ],
  ])("%s", async (_label, server, properties, verdict, reason) => {
    const finding = await judgeOne(server, { nightly: answer(ltrOperation("nightly", properties)) });
    expect(finding.verdict).toBe(verdict);
    expect(finding.reason).toBe(reason);
  });

  it("null systemData and properties fields in a listing are absent too", async () => {
    const body = {
      ...ltrOperation("b-fresh", { ...succeeded(FRESH), backupMetadata: null }),
      systemData: null,
    };
    const finding = await judgeOne(latest, listing(body));
    expect(finding).toMatchObject({ verdict: "compliant", schemaErrors: [], notes: [] });
  });
});

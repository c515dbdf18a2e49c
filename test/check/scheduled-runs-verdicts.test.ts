import type { ScheduledRunsExpectation } from "../../lib/expectations/document";
import { serverExpectations } from "./support/cdktf-out-fixture";
import { ltrOperation } from "./support/fake-arm";
import { judge, type Said } from "./support/judge-script";

/**
 * Runs a vault policy scheduled, judged from the server's listing by start time. The policy runs
 * weekly on Sundays at 02:00 UTC with 6 h to start; at NOW (Friday 2026-11-27T12:00Z) the last four
 * runs are 2026-11-22, -15, -08 and -01, all past their grace.
 */
const POLICY = "azurerm_data_protection_backup_policy_postgresql_flexible_server.weekly";
const weeklyPolicy = (overrides: Partial<ScheduledRunsExpectation> = {}): ScheduledRunsExpectation => ({
  policyAddress: POLICY,
  policyName: "weekly-policy",
  instanceAddress: "azurerm_data_protection_backup_instance_postgresql_flexible_server.orders",
  repeatingIntervals: ["R/2026-01-04T02:00:00+00:00/P1W"],
  timeZone: null,
  ianaTimeZone: "UTC",
  runs: 4,
  grace: "PT6H",
  constructPath: "app/vault",
  ...overrides,
});
const server = (policy = weeklyPolicy()) => serverExpectations({ scheduled: [policy] });

/** An operation named the way the Backup service names them: nothing to match but its times. */
let serial = 0;
const op = (status: string, startTime: string, extra: Record<string, unknown> = {}) =>
  ltrOperation(`pgflex-ltr-${(++serial).toString(16).padStart(8, "0")}`, {
    status,
    startTime,
    ...(status === "Succeeded" ? { endTime: addMinutes(startTime, 40) } : {}),
    ...extra,
  });
const listing = (...operations: unknown[]): Said => ({ status: 200, body: { value: operations } });

function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString().replace(".000Z", "Z");
}

const onTime = (day: string) => op("Succeeded", `2026-11-${day}T02:00:41Z`);

describe("scheduled runs of a vault policy", () => {
  it("matches every run by time, names the operation, and words the subject by the scheduled instant", async () => {
    const operations = ["22", "15", "08", "01"].map(onTime);
    const findings = await judge(server(), { list: listing(...operations) });
    expect(findings.map((f) => [f.subject, f.verdict, f.backupName])).toEqual([
      ["pg-orders/(scheduled 2026-11-22T02:00:00Z)", "compliant", operations[0]?.name],
      ["pg-orders/(scheduled 2026-11-15T02:00:00Z)", "compliant", operations[1]?.name],
      ["pg-orders/(scheduled 2026-11-08T02:00:00Z)", "compliant", operations[2]?.name],
      ["pg-orders/(scheduled 2026-11-01T02:00:00Z)", "compliant", operations[3]?.name],
    ]);
    expect(findings[0]?.reason).toBe(
      `backup ${operations[0]?.name} started 2026-11-22T02:00:41Z: succeeded, ended 2026-11-22T02:40:41Z`,
    );
    expect(findings[0]?.expectation).toEqual({
      kind: "scheduled",
      scheduledAt: "2026-11-22T02:00:00Z",
      startBy: "2026-11-22T08:00:00Z",
      grace: "PT6H",
      policy: POLICY,
    });
  });

  it.each([
    [
      "missing: no operation started in the window",
      [],
      "missing",
      null,
      "no LTR backup started between 2026-11-08T02:00:00Z and 08:00Z (scheduled by policy weekly-policy)",
    ],
    [
      "failed: the only operation of the window failed",
      [
        op("Failed", "2026-11-08T02:01:00Z", {
          errorCode: "LtrBackupTargetUnreachable",
          errorMessage: "SAS expired",
        }),
      ],
      "failed",
      "pgflex",
      "failed: LtrBackupTargetUnreachable: SAS expired",
    ],
    [
      "failed: cancelled",
      [op("Cancelled", "2026-11-08T02:01:00Z")],
      "failed",
      "pgflex",
      "was cancelled; start the backup again",
    ],
    [
      "compliant: a failed attempt the service retried in time",
      [op("Failed", "2026-11-08T02:01:00Z"), op("Succeeded", "2026-11-08T04:30:00Z")],
      "compliant",
      "pgflex",
      "started 2026-11-08T04:30:00Z: succeeded, ended 2026-11-08T05:10:00Z",
    ],
    [
      "compliant: started on the last second of the grace",
      [op("Succeeded", "2026-11-08T08:00:00Z")],
      "compliant",
      "pgflex",
      "started 2026-11-08T08:00:00Z",
    ],
    [
      "missing: started after the grace (late), and the late run is named",
      [op("Succeeded", "2026-11-08T11:20:00Z")],
      "missing",
      null,
      "no LTR backup started between 2026-11-08T02:00:00Z and 08:00Z (scheduled by policy weekly-policy); " +
        "backup pgflex-ltr-",
    ],
    [
      "missing: one started before the scheduled time belongs to the run before",
      [op("Succeeded", "2026-11-08T01:59:00Z")],
      "missing",
      null,
      "no LTR backup started between 2026-11-08T02:00:00Z and 08:00Z (scheduled by policy weekly-policy)",
    ],
  ])("%s", async (_, operations, verdict, backupName, reason) => {
    const others = ["22", "15", "01"].map(onTime);
    const findings = await judge(server(), { list: listing(...others, ...operations) });
    const finding = findings.find(
      (f) => f.expectation.kind === "scheduled" && f.expectation.scheduledAt.startsWith("2026-11-08"),
    );
    expect(finding?.verdict).toBe(verdict);
    if (backupName === null) expect(finding?.backupName).toBeNull();
    else expect(finding?.backupName).toContain(backupName);
    expect(finding?.reason).toContain(reason);
    // The other runs stay compliant whatever happened on the 8th.
    expect(findings.filter((f) => f !== finding).map((f) => f.verdict)).toEqual([
      "compliant",
      "compliant",
      "compliant",
    ]);
  });

  it("words a late run with its time and status", async () => {
    const late = op("Succeeded", "2026-11-08T11:20:00Z");
    const findings = await judge(server(), { list: listing(...["22", "15", "01"].map(onTime), late) });
    expect(findings[2]?.reason).toBe(
      "no LTR backup started between 2026-11-08T02:00:00Z and 08:00Z (scheduled by policy weekly-policy); " +
        `backup ${late.name} started late, at 2026-11-08T11:20:00Z, Succeeded, which does not count as the ` +
        "scheduled run: check the vault's backup jobs",
    );
  });

  it("reports a run still going as running, and one running for too long as stale", async () => {
    const findings = await judge(
      server(),
      {
        list: listing(
          op("Running", "2026-11-27T10:00:00Z", { percentComplete: 30 }),
          onTime("22"),
          onTime("15"),
          op("Running", "2026-11-08T02:00:00Z", { percentComplete: 99 }),
          onTime("01"),
        ),
      },
      { now: "2026-11-27T12:00:00Z" },
    );
    expect(findings.map((f) => f.verdict)).toEqual(["compliant", "compliant", "stale", "compliant"]);
    expect(findings[2]?.reason).toContain(
      "Running since 2026-11-08T02:00:00Z (99% complete), longer than PT24H",
    );
    // Started on Friday: no scheduled run is that recent, so it is not anyone's late run either.
    expect(findings.every((f) => !f.reason.includes("2026-11-27T10:00:00Z"))).toBe(true);
  });

  it("never lets one operation satisfy two runs, even when their graces overlap", async () => {
    // Daily at 02:00 with two days to start: the windows of the 25th and the 26th overlap.
    const daily = weeklyPolicy({ repeatingIntervals: ["R/2026-01-01T02:00:00Z/P1D"], grace: "P2D", runs: 2 });
    const only = op("Succeeded", "2026-11-25T03:00:00Z");
    const findings = await judge(server(daily), { list: listing(only) });
    expect(findings.map((f) => [f.subject, f.verdict, f.backupName])).toEqual([
      ["pg-orders/(scheduled 2026-11-25T02:00:00Z)", "compliant", only.name],
      ["pg-orders/(scheduled 2026-11-24T02:00:00Z)", "missing", null],
    ]);
  });

  it("does not expect runs scheduled before a server that never backed up was created", async () => {
    const findings = await judge(server(), { list: listing() }, { serverCreatedAt: "2026-11-10T09:00:00Z" });
    expect(findings.map((f) => [f.subject, f.verdict])).toEqual([
      ["pg-orders/(scheduled 2026-11-22T02:00:00Z)", "missing"],
      ["pg-orders/(scheduled 2026-11-15T02:00:00Z)", "missing"],
    ]);
  });

  describe("a run still within its grace", () => {
    const morning = { now: "2026-11-29T03:00:00Z" };
    const earlier = ["22", "15", "08", "01"].map(onTime);

    it("is no finding before anything started, and the last four finished windows are judged", async () => {
      const findings = await judge(server(), { list: listing(...earlier) }, morning);
      expect(findings.map((f) => f.subject)).toEqual([
        "pg-orders/(scheduled 2026-11-22T02:00:00Z)",
        "pg-orders/(scheduled 2026-11-15T02:00:00Z)",
        "pg-orders/(scheduled 2026-11-08T02:00:00Z)",
        "pg-orders/(scheduled 2026-11-01T02:00:00Z)",
      ]);
      expect(findings.every((f) => f.verdict === "compliant")).toBe(true);
    });

    it("is running once an operation started in it, and is not taken for the previous run's late one", async () => {
      const findings = await judge(
        server(),
        { list: listing(op("Running", "2026-11-29T02:10:00Z"), ...earlier.slice(1)) },
        morning,
      );
      expect(findings.map((f) => [f.subject, f.verdict])).toEqual([
        ["pg-orders/(scheduled 2026-11-29T02:00:00Z)", "running"],
        ["pg-orders/(scheduled 2026-11-22T02:00:00Z)", "missing"],
        ["pg-orders/(scheduled 2026-11-15T02:00:00Z)", "compliant"],
        ["pg-orders/(scheduled 2026-11-08T02:00:00Z)", "compliant"],
        ["pg-orders/(scheduled 2026-11-01T02:00:00Z)", "compliant"],
      ]);
      expect(findings[1]?.reason).toBe(
        "no LTR backup started between 2026-11-22T02:00:00Z and 08:00Z (scheduled by policy weekly-policy)",
      );
    });
  });

  describe("malformed listing items", () => {
    const others = ["22", "15", "01"].map(onTime);
    it("are notes when a usable operation succeeded in the window", async () => {
      const broken = {
        ...op("Succeeded", "2026-11-08T03:00:00Z"),
        properties: { status: "Succeeded", startTime: "2026-11-08T03:00:00Z", percentComplete: 150 },
      };
      const findings = await judge(server(), { list: listing(...others, onTime("08"), broken) });
      expect(findings[2]?.verdict).toBe("compliant");
      expect(findings[2]?.notes?.map((n) => n.pointer)).toEqual(["/value/4"]);
    });

    it("make the run invalid when one of them could be it", async () => {
      const broken = {
        ...op("Succeeded", "2026-11-08T03:00:00Z"),
        properties: { status: "Succeeded", startTime: "2026-11-08T03:00:00Z", percentComplete: 150 },
      };
      const findings = await judge(server(), { list: listing(...others, broken) });
      expect(findings[2]?.verdict).toBe("invalid");
      expect(findings[2]?.reason).toMatch(
        /^no usable LTR backup succeeded that started between 2026-11-08T02:00:00Z and 08:00Z \(scheduled by policy weekly-policy\), and 1 operation of the listing cannot be judged \(\/value\/3 breaks the LTR backup schema/,
      );
      // The other runs have their own succeeded operation: the broken item cannot be theirs.
      expect(findings.filter((_, i) => i !== 2).map((f) => f.verdict)).toEqual([
        "compliant",
        "compliant",
        "compliant",
      ]);
    });

    it("without a start time could be any run: invalid where no succeeded run is, a note elsewhere", async () => {
      const noStart = ltrOperation("pgflex-ltr-nostart", {
        status: "Succeeded",
        endTime: "2026-11-08T04:00:00Z",
      });
      const findings = await judge(server(), { list: listing(...others, noStart) });
      expect(findings.map((f) => f.verdict)).toEqual(["compliant", "compliant", "invalid", "compliant"]);
      expect(findings[0]?.notes?.map((n) => [n.pointer, n.message])).toEqual([
        [
          "/value/3/properties/startTime",
          "has no valid properties.startTime, so which scheduled run it is cannot be told",
        ],
      ]);
    });

    it("about another server never count", async () => {
      const foreign = ltrOperation(
        "pgflex-ltr-foreign",
        { status: "Succeeded", startTime: "2026-11-08T02:05:00Z", endTime: "2026-11-08T02:40:00Z" },
        { resourceGroup: "rg-data", server: "pg-billing" },
      );
      const findings = await judge(server(), { list: listing(...others, foreign) });
      expect(findings[2]?.verdict).toBe("invalid");
      expect(findings[2]?.notes?.[0]?.message).toContain(`is about another server`);
    });
  });

  it.each(["get", "list", "auto"] as const)(
    "asks for the listing once, with named backups, under --strategy %s",
    async (strategy) => {
      const withNamed = serverExpectations({
        backups: [{ name: "pre-upgrade", maxAge: null, constructPath: "app/orders-ltr" }],
        scheduled: [weeklyPolicy()],
      });
      const asked: string[] = [];
      const operations = [
        ...["22", "15", "08", "01"].map(onTime),
        ltrOperation("pre-upgrade", {
          status: "Succeeded",
          startTime: "2026-10-01T00:00:00Z",
          endTime: "2026-10-01T01:00:00Z",
        }),
      ];
      const findings = await judge(
        withNamed,
        new Proxy(
          {},
          {
            get: (_, key: string) => {
              asked.push(key);
              return key === "list" ? listing(...operations) : { status: 200, body: operations[4] };
            },
          },
        ),
        { strategy },
      );
      expect(findings.map((f) => f.verdict)).toEqual(Array(5).fill("compliant"));
      expect(asked.filter((key) => key === "list")).toHaveLength(1);
      expect(asked.length).toBe(strategy === "get" ? 2 : 1);
    },
  );
});

import type { ExemptServer, Finding } from "../../lib/check/result";
import { GITHUB_ANNOTATIONS_PER_LEVEL } from "../../lib/render/github-annotations";
import { renderPlan } from "../../lib/render/render-plan";
import { escapeData, escapeProperty, workflowCommand } from "../../lib/render/workflow-command";
import { CLEAN, EXEMPTION, FINDINGS, resultOf } from "./fixtures/check-results";

const github = (findings: readonly Finding[], exempt: ExemptServer[] = []): string[] =>
  renderPlan({ ...resultOf(findings), exempt }, "github")
    .split("\n")
    .slice(0, -1);

const at = (line: number) => ({ declaredAt: { file: "main.ts", line, column: 5 } });

/** What the runner makes of a command line: its name, properties and message, unescaped. */
function parseCommand(line: string): { name: string; properties: Record<string, string>; message: string } {
  const match = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const unescape = (text: string) =>
    text
      .replace(/%0D/g, "\r")
      .replace(/%0A/g, "\n")
      .replace(/%3A/g, ":")
      .replace(/%2C/g, ",")
      .replace(/%25/g, "%");
  const properties = Object.fromEntries(
    (match[2] ?? "")
      .split(",")
      .filter((pair) => pair !== "")
      .map((pair) => {
        const separator = pair.indexOf("=");
        return [pair.slice(0, separator), unescape(pair.slice(separator + 1))];
      }),
  );
  return { name: match[1], properties, message: unescape(match[3]) };
}

describe("workflow command escaping (as @actions/core's escapeData and escapeProperty)", () => {
  it.each([
    ["plain", "plain", "plain"],
    ["100% done", "100%25 done", "100%25 done"],
    ["a\r\nb", "a%0D%0Ab", "a%0D%0Ab"],
    ["key: a, b", "key: a, b", "key%3A a%2C b"],
    ["%0A already", "%250A already", "%250A already"],
    ["C:\\app\\main.ts", "C:\\app\\main.ts", "C%3A\\app\\main.ts"],
  ])("%j is %j in a message and %j in a property", (text, data, property) => {
    expect(escapeData(text)).toBe(data);
    expect(escapeProperty(text)).toBe(property);
  });

  it("writes the properties given, in @actions/core's order, and none that are empty", () => {
    expect(workflowCommand("error", { line: 42, file: "main.ts", title: "T", col: 3 }, "m")).toBe(
      "::error title=T,file=main.ts,line=42,col=3::m",
    );
    expect(workflowCommand("warning", { file: "" }, "m")).toBe("::warning::m");
  });
});

describe("--format github", () => {
  it.each<[string, Finding, string]>([
    [
      "missing",
      { ...FINDINGS.missing, ...at(42) },
      "::error title=LTR backup missing,file=main.ts,line=42,col=5::data-platform/orders-db/pre-upgrade-2026-11 is missing: " +
        "server orders-db has no LTR backup operation named pre-upgrade-2026-11",
    ],
    [
      "stale",
      { ...FINDINGS.stale, ...at(43) },
      "::error title=LTR backup stale,file=main.ts,line=43,col=5::data-platform/orders-db/monthly-2026-09 is stale: " +
        "ended 2026-09-01T02:10:00Z, older than P32D (cut-off 2026-10-26T08:00:00Z)",
    ],
    [
      "failed",
      { ...FINDINGS.failed, ...at(44) },
      "::error title=LTR backup failed,file=main.ts,line=44,col=5::data-platform/orders-db/weekly-2026-11-22 has failed: " +
        "failed at 2026-11-22T02:07:00Z: StorageUnreachable: Storage account is not reachable",
    ],
    [
      "invalid, with the schema errors",
      { ...FINDINGS.invalid, ...at(45) },
      "::error title=LTR backup answer invalid,file=main.ts,line=45,col=5::data-platform/billing-db/pre-migration is invalid: " +
        "Azure's answer does not match the API schema%0A/properties/percentComplete: must be <= 100%0A" +
        '/properties/endTime: must match format "date-time"',
    ],
    [
      "unknown",
      { ...FINDINGS.unknown, ...at(46) },
      "::error title=LTR backup status unknown,file=main.ts,line=46,col=5::data-platform/billing-db/quarterly-2026-q3 " +
        'has an unknown status: status "Paused" is not one this version of pg-ltr knows',
    ],
    [
      "stale because it is stuck Running (drift, as the exit code says)",
      {
        ...FINDINGS.running,
        ...at(47),
        verdict: "stale",
        reason: "Running since 2026-11-25T07:30:00Z, longer than PT24H: the operation looks stuck",
      },
      "::error title=LTR backup stuck running,file=main.ts,line=47,col=5::data-platform/billing-db/pre-upgrade-2026-12 " +
        "is stale: Running since 2026-11-25T07:30:00Z, longer than PT24H: the operation looks stuck",
    ],
    [
      "pending, as a warning",
      {
        ...FINDINGS.missing,
        ...at(48),
        verdict: "pending",
        reason: "server orders-db will be created by this deploy",
      },
      "::warning title=LTR backup pending,file=main.ts,line=48,col=5::data-platform/orders-db/pre-upgrade-2026-11 " +
        "will be created: server orders-db will be created by this deploy",
    ],
    [
      "declared where synthesis did not record it: no file, the construct path in the message",
      FINDINGS.missing,
      "::error title=LTR backup missing::data-platform/orders-db/pre-upgrade-2026-11 is missing: server orders-db has " +
        "no LTR backup operation named pre-upgrade-2026-11%0ADeclared at data-platform/orders-ltr " +
        "(azurerm_postgresql_flexible_server.orders)",
    ],
  ])("annotates %s", (_, finding, annotation) => {
    const lines = github([FINDINGS.compliant, finding]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(annotation);
    expect(lines[1]).toMatch(/^::notice title=pg-ltr check::Checked at 2026-11-27T08:00:00Z: /);
  });

  it("annotates nothing but the summary notice when nothing needs attention (running is not drift)", () => {
    expect(renderPlan(CLEAN, "github")).toBe(
      "::notice title=pg-ltr check::Checked at 2026-11-27T08:00:00Z: 0 missing, 0 stale, 0 failed, 0 invalid, " +
        "0 unknown. 1 compliant, 1 running.\n",
    );
  });

  it("gives one cause of errors one annotation, however many expectations it stopped", () => {
    const denied = Array.from({ length: 27 }, (_, i) => ({
      ...FINDINGS.error,
      ...at(10 + i),
      serverName: `db-${i}`,
      subject: `db-${i}/nightly`,
      reason: "ARM refused the credentials (401 AuthenticationFailed): sign in again",
      http: { status: 401, code: "AuthenticationFailed", message: "expired", requestId: `r-${i}` },
    }));
    const lines = github([...denied, FINDINGS.error]);
    expect(lines).toHaveLength(3);
    // Declared on 27 lines: the annotation belongs to the run, not to one of them.
    expect(parseCommand(lines[0])).toEqual({
      name: "error",
      properties: { title: "LTR backups could not be checked" },
      message:
        // The 28th expectation of the subscription failed otherwise (403), in an annotation of its own.
        "401 AuthenticationFailed for 27 of 28 expectations in subscription 00000000-0000-0000-0000-000000000001\n" +
        "ARM refused the credentials (401 AuthenticationFailed): sign in again\n\n" +
        "Affected LTR backups (27): data-platform/db-0/nightly, data-platform/db-1/nightly, data-platform/db-2/nightly, " +
        "data-platform/db-3/nightly, data-platform/db-4/nightly and 22 more.\n" +
        "HTTP 401 AuthenticationFailed, first request id r-0",
    });
    expect(parseCommand(lines[1]).properties.title).toBe("LTR backup could not be checked");
    expect(parseCommand(lines[1]).message).toContain(
      "Affected LTR backup: data-platform/reports-db/pre-upgrade-2026-11, declared at ",
    );
  });

  it("puts a cause of errors on the line that declared every expectation it stopped", () => {
    const twice = [
      { ...FINDINGS.error, ...at(7) },
      { ...FINDINGS.error, ...at(7), subject: "reports-db/other", backupName: "other" },
    ];
    expect(parseCommand(github(twice)[0]).properties).toEqual({
      title: "LTR backups could not be checked",
      file: "main.ts",
      line: "7",
      col: "5",
    });
  });

  it("warns about exemptions that expired or expire within 30 days, on the line that exempted them", () => {
    const exemption: ExemptServer = {
      ...EXEMPTION,
      expires: "2026-12-06",
      declaredAt: { file: "stacks/data.ts", line: 65, column: 21 },
      standing: "expiring",
      daysLeft: 9,
    };
    const lines = github(
      [FINDINGS.compliant],
      [
        { ...exemption, subject: "active-db", expires: "2027-06-30", standing: "active", daysLeft: 215 },
        exemption,
        {
          ...exemption,
          subject: "old-db",
          expires: "2026-11-01",
          standing: "expired",
          daysLeft: -27,
          declaredAt: null,
        },
      ],
    );
    expect(lines).toEqual([
      "::warning title=LTR exemption expiring,file=stacks/data.ts,line=65,col=21::The LTR exemption of " +
        "data-platform/scratch-db expires on 2026-12-06, within 30 days%0AReason given: Throwaway server for load tests%0A" +
        "Declared at stacks/data.ts:65 (data-platform/scratch); renew it with a later expires date or declare the " +
        "server's LTR backups with PostgresLtrBackups.",
      "::warning title=LTR exemption expired::The LTR exemption of data-platform/old-db expired on 2026-11-01%0A" +
        "Reason given: Throwaway server for load tests%0ADeclared at (data-platform/scratch); renew it with a later " +
        "expires date or declare the server's LTR backups with PostgresLtrBackups.",
      "::notice title=pg-ltr check::Checked at 2026-11-27T08:00:00Z: 0 missing, 0 stale, 0 failed, 0 invalid, " +
        "0 unknown. 1 compliant, 0 running, 3 exempt.",
    ]);
  });

  it(`prints at most ${GITHUB_ANNOTATIONS_PER_LEVEL} errors and warnings, which is what GitHub shows, and says how many more`, () => {
    const missing = Array.from({ length: 14 }, (_, i) => ({
      ...FINDINGS.missing,
      ...at(i + 1),
      subject: `orders-db/b-${i}`,
    }));
    const pending = Array.from({ length: 11 }, (_, i) => ({
      ...FINDINGS.missing,
      subject: `new-db/b-${i}`,
      verdict: "pending" as const,
    }));
    const lines = github([...missing, ...pending]);
    expect(lines.filter((line) => line.startsWith("::error "))).toHaveLength(10);
    expect(lines.filter((line) => line.startsWith("::warning "))).toHaveLength(10);
    // The first ones, in the result's order.
    expect(lines[0]).toContain("line=1,");
    expect(lines[9]).toContain("line=10,");
    expect(parseCommand(lines.at(-1)!).message).toBe(
      "Checked at 2026-11-27T08:00:00Z: 14 missing, 0 stale, 0 failed, 0 invalid, 0 unknown. 0 compliant, " +
        "0 running, 11 pending.\n4 more errors and 1 more warning not annotated: GitHub shows 10 of each per step. " +
        "Every finding is in the text plan, and in the --output markdown, json and sarif reports.",
    );
  });

  describe("outside text (ARM's answers, cdktf.out) cannot forge a command", () => {
    const forged: Finding = {
      ...FINDINGS.failed,
      stack: "data%0A::error::x",
      subject: "orders-db/weekly\r\n::warning::y",
      declaredAt: { file: "main.ts,line=1::\n::error file=evil.ts::", line: 42, column: 1 },
      reason: "failed: boom\n::error::all good\r::stop-commands::token\u001b[2J 100%0A",
    };
    const lines = renderPlan(resultOf([forged]), "github").split("\n");

    it("is one command per line, every line a command of ours", () => {
      expect(lines.at(-1)).toBe("");
      expect(lines.slice(0, -1).map((line) => line.slice(0, line.indexOf(" ")))).toEqual([
        "::error",
        "::notice",
      ]);
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      expect(lines.join("")).not.toMatch(/[\u0000-\u001f]/);
    });

    it("keeps the file a value of one property and the reason inside the message, shown as it was", () => {
      const command = parseCommand(lines[0]);
      expect(command.name).toBe("error");
      expect(command.properties).toEqual({
        title: "LTR backup failed",
        file: "main.ts,line=1::\\n::error file=evil.ts::",
        line: "42",
        col: "1",
      });
      expect(command.message).toBe(
        "data%0A::error::x/orders-db/weekly\\r\\n::warning::y has failed: " +
          "failed: boom\\n::error::all good\\r::stop-commands::token\\x1b[2J 100%0A",
      );
    });
  });
});

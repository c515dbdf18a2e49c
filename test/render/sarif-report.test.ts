import type { Log, Result } from "sarif";
import type { CheckResult, ExemptServer, Finding } from "../../lib/check/result";
import { packageVersion } from "../../lib/package-version";
import { renderPlan } from "../../lib/render/render-plan";
import { expectValidSarif, validateSarif } from "../support/sarif-schema";
import { CLEAN, EVERY_VERDICT, EXEMPTION, FINDINGS, resultOf } from "./fixtures/check-results";

function sarif(result: CheckResult): Log {
  return JSON.parse(renderPlan(result, "sarif")) as Log;
}

const at = (line: number) => ({ declaredAt: { file: "stacks/data platform.ts", line, column: 5 } });

const expiring: ExemptServer = {
  ...EXEMPTION,
  subject: "old-db",
  standing: "expiring",
  daysLeft: 9,
  expires: "2026-12-06",
};

describe("--format sarif", () => {
  describe.each<[string, CheckResult]>([
    [
      "drift of every kind, located",
      resultOf(Object.values(FINDINGS).map((f, i) => ({ ...f, ...at(i + 1) }))),
    ],
    ["a clean check", CLEAN],
    [
      "a check that could not reach Azure",
      resultOf([FINDINGS.error, { ...FINDINGS.error, subject: "reports-db/(latest)" }]),
    ],
    ["exempt servers", { ...CLEAN, exempt: [EXEMPTION, { ...expiring, declaredAt: null }] }],
  ])("for %s", (_, result) => {
    it("is valid SARIF 2.1.0 by the OASIS JSON Schema", () => {
      expectValidSarif(sarif(result));
    });
  });

  it("has a validator that refuses what the schema forbids", () => {
    const log = sarif(EVERY_VERDICT);
    (log.runs[0].results![0] as { level: string }).level = "fatal";
    expect(validateSarif(log)).toBe(false);
  });

  it("names pg-ltr and its version, and has one rule per verdict, each with a help text and a level", () => {
    const { driver } = sarif(CLEAN).runs[0].tool;
    expect(driver).toMatchObject({
      name: "pg-ltr",
      version: packageVersion(),
      informationUri: "https://www.npmjs.com/package/cdktf-pg-ltr",
    });
    expect(driver.rules!.map((r) => [r.id, r.defaultConfiguration?.level, r.shortDescription?.text])).toEqual(
      [
        ["missing", "error", "LTR backup missing"],
        ["stale", "error", "LTR backup stale"],
        ["failed", "error", "LTR backup failed"],
        ["invalid", "error", "LTR backup answer invalid"],
        ["unknown", "error", "LTR backup status unknown"],
        ["pending", "warning", "LTR backup pending"],
        ["error", "error", "LTR backup could not be checked"],
        ["exempt", "note", "Server exempt from LTR backups"],
      ],
    );
    for (const rule of driver.rules!) {
      expect(rule.fullDescription?.text).toMatch(/\w.{30,}\.$/);
      expect(rule.help?.text).toMatch(/\w.{30,}\.$/);
    }
  });

  it.each<[string, Finding, Partial<Result>]>([
    [
      "missing",
      { ...FINDINGS.missing, ...at(42) },
      {
        ruleId: "missing",
        level: "error",
        message: {
          text:
            "data-platform/orders-db/pre-upgrade-2026-11 is missing: server orders-db has no LTR backup operation " +
            "named pre-upgrade-2026-11",
        },
      },
    ],
    [
      "invalid, with the schema errors",
      { ...FINDINGS.invalid, ...at(42) },
      {
        ruleId: "invalid",
        level: "error",
        message: {
          text:
            "data-platform/billing-db/pre-migration is invalid: Azure's answer does not match the API schema\n" +
            '/properties/percentComplete: must be <= 100\n/properties/endTime: must match format "date-time"',
        },
      },
    ],
    [
      "pending",
      { ...FINDINGS.missing, ...at(42), verdict: "pending", reason: "the deploy creates it" },
      {
        ruleId: "pending",
        level: "warning",
        message: {
          text: "data-platform/orders-db/pre-upgrade-2026-11 will be created: the deploy creates it",
        },
      },
    ],
    ["error", { ...FINDINGS.error, ...at(42) }, { ruleId: "error", level: "error" }],
  ])("reports %s on the line that declared it, relative to the app's folder", (_, finding, expected) => {
    const [result] = sarif(resultOf([FINDINGS.compliant, finding, FINDINGS.running])).runs[0].results!;
    expect(result).toMatchObject(expected);
    expect(result.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: "stacks/data%20platform.ts", uriBaseId: "%SRCROOT%" },
          region: { startLine: 42, startColumn: 5 },
        },
        logicalLocations: [
          { name: finding.constructPath.split("/").at(-1), fullyQualifiedName: finding.constructPath },
        ],
      },
    ]);
  });

  it("reports neither compliant nor running backups", () => {
    expect(sarif(CLEAN).runs[0].results).toEqual([]);
  });

  it("falls back to the construct path when synthesis recorded no line", () => {
    const [result] = sarif(resultOf([FINDINGS.missing])).runs[0].results!;
    expect(result.locations).toEqual([
      { logicalLocations: [{ name: "orders-ltr", fullyQualifiedName: "data-platform/orders-ltr" }] },
    ]);
  });

  it("gives a finding the same fingerprint in every run while its verdict stays, another when it changes", () => {
    const fingerprints = (result: CheckResult) =>
      sarif(result).runs[0].results!.map((r) => r.partialFingerprints);
    const first = fingerprints(resultOf([FINDINGS.missing, FINDINGS.stale]));
    // Another run: another time, other reasons and request ids, the declaration moved down the file.
    const later = fingerprints({
      ...resultOf([
        {
          ...FINDINGS.missing,
          ...at(80),
          reason: "gone",
          http: { ...FINDINGS.missing.http!, requestId: "other" },
        },
        {
          ...FINDINGS.stale,
          reason: "ended 2026-09-01T02:10:00Z, older than P32D (cut-off 2026-10-30T08:00:00Z)",
        },
      ]),
      checkedAt: "2026-12-01T08:00:00Z",
    });
    expect(later).toEqual(first);
    expect(first[0]).toEqual({ "pgLtrSubject/v1": expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(first[0]).not.toEqual(first[1]);
    const nowFailed = fingerprints(resultOf([{ ...FINDINGS.missing, verdict: "failed" }]));
    expect(nowFailed[0]).not.toEqual(first[0]);
    const otherStack = fingerprints(resultOf([{ ...FINDINGS.missing, stack: "billing" }]));
    expect(otherStack[0]).not.toEqual(first[0]);
  });

  it("reports exempt servers as results suppressed in source, with the reason as justification", () => {
    const results = sarif({ ...CLEAN, exempt: [EXEMPTION, { ...expiring, declaredAt: null }] }).runs[0]
      .results!;
    const where = {
      physicalLocation: {
        artifactLocation: { uri: "main.ts", uriBaseId: "%SRCROOT%" },
        region: { startLine: 65, startColumn: 21 },
      },
      logicalLocations: [{ name: "scratch", fullyQualifiedName: "data-platform/scratch" }],
    };
    expect(results[0]).toMatchObject({
      ruleId: "exempt",
      level: "note",
      message: {
        text: "data-platform/scratch-db is exempt from LTR backups (until 2027-03-31): Throwaway server for load tests",
      },
      locations: [where],
      suppressions: [{ kind: "inSource", justification: "Throwaway server for load tests", location: where }],
    });
    // Expiring within 30 days: a warning, still suppressed (the server is still exempt).
    expect(results[1]).toMatchObject({
      ruleId: "exempt",
      level: "warning",
      message: {
        text:
          "data-platform/old-db is exempt from LTR backups (until 2026-12-06, 9 days left: renew it or declare " +
          "its LTR backups): Throwaway server for load tests",
      },
      locations: [{ logicalLocations: [{ fullyQualifiedName: "data-platform/scratch" }] }],
      suppressions: [{ kind: "inSource", justification: "Throwaway server for load tests" }],
    });
    expect(results[1].suppressions![0]).not.toHaveProperty("location");
  });

  it("keeps control characters of outside text out of messages, and lets JSON escape the rest", () => {
    const hostile: Finding = {
      ...FINDINGS.failed,
      stack: "data\u001b]0;owned\u0007",
      declaredAt: { file: 'main"\n.ts', line: 3, column: 1 },
      reason: 'failed: "boom"\r\n::error::forged \\ \u202e',
    };
    const log = sarif(resultOf([hostile]));
    expectValidSarif(log);
    const [result] = log.runs[0].results!;
    expect(result.message.text).toBe(
      'data\\x1b]0;owned\\x07/orders-db/weekly-2026-11-22 has failed: failed: "boom"\\r\\n::error::forged \\ \\u202e',
    );
    expect(result.locations![0].physicalLocation!.artifactLocation!.uri).toBe("main%22%0A.ts");
    // The stack as it is in the machine-readable properties: JSON escapes it.
    expect(result.properties!.stack).toBe(hostile.stack);
  });
});

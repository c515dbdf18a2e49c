import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { CheckResult, ExemptServer } from "../../lib/check/result";
import { renderPlan } from "../../lib/render/render-plan";
import { createAjv } from "../../lib/schema-validation/create-ajv";
import planReportSchema from "../../lib/schema/plan-report.schema.json";
import { EXEMPTION, FINDINGS, resultOf } from "./fixtures/check-results";

/** An exemption that ends in 9 days, given by a hostile reason (it would ping a team in a step summary). */
const EXPIRING: ExemptServer = {
  ...EXEMPTION,
  subject: "legacy-db",
  serverName: "legacy-db",
  constructPath: "data-platform/legacy",
  reason: "Retired after the migration, ask @octo-org/dba (#123)",
  expires: "2026-12-06",
  exemptedScope: "data-platform",
  declaredAt: null,
  standing: "expiring",
  daysLeft: 9,
};
/** The only server of a stack that has no expectation at all. */
const ELSEWHERE: ExemptServer = { ...EXEMPTION, stack: "sandbox", expires: null, daysLeft: null };

const result: CheckResult = {
  ...resultOf([FINDINGS.compliant, FINDINGS.missing]),
  exempt: [EXEMPTION, EXPIRING, ELSEWHERE],
};

describe("exempt servers in every report", () => {
  it("are an `exempt` array in the JSON report, valid against its schema, with reason, expiry and standing", () => {
    const report = JSON.parse(renderPlan(result, "json")) as { format_version: string; exempt: unknown[] };
    const validate = createAjv().compile(planReportSchema);
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.format_version).toBe("1.8");
    expect(report.exempt).toEqual([EXEMPTION, EXPIRING, ELSEWHERE]);
    expect(JSON.parse(renderPlan(resultOf([]), "json"))).toMatchObject({ exempt: [] });
  });

  it("are skipped JUnit test cases saying why and until when, counted in their stack's suite", () => {
    const xml = renderPlan(result, "junit");
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => name === "testsuite" || name === "testcase",
    }).parse(xml) as {
      testsuites: Record<string, string> & {
        testsuite: (Record<string, string> & { testcase: Record<string, unknown>[] })[];
      };
    };
    expect(parsed.testsuites).toMatchObject({ "@_tests": "5", "@_failures": "1", "@_skipped": "3" });
    const [dataPlatform, sandbox] = parsed.testsuites.testsuite;
    expect(dataPlatform).toMatchObject({ "@_name": "data-platform", "@_tests": "4", "@_skipped": "2" });
    expect(sandbox).toMatchObject({ "@_name": "sandbox", "@_tests": "1", "@_skipped": "1" });
    const cases = dataPlatform?.testcase ?? [];
    expect(cases.slice(2)).toEqual([
      {
        "@_name": "scratch-db/(exempt)",
        "@_classname": "data-platform/scratch-db",
        skipped: { "@_message": "exempt: Throwaway server for load tests (until 2027-03-31)" },
      },
      {
        "@_name": "legacy-db/(exempt)",
        "@_classname": "data-platform/legacy-db",
        skipped: {
          "@_message":
            "exempt: Retired after the migration, ask @octo-org/dba (#123) (until 2026-12-06, 9 days left: " +
            "renew it or declare its LTR backups)",
        },
        "system-out": expect.stringMatching(
          /^Warning: The LTR exemption of data-platform\/legacy-db expires on 2026-12-06, within 30 days\n/,
        ),
      },
    ]);
    expect(sandbox?.testcase[0]).toMatchObject({
      skipped: { "@_message": expect.stringContaining("(no expiry)") },
    });
  });

  it("are a row each in the Markdown summary, under a warning for the one that expires within 30 days", () => {
    const markdown = renderPlan(result, "markdown");
    expect(markdown).toContain(
      "Checked at 2026-11-27T08:00:00Z: 1 missing, 0 stale, 0 failed, 0 invalid, 0 unknown. 1 compliant, 0 running, 3 exempt.",
    );
    expect(markdown).toContain(
      "> [!WARNING]\n> The LTR exemption of data-platform/legacy-db expires on 2026-12-06, within 30 days. Reason given: ",
    );
    const rows = markdown.split("\n").filter((line) => line.startsWith("| "));
    const header = rows.indexOf("| Exempt server | Stack | Reason | Until | Declared at |");
    expect(header).toBeGreaterThan(0);
    expect(rows.slice(header + 2, header + 5)).toEqual([
      "| `scratch-db` | `data-platform` | Throwaway server for load tests | until 2027-03-31 | `main.ts:65 (data-platform/scratch)` |",
      "| `legacy-db` | `data-platform` | Retired after the migration, ask \\@\u2060octo-org/dba (#\u2060123) | " +
        "⚠️ until 2026-12-06, 9 days left: renew it or declare its LTR backups | `data-platform` |",
      "| `scratch-db` | `sandbox` | Throwaway server for load tests | no expiry | `main.ts:65 (data-platform/scratch)` |",
    ]);
  });

  it("cannot ping anyone from a Markdown step summary, whatever the reason or name says", () => {
    const markdown = renderPlan(result, "markdown");
    // Outside code spans, after GitHub's rendering removed the escapes: no @name, no #123 left.
    const text = markdown.replace(/`[^`]*`/g, "").replace(/\\(.)/g, "$1");
    expect(text).not.toMatch(/@[A-Za-z0-9]|#\d/);
  });

  it("have no Markdown table or warning when there is none", () => {
    const markdown = renderPlan(resultOf([FINDINGS.compliant]), "markdown");
    expect(markdown).not.toContain("Exempt server");
    expect(markdown).not.toContain("[!WARNING]");
  });
});

import { XMLParser, XMLValidator } from "fast-xml-parser";
import { renderPlan } from "../../lib/render/render-plan";
import type { Finding } from "../../lib/check/result";
import { EVERY_VERDICT, FINDINGS, resultOf } from "./fixtures/check-results";

interface TestCase {
  "@_name": string;
  "@_classname": string;
  failure?: { "#text": string; "@_message": string; "@_type": string };
  error?: { "#text": string; "@_message": string; "@_type": string };
  "system-out"?: string;
}
interface TestSuite {
  "@_name": string;
  "@_tests": string;
  "@_failures": string;
  "@_errors": string;
  testcase: TestCase[];
}
interface Report {
  testsuites: { "@_tests": string; "@_failures": string; "@_errors": string; testsuite: TestSuite[] };
}

function parseJunit(xml: string): Report {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    htmlEntities: true,
    isArray: (name) => name === "testsuite" || name === "testcase",
  });
  return parser.parse(xml) as Report;
}

describe("JUnit report", () => {
  const report = parseJunit(renderPlan(EVERY_VERDICT, "junit"));
  const suite = report.testsuites.testsuite[0];

  it("has one test case per expectation with drift as failures and errors as errors", () => {
    expect(report.testsuites).toMatchObject({ "@_tests": "9", "@_failures": "6", "@_errors": "1" });
    expect(suite).toMatchObject({
      "@_name": "data-platform",
      "@_tests": "9",
      "@_failures": "6",
      "@_errors": "1",
    });
    expect(suite.testcase).toHaveLength(9);
    expect(suite.testcase.filter((testCase) => testCase.failure)).toHaveLength(6);
    expect(suite.testcase.filter((testCase) => testCase.error)).toHaveLength(1);
  });

  it("names test cases server/backup in a class per stack and server", () => {
    expect(suite.testcase.map((testCase) => testCase["@_name"])).toContain("orders-db/pre-upgrade-2026-11");
    expect(suite.testcase.map((testCase) => testCase["@_name"])).toContain("billing-db/(latest)");
    const missing = suite.testcase.find((testCase) => testCase["@_name"] === "orders-db/pre-upgrade-2026-11");
    expect(missing?.["@_classname"]).toBe("data-platform/orders-db");
    expect(missing?.failure?.["@_type"]).toBe("missing");
    expect(missing?.failure?.["@_message"]).toBe(
      "orders-db/pre-upgrade-2026-11 is missing: server orders-db has no LTR backup operation named pre-upgrade-2026-11",
    );
    expect(missing?.failure?.["#text"]).toContain('+ ltr_backup "orders-db/pre-upgrade-2026-11" {');
  });

  it("passes running backups with a note and compliant ones without", () => {
    const running = suite.testcase.find(
      (testCase) => testCase["@_name"] === "billing-db/pre-upgrade-2026-12",
    );
    expect(running?.failure).toBeUndefined();
    expect(running?.error).toBeUndefined();
    expect(running?.["system-out"]).toContain("is still running");
    const compliant = suite.testcase.find((testCase) => testCase["@_name"] === "orders-db/weekly-2026-11-15");
    expect(compliant).toEqual({
      "@_name": "orders-db/weekly-2026-11-15",
      "@_classname": "data-platform/orders-db",
    });
  });

  it("puts HTTP facts in the error of a backup that could not be checked", () => {
    const error = suite.testcase.find((testCase) => testCase.error)?.error;
    expect(error?.["@_type"]).toBe("error");
    expect(error?.["#text"]).toContain("http_status       = 403");
    expect(error?.["#text"]).toContain('request_id        = "req-403-abc"');
  });

  it("escapes markup and drops characters XML cannot hold", () => {
    const nasty: Finding = {
      ...FINDINGS.failed,
      reason: 'failed: <Error code="X&Y"> it\'s\u0001 bad\nsecond line',
      observed: { ...FINDINGS.failed.observed!, errorMessage: "a < b && c > d ]]> \u0007" },
    };
    const parsed = parseJunit(renderPlan(resultOf([nasty]), "junit"));
    const failure = parsed.testsuites.testsuite[0].testcase[0].failure;
    expect(failure?.["@_message"]).toBe(
      'orders-db/weekly-2026-11-22 has failed: failed: <Error code="X&Y"> it\'s\uFFFD bad\nsecond line',
    );
    expect(failure?.["#text"]).toContain('error_message = "a < b && c > d ]]> \\x07"');
  });

  it("has one test suite per stack", () => {
    const other: Finding = { ...FINDINGS.missing, stack: "analytics" };
    const parsed = parseJunit(renderPlan(resultOf([FINDINGS.compliant, other]), "junit"));
    expect(parsed.testsuites.testsuite.map((s) => [s["@_name"], s["@_tests"], s["@_failures"]])).toEqual([
      ["data-platform", "1", "0"],
      ["analytics", "1", "1"],
    ]);
  });
});

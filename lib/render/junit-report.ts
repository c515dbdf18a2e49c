import { DRIFT_VERDICTS, type CheckResult, type ExemptServer, type Finding } from "../check/result";
import { styleFor } from "./ansi-style";
import { exemptionTerm, exemptionWarning } from "./exemption-wording";
import { renderFindingBlock } from "./finding-block";
import { findingPhrase } from "./verdict-wording";
import { xmlAttribute, xmlText } from "./xml-text";

/**
 * JUnit XML for CI test reporters: one test suite per stack, one test case per expectation named
 * `<server>/<backup>` (stable between runs, so reporters can track a backup's history). Drift is a
 * failure, a backup that could not be checked is an error, a running backup passes with a note, and
 * each exempt server is a skipped test case `<server>/(exempt)` saying why and until when.
 */
export function renderJunitReport(result: CheckResult): string {
  const stacks = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    const group = stacks.get(finding.stack) ?? [];
    group.push(finding);
    stacks.set(finding.stack, group);
  }
  const exempt = exemptByStack(result.exempt);
  const lines = [junitReportHead(result, withExempt(junitCounts(result.findings), result.exempt.length))];
  for (const [stack, findings] of stacks) {
    const own = exempt.get(stack) ?? [];
    lines.push(junitSuiteOpen(stack, withExempt(junitCounts(findings), own.length), result.checkedAt));
    for (const finding of findings) lines.push(...testCase(finding));
    for (const server of own) lines.push(junitExemptCase(server));
    lines.push(JUNIT_SUITE_CLOSE);
  }
  lines.push(...junitExemptOnlySuites(exempt, stacks, result.checkedAt));
  lines.push(JUNIT_REPORT_CLOSE);
  return `${lines.join("\n")}\n`;
}

/** The exempt servers by stack, stacks in the order the result lists them. */
export function exemptByStack(exempt: readonly ExemptServer[]): Map<string, ExemptServer[]> {
  const stacks = new Map<string, ExemptServer[]>();
  for (const server of exempt) {
    const group = stacks.get(server.stack);
    if (group) group.push(server);
    else stacks.set(server.stack, [server]);
  }
  return stacks;
}

/** The counts with `exempt` skipped test cases added. */
export function withExempt(counts: JunitCounts, exempt: number): JunitCounts {
  return { ...counts, tests: counts.tests + exempt, skipped: counts.skipped + exempt };
}

/** The suites, after those with findings, of stacks whose every server is exempt (they have no finding). */
export function junitExemptOnlySuites(
  exempt: ReadonlyMap<string, readonly ExemptServer[]>,
  stacksWithFindings: { has(stack: string): boolean },
  checkedAt: string,
): string[] {
  const lines: string[] = [];
  for (const [stack, servers] of exempt) {
    if (stacksWithFindings.has(stack)) continue;
    lines.push(junitSuiteOpen(stack, withExempt(junitCounts([]), servers.length), checkedAt));
    for (const server of servers) lines.push(junitExemptCase(server));
    lines.push(JUNIT_SUITE_CLOSE);
  }
  return lines;
}

/**
 * An exempt server as a skipped test case, its reason and term in the message; an exemption that has
 * expired or expires within 30 days also says so as a warning in the case's output.
 */
export function junitExemptCase(server: ExemptServer): string {
  const open = `    <testcase name="${xmlAttribute(`${server.subject}/(exempt)`)}" classname="${xmlAttribute(`${server.stack}/${server.serverName ?? server.subject}`)}"`;
  const message = xmlAttribute(`exempt: ${server.reason} (${exemptionTerm(server)})`);
  let body = `<skipped message="${message}"/>`;
  if (server.standing !== "active") {
    const warning = exemptionWarning(server);
    body += `<system-out>${xmlText([`Warning: ${warning.summary}`, ...warning.detail].join("\n"))}</system-out>`;
  }
  return [`${open}>`, `      ${body}`, "    </testcase>"].join("\n");
}

/** What a test suite's attributes count. */
export interface JunitCounts {
  tests: number;
  failures: number;
  errors: number;
  /** Pending findings (nothing to check yet) and exempt servers, reported as skipped tests. */
  skipped: number;
}

/** Counts `findings` as JUnit does: drift is a failure, `error` an error. */
export function junitCounts(findings: Iterable<Pick<Finding, "verdict">>): JunitCounts {
  const counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const finding of findings) addToJunitCounts(counts, finding);
  return counts;
}

export function addToJunitCounts(counts: JunitCounts, finding: Pick<Finding, "verdict">): void {
  counts.tests++;
  if (DRIFT_VERDICTS.includes(finding.verdict)) counts.failures++;
  else if (finding.verdict === "error") counts.errors++;
  else if (finding.verdict === "pending") counts.skipped++;
}

/** The report's first two lines (declaration and `<testsuites>`), for writing it one case at a time. */
export function junitReportHead(
  result: Pick<CheckResult, "stats" | "checkedAt">,
  counts: JunitCounts,
): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="pg-ltr check" ${countAttributes(counts)} time="${seconds(result.stats.durationMs)}" timestamp="${xmlAttribute(result.checkedAt)}">`,
  ].join("\n");
}

export function junitSuiteOpen(stack: string, counts: JunitCounts, checkedAt: string): string {
  return `  <testsuite name="${xmlAttribute(stack)}" ${countAttributes(counts)} timestamp="${xmlAttribute(checkedAt)}">`;
}

export const JUNIT_SUITE_CLOSE = "  </testsuite>";
export const JUNIT_REPORT_CLOSE = "</testsuites>";

/** One test case's lines, as renderJunitReport writes them inside its suite. */
export function junitTestCase(finding: Finding): string {
  return testCase(finding).join("\n");
}

function countAttributes(counts: JunitCounts): string {
  return `tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}"`;
}

function testCase(finding: Finding): string[] {
  const open = `    <testcase name="${xmlAttribute(finding.subject)}" classname="${xmlAttribute(`${finding.stack}/${finding.serverName}`)}"`;
  if (finding.verdict === "compliant") return [`${open}/>`];
  const details = xmlText(renderFindingBlock(finding, styleFor(false)));
  const message = xmlAttribute(`${finding.subject} ${findingPhrase(finding)}: ${finding.reason}`);
  let body: string;
  if (finding.verdict === "running") body = `<system-out>${details}</system-out>`;
  // Pending is not drift, and there is nothing to check yet: a skipped test, as reporters show it.
  else if (finding.verdict === "pending")
    body = `<skipped message="${message}"/><system-out>${details}</system-out>`;
  else if (finding.verdict === "error") body = `<error message="${message}" type="error">${details}</error>`;
  else body = `<failure message="${message}" type="${finding.verdict}">${details}</failure>`;
  return [`${open}>`, `      ${body}`, "    </testcase>"];
}

function seconds(milliseconds: number): string {
  return (milliseconds / 1000).toFixed(3);
}

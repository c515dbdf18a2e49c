import { DRIFT_VERDICTS, type CheckResult, type Finding } from "../check/result";
import { styleFor } from "./ansi-style";
import { renderFindingBlock } from "./finding-block";
import { VERDICT_PHRASE } from "./verdict-wording";
import { xmlAttribute, xmlText } from "./xml-text";

/**
 * JUnit XML for CI test reporters: one test suite per stack, one test case per expectation named
 * `<server>/<backup>` (stable between runs, so reporters can track a backup's history). Drift is a
 * failure, a backup that could not be checked is an error, a running backup passes with a note.
 */
export function renderJunitReport(result: CheckResult): string {
  const stacks = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    const group = stacks.get(finding.stack) ?? [];
    group.push(finding);
    stacks.set(finding.stack, group);
  }
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="pg-ltr check" ${countAttributes(result.findings)} time="${seconds(result.stats.durationMs)}" timestamp="${xmlAttribute(result.checkedAt)}">`,
  ];
  for (const [stack, findings] of stacks) {
    lines.push(
      `  <testsuite name="${xmlAttribute(stack)}" ${countAttributes(findings)} timestamp="${xmlAttribute(result.checkedAt)}">`,
    );
    for (const finding of findings) lines.push(...testCase(finding));
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}

function countAttributes(findings: readonly Finding[]): string {
  const failures = findings.filter((finding) => DRIFT_VERDICTS.includes(finding.verdict)).length;
  const errors = findings.filter((finding) => finding.verdict === "error").length;
  return `tests="${findings.length}" failures="${failures}" errors="${errors}" skipped="0"`;
}

function testCase(finding: Finding): string[] {
  const open = `    <testcase name="${xmlAttribute(finding.subject)}" classname="${xmlAttribute(`${finding.stack}/${finding.serverName}`)}"`;
  if (finding.verdict === "compliant") return [`${open}/>`];
  const details = xmlText(renderFindingBlock(finding, styleFor(false)));
  const message = xmlAttribute(`${finding.subject} ${VERDICT_PHRASE[finding.verdict]}: ${finding.reason}`);
  let body: string;
  if (finding.verdict === "running") body = `<system-out>${details}</system-out>`;
  else if (finding.verdict === "error") body = `<error message="${message}" type="error">${details}</error>`;
  else body = `<failure message="${message}" type="${finding.verdict}">${details}</failure>`;
  return [`${open}>`, `      ${body}`, "    </testcase>"];
}

function seconds(milliseconds: number): string {
  return (milliseconds / 1000).toFixed(3);
}

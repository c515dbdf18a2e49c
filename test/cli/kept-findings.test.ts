import type { Finding } from "../../lib/check/result";
import { findingsToKeep } from "../../lib/cli/kept-findings";
import { MARKDOWN_ROWS } from "../../lib/render/markdown-summary";
import { renderPlan } from "../../lib/render/render-plan";
import { FINDINGS, resultOf } from "../render/fixtures/check-results";

/** `count` copies of a finding with subjects numbered in order, as a large estate would stream them. */
function many(finding: Finding, count: number): Finding[] {
  return Array.from({ length: count }, (_, i) => ({ ...finding, subject: `${finding.subject}-${i}` }));
}

const withNote: Finding = {
  ...FINDINGS.compliant,
  subject: "orders-db/noted",
  notes: [{ pointer: "/value/2", page: 1, message: "a second operation of this name had no end time" }],
};

describe("findings the CLI keeps while a check streams", () => {
  const stream = [...many(FINDINGS.compliant, 500), withNote, ...many(FINDINGS.missing, 300), FINDINGS.error];

  it("keeps nothing when every format is written as the check goes (text plan, JSON, JUnit)", () => {
    // The diagnostics on stderr are grouped as the check goes (ErrorGroups), so not even errors are kept.
    expect(stream.filter(findingsToKeep([]))).toEqual([]);
    expect(stream.filter(findingsToKeep(["text", "json", "junit"]))).toEqual([]);
  });

  it("keeps for annotations and SARIF what they show: everything not compliant, and compliant findings with notes", () => {
    const kept = stream.filter(findingsToKeep(["text", "github", "sarif"]));
    expect(kept).toHaveLength(1 + 300 + 1);
    expect(kept[0]).toBe(withNote);
  });

  it("keeps for Markdown the first rows of each table, and renders it as from the whole result", () => {
    const kept = stream.filter(findingsToKeep(["markdown"]));
    expect(kept).toHaveLength(2 * MARKDOWN_ROWS);
    const whole = resultOf(stream);
    expect(renderPlan({ ...whole, findings: kept }, "markdown")).toBe(renderPlan(whole, "markdown"));
  });

  it("keeps everything for a format it does not know to be bounded", () => {
    expect(stream.filter(findingsToKeep(["text", "unknown-format" as "json"]))).toHaveLength(stream.length);
  });
});

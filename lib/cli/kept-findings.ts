import type { Finding } from "../check/result";
import { MARKDOWN_ROWS } from "../render/markdown-summary";
import type { PlanFormat } from "../render/render-plan";

/**
 * Formats `pg-ltr check` writes one finding at a time as the check goes (the text plan with
 * StreamedTextPlan, JSON and JUnit with StreamedReport): they need no finding kept.
 */
export const STREAMED_FORMATS: readonly PlanFormat[] = ["text", "json", "junit"];

/** Formats that show what is not compliant, and compliant findings whose answers had items set aside. */
const ATTENTION_ONLY: readonly PlanFormat[] = ["github", "sarif"];

/**
 * Which findings of a streamed check the CLI keeps for what it renders once the check is done
 * (`formats`: every format of the run; the STREAMED_FORMATS among them need none), so memory follows
 * what is shown rather than the size of the estate: for GitHub annotations and SARIF what is not
 * compliant (errors included), and the compliant findings with notes; for Markdown the first
 * MARKDOWN_ROWS of each of its two tables. The diagnostics on stderr need none: they are grouped by
 * cause as the check goes (ErrorGroups). Any other format keeps everything. Call the predicate once per finding, in the
 * result's order.
 */
export function findingsToKeep(formats: readonly PlanFormat[]): (finding: Finding) => boolean {
  const rendered = formats.filter((format) => !STREAMED_FORMATS.includes(format));
  const keepAll = rendered.some((format) => format !== "markdown" && !ATTENTION_ONLY.includes(format));
  const attention = rendered.some((format) => ATTENTION_ONLY.includes(format));
  const markdown = rendered.includes("markdown");
  let markdownAttention = 0;
  let markdownCompliant = 0;
  return (finding) => {
    if (keepAll) return true;
    const compliant = finding.verdict === "compliant";
    // Counted whether or not another format keeps the finding: Markdown shows the first rows in order.
    const inMarkdown =
      markdown && (compliant ? markdownCompliant++ < MARKDOWN_ROWS : markdownAttention++ < MARKDOWN_ROWS);
    if (inMarkdown) return true;
    if (compliant) return attention && (finding.notes ?? []).length > 0;
    return attention;
  };
}

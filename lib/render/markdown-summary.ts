import { DRIFT_VERDICTS, type CheckResult, type Finding, type Verdict } from "../check/result";
import { noteText } from "./finding-block";
import { declaredAt } from "./finding-label";
import { summaryCounts } from "./summary-counts";

/**
 * Markdown for `$GITHUB_STEP_SUMMARY` and pull-request comments: a heading with the outcome, the
 * counts, a table of what needs attention, and the compliant backups folded away in `<details>`.
 */
export function renderMarkdownSummary(result: CheckResult): string {
  const { summary } = result;
  const drift = DRIFT_VERDICTS.some((verdict) => summary[verdict] > 0);
  const heading =
    summary.error > 0
      ? "## ❗ LTR backups: some could not be checked"
      : drift
        ? "## ❌ LTR backups: drift found"
        : "## ✅ LTR backups: no changes";
  const parts = [heading, `Checked at ${result.checkedAt}: ${summaryCounts(summary)}`];

  const attention = result.findings.filter((finding) => finding.verdict !== "compliant");
  if (attention.length > 0) {
    parts.push(
      table(
        ["Verdict", "Backup", "Stack", "Reason", "Declared at"],
        attention.map((finding) => [
          `${VERDICT_MARK[finding.verdict]} ${finding.verdict}`,
          { code: finding.subject },
          finding.stack,
          withNotes(finding),
          declaredAt(finding),
        ]),
      ),
    );
  }
  const compliant = result.findings.filter((finding) => finding.verdict === "compliant");
  if (compliant.length > 0) {
    parts.push(
      [
        "<details>",
        `<summary>${compliant.length} compliant</summary>`,
        "",
        table(
          ["Backup", "Stack", "Reason"],
          compliant.map((finding) => [{ code: finding.subject }, finding.stack, withNotes(finding)]),
        ),
        "",
        "</details>",
      ].join("\n"),
    );
  }
  return `${parts.join("\n\n")}\n`;
}

/** The reason, then each note on a line of its own (a `<br>` in the cell). */
function withNotes(finding: Finding): string {
  return [finding.reason, ...(finding.notes ?? []).map((note) => `Note: ${noteText(note)}`)].join("\n");
}

const VERDICT_MARK: { readonly [V in Verdict]: string } = {
  compliant: "✅",
  missing: "➕",
  stale: "🕰️",
  failed: "❌",
  invalid: "⚠️",
  unknown: "❓",
  running: "⏳",
  error: "❗",
};

/** A table cell's content: text, or a name shown as inline code. */
type Cell = string | { readonly code: string };

function table(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map((row) => line(row.map(cell)))].join("\n");
}

/**
 * In a table a `|` ends the cell (GitHub wants `\|` even inside code) and a line break ends the row.
 * Text cells are also HTML-escaped, since GitHub reads `<...>` as markup; code spans show entities
 * literally, so they are not, and a name with a backtick or line break falls back to text.
 */
function cell(content: Cell): string {
  if (typeof content === "object" && !/[`\r\n]/.test(content.code))
    return `\`${content.code.replace(/\|/g, "\\|")}\``;
  const text = typeof content === "object" ? content.code : content;
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\r\n|\r|\n/g, "<br>");
}

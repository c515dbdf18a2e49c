import {
  DRIFT_VERDICTS,
  VERDICTS,
  type CheckResult,
  type ExemptServer,
  type Finding,
  type Verdict,
} from "../check/result";
import {
  exemptionDeclaredAt,
  exemptionsToWarnAbout,
  exemptionTerm,
  exemptionWarning,
} from "./exemption-wording";
import { noteText } from "./finding-block";
import { declaredAt } from "./finding-label";
import { summaryCounts } from "./summary-counts";
import { markdownCode, markdownText } from "./untrusted-text";

/**
 * Rows each table of a Markdown summary shows at most: a step summary is read, not searched (GitHub
 * cuts it at 1 MiB), and the JSON or JUnit report lists every finding. Bounded, it is also all a
 * streamed check has to keep for it.
 */
export const MARKDOWN_ROWS = 100;

/**
 * Markdown for `$GITHUB_STEP_SUMMARY` and pull-request comments: a heading with the outcome, the
 * counts, a warning for exemptions running out, a table of what needs attention, one of the exempt
 * servers, and the compliant backups folded away in `<details>`;
 * each findings table at most MARKDOWN_ROWS rows, then how many more there are (counted from the
 * summary, so a result holding only the first rows renders the same).
 */
export function renderMarkdownSummary(result: CheckResult): string {
  const { summary } = result;
  const drift = DRIFT_VERDICTS.some((verdict) => summary[verdict] > 0);
  const heading =
    summary.error > 0
      ? "## ❗ LTR backups: some could not be checked"
      : drift
        ? "## ❌ LTR backups: drift found"
        : summary.pending > 0
          ? `## ✅ LTR backups: no drift, ${summary.pending} pending`
          : "## ✅ LTR backups: no changes";
  const parts = [heading, `Checked at ${result.checkedAt}: ${summaryCounts(summary, result.exempt.length)}`];
  const warnings = exemptionsToWarnAbout(result.exempt);
  if (warnings.length > 0) parts.push(exemptionAlert(warnings));

  const attention = firstRows(result.findings, (finding) => finding.verdict !== "compliant");
  const attentionCount = VERDICTS.reduce(
    (sum, verdict) => sum + (verdict === "compliant" ? 0 : summary[verdict]),
    0,
  );
  if (attention.length > 0) {
    parts.push(
      table(
        ["Verdict", "Backup", "Stack", "Reason", "Declared at"],
        attention.map((finding) => [
          `${VERDICT_MARK[finding.verdict]} ${finding.verdict}`,
          { code: finding.subject },
          { code: finding.stack },
          withNotes(finding),
          { code: declaredAt(finding) },
        ]),
      ) + moreRows(attentionCount - attention.length),
    );
  }
  if (result.exempt.length > 0) {
    parts.push(
      table(
        ["Exempt server", "Stack", "Reason", "Until", "Declared at"],
        result.exempt.map((server) => [
          { code: server.subject },
          { code: server.stack },
          server.reason,
          `${server.standing === "active" ? "" : "⚠️ "}${exemptionTerm(server)}`,
          { code: exemptionDeclaredAt(server) },
        ]),
      ),
    );
  }
  const compliant = firstRows(result.findings, (finding) => finding.verdict === "compliant");
  if (compliant.length > 0) {
    parts.push(
      [
        "<details>",
        `<summary>${summary.compliant} compliant</summary>`,
        "",
        table(
          ["Backup", "Stack", "Reason"],
          compliant.map((finding) => [
            { code: finding.subject },
            { code: finding.stack },
            withNotes(finding),
          ]),
        ) + moreRows(summary.compliant - compliant.length),
        "",
        "</details>",
      ].join("\n"),
    );
  }
  return `${parts.join("\n\n")}\n`;
}

/** GitHub's warning alert, one line per exemption that has expired or expires within 30 days. */
function exemptionAlert(servers: readonly ExemptServer[]): string {
  const lines = servers.map((server) => {
    const warning = exemptionWarning(server);
    return `> ${markdownText(`${warning.summary}. ${warning.detail.join(". ")}`)}`;
  });
  return `> [!WARNING]\n${lines.join("\n>\n")}`;
}

/** The first MARKDOWN_ROWS findings that `wanted` picks, in the result's order. */
function firstRows(findings: readonly Finding[], wanted: (finding: Finding) => boolean): Finding[] {
  const rows: Finding[] = [];
  for (const finding of findings) {
    if (rows.length === MARKDOWN_ROWS) break;
    if (wanted(finding)) rows.push(finding);
  }
  return rows;
}

/** Below a table cut at MARKDOWN_ROWS: how many rows it leaves out and where they are. */
function moreRows(count: number): string {
  return count > 0
    ? `\n\n… and ${count.toLocaleString("en-US")} more, not shown here; the JSON and JUnit reports (\`--output json=…\`, \`--output junit=…\`) list every one.`
    : "";
}

/** The reason, then each note on a line of its own (a `<br>` in the cell). */
function withNotes(finding: Finding): { readonly lines: readonly string[] } {
  return { lines: [finding.reason, ...(finding.notes ?? []).map((note) => `Note: ${noteText(note)}`)] };
}

const VERDICT_MARK: { readonly [V in Verdict]: string } = {
  compliant: "✅",
  missing: "➕",
  stale: "🕰️",
  failed: "❌",
  invalid: "⚠️",
  unknown: "❓",
  running: "⏳",
  pending: "🆕",
  error: "❗",
};

/** A table cell's content: text, lines of text, or a name shown as inline code. */
type Cell = string | { readonly lines: readonly string[] } | { readonly code: string };

function table(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map((row) => line(row.map(cell)))].join("\n");
}

/**
 * Every cell holds outside text (names, construct paths, reasons quoting ARM), so none can create a
 * link, an image, HTML or another cell: names are code spans, reasons escaped text.
 */
function cell(content: Cell): string {
  if (typeof content === "string") return markdownText(content);
  if ("code" in content) return markdownCode(content.code);
  return content.lines.map(markdownText).join("<br>");
}

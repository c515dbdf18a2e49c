import {
  DRIFT_VERDICTS,
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
 * Markdown for `$GITHUB_STEP_SUMMARY` and pull-request comments: a heading with the outcome, the
 * counts, a warning for exemptions running out, a table of what needs attention, one of the exempt
 * servers, and the compliant backups folded away in `<details>`.
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

  const attention = result.findings.filter((finding) => finding.verdict !== "compliant");
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
      ),
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
  const compliant = result.findings.filter((finding) => finding.verdict === "compliant");
  if (compliant.length > 0) {
    parts.push(
      [
        "<details>",
        `<summary>${compliant.length} compliant</summary>`,
        "",
        table(
          ["Backup", "Stack", "Reason"],
          compliant.map((finding) => [
            { code: finding.subject },
            { code: finding.stack },
            withNotes(finding),
          ]),
        ),
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

import { DRIFT_VERDICTS, VERDICTS, type CheckResult, type ExemptServer, type Finding } from "../check/result";
import { styleFor, type Style } from "./ansi-style";
import { renderErrorDiagnostics } from "./error-diagnostics";
import { colourSymbol, renderFindingBlock, VERDICT_LEGEND, VERDICT_SYMBOL } from "./finding-block";
import { exemptionDeclaredAt, exemptionTerm } from "./exemption-wording";
import { summaryCounts } from "./summary-counts";
import { terminalText } from "./untrusted-text";

export interface TextPlanOptions {
  /** ANSI colours, decided by the caller (the CLI looks at the terminal, NO_COLOR and FORCE_COLOR). */
  readonly color: boolean;
  /** Only the drift, the summary line and the diagnostics: no legend, headings, running, pending or exempt lines. */
  readonly quiet: boolean;
  /**
   * End with the diagnostics of what could not be checked. The CLI prints them on stderr instead, as
   * Terraform does, so that they reach the CI log whatever the format.
   *
   * @default true
   */
  readonly diagnostics?: boolean;
}

/**
 * The human plan, modelled on `terraform plan`: legend, findings as resource blocks, bold summary,
 * then what could not be checked as diagnostics, one per cause (never as blocks too).
 */
export function renderTextPlan(result: CheckResult, options: TextPlanOptions): string {
  const style = styleFor(options.color);
  const { summary } = result;
  const drift = DRIFT_VERDICTS.some((verdict) => summary[verdict] > 0);
  // Errors are diagnostics: 27 expectations stopped by one bad token are one error, not 27 blocks.
  const shown = result.findings.filter(
    (finding) =>
      finding.verdict !== "compliant" &&
      finding.verdict !== "error" &&
      (!options.quiet || DRIFT_VERDICTS.includes(finding.verdict)),
  );
  const sections: string[] = [];

  if (!options.quiet) {
    if (drift) {
      sections.push(legend(result, shown, style));
      sections.push("pg-ltr found the following drift:");
    } else {
      sections.push(
        summary.error > 0
          ? style.red(style.bold("Not every LTR backup could be checked.")) + " The errors below say why."
          : summary.pending > 0
            ? style.green(style.bold("No drift.")) +
              style.green(" The LTR backups that can exist match the configuration.")
            : style.green(style.bold("No changes.")) +
              style.green(" Your LTR backups match the configuration."),
      );
      if (shown.length > 0) sections.push(notDriftHeading(shown));
    }
  }
  for (const finding of shown) sections.push(renderFindingBlock(finding, style));
  if (!options.quiet) {
    // Compliant findings stay out of the plan, unless the answers behind them had items set aside.
    const noted = result.findings.filter((f) => f.verdict === "compliant" && (f.notes ?? []).length > 0);
    if (noted.length > 0) {
      sections.push("These LTR backups are compliant, but pg-ltr set aside items of Azure's answers:");
      for (const finding of noted) sections.push(renderFindingBlock(finding, style));
    }
    if (result.exempt.length > 0) sections.push(exemptLines(result.exempt, style));
  }
  sections.push(style.bold(`Plan: ${summaryCounts(summary, result.exempt.length)}`));
  let text = `${sections.join("\n\n")}\n`;
  if (options.diagnostics !== false && summary.error > 0)
    text += `\n${renderErrorDiagnostics(result, style)}`;
  return text;
}

/** Above the findings of a plan without drift: what they are, and that they are not drift. */
function notDriftHeading(shown: readonly Finding[]): string {
  const running = shown.some((finding) => finding.verdict === "running");
  const pending = shown.some((finding) => finding.verdict === "pending");
  if (!pending) return "These LTR backups are still running, which is not drift:";
  return running
    ? "These LTR backups are still running, or pending until their server exists or is due its first backup, which is not drift:"
    : "These LTR backups are pending until their server exists or is due its first backup, which is not drift:";
}

function legend(result: CheckResult, shown: readonly Finding[], style: Style): string {
  const present = VERDICTS.filter((verdict) => shown.some((finding) => finding.verdict === verdict));
  const lines = [
    `pg-ltr compared the LTR backups in Azure with the expectations synthesized by cdktf, as of ${result.checkedAt}.`,
    "Findings are indicated with the following symbols:",
    ...present.map((verdict) => {
      const indent = " ".repeat(3 - VERDICT_SYMBOL[verdict].length);
      return `${indent}${colourSymbol(verdict, style)} ${VERDICT_LEGEND[verdict]}`;
    }),
  ];
  return lines.join("\n");
}

/** One `# exempt` comment line per exempt server, with its reason, its expiry and where it was exempted. */
function exemptLines(exempt: readonly ExemptServer[], style: Style): string {
  return exempt
    .map((server) => {
      // Reasons and names are outside text: shown escaped, they cannot forge a line or a colour.
      const line = `  # exempt: ${terminalText(`${server.stack}/${server.subject} (${exemptionTerm(server)}): ${server.reason}; declared at ${exemptionDeclaredAt(server)}`)}`;
      return server.standing === "active" ? style.dim(line) : style.yellow(line);
    })
    .join("\n");
}

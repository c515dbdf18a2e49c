import { DRIFT_VERDICTS, VERDICTS, type CheckResult, type ExemptServer, type Finding } from "../check/result";
import { styleFor, type Style } from "./ansi-style";
import { renderErrorDiagnostics } from "./error-diagnostics";
import { colourSymbol, renderFindingBlock, VERDICT_LEGEND, VERDICT_SYMBOL } from "./finding-block";
import { exemptionTerm } from "./exemption-wording";
import { summaryCounts } from "./summary-counts";

export interface TextPlanOptions {
  /** ANSI colours, decided by the caller (the CLI looks at the terminal, NO_COLOR and FORCE_COLOR). */
  readonly color: boolean;
  /** Only the findings and the summary line: no legend, headings or diagnostics. */
  readonly quiet: boolean;
}

/** The human plan, modelled on `terraform plan`: legend, findings as resource blocks, bold summary. */
export function renderTextPlan(result: CheckResult, options: TextPlanOptions): string {
  const style = styleFor(options.color);
  const { summary } = result;
  const shown = result.findings.filter((finding) => finding.verdict !== "compliant");
  const drift = DRIFT_VERDICTS.some((verdict) => summary[verdict] > 0);
  const attention = drift || summary.error > 0;
  const sections: string[] = [];

  if (attention) {
    if (!options.quiet) {
      sections.push(legend(result, shown, style));
      sections.push(drift ? "pg-ltr found the following drift:" : "pg-ltr could not check every LTR backup:");
    }
    for (const finding of shown) sections.push(renderFindingBlock(finding, style));
  } else {
    if (!options.quiet) {
      sections.push(
        summary.pending > 0
          ? style.green(style.bold("No drift.")) +
              style.green(" The LTR backups that can exist match the configuration.")
          : style.green(style.bold("No changes.")) +
              style.green(" Your LTR backups match the configuration."),
      );
      if (shown.length > 0) sections.push(notDriftHeading(shown));
    }
    for (const finding of shown) sections.push(renderFindingBlock(finding, style));
  }
  // Compliant findings stay out of the plan, unless the answers behind them had items set aside.
  const noted = result.findings.filter((f) => f.verdict === "compliant" && (f.notes ?? []).length > 0);
  if (noted.length > 0) {
    if (!options.quiet)
      sections.push("These LTR backups are compliant, but pg-ltr set aside items of Azure's answers:");
    for (const finding of noted) sections.push(renderFindingBlock(finding, style));
  }
  if (!options.quiet && result.exempt.length > 0) sections.push(exemptLines(result.exempt, style));
  sections.push(style.bold(`Plan: ${summaryCounts(summary, result.exempt.length)}`));
  let text = `${sections.join("\n\n")}\n`;
  if (summary.error > 0 && !options.quiet) text += `\n${renderErrorDiagnostics(result.findings, style)}`;
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
      const where = server.declaredAt
        ? `${server.declaredAt.file}:${server.declaredAt.line} (${server.exemptedScope})`
        : server.exemptedScope;
      const line = `  # exempt: ${server.stack}/${server.subject} (${exemptionTerm(server)}): ${server.reason}; declared at ${where}`;
      return server.standing === "active" ? style.dim(line) : style.yellow(line);
    })
    .join("\n");
}

import { DRIFT_VERDICTS, VERDICTS, type CheckResult, type Finding } from "../check/result";
import { styleFor, type Style } from "./ansi-style";
import { renderDiagnostic } from "./diagnostic";
import { colourSymbol, renderFindingBlock, VERDICT_LEGEND, VERDICT_SYMBOL } from "./finding-block";
import { qualifiedLabel } from "./finding-label";
import { summaryCounts } from "./summary-counts";

export interface TextPlanOptions {
  /** ANSI colours, decided by the caller (the CLI looks at the terminal, NO_COLOR and FORCE_COLOR). */
  readonly color: boolean;
  /** Only the findings and the summary line: no legend, headings or diagnostics. */
  readonly quiet: boolean;
}

/** How many backups an error diagnostic names before it says "and N more". */
const DIAGNOSTIC_NAMED_BACKUPS = 5;
/** How many distinct reasons a grouped error diagnostic quotes. */
const DIAGNOSTIC_REASONS = 2;

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
    sections.push(...shown.map((finding) => renderFindingBlock(finding, style)));
  } else {
    if (!options.quiet) {
      sections.push(
        style.green(style.bold("No changes.")) + style.green(" Your LTR backups match the configuration."),
      );
      if (shown.length > 0) sections.push("These LTR backups are still running, which is not drift:");
    }
    sections.push(...shown.map((finding) => renderFindingBlock(finding, style)));
  }
  // Compliant findings stay out of the plan, unless the answers behind them had items set aside.
  const noted = result.findings.filter((f) => f.verdict === "compliant" && (f.notes ?? []).length > 0);
  if (noted.length > 0) {
    if (!options.quiet)
      sections.push("These LTR backups are compliant, but pg-ltr set aside items of Azure's answers:");
    sections.push(...noted.map((finding) => renderFindingBlock(finding, style)));
  }
  sections.push(style.bold(`Plan: ${summaryCounts(summary)}`));
  let text = `${sections.join("\n\n")}\n`;
  if (summary.error > 0 && !options.quiet) text += `\n${errorDiagnostics(result.findings, style)}`;
  return text;
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

/**
 * One diagnostic per kind of failure (HTTP status and ARM code, or the reason when there was no
 * exchange): when a whole subscription answers 403, the user reads one error, not four thousand.
 */
function errorDiagnostics(findings: readonly Finding[], style: Style): string {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (finding.verdict !== "error") continue;
    const key = finding.http
      ? `http ${finding.http.status} ${finding.http.code}`
      : `reason ${finding.reason}`;
    const group = groups.get(key) ?? [];
    group.push(finding);
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => errorDiagnostic(group, style)).join("");
}

function errorDiagnostic(group: readonly Finding[], style: Style): string {
  const [first] = group;
  const http = first.http;
  const exchange =
    http === null
      ? null
      : http.status === null
        ? (http.code ?? "no HTTP answer")
        : `HTTP ${http.status}${http.code ? ` ${http.code}` : ""}`;
  const reasons = [...new Set(group.map((finding) => capitalise(finding.reason || "the check failed")))];
  const summary =
    group.length === 1 || exchange === null
      ? reasons[0]
      : `${group.length} LTR backups could not be checked (${exchange})`;
  const detail: string[] = [];
  if (summary !== reasons[0]) {
    detail.push(...reasons.slice(0, DIAGNOSTIC_REASONS));
    if (reasons.length > DIAGNOSTIC_REASONS)
      detail.push(`… and ${reasons.length - DIAGNOSTIC_REASONS} more like these.`);
    detail.push("");
  }
  const named = group.slice(0, DIAGNOSTIC_NAMED_BACKUPS).map(qualifiedLabel);
  const more = group.length - named.length;
  detail.push(
    `${group.length === 1 ? "Affected LTR backup" : "Affected LTR backups"}: ${named.join(", ")}${more > 0 ? ` and ${more} more` : ""}.`,
  );
  if (http) {
    const facts = [exchange, http.requestId === null ? null : `request id ${http.requestId}`];
    detail.push(facts.filter((fact): fact is string => fact !== null).join(", "));
  }
  return renderDiagnostic("Error", summary, detail, style);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

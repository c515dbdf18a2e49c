import type { Finding } from "../check/result";
import type { Style } from "./ansi-style";
import { renderDiagnostic, type DiagnosticText } from "./diagnostic";
import { qualifiedLabel } from "./finding-label";

/** How many backups an error diagnostic names before it says "and N more". */
const DIAGNOSTIC_NAMED_BACKUPS = 5;
/** How many distinct reasons a grouped error diagnostic quotes. */
const DIAGNOSTIC_REASONS = 2;

/**
 * One diagnostic per kind of failure (see groupErrorFindings): when a whole subscription answers 403,
 * the user reads one error, not four thousand.
 */
export function renderErrorDiagnostics(findings: readonly Finding[], style: Style): string {
  return groupErrorFindings(findings)
    .map((group) => {
      const cause = errorCause(group);
      return renderDiagnostic("Error", cause.summary, cause.detail, style);
    })
    .join("");
}

/**
 * The `error` findings grouped by cause, in the order their first finding comes: HTTP status and ARM
 * code in one subscription, or the reason when there was no exchange. Every format that reports
 * errors one per cause (text plan, stderr, GitHub annotations) groups them here, so they agree.
 */
export function groupErrorFindings(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (finding.verdict !== "error") continue;
    // One cause per subscription: a bad token is one diagnostic, not one per expectation.
    const key = finding.http
      ? `http ${finding.http.status} ${finding.http.code} ${finding.subscriptionId}`
      : `reason ${finding.reason}`;
    const group = groups.get(key) ?? [];
    group.push(finding);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The wording of one group of groupErrorFindings, as plain text (outside text not yet escaped). */
export function errorCause(group: readonly Finding[]): DiagnosticText {
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
      : `${exchange} for ${group.length} LTR backup expectations in subscription ${first.subscriptionId}`;
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
  return { summary, detail };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

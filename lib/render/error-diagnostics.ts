import type { CheckResult, Finding, HttpFacts } from "../check/result";
import type { Style } from "./ansi-style";
import { renderDiagnostic, type DiagnosticText } from "./diagnostic";
import { declaredAt, qualifiedLabel } from "./finding-label";

/** How many backups an error diagnostic names before it says "and N more". */
const DIAGNOSTIC_NAMED_BACKUPS = 5;
/** How many distinct reasons a grouped error diagnostic quotes. */
const DIAGNOSTIC_REASONS = 2;
/** How many schema violations of an error answer a diagnostic lists. */
const DIAGNOSTIC_SCHEMA_ERRORS = 5;

/**
 * The `error` findings of a result as diagnostics, the only place the text plan shows them: one per
 * cause (see groupErrorFindings), so that a bad token is one error saying "for all 27 expectations in
 * subscription …", not 27 blocks.
 */
export function renderErrorDiagnostics(
  result: Pick<CheckResult, "findings" | "expectationsPerSubscription">,
  style: Style,
): string {
  const groups = groupErrorFindings(result.findings);
  if (groups.length === 0) return "";
  const totals = expectationsPerSubscription(result);
  return groups
    .map((group) => {
      const cause = errorCause(group, totals);
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
    const key = causeKey(finding);
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  return [...groups.values()];
}

/** Expectations per subscription, compliant ones included: the result's own count, or its findings counted. */
export function expectationsPerSubscription(
  result: Pick<CheckResult, "findings" | "expectationsPerSubscription">,
): ReadonlyMap<string, number> {
  if (result.expectationsPerSubscription) return result.expectationsPerSubscription;
  const totals = new Map<string, number>();
  for (const finding of result.findings) {
    if (finding.subscriptionId !== null)
      totals.set(finding.subscriptionId, (totals.get(finding.subscriptionId) ?? 0) + 1);
  }
  return totals;
}

/**
 * The wording of one group of groupErrorFindings, as plain text (outside text not yet escaped).
 * `totals` (expectationsPerSubscription) lets it say "for all 27" or "for 27 of 40"; without it, "for 27".
 */
export function errorCause(group: readonly Finding[], totals?: ReadonlyMap<string, number>): DiagnosticText {
  const first = group[0];
  if (first === undefined) throw new RangeError("an error group has at least one finding");
  if (group.length === 1) return loneError(first);
  const subscription = first.subscriptionId;
  return groupedError(group, subscription === null ? undefined : totals?.get(subscription));
}

/** What makes two error findings the same cause: a bad token is one cause per subscription. */
function causeKey(finding: Finding): string {
  const { http } = finding;
  return http
    ? JSON.stringify(["http", http.status, http.code, finding.subscriptionId])
    : JSON.stringify(["reason", finding.reason]);
}

/** `401 AuthenticationFailed`, `404`, `No answer from ARM (ETIMEDOUT)`. */
function exchangeOf(http: HttpFacts): string {
  if (http.status === null) return `No answer from ARM${http.code ? ` (${http.code})` : ""}`;
  return `${http.status}${http.code ? ` ${http.code}` : ""}`;
}

/** One expectation with its own cause: the reason, where it was declared, and the HTTP facts. */
function loneError(finding: Finding): DiagnosticText {
  const detail = [`Affected LTR backup: ${qualifiedLabel(finding)}, declared at ${declaredAt(finding)}.`];
  const { http } = finding;
  if (http) {
    detail.push(httpFacts(http));
    if (http.message !== null) detail.push(`ARM error message: "${http.message.replace(/[\\"]/g, "\\$&")}"`);
  }
  const errors = finding.schemaErrors;
  for (const error of errors.slice(0, DIAGNOSTIC_SCHEMA_ERRORS))
    detail.push(`Answer ${error.pointer === "" ? "(whole answer)" : error.pointer}: ${error.message}`);
  if (errors.length > DIAGNOSTIC_SCHEMA_ERRORS)
    detail.push(`… and ${errors.length - DIAGNOSTIC_SCHEMA_ERRORS} more schema violations.`);
  return { summary: reasonOf(finding), detail };
}

/** Expectations that share a cause: how many of their subscription's, a few reasons and names, the count of the rest. */
function groupedError(group: readonly Finding[], total: number | undefined): DiagnosticText {
  const [first] = group as [Finding, ...Finding[]];
  const reasons = [...new Set(group.map(reasonOf))];
  const detail: string[] = [];
  let summary: string;
  if (first.http) {
    const subscription = first.subscriptionId;
    const share =
      subscription === null
        ? `for ${group.length} expectations`
        : total === undefined
          ? `for ${group.length} expectations in subscription ${subscription}`
          : total <= group.length
            ? `for all ${group.length} expectations in subscription ${subscription}`
            : `for ${group.length} of ${total} expectations in subscription ${subscription}`;
    summary = `${exchangeOf(first.http)} ${share}`;
    detail.push(...reasons.slice(0, DIAGNOSTIC_REASONS));
    if (reasons.length > DIAGNOSTIC_REASONS)
      detail.push(`… and ${reasons.length - DIAGNOSTIC_REASONS} more like these.`);
    detail.push("");
  } else {
    summary = reasons[0] as string;
  }
  const named = group.slice(0, DIAGNOSTIC_NAMED_BACKUPS).map(qualifiedLabel);
  const more = group.length - named.length;
  detail.push(
    `Affected LTR backups (${group.length}): ${named.join(", ")}${more > 0 ? ` and ${more} more` : ""}.`,
  );
  if (first.http) detail.push(httpFacts(first.http, "first request id"));
  return { summary, detail };
}

/** `HTTP 403 AuthorizationFailed, request id req-403-abc`, as Azure support asks for it. */
function httpFacts(http: HttpFacts, requestIdLabel = "request id"): string {
  const exchange = http.status === null ? exchangeOf(http) : `HTTP ${exchangeOf(http)}`;
  return http.requestId === null ? exchange : `${exchange}, ${requestIdLabel} ${http.requestId}`;
}

function reasonOf(finding: Finding): string {
  const reason = finding.reason || "the check failed";
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}

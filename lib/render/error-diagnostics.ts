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
 * cause (see ErrorGroups), so that a bad token is one error saying "for all 27 expectations in
 * subscription …", not 27 blocks.
 */
export function renderErrorDiagnostics(
  result: Pick<CheckResult, "findings" | "expectationsPerSubscription">,
  style: Style,
): string {
  return renderErrorGroups(groupErrorFindings(result.findings), expectationsPerSubscription(result), style);
}

/** Diagnostics of errors grouped as they came (ErrorGroups), with the expectations per subscription. */
export function renderErrorGroups(
  groups: readonly ErrorGroup[],
  totals: ReadonlyMap<string, number>,
  style: Style,
): string {
  return groups
    .map((group) => {
      const cause = errorCause(group, totals);
      return renderDiagnostic("Error", cause.summary, cause.detail, style);
    })
    .join("");
}

/**
 * The errors of one cause, as much as any format shows of them: the first in full, how many there
 * are, their distinct reasons and the names of the first few, so memory follows the causes and their
 * reasons, never the number of expectations that failed.
 */
export interface ErrorGroup {
  /** The cause's first finding in the result's order. */
  readonly first: Finding;
  /** How many findings have this cause. */
  readonly count: number;
  /** Their distinct reasons, capitalised, in the order they first came. */
  readonly reasons: ReadonlySet<string>;
  /** The qualified labels of the first DIAGNOSTIC_NAMED_BACKUPS of them. */
  readonly named: readonly string[];
  /** Whether every one was declared on the first one's file and line (a GitHub annotation goes there). */
  readonly sameLine: boolean;
}

/**
 * The `error` findings grouped by cause as they come, in the order their first finding comes: HTTP
 * status and ARM code in one subscription, or the reason when there was no exchange. Every format
 * that reports errors one per cause (text plan, stderr, GitHub annotations) groups them here, so they
 * agree; a streamed check adds each finding as it is found and keeps none.
 */
export class ErrorGroups {
  private readonly groups = new Map<
    string,
    { first: Finding; count: number; reasons: Set<string>; named: string[]; sameLine: boolean }
  >();

  /** Adds a finding; those that are not errors are ignored. */
  add(finding: Finding): void {
    if (finding.verdict !== "error") return;
    const key = causeKey(finding);
    const group = this.groups.get(key);
    if (!group) {
      this.groups.set(key, {
        first: finding,
        count: 1,
        reasons: new Set([reasonOf(finding)]),
        named: [qualifiedLabel(finding)],
        sameLine: true,
      });
      return;
    }
    group.count++;
    group.reasons.add(reasonOf(finding));
    if (group.named.length < DIAGNOSTIC_NAMED_BACKUPS) group.named.push(qualifiedLabel(finding));
    const at = group.first.declaredAt;
    if (at === null || finding.declaredAt?.file !== at.file || finding.declaredAt.line !== at.line)
      group.sameLine = false;
  }

  /** The groups so far, in the order their first finding came. */
  get all(): readonly ErrorGroup[] {
    return [...this.groups.values()];
  }
}

/** The `error` findings of a whole result grouped by cause (ErrorGroups). */
export function groupErrorFindings(findings: readonly Finding[]): readonly ErrorGroup[] {
  const groups = new ErrorGroups();
  for (const finding of findings) groups.add(finding);
  return groups.all;
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
export function errorCause(group: ErrorGroup, totals?: ReadonlyMap<string, number>): DiagnosticText {
  const { first } = group;
  if (group.count === 1) return loneError(first);
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
function groupedError(group: ErrorGroup, total: number | undefined): DiagnosticText {
  const { first, count } = group;
  const reasons = [...group.reasons];
  const detail: string[] = [];
  let summary: string;
  if (first.http) {
    const subscription = first.subscriptionId;
    const share =
      subscription === null
        ? `for ${count} expectations`
        : total === undefined
          ? `for ${count} expectations in subscription ${subscription}`
          : total <= count
            ? `for all ${count} expectations in subscription ${subscription}`
            : `for ${count} of ${total} expectations in subscription ${subscription}`;
    summary = `${exchangeOf(first.http)} ${share}`;
    detail.push(...reasons.slice(0, DIAGNOSTIC_REASONS));
    if (reasons.length > DIAGNOSTIC_REASONS)
      detail.push(`… and ${reasons.length - DIAGNOSTIC_REASONS} more like these.`);
    detail.push("");
  } else {
    summary = reasons[0] as string;
  }
  const more = count - group.named.length;
  detail.push(
    `Affected LTR backups (${count}): ${group.named.join(", ")}${more > 0 ? ` and ${more} more` : ""}.`,
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

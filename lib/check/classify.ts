import { addDuration, Duration, parseDuration, subtractDuration } from "../time/duration";
import type { Evidence } from "./evidence";
import { isoInstant } from "./iso-instant";
import type { PlannedCheck } from "./plan-requests";
import type { ExpectationTarget, Finding, HttpFacts, ObservedBackup, SchemaError, Verdict } from "./result";
import type { OperationAnswer } from "./validate-answer";

export interface ClassifyContext {
  /** The instant freshness is judged against. */
  readonly now: Date;
  /** How long an operation may run before it counts as stuck. */
  readonly stuckAfter: { readonly text: string; readonly duration: Duration };
  /** Status values Azure documents (the schema's `knownValues`). */
  readonly knownStatuses: readonly string[];
  /** The per-request timeout as the user gave it, for timeout reasons. */
  readonly timeoutText: string;
}

/**
 * The verdict on one expectation; pure (no I/O, no clock). Returns null only for a series occurrence
 * still within its grace that does not exist yet: that is not a finding.
 */
export function classify(check: PlannedCheck, evidence: Evidence, context: ClassifyContext): Finding | null {
  const { target } = check;
  const finding = (
    verdict: Verdict,
    reason: string,
    http: HttpFacts | null,
    observed: ObservedBackup | null = null,
    schemaErrors: SchemaError[] = [],
    backupName: string | null = target.backupName,
  ): Finding => ({ ...target, backupName, verdict, reason, observed, schemaErrors, http });

  switch (evidence.kind) {
    case "parent-missing":
      return finding("error", parentMissingReason(target, evidence.parent, evidence.http), evidence.http);
    case "refused":
      return finding(
        "error",
        refusedReason(target, evidence.http, evidence.attempts, evidence.whileProbing),
        evidence.http,
        null,
        evidence.schemaErrors,
      );
    case "no-answer":
      return finding("error", noAnswerReason(evidence, context.timeoutText), evidence.http);
    case "incomplete-listing":
      return finding(
        "error",
        `the listing of server ${target.serverName} could not be read to the end: its nextLink ${evidence.nextLink} ` +
          `${evidence.reason}; check --endpoint`,
        evidence.http,
      );
    case "malformed": {
      const what = evidence.page > 0 ? `page ${evidence.page} of the server's listing` : "the answer";
      return finding(
        "invalid",
        `${what} does not match the LTR backup API (${describeErrors(evidence.schemaErrors)}): report it to Azure support with the request id`,
        evidence.http,
        null,
        evidence.schemaErrors,
      );
    }
    case "absent":
      return absent(check, evidence.http, finding);
    case "found":
      return judgeOperation(check, evidence.operation, evidence.http, context, finding);
    case "listing":
      return judgeLatest(target, evidence.operations, evidence.http, context, finding);
  }
}

type MakeFinding = (
  verdict: Verdict,
  reason: string,
  http: HttpFacts | null,
  observed?: ObservedBackup | null,
  schemaErrors?: SchemaError[],
  backupName?: string | null,
) => Finding;

function absent(check: PlannedCheck, http: HttpFacts, finding: MakeFinding): Finding | null {
  const { target } = check;
  const name = target.backupName ?? "";
  const expectation = target.expectation;
  if (expectation.kind !== "series") {
    return finding("missing", `server ${target.serverName} has no LTR backup operation named ${name}`, http);
  }
  switch (check.occurrence) {
    case "pending":
      return null;
    case "newest-due":
      return finding(
        "stale",
        `overdue: ${name} (scheduled ${isoInstant(new Date(expectation.scheduledAt))}) does not exist, ` +
          `but was due to succeed by ${isoInstant(new Date(expectation.dueBy))}; check the job that starts the series`,
        http,
      );
    default:
      return finding(
        "missing",
        `${name} (scheduled ${isoInstant(new Date(expectation.scheduledAt))}, one of the last ${expectation.keep} ` +
          `of series ${expectation.template}) does not exist`,
        http,
      );
  }
}

function judgeOperation(
  check: PlannedCheck,
  operation: OperationAnswer,
  http: HttpFacts,
  context: ClassifyContext,
  finding: MakeFinding,
): Finding {
  const { target } = check;
  const observed = operation.observed;
  const at = (field: string): string => `${operation.pointer}/properties/${field}`;
  if (operation.schemaErrors.length > 0) {
    return finding(
      "invalid",
      `the answer for ${target.backupName} does not match the LTR backup schema (${describeErrors(operation.schemaErrors)})`,
      http,
      observed,
      operation.schemaErrors,
    );
  }
  const status = observed.status;
  if (status === null) {
    const errors = [{ pointer: at("status"), message: "is missing, so the backup's state is unknown" }];
    return finding(
      "invalid",
      `the answer for ${target.backupName} has no properties.status`,
      http,
      observed,
      errors,
    );
  }
  if (!context.knownStatuses.includes(status)) {
    return finding(
      "unknown",
      `status "${status}" is not one Azure documents (${context.knownStatuses.join(", ")}): ` +
        "check the backup in the Azure portal, and upgrade cdktf-pg-ltr if Azure added the value",
      http,
      observed,
    );
  }
  switch (status) {
    case "Failed":
      return finding("failed", `failed${endedAt(observed)}: ${errorOf(observed)}`, http, observed);
    case "Cancelled":
      return finding(
        "failed",
        `was cancelled${endedAt(observed)}${observed.errorCode || observed.errorMessage ? `: ${errorOf(observed)}` : ""}; start the backup again`,
        http,
        observed,
      );
    case "Running":
      return judgeRunning(check, operation, http, context, finding);
    default:
      return judgeSucceeded(check, operation, http, context, finding);
  }
}

function judgeRunning(
  check: PlannedCheck,
  operation: OperationAnswer,
  http: HttpFacts,
  context: ClassifyContext,
  finding: MakeFinding,
): Finding {
  const observed = operation.observed;
  const started = parseTime(observed.startTime);
  if (started === undefined) {
    return finding(
      "invalid",
      "is Running without a valid properties.startTime, so whether it is stuck cannot be judged",
      http,
      observed,
      [{ pointer: `${operation.pointer}/properties/startTime`, message: "is missing or not a date-time" }],
    );
  }
  const progress = observed.percentComplete === null ? "" : ` (${observed.percentComplete}% complete)`;
  const stuckAt = addDuration(started, context.stuckAfter.duration);
  if (stuckAt.getTime() <= context.now.getTime()) {
    return finding(
      "stale",
      `Running since ${isoInstant(started)}${progress}, longer than ${context.stuckAfter.text}: ` +
        "the operation looks stuck; check it in the Azure portal",
      http,
      observed,
    );
  }
  const expectation = check.target.expectation;
  if (expectation.kind === "series" && check.occurrence !== "pending") {
    const dueBy = new Date(expectation.dueBy);
    if (dueBy.getTime() <= context.now.getTime()) {
      return finding(
        "stale",
        `still Running since ${isoInstant(started)}${progress}, but was due to succeed by ${isoInstant(dueBy)}`,
        http,
        observed,
      );
    }
  }
  return finding("running", `Running since ${isoInstant(started)}${progress}`, http, observed);
}

function judgeSucceeded(
  check: PlannedCheck,
  operation: OperationAnswer,
  http: HttpFacts,
  context: ClassifyContext,
  finding: MakeFinding,
): Finding {
  const observed = operation.observed;
  const expectation = check.target.expectation;
  const maxAge = expectation.kind === "named" || expectation.kind === "latest" ? expectation.maxAge : null;
  if (maxAge === null) {
    const ended = parseTime(observed.endTime);
    return finding(
      "compliant",
      ended ? `succeeded, ended ${isoInstant(ended)}` : "succeeded",
      http,
      observed,
    );
  }
  const ended = parseTime(observed.endTime);
  if (ended === undefined) {
    return finding(
      "invalid",
      `Succeeded without a valid properties.endTime, so its age cannot be judged against ${maxAge}`,
      http,
      observed,
      [{ pointer: `${operation.pointer}/properties/endTime`, message: "is missing or not a date-time" }],
    );
  }
  return judgeAge(ended, maxAge, context.now, http, observed, finding, "");
}

function judgeLatest(
  target: ExpectationTarget,
  operations: readonly OperationAnswer[],
  http: HttpFacts,
  context: ClassifyContext,
  finding: MakeFinding,
): Finding {
  const maxAge = target.expectation.kind === "latest" ? target.expectation.maxAge : "";
  const malformed = operations.filter((o) => o.schemaErrors.length > 0);
  if (malformed.length > 0) {
    const errors = malformed.flatMap((o) => o.schemaErrors);
    return finding(
      "invalid",
      `${malformed.length} of the server's ${operations.length} LTR backup operations do not match the schema ` +
        `(${describeErrors(errors)}), so the newest succeeded backup cannot be told`,
      http,
      null,
      errors,
      null,
    );
  }
  let newest: { operation: OperationAnswer; ended: Date } | undefined;
  const withoutEnd: OperationAnswer[] = [];
  for (const operation of operations) {
    if (operation.observed.status !== "Succeeded") continue;
    const ended = parseTime(operation.observed.endTime);
    if (ended === undefined) withoutEnd.push(operation);
    else if (!newest || ended.getTime() > newest.ended.getTime()) newest = { operation, ended };
  }
  const cutoff = subtractDuration(context.now, parseDuration(maxAge));
  const fresh = newest !== undefined && newest.ended.getTime() >= cutoff.getTime();
  if (!fresh && withoutEnd.length > 0) {
    const names = withoutEnd.map((o) => o.observed.backupName ?? o.pointer).join(", ");
    return finding(
      "invalid",
      `succeeded backup${withoutEnd.length > 1 ? "s" : ""} ${names} report${withoutEnd.length > 1 ? "" : "s"} no ` +
        `properties.endTime, so the newest cannot be judged against ${maxAge}`,
      http,
      withoutEnd[0]?.observed ?? null,
      withoutEnd.map((o) => ({ pointer: `${o.pointer}/properties/endTime`, message: "is missing" })),
      null,
    );
  }
  if (!newest) {
    return finding(
      "stale",
      `server ${target.serverName} has no succeeded LTR backup; one must have ended within ${maxAge} ` +
        `(after ${isoInstant(cutoff)})`,
      http,
      null,
      [],
      null,
    );
  }
  const observed = newest.operation.observed;
  const subject = `the newest succeeded backup${observed.backupName ? ` ${observed.backupName}` : ""} `;
  return judgeAge(newest.ended, maxAge, context.now, http, observed, finding, subject, observed.backupName);
}

/** Stale or compliant by end time; `subject` prefixes the reason (e.g. the newest backup's name). */
function judgeAge(
  ended: Date,
  maxAge: string,
  now: Date,
  http: HttpFacts,
  observed: ObservedBackup,
  finding: MakeFinding,
  subject: string,
  backupName?: string | null,
): Finding {
  const cutoff = subtractDuration(now, parseDuration(maxAge));
  const name = backupName === undefined ? [] : [backupName];
  const stale = ended.getTime() < cutoff.getTime();
  const reason = `${subject}ended ${isoInstant(ended)}, ${stale ? "older than" : "within"} ${maxAge} (cut-off ${isoInstant(cutoff)})`;
  return finding(stale ? "stale" : "compliant", reason, http, observed, [], ...name);
}

function parentMissingReason(target: ExpectationTarget, parent: string, http: HttpFacts): string {
  const facts = statusAndCode(http);
  switch (parent) {
    case "subscription":
      return (
        `subscription ${target.subscriptionId} was not found (${facts}): check the subscription id, ` +
        "and that the signed-in principal can see it"
      );
    case "resource-group":
      return (
        `resource group ${target.resourceGroupName} was not found in subscription ${target.subscriptionId} (${facts}): ` +
        "check resourceGroupName in the stack, or whether the group was deleted"
      );
    default:
      return (
        `server ${target.serverName} was not found in resource group ${target.resourceGroupName} (${facts}): ` +
        "check serverName in the stack, or whether the server was deleted"
      );
  }
}

function refusedReason(
  target: ExpectationTarget,
  http: HttpFacts,
  attempts: number,
  whileProbing: boolean,
): string {
  const facts = statusAndCode(http);
  const probing = whileProbing
    ? `the backup answered 404, and asking whether server ${target.serverName} exists failed: `
    : "";
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  switch (http.status) {
    case 401:
      return `${probing}ARM refused the credentials (${facts}): sign in again (\`az login\`) or renew PG_LTR_ACCESS_TOKEN`;
    case 403:
      return (
        `${probing}the signed-in principal may not read server ${target.serverName} (${facts}): grant it the Reader ` +
        `role on the server or its resource group ${target.resourceGroupName}`
      );
    case 429:
      return `${probing}ARM kept throttling${tries} (${facts}): run the check again later or lower --concurrency`;
    default:
      if (http.status !== null && http.status >= 500) {
        return `${probing}ARM answered ${facts}${tries}: Azure had a problem, try again later`;
      }
      return `${probing}ARM answered ${facts}${tries}: the request could not be checked`;
  }
}

function noAnswerReason(evidence: Extract<Evidence, { kind: "no-answer" }>, timeoutText: string): string {
  const tries = evidence.attempts > 1 ? ` (${evidence.attempts} attempts)` : "";
  switch (evidence.cause) {
    case "timeout":
      return `no answer from ARM within ${timeoutText}${tries}: check the network, or raise --timeout`;
    case "network":
      return (
        `could not reach ARM${tries}: ${evidence.http.code ?? "connection failed"}: ${evidence.http.message ?? ""}; ` +
        "check the network, proxy and --endpoint"
      ).replace(": ;", ";");
    case "tls":
      return (
        `the TLS certificate of ARM is not trusted (${evidence.http.code ?? "TLS"}: ${evidence.http.message ?? ""}): ` +
        "trust its CA with NODE_EXTRA_CA_CERTS (or the caCertificates option), or check --endpoint"
      );
    default:
      return `the request failed${tries}: ${evidence.http.message ?? "no answer"}`;
  }
}

/** `404 ResourceNotFound: The Resource ... was not found.` */
function statusAndCode(http: HttpFacts): string {
  const status = http.status === null ? "no status" : String(http.status);
  const code = http.code ? ` ${http.code}` : "";
  const message = http.message ? `: ${http.message.replace(/\s+/g, " ").replace(/\.$/, "")}` : "";
  return `${status}${code}${message}`;
}

function describeErrors(errors: readonly SchemaError[]): string {
  const first = errors[0];
  if (!first) return "no details";
  const more = errors.length > 1 ? `, and ${errors.length - 1} more` : "";
  if (first.pointer !== "") return `${first.pointer} ${first.message}${more}`;
  // Messages about the whole answer may already name it ("body is not JSON: ...").
  const about = first.message.startsWith("body ") ? first.message.slice("body ".length) : first.message;
  return `the body ${about}${more}`;
}

function endedAt(observed: ObservedBackup): string {
  const ended = parseTime(observed.endTime);
  return ended ? ` at ${isoInstant(ended)}` : "";
}

function errorOf(observed: ObservedBackup): string {
  if (observed.errorCode && observed.errorMessage) return `${observed.errorCode}: ${observed.errorMessage}`;
  return observed.errorCode ?? observed.errorMessage ?? "Azure gave no error code or message";
}

function parseTime(text: string | null): Date | undefined {
  if (text === null) return undefined;
  const time = new Date(text);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

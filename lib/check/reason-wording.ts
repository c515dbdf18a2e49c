import { isoInstant } from "./iso-instant";
import type { ClassifyContext, Judgement } from "./judges/judgement";
import { CLOCK_SKEW_ALLOWANCE_MS, type Problem } from "./judges/operation-problems";
import type { ExpectationTarget, HttpFacts, ObservedBackup, SchemaError } from "./result";

/** What the wording needs beyond the judgement: the user's own spelling of limits. */
export type WordingContext = Pick<ClassifyContext, "stuckAfter" | "timeoutText">;

/**
 * The finding's reason: one sentence a user can act on, worded from what the judge decided. All the
 * wording of verdicts lives here, so judges stay decisions and a reason reads the same wherever it
 * comes from.
 */
export function reasonFor(judgement: Judgement, target: ExpectationTarget, context: WordingContext): string {
  // A scheduled run's subject is its instant; the operation that was taken as the run is named here.
  if (target.expectation.kind === "scheduled" && judgement.backupName) {
    const backupName = judgement.backupName;
    const started = judgement.observed?.startTime;
    const what =
      judgement.why.kind === "running" || judgement.why.kind === "stuck" || !started
        ? `backup ${backupName}`
        : `backup ${backupName} started ${started}`;
    return `${what}: ${operationReason(judgement, { ...target, backupName }, context)}`;
  }
  return operationReason(judgement, target, context);
}

function operationReason(judgement: Judgement, target: ExpectationTarget, context: WordingContext): string {
  const { why } = judgement;
  const http = judgement.http ?? { status: null, code: null, message: null, requestId: null };
  const observed = judgement.observed ?? null;
  const errors = judgement.schemaErrors ?? [];
  const name = target.backupName ?? "";
  switch (why.kind) {
    case "parent-missing":
      return parentMissingReason(target, why.parent, http);
    case "refused":
      return refusedReason(target, http, why.attempts, why.whileProbing);
    case "no-answer":
      return noAnswerReason(why.cause, why.attempts, http, context.timeoutText);
    case "incomplete-listing":
      return (
        `the listing of server ${target.serverName} could not be read to the end: its nextLink ${why.nextLink} ` +
        `${why.reason}; check --endpoint`
      );
    case "malformed-body": {
      const what = why.page > 0 ? `page ${why.page} of the server's listing` : "the answer";
      return `${what} does not match the LTR backup API (${describeErrors(errors)}): report it to Azure support with the request id`;
    }
    case "not-found":
      return `server ${target.serverName} has no LTR backup operation named ${name}`;
    case "overdue":
      return (
        `overdue: ${name} (scheduled ${isoInstant(why.scheduledAt)}) does not exist, ` +
        `but was due to succeed by ${isoInstant(why.dueBy)}; check the job that starts the series`
      );
    case "occurrence-missing":
      return (
        `${name} (scheduled ${isoInstant(why.scheduledAt)}, one of the last ${why.keep} ` +
        `of series ${why.template}) does not exist`
      );
    case "scheduled-run-missing":
      return scheduledRunMissingReason(why);
    case "scheduled-run-unjudgeable": {
      const first = judgement.setAside?.[0];
      const more = why.unjudged > 1 ? `, and ${why.unjudged - 1} more` : "";
      const example = first ? ` (${first.pointer} ${noteFor(first.problem)}${more})` : "";
      return (
        `no usable LTR backup succeeded that started between ${scheduledWindow(why)}, and ` +
        `${why.unjudged} operation${why.unjudged > 1 ? "s" : ""} of the listing cannot be judged${example}: ` +
        "one of them might be the run"
      );
    }
    case "schema-mismatch":
      return `the answer for ${name} does not match the LTR backup schema (${describeErrors(errors)})`;
    case "unusable":
      return unusableReason(why.problem, target);
    case "no-status":
      return `the answer for ${name} has no properties.status`;
    case "unknown-status":
      return (
        `status "${why.status}" is not one Azure documents (${why.known.join(", ")}): ` +
        "check the backup in the Azure portal, and upgrade cdktf-pg-ltr if Azure added the value"
      );
    case "failed":
      return `failed${endedAt(why.ended)}: ${errorOf(observed)}`;
    case "cancelled": {
      const error = observed?.errorCode || observed?.errorMessage ? `: ${errorOf(observed)}` : "";
      return `was cancelled${endedAt(why.ended)}${error}; start the backup again`;
    }
    case "running-without-start":
      return "is Running without a valid properties.startTime, so whether it is stuck cannot be judged";
    case "stuck":
      return (
        `Running since ${isoInstant(why.started)}${progressOf(observed)}, longer than ${context.stuckAfter.text}: ` +
        "the operation looks stuck; check it in the Azure portal"
      );
    case "running-past-due":
      return (
        `still Running since ${isoInstant(why.started)}${progressOf(observed)}, ` +
        `but was due to succeed by ${isoInstant(why.dueBy)}`
      );
    case "running":
      return `Running since ${isoInstant(why.started)}${progressOf(observed)}`;
    case "succeeded":
      return why.ended ? `succeeded, ended ${isoInstant(why.ended)}` : "succeeded";
    case "succeeded-without-end":
      return `Succeeded without a valid properties.endTime, so its age cannot be judged against ${why.maxAge}`;
    case "age": {
      const subject = why.newest
        ? `the newest succeeded backup${why.newest.backupName ? ` ${why.newest.backupName}` : ""} `
        : "";
      const stale = judgement.verdict === "stale";
      return (
        `${subject}ended ${isoInstant(why.ended)}, ${stale ? "older than" : "within"} ${why.maxAge} ` +
        `(cut-off ${isoInstant(why.cutoff)})`
      );
    }
    case "listing-unjudgeable": {
      const lead = why.newest
        ? `the newest usable succeeded backup${why.newest.backupName ? ` ${why.newest.backupName}` : ""} ended ` +
          `${isoInstant(why.newest.ended)}, older than ${why.maxAge} (cut-off ${isoInstant(why.cutoff)})`
        : `no usable succeeded backup ended within ${why.maxAge} (after ${isoInstant(why.cutoff)})`;
      const first = judgement.setAside?.[0];
      const more = why.unjudged > 1 ? `, and ${why.unjudged - 1} more` : "";
      const example = first ? ` (${first.pointer} ${noteFor(first.problem)}${more})` : "";
      return (
        `${lead}, and ${why.unjudged} of the server's ${why.total} LTR backup operations cannot be judged` +
        `${example}: one of them might be the newest`
      );
    }
    case "not-created":
      return notCreatedReason(target, why, http);
    case "first-backup-due":
      return (
        `server ${target.serverName} was created ${isoInstant(why.createdAt)} and has no succeeded LTR backup yet: ` +
        `first backup due by ${isoInstant(why.dueBy)}`
      );
    case "no-succeeded":
      return (
        `server ${target.serverName} has no succeeded LTR backup; one must have ended within ${why.maxAge} ` +
        `(after ${isoInstant(why.cutoff)})`
      );
  }
}

/** Why an operation was set aside, for a finding's notes: what the item itself says. */
export function noteFor(problem: Problem): string {
  switch (problem.kind) {
    case "schema":
      return `breaks the LTR backup schema (${describeErrors(problem.errors)})`;
    case "other-backup":
      return `is about backup ${problem.value} (its ${problem.field}), not ${problem.asked}`;
    case "names-disagree":
      return `names backup ${problem.name}, but its properties.backupName is ${problem.backupName}`;
    case "other-server":
      return `is about another server: its id ${problem.id} is not under ${problem.serverId}`;
    case "after-now":
      return afterNow(problem);
    case "no-end":
      return "Succeeded without properties.endTime, so its age is unknown";
    case "no-start":
      return "has no valid properties.startTime, so which scheduled run it is cannot be told";
  }
}

/** `2026-11-08T02:00:00Z and 08:00Z (scheduled by policy weekly-policy)`: the end's date only when it differs. */
function scheduledWindow(why: { scheduledAt: Date; startBy: Date; policy: string }): string {
  const start = isoInstant(why.scheduledAt);
  const end = isoInstant(why.startBy);
  const sameDay = start.slice(0, 10) === end.slice(0, 10);
  const endText = sameDay ? end.slice(11).replace(/:00(\.0+)?Z$/, "Z") : end;
  return `${start} and ${endText} (scheduled by policy ${why.policy})`;
}

function scheduledRunMissingReason(
  why: Extract<Judgement["why"], { kind: "scheduled-run-missing" }>,
): string {
  const lead = `no LTR backup started between ${scheduledWindow(why)}`;
  if (!why.late) return lead;
  const which = why.late.backupName ? `backup ${why.late.backupName}` : "a backup";
  const status = why.late.status ? `, ${why.late.status}` : "";
  return (
    `${lead}; ${which} started late, at ${isoInstant(why.late.started)}${status}, ` +
    "which does not count as the scheduled run: check the vault's backup jobs"
  );
}

/** The reason of an answer that is about something else or names an impossible time. */
function unusableReason(problem: Exclude<Problem, { kind: "schema" }>, target: ExpectationTarget): string {
  const name = target.backupName ?? "";
  switch (problem.kind) {
    case "other-backup":
      return (
        `the answer for ${problem.asked} is about backup ${problem.value} (its ${problem.field}): ` +
        "ARM answered another question; report it with the request id"
      );
    case "other-server":
      return (
        `the answer for ${name} on server ${target.serverName} is about another server: its id ${problem.id} ` +
        `is not under ${problem.serverId}`
      );
    case "after-now":
      return afterNow(problem);
    default:
      return `the answer for ${name} ${noteFor(problem)}`;
  }
}

/** `ends 9999-01-01T00:00:00Z, after the check's time (...)`. */
function afterNow(problem: Extract<Problem, { kind: "after-now" }>): string {
  const verb = problem.field === "endTime" ? "ends" : "starts";
  const allowance = CLOCK_SKEW_ALLOWANCE_MS / 60_000;
  return (
    `${verb} ${isoInstant(problem.at)}, after the check's time (${isoInstant(problem.checkTime)}, ` +
    `allowing ${allowance} minutes of clock skew), so it cannot be the newest or be judged`
  );
}

function notCreatedReason(
  target: ExpectationTarget,
  why: Extract<Judgement["why"], { kind: "not-created" }>,
  http: HttpFacts,
): string {
  const what =
    why.parent === "server"
      ? `server ${target.serverName} does not exist yet`
      : `resource group ${target.resourceGroupName} of server ${target.serverName} does not exist yet`;
  const facts = statusOnly(http);
  if (why.required) {
    return (
      `${what} (${facts}), but --require-existing expects every server to exist: ${why.address} ` +
      "was not created, check the deploy"
    );
  }
  return (
    `${what} (${facts}): ${why.address} will be created by this deploy; ` +
    "backups are expected once it exists"
  );
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
  if (isApiVersionRefusal(http.code)) {
    // ARM's message names the version it was asked for and lists the ones it has.
    return `${probing}ARM does not serve this api-version of the LTR backup API (${facts}): pass one it lists with --api-version`;
  }
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
        return `${probing}ARM answered ${statusOnly(http)}${tries}${quotedMessage(http)}; Azure had a problem, try again later`;
      }
      return `${probing}ARM answered ${statusOnly(http)}${tries}${quotedMessage(http)}; the request could not be checked`;
  }
}

/** ARM's codes for an api-version the resource type does not register (there, or at all). */
function isApiVersionRefusal(code: string | null): boolean {
  const lower = code?.toLowerCase();
  return lower === "noregisteredproviderfound" || lower === "invalidapiversionparameter";
}

function noAnswerReason(cause: string, attempts: number, http: HttpFacts, timeoutText: string): string {
  const tries = attempts > 1 ? ` (${attempts} attempts)` : "";
  switch (cause) {
    case "timeout":
      return `no answer from ARM within ${timeoutText}${tries}: check the network, or raise --timeout`;
    case "network":
      return (
        `could not reach ARM${tries}: ${http.code ?? "connection failed"}: ${http.message ?? ""}; ` +
        "check the network, proxy and --endpoint"
      ).replace(": ;", ";");
    case "tls":
      return (
        `the TLS certificate of ARM is not trusted (${http.code ?? "TLS"}: ${http.message ?? ""}): ` +
        "trust its CA with NODE_EXTRA_CA_CERTS (or the caCertificates option), or check --endpoint"
      );
    case "retry-wait":
      return `${http.message ?? "ARM asked for a long wait"}: run the check again later, or raise --max-retry-wait`;
    case "too-large":
      return `${http.message ?? "the answer is too large"}: check --endpoint and any proxy in between`;
    case "stopped":
      return `not checked: ${http.message ?? "the check stopped"}`;
    default:
      return `the request failed${tries}: ${http.message ?? "no answer"}`;
  }
}

/** `404 ResourceNotFound: The Resource ... was not found.` */
function statusAndCode(http: HttpFacts): string {
  const message = armMessage(http);
  return `${statusOnly(http)}${message ? `: ${message}` : ""}`;
}

/** `503 ServiceUnavailable` */
function statusOnly(http: HttpFacts): string {
  const status = http.status === null ? "no status" : String(http.status);
  return `${status}${http.code ? ` ${http.code}` : ""}`;
}

/** ` ("The service is unavailable")`: ARM's own message quoted, so that it cannot run into ours. */
function quotedMessage(http: HttpFacts): string {
  const message = armMessage(http);
  return message ? ` (${JSON.stringify(message)})` : "";
}

function armMessage(http: HttpFacts): string {
  return http.message ? http.message.replace(/\s+/g, " ").replace(/\.$/, "") : "";
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

function endedAt(ended: Date | undefined): string {
  return ended ? ` at ${isoInstant(ended)}` : "";
}

function progressOf(observed: ObservedBackup | null): string {
  return observed?.percentComplete == null ? "" : ` (${observed.percentComplete}% complete)`;
}

function errorOf(observed: ObservedBackup | null): string {
  if (observed?.errorCode && observed.errorMessage) return `${observed.errorCode}: ${observed.errorMessage}`;
  return observed?.errorCode ?? observed?.errorMessage ?? "Azure gave no error code or message";
}

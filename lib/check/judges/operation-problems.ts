import type { ExpectationTarget, SchemaError } from "../result";
import type { OperationAnswer } from "../validate-answer";
import { parseTime } from "./operation-times";

/**
 * How far after the check's own time an operation may say it started or ended before that time is
 * impossible rather than the two clocks disagreeing a little. Five minutes, as Kerberos allows.
 */
export const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60 * 1000;

/** Why an operation in an answer cannot be taken as evidence for the question asked. */
export type Problem =
  | { readonly kind: "schema"; readonly errors: readonly SchemaError[] }
  /** `name`, `properties.backupName` or the operation's `id` names another backup. */
  | {
      readonly kind: "other-backup";
      readonly field: "name" | "properties.backupName" | "id";
      readonly value: string;
      readonly asked: string;
    }
  /** With no backup asked for (`latest`), `name` and `properties.backupName` disagree. */
  | { readonly kind: "names-disagree"; readonly name: string; readonly backupName: string }
  /** `id` lies outside the server asked about. */
  | { readonly kind: "other-server"; readonly id: string; readonly serverId: string }
  | {
      readonly kind: "after-now";
      readonly field: "startTime" | "endTime";
      readonly at: Date;
      readonly checkTime: Date;
    }
  /** Succeeded without an end time, where only the end time tells its age. */
  | { readonly kind: "no-end" }
  /** Without a start time, where only the start time tells which scheduled run it is. */
  | { readonly kind: "no-start" };

/** A problem and where it is: JSON pointer into the body, and listing page (0 for a GET). */
export interface LocatedProblem {
  readonly pointer: string;
  readonly page: number;
  readonly problem: Problem;
}

/** What was asked: the server, and the backup when one was named. */
export interface Question {
  readonly serverId: string;
  /** `serverId` lower-cased, as ARM compares ids. */
  readonly serverKey: string;
  readonly backupName: string | null;
}

export function questionOf(target: ExpectationTarget, backupName = target.backupName): Question {
  const serverId =
    `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroupName}` +
    `/providers/Microsoft.DBforPostgreSQL/flexibleServers/${target.serverName}`;
  return { serverId, serverKey: serverId.toLowerCase(), backupName };
}

/**
 * What problemsOf reads of an operation, worked out once per operation: every expectation of a
 * server looks at every operation of its listing (twenty calls for a page of five operations and
 * four expectations), and lower-casing ids and parsing times on each call was the check's largest
 * allocation per request.
 */
interface OperationFacts {
  /** `id` without trailing slashes. */
  readonly id: string | null;
  /** That, lower-cased. */
  readonly idKey: string | null;
  readonly startMs: number;
  readonly endMs: number;
  /** The backup the id names below `namedUnder`, once asked. */
  namedUnder: string | undefined;
  named: string | undefined;
}

const factsOf = new WeakMap<OperationAnswer, OperationFacts>();

function operationFacts(operation: OperationAnswer): OperationFacts {
  let facts = factsOf.get(operation);
  if (!facts) {
    const id = operation.identity.id?.replace(/\/+$/, "") ?? null;
    facts = {
      id,
      idKey: id?.toLowerCase() ?? null,
      startMs: timeOf(operation.observed.startTime),
      endMs: timeOf(operation.observed.endTime),
      namedUnder: undefined,
      named: undefined,
    };
    factsOf.set(operation, facts);
  }
  return facts;
}

function timeOf(text: string | null): number {
  return parseTime(text)?.getTime() ?? Number.NaN;
}

function located(operation: OperationAnswer, path: string, problem: Problem): LocatedProblem {
  return { pointer: `${operation.pointer}${path}`, page: operation.page, problem };
}

/**
 * Everything that keeps an operation from answering the question, in the order a reader needs
 * them: about something else first, then broken, then impossible. ARM names are case-insensitive.
 */
export function problemsOf(operation: OperationAnswer, question: Question, now: Date): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  const { id, name, backupName } = operation.identity;
  const asked = question.backupName;
  if (asked !== null) {
    if (backupName !== null && !sameName(backupName, asked))
      problems.push(
        located(operation, "/properties/backupName", {
          kind: "other-backup",
          field: "properties.backupName",
          value: backupName,
          asked,
        }),
      );
    if (name !== null && !sameName(name, asked))
      problems.push(located(operation, "/name", { kind: "other-backup", field: "name", value: name, asked }));
  } else if (name !== null && backupName !== null && !sameName(name, backupName)) {
    problems.push(located(operation, "/name", { kind: "names-disagree", name, backupName }));
  }
  const facts = operationFacts(operation);
  if (id !== null) {
    const idProblem = idProblemOf(id, facts, question);
    if (idProblem) problems.push(located(operation, "/id", idProblem));
  }
  if (operation.schemaErrors.length > 0) {
    problems.push(located(operation, "", { kind: "schema", errors: operation.schemaErrors }));
  }
  const latest = now.getTime() + CLOCK_SKEW_ALLOWANCE_MS;
  if (facts.startMs > latest) problems.push(afterNow(operation, "startTime", facts.startMs, now));
  if (facts.endMs > latest) problems.push(afterNow(operation, "endTime", facts.endMs, now));
  return problems;
}

function afterNow(
  operation: OperationAnswer,
  field: "startTime" | "endTime",
  at: number,
  checkTime: Date,
): LocatedProblem {
  return located(operation, `/properties/${field}`, {
    kind: "after-now",
    field,
    at: new Date(at),
    checkTime,
  });
}

/** ARM compares resource names ignoring case. */
export function sameName(a: string, b: string): boolean {
  // Most comparisons are of equal strings or of a listing's other backups, usually of another
  // length: no copies for those. Lower-casing keeps the length of ASCII text only.
  if (a === b) return true;
  if (a.length !== b.length && ASCII.test(a) && ASCII.test(b)) return false;
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * `id` (as the answer gave it, for the problem to quote) must be the server's own id (as in Azure's
 * published examples) or lie under it; when it is an operation's id, that operation must be the one
 * asked for.
 */
function idProblemOf(id: string, facts: OperationFacts, question: Question): Problem | undefined {
  const server = question.serverKey;
  const key = facts.idKey as string;
  const under = key.length > server.length && key.charCodeAt(server.length) === SLASH;
  if (!(under || key.length === server.length) || !key.startsWith(server)) {
    return { kind: "other-server", id, serverId: question.serverId };
  }
  if (facts.namedUnder !== server) {
    facts.namedUnder = server;
    facts.named = under
      ? /^\/ltrBackupOperations\/([^/]+)/i.exec((facts.id as string).slice(server.length))?.[1]
      : undefined;
  }
  const named = facts.named;
  if (named !== undefined && question.backupName !== null && !sameName(named, question.backupName)) {
    return { kind: "other-backup", field: "id", value: named, asked: question.backupName };
  }
  return undefined;
}

const SLASH = 0x2f;
// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
const ASCII = /^[\x00-\x7f]*$/;

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
  readonly backupName: string | null;
}

export function questionOf(target: ExpectationTarget, backupName = target.backupName): Question {
  return {
    serverId:
      `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroupName}` +
      `/providers/Microsoft.DBforPostgreSQL/flexibleServers/${target.serverName}`,
    backupName,
  };
}

/**
 * Everything that keeps an operation from answering the question, in the order a reader needs
 * them: about something else first, then broken, then impossible. ARM names are case-insensitive.
 */
export function problemsOf(operation: OperationAnswer, question: Question, now: Date): LocatedProblem[] {
  const at = (path: string, problem: Problem): LocatedProblem => ({
    pointer: `${operation.pointer}${path}`,
    page: operation.page,
    problem,
  });
  const problems: LocatedProblem[] = [];
  const { id, name, backupName } = operation.identity;
  const asked = question.backupName;
  if (asked !== null) {
    if (backupName !== null && !sameName(backupName, asked))
      problems.push(
        at("/properties/backupName", {
          kind: "other-backup",
          field: "properties.backupName",
          value: backupName,
          asked,
        }),
      );
    if (name !== null && !sameName(name, asked))
      problems.push(at("/name", { kind: "other-backup", field: "name", value: name, asked }));
  } else if (name !== null && backupName !== null && !sameName(name, backupName)) {
    problems.push(at("/name", { kind: "names-disagree", name, backupName }));
  }
  if (id !== null) {
    const idProblem = idProblemOf(id, question);
    if (idProblem) problems.push(at("/id", idProblem));
  }
  if (operation.schemaErrors.length > 0) {
    problems.push(at("", { kind: "schema", errors: operation.schemaErrors }));
  }
  const latest = now.getTime() + CLOCK_SKEW_ALLOWANCE_MS;
  for (const field of ["startTime", "endTime"] as const) {
    const time = parseTime(operation.observed[field]);
    if (time !== undefined && time.getTime() > latest)
      problems.push(at(`/properties/${field}`, { kind: "after-now", field, at: time, checkTime: now }));
  }
  return problems;
}

/** ARM compares resource names ignoring case. */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * `id` must be the server's own id (as in Azure's published examples) or lie under it; when it is an
 * operation's id, that operation must be the one asked for.
 */
function idProblemOf(id: string, question: Question): Problem | undefined {
  const server = question.serverId.toLowerCase();
  const given = id.replace(/\/+$/, "");
  const lower = given.toLowerCase();
  if (lower !== server && !lower.startsWith(`${server}/`)) {
    return { kind: "other-server", id, serverId: question.serverId };
  }
  const named = /^\/ltrBackupOperations\/([^/]+)/i.exec(given.slice(server.length))?.[1];
  if (named !== undefined && question.backupName !== null && !sameName(named, question.backupName)) {
    return { kind: "other-backup", field: "id", value: named, asked: question.backupName };
  }
  return undefined;
}

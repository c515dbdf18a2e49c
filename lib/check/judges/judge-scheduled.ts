import type { Evidence } from "../evidence";
import type { PlannedCheck } from "../plan-requests";
import type { OperationAnswer } from "../validate-answer";
import type { ClassifyContext, Judgement } from "./judgement";
import { judgeOperation } from "./judge-operation";
import { type LocatedProblem, problemsOf, questionOf } from "./operation-problems";
import { parseTime } from "./operation-times";

/**
 * A run a vault policy scheduled, judged from the operations that can only be its own (see
 * attributeScheduledRuns): the one that started within the grace is judged as its GET would be, a
 * Succeeded one first, then Running, then one of a status Azure does not document, then Failed or
 * Cancelled — so a failed attempt the service retried in time does not count against the run. None:
 * `missing`, naming the first run that started after the grace (a late run is not the scheduled one,
 * and how fresh the newest backup is, late or not, is `latest`'s to judge). Items that cannot be used
 * are notes; when one of them could be the run and no succeeded one is, the verdict is `invalid`. A
 * run whose grace has not passed (`pending`) is judged only once an operation started: null before;
 * so is a run scheduled before a server that has never backed up was created (its creation time is
 * read only then, see server-age.ts).
 */
export function judgeScheduled(
  check: PlannedCheck,
  evidence: Extract<Evidence, { kind: "scheduled-run" }>,
  context: ClassifyContext,
): Judgement | null {
  const { target } = check;
  const expectation = target.expectation;
  if (expectation.kind !== "scheduled") throw new RangeError("judgeScheduled needs a scheduled run");
  const scheduledAt = new Date(expectation.scheduledAt);
  const startBy = new Date(expectation.startBy);
  const policy = check.policyName ?? expectation.policy;
  const { http } = evidence;
  const question = questionOf(target, null);
  const setAside: LocatedProblem[] = [];
  let unjudged = 0;
  const inTime: OperationAnswer[] = [];
  let late: OperationAnswer | undefined;
  for (const operation of evidence.started) {
    const problems = problemsOf(operation, question, context.now);
    const started = parseTime(operation.observed.startTime) as Date;
    const within = started.getTime() <= startBy.getTime();
    if (problems.length > 0) {
      setAside.push(...problems);
      if (within) unjudged += 1;
    } else if (within) {
      inTime.push(operation);
    } else {
      late ??= operation;
    }
  }
  for (const operation of evidence.unplaced) {
    setAside.push(...problemsOf(operation, question, context.now), {
      pointer: `${operation.pointer}/properties/startTime`,
      page: operation.page,
      problem: { kind: "no-start" },
    });
    unjudged += 1;
  }
  const chosen = [...inTime].sort((a, b) => rank(a) - rank(b))[0];
  if (chosen && (unjudged === 0 || chosen.observed.status === "Succeeded")) {
    const backupName = chosen.identity.name ?? chosen.identity.backupName;
    const judgement = judgeOperation({ ...check, target: { ...target, backupName } }, chosen, http, context);
    return { ...judgement, backupName, setAside: [...(judgement.setAside ?? []), ...setAside] };
  }
  if (unjudged > 0) {
    return {
      verdict: "invalid",
      why: { kind: "scheduled-run-unjudgeable", scheduledAt, startBy, policy, unjudged },
      http,
      backupName: null,
      setAside,
    };
  }
  if (check.occurrence === "pending") return null;
  // A server that has never backed up and was created after the run was scheduled could not have
  // had it: not an expectation at all (its `latest` says when the first backup is due).
  const createdAt = evidence.serverCreatedAt;
  if (
    createdAt !== undefined &&
    createdAt.getTime() <= context.now.getTime() &&
    scheduledAt.getTime() < createdAt.getTime()
  ) {
    return null;
  }
  return {
    verdict: "missing",
    why: {
      kind: "scheduled-run-missing",
      scheduledAt,
      startBy,
      policy,
      late: late
        ? {
            backupName: late.identity.name ?? late.identity.backupName,
            started: parseTime(late.observed.startTime) as Date,
            status: late.observed.status,
          }
        : null,
    },
    http,
    backupName: null,
    setAside,
  };
}

/** Which operation of a run's grace speaks for it: Succeeded, Running, an undocumented status, then the rest. */
function rank(operation: OperationAnswer): number {
  switch (operation.observed.status) {
    case "Succeeded":
      return 0;
    case "Running":
      return 1;
    case "Failed":
    case "Cancelled":
      return 3;
    default:
      return 2;
  }
}

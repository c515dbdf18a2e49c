import type { ExpectationTarget, HttpFacts } from "../result";
import type { OperationAnswer } from "../validate-answer";
import type { ClassifyContext, Judgement } from "./judgement";
import { cutoffFor, judgeAge } from "./judge-age";
import { type LocatedProblem, problemsOf, questionOf } from "./operation-problems";
import { parseTime } from "./operation-times";

/**
 * `latest`: whether some usable succeeded operation of the server's listing ended within `maxAge`.
 * No item that cannot be judged (broken, about another server, an impossible time, succeeded without
 * an end time) can make a fresh backup stale, so a fresh one is `compliant` and those items are notes.
 * Without a fresh one they matter: one of them might be the newest, so the verdict is `invalid`.
 */
export function judgeLatest(
  target: ExpectationTarget,
  operations: readonly OperationAnswer[],
  http: HttpFacts,
  context: ClassifyContext,
): Judgement {
  const maxAge = target.expectation.kind === "latest" ? target.expectation.maxAge : "";
  const question = questionOf(target, null);
  const setAside: LocatedProblem[] = [];
  let unjudged = 0;
  let newest: { operation: OperationAnswer; ended: Date } | undefined;
  for (const operation of operations) {
    const problems = problemsOf(operation, question, context.now);
    const succeeded = operation.observed.status === "Succeeded";
    const ended = parseTime(operation.observed.endTime);
    if (problems.length === 0 && succeeded && ended === undefined) {
      problems.push({
        pointer: `${operation.pointer}/properties/endTime`,
        page: operation.page,
        problem: { kind: "no-end" },
      });
    }
    if (problems.length > 0) {
      unjudged += 1;
      setAside.push(...problems);
    } else if (succeeded && ended && (!newest || ended.getTime() > newest.ended.getTime())) {
      newest = { operation, ended };
    }
  }
  const cutoff = cutoffFor(maxAge, context.now);
  const fresh = newest !== undefined && newest.ended.getTime() >= cutoff.getTime();
  if (!fresh && unjudged > 0) {
    return {
      verdict: "invalid",
      why: {
        kind: "listing-unjudgeable",
        newest: newest ? { backupName: newest.operation.observed.backupName, ended: newest.ended } : null,
        maxAge,
        cutoff,
        unjudged,
        total: operations.length,
      },
      http,
      schemaErrors: operations.flatMap((o) => o.schemaErrors),
      backupName: null,
      setAside,
    };
  }
  if (!newest) {
    return { verdict: "stale", why: { kind: "no-succeeded", maxAge, cutoff }, http, backupName: null };
  }
  const observed = newest.operation.observed;
  return judgeAge(
    newest.ended,
    maxAge,
    context.now,
    { http, observed, backupName: observed.backupName, setAside },
    { backupName: observed.backupName },
  );
}

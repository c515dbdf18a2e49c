import type { PlannedCheck } from "../plan-requests";
import type { HttpFacts } from "../result";
import type { OperationAnswer } from "../validate-answer";
import type { ClassifyContext, Judgement } from "./judgement";
import { judgeOperation } from "./judge-operation";
import { problemsOf, questionOf } from "./operation-problems";

/**
 * A named backup or series occurrence looked up in the server's listing, where the name may appear
 * more than once (a name reused, or a broken item): the usable one started last is judged, the same
 * as its GET would be; the others of that name that could not be used become notes.
 */
export function judgeListed(
  check: PlannedCheck,
  candidates: readonly OperationAnswer[],
  http: HttpFacts,
  context: ClassifyContext,
): Judgement {
  const question = questionOf(check.target);
  const ranked = candidates
    .map((operation) => ({ operation, problems: problemsOf(operation, question, context.now) }))
    .sort(
      (a, b) =>
        Number(a.problems.length > 0) - Number(b.problems.length > 0) ||
        startOf(b.operation).localeCompare(startOf(a.operation)),
    );
  const [chosen, ...others] = ranked;
  if (!chosen) throw new RangeError("judgeListed needs at least one candidate");
  const judgement = judgeOperation(check, chosen.operation, http, context);
  // Object.assign rather than a spread followed by a property: see classify.ts.
  return Object.assign({}, judgement, {
    setAside: [...(judgement.setAside ?? []), ...others.flatMap((other) => other.problems)],
  });
}

function startOf(operation: OperationAnswer): string {
  return operation.observed.startTime ?? "";
}

import type { ExpectationTarget, HttpFacts } from "../result";
import type { OperationAnswer } from "../validate-answer";
import type { ClassifyContext, Judgement } from "./judgement";
import { cutoffFor, judgeAge } from "./judge-age";
import { parseTime } from "./operation-times";

/** `latest`: the newest succeeded operation of the server's listing, by end time, judged by its age. */
export function judgeLatest(
  target: ExpectationTarget,
  operations: readonly OperationAnswer[],
  http: HttpFacts,
  context: ClassifyContext,
): Judgement {
  const maxAge = target.expectation.kind === "latest" ? target.expectation.maxAge : "";
  const malformed = operations.filter((o) => o.schemaErrors.length > 0);
  if (malformed.length > 0) {
    return {
      verdict: "invalid",
      why: { kind: "listing-malformed", malformed: malformed.length, total: operations.length },
      http,
      schemaErrors: malformed.flatMap((o) => o.schemaErrors),
      backupName: null,
    };
  }
  let newest: { operation: OperationAnswer; ended: Date } | undefined;
  const withoutEnd: OperationAnswer[] = [];
  for (const operation of operations) {
    if (operation.observed.status !== "Succeeded") continue;
    const ended = parseTime(operation.observed.endTime);
    if (ended === undefined) withoutEnd.push(operation);
    else if (!newest || ended.getTime() > newest.ended.getTime()) newest = { operation, ended };
  }
  const cutoff = cutoffFor(maxAge, context.now);
  const fresh = newest !== undefined && newest.ended.getTime() >= cutoff.getTime();
  if (!fresh && withoutEnd.length > 0) {
    return {
      verdict: "invalid",
      why: {
        kind: "listing-without-end",
        names: withoutEnd.map((o) => o.observed.backupName ?? o.pointer),
        maxAge,
      },
      http,
      observed: withoutEnd[0]?.observed ?? null,
      schemaErrors: withoutEnd.map((o) => ({
        pointer: `${o.pointer}/properties/endTime`,
        message: "is missing",
      })),
      backupName: null,
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
    { http, observed, backupName: observed.backupName },
    { backupName: observed.backupName },
  );
}

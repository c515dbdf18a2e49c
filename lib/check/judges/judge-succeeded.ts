import type { PlannedCheck } from "../plan-requests";
import type { HttpFacts } from "../result";
import type { OperationAnswer } from "../validate-answer";
import type { ClassifyContext, Judgement } from "./judgement";
import { judgeAge } from "./judge-age";
import { parseTime } from "./operation-times";

/** A succeeded backup is `compliant`, unless a `maxAge` asks how old it is: then its end time decides. */
export function judgeSucceeded(
  check: PlannedCheck,
  operation: OperationAnswer,
  http: HttpFacts,
  context: ClassifyContext,
): Judgement {
  const observed = operation.observed;
  const expectation = check.target.expectation;
  const maxAge = expectation.kind === "named" || expectation.kind === "latest" ? expectation.maxAge : null;
  const ended = parseTime(observed.endTime);
  if (maxAge === null) return { verdict: "compliant", why: { kind: "succeeded", ended }, http, observed };
  if (ended === undefined) {
    return {
      verdict: "invalid",
      why: { kind: "succeeded-without-end", maxAge },
      http,
      observed,
      schemaErrors: [
        { pointer: `${operation.pointer}/properties/endTime`, message: "is missing or not a date-time" },
      ],
    };
  }
  return judgeAge(ended, maxAge, context.now, { http, observed });
}

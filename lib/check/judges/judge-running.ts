import { addDuration } from "../../time/duration";
import type { PlannedCheck } from "../plan-requests";
import type { HttpFacts } from "../result";
import type { OperationAnswer } from "../validate-answer";
import type { ClassifyContext, Judgement } from "./judgement";
import { parseTime } from "./operation-times";

/**
 * A Running operation is `running` until it looks stuck (longer than `stuckAfter`) or, for a due
 * series occurrence, until its grace has passed (`stale`); without a start time neither can be told.
 */
export function judgeRunning(
  check: PlannedCheck,
  operation: OperationAnswer,
  http: HttpFacts,
  context: ClassifyContext,
): Judgement {
  const observed = operation.observed;
  const started = parseTime(observed.startTime);
  if (started === undefined) {
    return {
      verdict: "invalid",
      why: { kind: "running-without-start" },
      http,
      observed,
      schemaErrors: [
        { pointer: `${operation.pointer}/properties/startTime`, message: "is missing or not a date-time" },
      ],
    };
  }
  const now = context.now.getTime();
  if (addDuration(started, context.stuckAfter.duration).getTime() <= now) {
    return { verdict: "stale", why: { kind: "stuck", started }, http, observed };
  }
  const expectation = check.target.expectation;
  if (expectation.kind === "series" && check.occurrence !== "pending") {
    const dueBy = new Date(expectation.dueBy);
    if (dueBy.getTime() <= now) {
      return { verdict: "stale", why: { kind: "running-past-due", started, dueBy }, http, observed };
    }
  }
  return { verdict: "running", why: { kind: "running", started }, http, observed };
}

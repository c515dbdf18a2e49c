import type { PlannedCheck } from "../plan-requests";
import type { HttpFacts } from "../result";
import type { OperationAnswer } from "../validate-answer";
import type { ClassifyContext, Judgement } from "./judgement";
import { judgeRunning } from "./judge-running";
import { judgeSucceeded } from "./judge-succeeded";
import { problemsOf, questionOf } from "./operation-problems";
import { parseTime } from "./operation-times";

/**
 * One backup operation found by name: first whether it answers the question at all (the backup and
 * server asked about, the schema, possible times), then by its status.
 */
export function judgeOperation(
  check: PlannedCheck,
  operation: OperationAnswer,
  http: HttpFacts,
  context: ClassifyContext,
): Judgement {
  const observed = operation.observed;
  const problems = problemsOf(operation, questionOf(check.target), context.now);
  const [first, ...others] = problems;
  if (first) {
    return {
      verdict: "invalid",
      why:
        first.problem.kind === "schema"
          ? { kind: "schema-mismatch" }
          : { kind: "unusable", problem: first.problem },
      http,
      observed,
      schemaErrors: operation.schemaErrors,
      setAside: others.filter((other) => other.problem.kind !== "schema"),
    };
  }
  const status = observed.status;
  if (status === null) {
    return {
      verdict: "invalid",
      why: { kind: "no-status" },
      http,
      observed,
      schemaErrors: [
        {
          pointer: `${operation.pointer}/properties/status`,
          message: "is missing, so the backup's state is unknown",
        },
      ],
    };
  }
  if (!context.knownStatuses.includes(status)) {
    return {
      verdict: "unknown",
      why: { kind: "unknown-status", status, known: context.knownStatuses },
      http,
      observed,
    };
  }
  switch (status) {
    case "Failed":
      return {
        verdict: "failed",
        why: { kind: "failed", ended: parseTime(observed.endTime) },
        http,
        observed,
      };
    case "Cancelled":
      return {
        verdict: "failed",
        why: { kind: "cancelled", ended: parseTime(observed.endTime) },
        http,
        observed,
      };
    case "Running":
      return judgeRunning(check, operation, http, context);
    default:
      return judgeSucceeded(check, operation, http, context);
  }
}

import type { PlannedCheck } from "../plan-requests";
import type { HttpFacts } from "../result";
import type { OperationAnswer } from "../validate-answer";
import type { ClassifyContext, Judgement } from "./judgement";
import { judgeRunning } from "./judge-running";
import { judgeSucceeded } from "./judge-succeeded";
import { parseTime } from "./operation-times";

/** One backup operation found by name: by its schema, then by its status. */
export function judgeOperation(
  check: PlannedCheck,
  operation: OperationAnswer,
  http: HttpFacts,
  context: ClassifyContext,
): Judgement {
  const observed = operation.observed;
  if (operation.schemaErrors.length > 0) {
    return {
      verdict: "invalid",
      why: { kind: "schema-mismatch" },
      http,
      observed,
      schemaErrors: operation.schemaErrors,
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

import type { Evidence } from "../evidence";
import type { Judgement } from "./judgement";

/** Evidence that says nothing about the backup itself: why the question could not be answered. */
export type UnansweredEvidence = Extract<
  Evidence,
  { kind: "parent-missing" | "refused" | "no-answer" | "incomplete-listing" | "malformed" }
>;

/**
 * A missing parent, an ARM error, no answer or an unfinished listing cannot be checked (`error`); a
 * body that breaks the API's shape is drift of the answer itself (`invalid`).
 */
export function judgeUnanswered(evidence: UnansweredEvidence): Judgement {
  const { http } = evidence;
  switch (evidence.kind) {
    case "parent-missing":
      return { verdict: "error", why: { kind: "parent-missing", parent: evidence.parent }, http };
    case "refused":
      return {
        verdict: "error",
        why: { kind: "refused", attempts: evidence.attempts, whileProbing: evidence.whileProbing },
        http,
        schemaErrors: evidence.schemaErrors,
      };
    case "no-answer":
      return {
        verdict: "error",
        why: { kind: "no-answer", cause: evidence.cause, attempts: evidence.attempts },
        http,
      };
    case "incomplete-listing":
      return {
        verdict: "error",
        why: { kind: "incomplete-listing", nextLink: evidence.nextLink, reason: evidence.reason },
        http,
      };
    case "malformed":
      return {
        verdict: "invalid",
        why: { kind: "malformed-body", page: evidence.page },
        http,
        schemaErrors: evidence.schemaErrors,
      };
  }
}

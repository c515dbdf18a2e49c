import type { PlannedCheck } from "../plan-requests";
import type { HttpFacts } from "../result";
import type { Judgement } from "./judgement";

/**
 * The server exists and has no operation of that name: a named backup is `missing`; of a series,
 * the newest due occurrence is `stale` (overdue), an older one `missing`, and one still within its
 * grace is no finding at all (null).
 */
export function judgeAbsent(check: PlannedCheck, http: HttpFacts): Judgement | null {
  const expectation = check.target.expectation;
  if (expectation.kind !== "series") return { verdict: "missing", why: { kind: "not-found" }, http };
  const scheduledAt = new Date(expectation.scheduledAt);
  switch (check.occurrence) {
    case "pending":
      return null;
    case "newest-due":
      return {
        verdict: "stale",
        why: { kind: "overdue", scheduledAt, dueBy: new Date(expectation.dueBy) },
        http,
      };
    default:
      return {
        verdict: "missing",
        why: {
          kind: "occurrence-missing",
          scheduledAt,
          keep: expectation.keep,
          template: expectation.template,
        },
        http,
      };
  }
}

import { addDuration, parseDuration } from "../../time/duration";
import type { PlannedCheck } from "../plan-requests";
import type { HttpFacts } from "../result";
import type { Judgement } from "./judgement";

/**
 * A server that exists, has no succeeded LTR backup at all, and is younger than the time its first
 * backup may take: `latest` allows `maxAge` from the server's creation, a series until the first
 * occurrence scheduled after the creation is due. Then the expectation is `pending` with that due
 * date, not drift. Undefined when the server's age was not read or its first backup is overdue.
 */
export function judgeFirstBackup(
  check: PlannedCheck,
  createdAt: Date | undefined,
  now: Date,
  http: HttpFacts,
): Judgement | undefined {
  // A creation time after `now` is not one ARM could report: judged as for any server.
  if (createdAt === undefined || createdAt.getTime() > now.getTime()) return undefined;
  const dueBy = firstBackupDue(check, createdAt);
  if (dueBy === undefined || dueBy.getTime() <= now.getTime()) return undefined;
  return { verdict: "pending", why: { kind: "first-backup-due", createdAt, dueBy }, http };
}

function firstBackupDue(check: PlannedCheck, createdAt: Date): Date | undefined {
  const { expectation } = check.target;
  switch (expectation.kind) {
    case "latest":
      return addDuration(createdAt, parseDuration(expectation.maxAge));
    case "series": {
      // Occurrences are `every` apart from this one's schedule; the first at or after the creation
      // is the first the job could have written. Bounded: every occurrence checked is at most `keep`
      // intervals old.
      const every = parseDuration(expectation.every);
      let scheduled = new Date(expectation.scheduledAt);
      for (let i = 0; i <= expectation.keep + 1 && scheduled.getTime() < createdAt.getTime(); i++) {
        scheduled = addDuration(scheduled, every);
      }
      if (scheduled.getTime() < createdAt.getTime()) return undefined;
      return addDuration(scheduled, parseDuration(expectation.grace));
    }
    default:
      // A named backup has no schedule to wait for: on a new server it is still missing.
      return undefined;
  }
}

import type { Evidence } from "./evidence";
import { isoInstant } from "./iso-instant";
import { judgeAbsent } from "./judges/judge-absent";
import { judgeFirstBackup } from "./judges/judge-first-backup";
import { judgeNotCreated } from "./judges/judge-not-created";
import { judgeLatest } from "./judges/judge-latest";
import { judgeListed } from "./judges/judge-listed";
import { judgeOperation } from "./judges/judge-operation";
import { judgeScheduled } from "./judges/judge-scheduled";
import { judgeUnanswered } from "./judges/judge-unanswered";
import type { ClassifyContext, Judgement } from "./judges/judgement";
import type { PlannedCheck } from "./plan-requests";
import { noteFor, reasonFor } from "./reason-wording";
import type { Finding } from "./result";

export type { ClassifyContext } from "./judges/judgement";

/**
 * The verdict on one expectation; pure (no I/O, no clock). Returns null only for a series occurrence
 * or a scheduled run still within its grace that has not started yet: that is not a finding.
 */
export function classify(check: PlannedCheck, evidence: Evidence, context: ClassifyContext): Finding | null {
  const judgement = judge(check, evidence, context);
  if (!judgement) return null;
  const { target } = check;
  const { why } = judgement;
  // Object.assign, not `{ ...target, ... }`: Node 20's V8 builds an object literal with properties after
  // a spread on a slow path (about 2 µs per property), and this runs once per expectation.
  return Object.assign({}, target, {
    backupName: judgement.backupName === undefined ? target.backupName : judgement.backupName,
    verdict: judgement.verdict,
    reason: reasonFor(judgement, target, context),
    observed: judgement.observed ?? null,
    schemaErrors: [...(judgement.schemaErrors ?? [])],
    http: judgement.http,
    notes: (judgement.setAside ?? []).map(({ pointer, page, problem }) => ({
      pointer,
      page,
      message: noteFor(problem),
    })),
    ...(why.kind === "first-backup-due" ? { firstBackupDue: isoInstant(why.dueBy) } : {}),
  });
}

/** Picks the judge for the kind of evidence; each judge only decides. */
function judge(check: PlannedCheck, evidence: Evidence, context: ClassifyContext): Judgement | null {
  switch (evidence.kind) {
    case "absent":
      return (
        judgeFirstBackup(check, evidence.serverCreatedAt, context.now, evidence.http) ??
        judgeAbsent(check, evidence.http)
      );
    case "found":
      return judgeOperation(check, evidence.operation, evidence.http, context);
    case "listed":
      return judgeListed(check, evidence.candidates, evidence.http, context);
    case "listing": {
      const judgement = judgeLatest(check.target, evidence.operations, evidence.http, context);
      const noBackupYet = judgement.why.kind === "no-succeeded";
      return (
        (noBackupYet && judgeFirstBackup(check, evidence.serverCreatedAt, context.now, evidence.http)) ||
        judgement
      );
    }
    case "scheduled-run":
      return judgeScheduled(check, evidence, context);
    case "parent-missing":
      return judgeNotCreated(check.target, evidence, context) ?? judgeUnanswered(evidence);
    default:
      return judgeUnanswered(evidence);
  }
}

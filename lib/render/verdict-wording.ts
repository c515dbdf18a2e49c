import type { Finding, Verdict } from "../check/result";

/** What a finding's headline says after the backup's name: `# <backup> is missing`. */
export const VERDICT_PHRASE: { readonly [V in Verdict]: string } = {
  compliant: "is compliant",
  missing: "is missing",
  stale: "is stale",
  failed: "has failed",
  invalid: "is invalid",
  unknown: "has an unknown status",
  running: "is still running",
  pending: "will be created",
  error: "could not be checked",
};

/** How a count of a verdict reads in summaries: `3 missing`, `1 could not be checked`. */
export const VERDICT_COUNT_LABEL: { readonly [V in Verdict]: string } = {
  compliant: "compliant",
  missing: "missing",
  stale: "stale",
  failed: "failed",
  invalid: "invalid",
  unknown: "unknown",
  running: "running",
  pending: "pending",
  error: "could not be checked",
};

/**
 * The headline phrase of one finding: the verdict's, except that a pending backup of a server that
 * exists already (a new one, not due yet) is not created by the deploy but waits for its first backup.
 */
export function findingPhrase(finding: Pick<Finding, "verdict" | "firstBackupDue">): string {
  return finding.verdict === "pending" && finding.firstBackupDue !== undefined
    ? "is waiting for its first backup"
    : VERDICT_PHRASE[finding.verdict];
}

/** A finding's title where a line of its own names it (GitHub annotations, SARIF rules). */
export const VERDICT_TITLE: { readonly [V in Verdict]: string } = {
  compliant: "LTR backup compliant",
  missing: "LTR backup missing",
  stale: "LTR backup stale",
  failed: "LTR backup failed",
  invalid: "LTR backup answer invalid",
  unknown: "LTR backup status unknown",
  running: "LTR backup running",
  pending: "LTR backup pending",
  error: "LTR backup could not be checked",
};

/**
 * The title of one finding: the verdict's, except for a backup still Running that is stale (longer
 * than --stuck-after, or past a series occurrence's due time), which the check counts as stale drift.
 */
export function findingTitle(finding: Pick<Finding, "verdict" | "observed">): string {
  return finding.verdict === "stale" && finding.observed?.status === "Running"
    ? "LTR backup stuck running"
    : VERDICT_TITLE[finding.verdict];
}

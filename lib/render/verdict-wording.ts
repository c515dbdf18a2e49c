import type { Verdict } from "../check/result";

/** What a finding's headline says after the backup's name: `# <backup> is missing`. */
export const VERDICT_PHRASE: { readonly [V in Verdict]: string } = {
  compliant: "is compliant",
  missing: "is missing",
  stale: "is stale",
  failed: "has failed",
  invalid: "is invalid",
  unknown: "has an unknown status",
  running: "is still running",
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
  error: "could not be checked",
};

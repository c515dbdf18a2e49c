import type { VerdictCounts } from "../check/result";
import { VERDICT_COUNT_LABEL } from "./verdict-wording";

/**
 * The counts every human-readable format ends with: drift first, always all five so a reader (or a
 * grep in CI) finds them in the same place, then what is not drift; pending and errors only when there
 * are some.
 * `1 missing, 1 stale, 1 failed, 0 invalid, 0 unknown. 12 compliant, 1 running.`
 */
export function summaryCounts(summary: VerdictCounts, exempt = 0): string {
  const count = (verdict: keyof VerdictCounts): string =>
    `${summary[verdict]} ${VERDICT_COUNT_LABEL[verdict]}`;
  const drift = (["missing", "stale", "failed", "invalid", "unknown"] as const).map(count).join(", ");
  const rest = (["compliant", "running"] as const).map(count);
  if (summary.pending > 0) rest.push(count("pending"));
  if (summary.error > 0) rest.push(count("error"));
  if (exempt > 0) rest.push(`${exempt} exempt`);
  return `${drift}. ${rest.join(", ")}.`;
}

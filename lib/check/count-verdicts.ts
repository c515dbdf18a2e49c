import { VERDICTS, type Finding, type Verdict, type VerdictCounts } from "./result";

/** How many findings got each verdict. */
export function countVerdicts(findings: Iterable<Pick<Finding, "verdict">>): VerdictCounts {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const finding of findings) counts[finding.verdict]++;
  return counts;
}

import { parseDuration, subtractDuration } from "../../time/duration";
import type { Judgement, Why } from "./judgement";

/** The instant before which a backup is older than `maxAge`. */
export function cutoffFor(maxAge: string, now: Date): Date {
  return subtractDuration(now, parseDuration(maxAge));
}

/** `stale` when the backup ended before the cut-off, `compliant` otherwise. */
export function judgeAge(
  ended: Date,
  maxAge: string,
  now: Date,
  rest: Omit<Judgement, "verdict" | "why">,
  newest: Extract<Why, { kind: "age" }>["newest"] = null,
): Judgement {
  const cutoff = cutoffFor(maxAge, now);
  const stale = ended.getTime() < cutoff.getTime();
  return {
    verdict: stale ? "stale" : "compliant",
    why: { kind: "age", ended, maxAge, cutoff, newest },
    ...rest,
  };
}

import { addDuration, Duration } from "../time/duration";

/**
 * Orders ISO 8601 durations. `P1M` and `P30D` have no fixed order (February), so durations are compared
 * by where they land from a given instant, the way the checker will apply them.
 */
export function compareDurationsAt(a: Duration, b: Duration, at: Date): number {
  return addDuration(at, a).getTime() - addDuration(at, b).getTime();
}

/** True when two durations are the same length everywhere (`P1W` and `P7D`, `P1Y` and `P12M`). */
export function sameDuration(a: Duration, b: Duration): boolean {
  const months = (d: Duration): number => d.years * 12 + d.months;
  const exactMs = (d: Duration): number => addDuration(new Date(0), { ...d, years: 0, months: 0 }).getTime();
  return months(a) === months(b) && exactMs(a) === exactMs(b);
}

import type { ScheduledRunsExpectation } from "../expectations/document";
import {
  addDuration,
  Duration,
  exactMilliseconds,
  formatDuration,
  parseDuration,
  sumDurations,
} from "../time/duration";
import { parseRepeatingInterval } from "../time/repeating-interval";
import { MAX_SCHEDULED_RUNS, recentScheduledRuns } from "../time/scheduled-runs";
import { compareDurationsAt } from "./duration-order";

/**
 * What synthesis concludes from the schedule of the Azure Backup policies that protect a server: the
 * `latest` they promise and how far apart their runs fall.
 */

/** The longest period of the policy's intervals (by where it lands from `at`). */
export function longestPeriod(
  scheduled: Pick<ScheduledRunsExpectation, "repeatingIntervals">,
  at: Date,
): Duration {
  const periods = scheduled.repeatingIntervals.map((text) =>
    parseDuration(parseRepeatingInterval(text).period),
  );
  return periods.reduce((a, b) => (compareDurationsAt(a, b, at) >= 0 ? a : b));
}

/**
 * `latest.maxAge` a policy promises: its longest period plus the grace (weeks written as days, as
 * `LtrLatest.weekly()` writes them: `P7DT6H`). Of several policies on one server, the shortest.
 */
export function derivedLatestMaxAge(
  entries: readonly Pick<ScheduledRunsExpectation, "repeatingIntervals" | "grace">[],
  at: Date,
): string {
  const candidates = entries.map((entry) => {
    const sum = sumDurations(longestPeriod(entry, at), parseDuration(entry.grace));
    return { ...sum, weeks: 0, days: sum.days + 7 * sum.weeks };
  });
  return formatDuration(candidates.reduce((a, b) => (compareDurationsAt(a, b, at) <= 0 ? a : b)));
}

/**
 * The longest time between two consecutive runs of all the policies together, as wall-clock time (an
 * hour of a daylight-saving change does not count): a weekly policy is 7 days, one with a Sunday and a
 * Monday interval 6 days. Measured over one cycle of the longest period before `at`, or after the last
 * start when that is later; undefined when the schedules have fewer than two runs.
 */
export function longestGapBetweenRuns(
  entries: readonly Pick<ScheduledRunsExpectation, "repeatingIntervals">[],
  at: Date,
): number | undefined {
  const intervals = entries.flatMap((entry) => entry.repeatingIntervals);
  if (intervals.length === 0) return undefined;
  const longest = longestPeriod({ repeatingIntervals: intervals }, at);
  const starts = intervals.map((text) => {
    const interval = parseRepeatingInterval(text);
    // Read in UTC: the gaps are wall-clock gaps, whatever the policy's zone.
    return new Date(interval.hasOffset ? interval.start : `${interval.start}Z`).getTime();
  });
  const notAfter = new Date(
    Math.max(at.getTime(), addDuration(new Date(Math.max(...starts)), longest, 2).getTime()),
  );
  // Enough runs of every interval to span two cycles of the longest period.
  const cycle = approximateMilliseconds(longest);
  const count = Math.min(
    MAX_SCHEDULED_RUNS,
    intervals.reduce((sum, text) => {
      const period = approximateMilliseconds(parseDuration(parseRepeatingInterval(text).period));
      return sum + 2 * Math.ceil(cycle / period) + 1;
    }, 0),
  );
  const runs = recentScheduledRuns({ repeatingIntervals: intervals, ianaTimeZone: "UTC" }, notAfter, count);
  if (runs.length < 2) return undefined;
  let gap = 0;
  for (let i = 1; i < runs.length; i++) gap = Math.max(gap, runs[i - 1].getTime() - runs[i].getTime());
  return gap;
}

/** `P7D`, `P6DT1H`: a gap in ISO 8601, whole minutes. */
export function formatGap(milliseconds: number): string {
  const minutes = Math.round(milliseconds / 60_000);
  return formatDuration({
    years: 0,
    months: 0,
    weeks: 0,
    days: Math.floor(minutes / 1440),
    hours: Math.floor((minutes % 1440) / 60),
    minutes: minutes % 60,
    seconds: 0,
  });
}

function approximateMilliseconds(duration: Duration): number {
  const months = duration.years * 12 + duration.months;
  return exactMilliseconds({ ...duration, years: 0, months: 0 }) + months * 30.436875 * 86_400_000;
}

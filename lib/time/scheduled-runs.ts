/**
 * When an Azure Backup policy's schedule runs: the instants its repeating intervals name, in its zone.
 */
import { DateTime, Duration } from "luxon";
import { parseRepeatingInterval, RepeatingInterval } from "./repeating-interval";

/** What a schedule is: the policy's repeating intervals and the IANA zone they are read in. */
export interface BackupSchedule {
  /** ISO 8601 repeating intervals, e.g. `R/2026-01-04T02:00:00+01:00/P1W` (see repeating-interval.ts). */
  readonly repeatingIntervals: readonly string[];
  /** IANA time zone the runs are placed in, e.g. `Europe/Berlin` (see windows-time-zone.ts). */
  readonly ianaTimeZone: string;
}

/** Most runs one call computes: each is later one expectation to judge. */
export const MAX_SCHEDULED_RUNS = 1000;

/**
 * The `count` most recent scheduled runs at or before `notAfter`, newest first, over all intervals of the
 * schedule, each instant once.
 *
 * The rule: an interval's first run is its start (an instant when the start has an offset, else the wall
 * clock written, in the schedule's zone). Run k is the first run's wall-clock date and time in the zone
 * advanced by k periods in calendar arithmetic (years and months move the date, clamped to the month's
 * end, as luxon does; days, weeks, hours and minutes move the wall clock), so a weekly 02:00 run stays at
 * 02:00 local time across daylight-saving changes; each run counts from the start, so a monthly run on
 * the 31st comes back to the 31st after a short month. A wall-clock time the zone skips (02:30 on the day
 * clocks go forward) is moved forward by the gap (03:30 summer time), and one the zone has twice (02:30 on
 * the day clocks go back) is the later of the two, standard time: luxon's reading of a local time, and
 * .NET's for an ambiguous one. `R<n>` intervals have runs 0 to n-1 only; no run is before its start.
 *
 * Bounded: the run nearest `notAfter` is found by arithmetic, not by stepping from the start, so a start
 * 50 years back costs the same as one last week.
 *
 * Throws a RangeError for an interval it cannot read, a zone luxon does not know, an invalid `notAfter`
 * or a count that is not a whole number from 0 to MAX_SCHEDULED_RUNS.
 */
export function recentScheduledRuns(schedule: BackupSchedule, notAfter: Date, count: number): Date[] {
  if (!Number.isInteger(count) || count < 0 || count > MAX_SCHEDULED_RUNS) {
    throw new RangeError(`count ${String(count)} must be a whole number from 0 to ${MAX_SCHEDULED_RUNS}`);
  }
  if (!(notAfter instanceof Date) || Number.isNaN(notAfter.getTime())) {
    throw new RangeError("notAfter must be a valid Date");
  }
  const zone = schedule.ianaTimeZone;
  if (!DateTime.now().setZone(zone).isValid) {
    throw new RangeError(`time zone ${JSON.stringify(zone)} is not an IANA time zone luxon knows`);
  }
  const limit = notAfter.getTime();
  const runs = new Set<number>();
  for (const text of schedule.repeatingIntervals) {
    const interval = new ZonedInterval(parseRepeatingInterval(text), zone);
    let k = interval.lastRunAtOrBefore(limit);
    let taken = 0;
    for (; k >= 0 && taken < count; k--) {
      const at = interval.run(k);
      if (!runs.has(at)) taken++;
      runs.add(at);
    }
  }
  return [...runs]
    .sort((a, b) => b - a)
    .slice(0, count)
    .map((ms) => new Date(ms));
}

class ZonedInterval {
  /** The first run's wall-clock date and time, held in UTC so that its arithmetic knows no DST. */
  private readonly wallStart: DateTime;
  private readonly period: Duration;
  private readonly lastIndex: number;

  constructor(
    interval: RepeatingInterval,
    private readonly zone: string,
  ) {
    // Without an offset the start is the wall clock as written, even one the zone skips.
    this.wallStart = interval.hasOffset
      ? DateTime.fromObject(wallClock(DateTime.fromISO(interval.start, { setZone: true }).setZone(zone)), {
          zone: "UTC",
        })
      : DateTime.fromISO(interval.start, { zone: "UTC" });
    this.period = Duration.fromISO(interval.period, { conversionAccuracy: "longterm" });
    this.lastIndex = interval.repetitions === null ? Number.MAX_SAFE_INTEGER : interval.repetitions - 1;
  }

  /** Epoch milliseconds of run k. */
  run(k: number): number {
    const wall = this.wallStart.plus(this.period.mapUnits((x) => x * k));
    return DateTime.fromObject(wallClock(wall), { zone: this.zone }).toMillis();
  }

  /** Index of the last run at or before `limit`; -1 when the first is after it. */
  lastRunAtOrBefore(limit: number): number {
    if (this.run(0) > limit) return -1;
    // Estimate from the mean length of the period, then correct by the few steps the calendar is off.
    const estimate = Math.floor((limit - this.run(0)) / this.period.as("milliseconds"));
    let k = Math.min(Math.max(estimate, 0), this.lastIndex);
    while (k > 0 && this.run(k) > limit) k--;
    while (k < this.lastIndex && this.run(k + 1) <= limit) k++;
    return k;
  }
}

function wallClock(at: DateTime): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
} {
  const { year, month, day, hour, minute, second, millisecond } = at;
  return { year, month, day, hour, minute, second, millisecond };
}

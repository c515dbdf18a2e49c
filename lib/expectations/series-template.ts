import { uriParameterProblem } from "../names/uri-parameter-rules";
import { addDuration, Duration, exactMilliseconds, isExactDuration } from "../time/duration";

/**
 * Names of recurring backups written by a scheduled job, e.g. `weekly-{yyyy}-{MM}-{dd}`.
 * Placeholders are filled from the occurrence's scheduled instant in UTC.
 */
export const SERIES_PLACEHOLDERS = {
  yyyy: { width: 4, unitMs: 366 * 86_400_000, format: (d: Date) => d.getUTCFullYear() },
  MM: { width: 2, unitMs: 28 * 86_400_000, format: (d: Date) => d.getUTCMonth() + 1 },
  dd: { width: 2, unitMs: 86_400_000, format: (d: Date) => d.getUTCDate() },
  HH: { width: 2, unitMs: 3_600_000, format: (d: Date) => d.getUTCHours() },
  mm: { width: 2, unitMs: 60_000, format: (d: Date) => d.getUTCMinutes() },
} as const;

export type SeriesPlaceholder = keyof typeof SERIES_PLACEHOLDERS;

/**
 * The most occurrences of one series a check looks at (`keep`). Each is a lookup against ARM's read
 * budget and a finding in every report, so a series such as `every: PT1M` kept for months would
 * take hours and gigabytes; synthesis refuses a larger `keep`, and so does the reader of cdktf.out.
 */
export const MAX_SERIES_KEEP = 1000;

const PLACEHOLDER_PATTERN = /\{([^{}]*)\}/g;

/** Placeholders used by a template, in order; unknown ones are returned in `unknown`. */
export function templatePlaceholders(template: string): { known: SeriesPlaceholder[]; unknown: string[] } {
  const known: SeriesPlaceholder[] = [];
  const unknown: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER_PATTERN)) {
    const name = match[1];
    if (Object.prototype.hasOwnProperty.call(SERIES_PLACEHOLDERS, name))
      known.push(name as SeriesPlaceholder);
    else unknown.push(name);
  }
  return { known, unknown };
}

/** The backup name a template gives for an occurrence scheduled at `instant` (UTC). */
export function formatSeriesName(template: string, instant: Date): string {
  return template.replace(PLACEHOLDER_PATTERN, (whole, name: string) => {
    const placeholder = SERIES_PLACEHOLDERS[name as SeriesPlaceholder];
    if (!placeholder) return whole;
    return String(placeholder.format(instant)).padStart(placeholder.width, "0");
  });
}

// A late instant whose every placeholder has two-digit values, so a template's names are tested with
// digits other than the anchor's.
const SAMPLE_INSTANT = new Date(Date.UTC(2099, 11, 31, 23, 59));

/**
 * A backup name the template gives that breaks the backup name rule, and the rule; undefined when
 * its names are valid. Occurrences differ only in their digits, so the anchor's name and one with
 * other digits stand for all of them.
 */
export function seriesNameProblem(
  template: string,
  anchor: Date,
): { readonly example: string; readonly problem: string } | undefined {
  for (const instant of [anchor, SAMPLE_INSTANT]) {
    const example = formatSeriesName(template, instant);
    const problem = uriParameterProblem("backupName", example);
    if (problem) return { example, problem };
  }
  return undefined;
}

/**
 * Why a template cannot name every occurrence apart; undefined when it can. Two occurrences `every`
 * apart must differ in at least one placeholder, so the finest placeholder must not be coarser than
 * the interval.
 */
export function templateResolutionProblem(template: string, every: Duration): string | undefined {
  const { known } = templatePlaceholders(template);
  if (known.length === 0) return "must contain a date placeholder such as {yyyy}-{MM}-{dd}";
  // No spread: a tampered template may hold any number of placeholders.
  const finestMs = known.reduce((finest, p) => Math.min(finest, SERIES_PLACEHOLDERS[p].unitMs), Infinity);
  const everyMs = isExactDuration(every)
    ? exactMilliseconds(every)
    : (every.years * 12 + every.months) * 28 * 86_400_000 +
      exactMilliseconds({ ...every, years: 0, months: 0 });
  if (everyMs < finestMs) {
    return "gives two occurrences the same name: add a finer placeholder ({dd}, {HH} or {mm}) or lengthen `every`";
  }
  return undefined;
}

/** One scheduled occurrence of a series. */
export interface SeriesOccurrence {
  /** Backup name the template gives this occurrence. */
  readonly backupName: string;
  /** When the scheduled job was due to start it. */
  readonly scheduledAt: Date;
  /** When it must have succeeded: `scheduledAt` plus the grace period. */
  readonly dueBy: Date;
}

/** What a series declares, with durations and instants already parsed. */
export interface SeriesSchedule {
  readonly template: string;
  readonly every: Duration;
  readonly anchor: Date;
  readonly keep: number;
  readonly grace: Duration;
}

/**
 * The occurrences to check at `now`: the last `keep` whose grace has passed, newest first, plus the
 * one still within its grace (`pending`), which may legitimately not exist yet.
 */
export function seriesOccurrences(
  schedule: SeriesSchedule,
  now: Date,
): { due: SeriesOccurrence[]; pending: SeriesOccurrence | undefined } {
  const occurrence = (k: number): SeriesOccurrence => {
    const scheduledAt = addDuration(schedule.anchor, schedule.every, k);
    return {
      backupName: formatSeriesName(schedule.template, scheduledAt),
      scheduledAt,
      dueBy: addDuration(scheduledAt, schedule.grace),
    };
  };
  if (now.getTime() < schedule.anchor.getTime()) return { due: [], pending: undefined };
  // Index of the newest occurrence scheduled at or before now; estimated, then corrected, so that
  // calendar intervals (P1M) and long-running series stay cheap.
  const approxMs = Math.max(1, addDuration(new Date(0), schedule.every).getTime());
  let k = Math.floor((now.getTime() - schedule.anchor.getTime()) / approxMs);
  while (k > 0 && occurrence(k).scheduledAt.getTime() > now.getTime()) k--;
  while (occurrence(k + 1).scheduledAt.getTime() <= now.getTime()) k++;
  let pending: SeriesOccurrence | undefined;
  const newest = occurrence(k);
  if (newest.dueBy.getTime() > now.getTime()) {
    pending = newest;
    k--;
  }
  const due: SeriesOccurrence[] = [];
  for (let i = k; i >= 0 && due.length < schedule.keep; i--) due.push(occurrence(i));
  return { due, pending };
}

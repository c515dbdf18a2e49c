/**
 * ISO 8601 durations (`P400D`, `PT6H`, `P1Y2M`, `P2W`), as Azure and azurerm write them.
 *
 * Years and months are kept apart from days and hours because their length depends on the calendar:
 * `P1M` before 31 March is 28 or 29 days, so durations are applied to an instant in UTC calendar
 * arithmetic instead of being converted to a fixed number of milliseconds.
 */
export interface Duration {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

const DURATION_PATTERN =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** Why a duration text was refused, in words a user can act on; undefined when it is valid and positive. */
export function durationProblem(text: unknown): string | undefined {
  if (typeof text !== "string") return "must be an ISO 8601 duration string such as P7D or PT6H";
  const match = DURATION_PATTERN.exec(text);
  if (!match) return "must be an ISO 8601 duration such as P7D, PT6H or P1M";
  const duration = fromMatch(match);
  if (
    duration.years + duration.months + duration.weeks + duration.days === 0 &&
    duration.hours + duration.minutes + duration.seconds === 0
  ) {
    return "must be longer than zero";
  }
  return undefined;
}

/** Parses a positive ISO 8601 duration; throws a RangeError that quotes the text otherwise. */
export function parseDuration(text: string): Duration {
  const problem = durationProblem(text);
  if (problem) throw new RangeError(`duration "${String(text)}" ${problem}`);
  return fromMatch(DURATION_PATTERN.exec(text) as RegExpExecArray);
}

function fromMatch(match: RegExpExecArray): Duration {
  const int = (i: number): number => (match[i] === undefined ? 0 : Number(match[i]));
  return {
    years: int(1),
    months: int(2),
    weeks: int(3),
    days: int(4),
    hours: int(5),
    minutes: int(6),
    seconds: match[7] === undefined ? 0 : Number(match[7].replace(",", ".")),
  };
}

/**
 * The instant `times` durations after `instant` (negative `times` goes back), in UTC calendar
 * arithmetic: months and years move the calendar date (clamped to the month's last day), the rest is
 * exact time.
 */
export function addDuration(instant: Date, duration: Duration, times = 1): Date {
  const result = new Date(instant.getTime());
  const months = (duration.years * 12 + duration.months) * times;
  if (months !== 0) {
    const day = result.getUTCDate();
    result.setUTCDate(1);
    result.setUTCMonth(result.getUTCMonth() + months);
    const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
    result.setUTCDate(Math.min(day, lastDay));
  }
  const exactMs =
    ((duration.weeks * 7 + duration.days) * 86_400 + duration.hours * 3_600 + duration.minutes * 60) * 1000 +
    duration.seconds * 1000;
  return new Date(result.getTime() + exactMs * times);
}

/** The instant `duration` before `instant`: the oldest end time a backup may have to count as fresh. */
export function subtractDuration(instant: Date, duration: Duration): Date {
  return addDuration(instant, duration, -1);
}

/** True when the duration has no calendar part, so it is the same number of milliseconds everywhere. */
export function isExactDuration(duration: Duration): boolean {
  return duration.years === 0 && duration.months === 0;
}

/** Milliseconds of a duration without years or months; throws for calendar durations. */
export function exactMilliseconds(duration: Duration): number {
  if (!isExactDuration(duration)) throw new RangeError("a duration with years or months has no fixed length");
  return addDuration(new Date(0), duration).getTime();
}

/** The sum of two durations, field by field (`P1W` + `PT6H` = `P1WT6H`). */
export function sumDurations(a: Duration, b: Duration): Duration {
  return {
    years: a.years + b.years,
    months: a.months + b.months,
    weeks: a.weeks + b.weeks,
    days: a.days + b.days,
    hours: a.hours + b.hours,
    minutes: a.minutes + b.minutes,
    seconds: a.seconds + b.seconds,
  };
}

/** ISO 8601 text of a duration, in the form `parseDuration` reads: `P1WT6H`, `PT30M`. */
export function formatDuration(duration: Duration): string {
  const part = (value: number, unit: string): string => (value === 0 ? "" : `${value}${unit}`);
  const date =
    part(duration.years, "Y") +
    part(duration.months, "M") +
    part(duration.weeks, "W") +
    part(duration.days, "D");
  const time = part(duration.hours, "H") + part(duration.minutes, "M") + part(duration.seconds, "S");
  if (date === "" && time === "") return "PT0S";
  return `P${date}${time === "" ? "" : `T${time}`}`;
}

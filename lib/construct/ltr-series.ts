import type { BackupSeries } from "./postgres-ltr-backups";

/** A day of the week, as schedules name them. */
export type Weekday = "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";

/** What every preset shares: when in the day (UTC) the job runs and how much of it must exist. */
export interface LtrScheduleOptions {
  /**
   * Time of day (UTC, 24-hour `HH:mm`) the scheduled job starts a backup.
   *
   * @default "02:00"
   */
  readonly at?: string;
  /**
   * How many of the most recent occurrences must each exist and have succeeded.
   *
   * @default 1
   */
  readonly keep?: number;
  /**
   * ISO 8601 duration after its scheduled time by which an occurrence must have succeeded.
   *
   * @default "PT6H"
   */
  readonly grace?: string;
}

/** Options of `LtrSeries.daily`. */
export interface DailySeriesOptions extends LtrScheduleOptions {
  /**
   * Name template of the backups, with UTC placeholders {yyyy} {MM} {dd} {HH} {mm}.
   *
   * @default "daily-{yyyy}-{MM}-{dd}"
   */
  readonly name?: string;
}

/** Options of `LtrSeries.weekly`. */
export interface WeeklySeriesOptions extends LtrScheduleOptions {
  /**
   * Day of the week (UTC) the job runs.
   *
   * @default "sunday"
   */
  readonly day?: Weekday;
  /**
   * Name template of the backups, with UTC placeholders {yyyy} {MM} {dd} {HH} {mm}.
   *
   * @default "weekly-{yyyy}-{MM}-{dd}"
   */
  readonly name?: string;
}

/** Options of `LtrSeries.monthly`. */
export interface MonthlySeriesOptions extends LtrScheduleOptions {
  /**
   * Day of the month (UTC) the job runs, 1-28 so that every month has it.
   *
   * @default 1
   */
  readonly dayOfMonth?: number;
  /**
   * Name template of the backups, with UTC placeholders {yyyy} {MM} {dd} {HH} {mm}.
   *
   * @default "monthly-{yyyy}-{MM}"
   */
  readonly name?: string;
}

const WEEKDAYS: readonly Weekday[] = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
];
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;
// Anchors lie in the first week of 2001 (Monday 1 January), long before any check: a series has no
// occurrences before its anchor, so an anchor in the future would check nothing.
const ANCHOR_YEAR_MONTH = "2001-01";

/**
 * Presets for the schedules people run, like aws-backup's `BackupPlanRule.daily()` / `.weekly()` /
 * `.monthly1Year()`. Each returns exactly the `BackupSeries` written by hand in its documentation, so a
 * reader sees intent and the expectations document is the same either way.
 */
export class LtrSeries {
  /**
   * A backup every day at `at` (UTC).
   *
   * `LtrSeries.daily({ keep: 7 })` is
   * `{ name: "daily-{yyyy}-{MM}-{dd}", every: "P1D", anchor: "2001-01-01T02:00:00Z", keep: 7, grace: "PT6H" }`.
   */
  public static daily(options: DailySeriesOptions = {}): BackupSeries {
    const at = timeOfDay("daily", options.at);
    return series(options, "daily-{yyyy}-{MM}-{dd}", "P1D", `${ANCHOR_YEAR_MONTH}-01T${at}:00Z`);
  }

  /**
   * A backup every week on `day` at `at` (UTC).
   *
   * `LtrSeries.weekly({ day: "sunday", at: "02:00", keep: 4 })` is
   * `{ name: "weekly-{yyyy}-{MM}-{dd}", every: "P7D", anchor: "2001-01-07T02:00:00Z", keep: 4, grace: "PT6H" }`
   * (7 January 2001 was a Sunday; the anchor is that weekday in the first week of 2001).
   */
  public static weekly(options: WeeklySeriesOptions = {}): BackupSeries {
    const at = timeOfDay("weekly", options.at);
    const day = options.day ?? "sunday";
    const index = WEEKDAYS.indexOf(day);
    if (index < 0) {
      throw new Error(`LtrSeries.weekly: day ${JSON.stringify(day)} must be one of ${WEEKDAYS.join(", ")}`);
    }
    const date = String(index + 1).padStart(2, "0");
    return series(options, "weekly-{yyyy}-{MM}-{dd}", "P7D", `${ANCHOR_YEAR_MONTH}-${date}T${at}:00Z`);
  }

  /**
   * A backup every month on `dayOfMonth` at `at` (UTC).
   *
   * `LtrSeries.monthly({ dayOfMonth: 1, keep: 12 })` is
   * `{ name: "monthly-{yyyy}-{MM}", every: "P1M", anchor: "2001-01-01T02:00:00Z", keep: 12, grace: "PT6H" }`.
   */
  public static monthly(options: MonthlySeriesOptions = {}): BackupSeries {
    const at = timeOfDay("monthly", options.at);
    const day = options.dayOfMonth ?? 1;
    if (!Number.isInteger(day) || day < 1 || day > 28) {
      throw new Error(
        `LtrSeries.monthly: dayOfMonth ${JSON.stringify(day)} must be a whole number from 1 to 28, so that every month has it`,
      );
    }
    const date = String(day).padStart(2, "0");
    return series(options, "monthly-{yyyy}-{MM}", "P1M", `${ANCHOR_YEAR_MONTH}-${date}T${at}:00Z`);
  }
}

function timeOfDay(preset: string, at: string | undefined): string {
  const value = at ?? "02:00";
  if (typeof value !== "string" || !TIME_OF_DAY.test(value)) {
    throw new Error(
      `LtrSeries.${preset}: at ${JSON.stringify(value)} must be a 24-hour UTC time such as "02:00"`,
    );
  }
  return value;
}

// keep and grace are passed through as given: PostgresLtrBackups validates them with the field and path.
function series(options: DailySeriesOptions, name: string, every: string, anchor: string): BackupSeries {
  return {
    name: options.name ?? name,
    every,
    anchor,
    keep: options.keep ?? 1,
    grace: options.grace ?? "PT6H",
  };
}

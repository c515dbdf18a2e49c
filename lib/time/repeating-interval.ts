/**
 * ISO 8601 repeating intervals as Azure Backup schedules them (`backup_repeating_time_intervals` of
 * `azurerm_data_protection_backup_policy_postgresql_flexible_server`, `repeatingTimeIntervals` of the
 * Data Protection REST API's `BackupSchedule`).
 *
 * Which forms are read, and why:
 * - azurerm checks no more than "not empty" (internal/services/dataprotection/
 *   data_protection_backup_policy_postgresql_flexible_server_resource.go, `validation.StringIsNotEmpty`);
 *   its docs say the value "should follow ISO 8601 repeating time interval format" and its tests use
 *   `R/2021-05-23T02:30:00+00:00/P1W`. The service decides.
 * - The REST spec (azure-rest-api-specs, specification/dataprotection, `BackupSchedule`) says "ISO 8601
 *   repeating time interval format"; its examples use `R/2021-08-15T06:30:00+00:00/P1W`,
 *   `R/2024-05-08T14:00:00+00:00/P1D`, `R/2020-04-05T13:00:00+00:00/PT4H`. The SDK docs of
 *   `@azure/arm-dataprotection` narrow it to `R/YYYY-MM-DDThh:mm:ss[.fff][Z|(+/-)hh:mm]/Duration`, times
 *   `Thh:mm:ss.fff`, `Thh:mm:ss` or `Thh:mm`, and "Other ISO 8601 variations are not accepted" (no compact
 *   `T1430`, no decimal hours, no `T24:00:00`, no leap second).
 * So the start must be a calendar date with a time of day (a date alone, `R/2026-01-04/P1W`, is refused:
 * the service needs the time the runs start); the offset is optional (without one the time is read in
 * the policy's time zone). `R<n>/` (ISO 8601's bounded form) is read too; `R0` and `R-1` are not.
 */
import { durationProblem } from "./duration";

/** Most repeating intervals one policy may list for a check; Azure Backup allows one run a day, so a real policy has a few. */
export const MAX_REPEATING_INTERVALS = 100;

export interface RepeatingInterval {
  /** How many runs the interval schedules (`R4/` → 4); null for `R/`, which repeats without end. */
  readonly repetitions: number | null;
  /** The start as written, e.g. `2026-01-04T02:00:00+00:00`; its offset may be absent (see `hasOffset`). */
  readonly start: string;
  /** True when the start names its offset (`Z`, `+01:00`); else it is a wall-clock time in the policy's zone. */
  readonly hasOffset: boolean;
  /** The ISO 8601 duration between runs, e.g. `P1W`. */
  readonly period: string;
  /** The interval as written. */
  readonly text: string;
}

const FORM = "R/<start>/<period> or R<n>/<start>/<period>, e.g. R/2026-01-04T02:00:00+00:00/P1W";

const START =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-](\d{2}):(\d{2}))?$/;

/** Why a repeating interval cannot be read, as `"<value>" <rule>`; undefined when it can. */
export function repeatingIntervalProblem(text: unknown): string | undefined {
  if (typeof text !== "string") return `${JSON.stringify(text)} must be a string of the form ${FORM}`;
  const quoted = JSON.stringify(text);
  const parts = text.split("/");
  if (parts.length !== 3) {
    return `${quoted} must have three parts separated by "/": ${FORM}`;
  }
  const [repeat, start, period] = parts;
  const count = /^R(\d*)$/.exec(repeat);
  if (!count) {
    return `${quoted} must begin with R/ (repeat without end) or R<n>/ (n runs), not ${JSON.stringify(repeat)}/`;
  }
  if (count[1] !== "" && Number(count[1]) < 1) {
    return `${quoted} repeats ${repeat}: the number of runs must be at least 1 (or write R/ to repeat without end)`;
  }
  const startProblem = startTimeProblem(start);
  if (startProblem) return `${quoted} has the start ${JSON.stringify(start)}, which ${startProblem}`;
  const periodProblem = durationProblem(period);
  if (periodProblem) return `${quoted} has the period ${JSON.stringify(period)}, which ${periodProblem}`;
  return undefined;
}

/** Parses a repeating interval; throws a RangeError naming the value and the rule otherwise. */
export function parseRepeatingInterval(text: string): RepeatingInterval {
  const problem = repeatingIntervalProblem(text);
  if (problem) throw new RangeError(`repeating interval ${problem}`);
  const [repeat, start, period] = text.split("/");
  const match = START.exec(start) as RegExpExecArray;
  return {
    repetitions: repeat === "R" ? null : Number(repeat.slice(1)),
    start,
    hasOffset: match[8] !== undefined,
    period,
    text,
  };
}

function startTimeProblem(start: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(start)) {
    return "is a date without a time of day; Azure Backup needs the time the runs start, e.g. 2026-01-04T02:00:00+00:00";
  }
  const match = START.exec(start);
  if (!match) {
    return (
      "must be a date and time YYYY-MM-DDThh:mm[:ss[.fff]] with an optional offset (Z, +hh:mm or -hh:mm), " +
      "the forms Azure Backup accepts"
    );
  }
  const [, y, mo, d, h, mi, s, , offset, oh, om] = match;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const dateExists =
    date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() === Number(mo) - 1 &&
    date.getUTCDate() === Number(d);
  if (!dateExists || Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) {
    return "is not a date and time that exists (hours 00-23, minutes and seconds 00-59)";
  }
  if (offset !== undefined && offset !== "Z" && (Number(oh) > 14 || Number(om) > 59)) {
    return "has an offset beyond ±14:00";
  }
  return undefined;
}

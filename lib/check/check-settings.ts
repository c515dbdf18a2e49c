import { resolveCloud, ResolvedCloud } from "../azure/clouds";
import {
  Duration,
  durationProblem,
  exactMilliseconds,
  isExactDuration,
  parseDuration,
} from "../time/duration";
import { instantProblem } from "../time/instant";
import { PgLtrInputError } from "../errors/input-error";
import type { CheckOptions, FetchStrategy } from "./options";

/** The api-version of the LTR backup API this release is built against. */
export const DEFAULT_API_VERSION = "2025-08-01";
export const DEFAULT_CONCURRENCY = 32;
export const DEFAULT_TIMEOUT = "PT30S";
export const DEFAULT_STUCK_AFTER = "PT24H";
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_RETRY_DELAY = "PT1S";
/** Longest wait for a retry that ARM may ask for (Retry-After) before the request fails instead; ARM has asked for 307 s. */
export const DEFAULT_MAX_RETRY_WAIT = "PT5M";
/** How long the whole check may take before it stops and reports what it could not check. */
export const DEFAULT_DEADLINE = "PT30M";

/** Longest delay a Node timer holds (2^31 - 1 ms, about 24.8 days); a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const STRATEGIES: readonly FetchStrategy[] = ["auto", "get", "list"];

/** A span of time as the user wrote it and in milliseconds. */
export interface TimeSpan {
  readonly text: string;
  readonly ms: number;
}

/** CheckOptions checked and with defaults applied; every later stage reads only this. */
export interface CheckSettings {
  readonly now: Date;
  readonly cloud: ResolvedCloud;
  readonly apiVersion: string;
  readonly concurrency: number;
  readonly strategy: FetchStrategy;
  readonly timeout: TimeSpan;
  readonly maxRetries: number;
  readonly retryDelay: TimeSpan;
  readonly maxRetryWait: TimeSpan;
  readonly deadline: TimeSpan;
  readonly stuckAfter: { readonly text: string; readonly duration: Duration };
  readonly env: NodeJS.ProcessEnv;
}

/** Checks the options a caller or the CLI gave; anything unusable is a PgLtrInputError naming the flag. */
export function resolveCheckSettings(
  options: CheckOptions,
  clock: () => Date = () => new Date(),
): CheckSettings {
  const strategy = options.strategy ?? "auto";
  if (!STRATEGIES.includes(strategy)) {
    throw new PgLtrInputError(`--strategy "${String(strategy)}" is not one of ${STRATEGIES.join(", ")}`);
  }
  const apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
  if (!/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(apiVersion)) {
    throw new PgLtrInputError(
      `--api-version "${apiVersion}" is not an api-version: pass one such as ${DEFAULT_API_VERSION}`,
    );
  }
  return {
    now: resolveNow(options.now, clock),
    cloud: resolveCloud(options.cloud ?? "AzurePublicCloud", options.endpoint, options.scope),
    apiVersion,
    concurrency: positiveInteger("--concurrency", options.concurrency ?? DEFAULT_CONCURRENCY, 1),
    strategy,
    timeout: timeSpan("--timeout", options.timeout ?? DEFAULT_TIMEOUT),
    maxRetries: positiveInteger("--max-retries", options.maxRetries ?? DEFAULT_MAX_RETRIES, 0),
    retryDelay: timeSpan("--retry-delay", options.retryDelay ?? DEFAULT_RETRY_DELAY),
    maxRetryWait: timeSpan("--max-retry-wait", options.maxRetryWait ?? DEFAULT_MAX_RETRY_WAIT),
    deadline: timeSpan("--deadline", options.deadline ?? DEFAULT_DEADLINE),
    stuckAfter: calendarDuration("--stuck-after", options.stuckAfter ?? DEFAULT_STUCK_AFTER),
    env: options.env ?? process.env,
  };
}

function resolveNow(now: string | Date | undefined, clock: () => Date): Date {
  if (now === undefined) return clock();
  if (now instanceof Date) {
    if (Number.isNaN(now.getTime()))
      throw new PgLtrInputError("--now is an invalid Date: pass a real instant");
    return new Date(now.getTime());
  }
  const problem = instantProblem(now);
  if (problem) throw new PgLtrInputError(`--now "${String(now)}" ${problem}`);
  return new Date(now);
}

function positiveInteger(flag: string, value: number, minimum: number): number {
  if (!Number.isInteger(value) || value < minimum) {
    throw new PgLtrInputError(`${flag} ${String(value)} must be a whole number of at least ${minimum}`);
  }
  return value;
}

/**
 * Milliseconds as a number or digits, or an ISO 8601 duration without years and months; at most what
 * a Node timer holds, since a longer wait would silently become 1 ms.
 */
function timeSpan(flag: string, value: string | number): TimeSpan {
  const span = untimedSpan(flag, value);
  if (span.ms > MAX_TIMER_MS) {
    throw new PgLtrInputError(
      `${flag} ${typeof value === "number" ? String(value) : `"${value}"`} is longer than the check can wait ` +
        `(at most ${MAX_TIMER_MS} ms, about 24.8 days): pass a shorter duration`,
    );
  }
  return span;
}

function untimedSpan(flag: string, value: string | number): TimeSpan {
  if (typeof value === "number" || /^\d+(\.\d+)?$/.test(value)) {
    const ms = Number(value);
    if (!Number.isFinite(ms) || ms <= 0) {
      throw new PgLtrInputError(`${flag} ${String(value)} must be a positive number of milliseconds`);
    }
    return { text: `${ms} ms`, ms };
  }
  const problem = durationProblem(value);
  if (problem) {
    throw new PgLtrInputError(`${flag} "${value}" ${problem}, or a number of milliseconds`);
  }
  const duration = parseDuration(value);
  if (!isExactDuration(duration)) {
    throw new PgLtrInputError(`${flag} "${value}" must not use years or months: write it in days or hours`);
  }
  return { text: value, ms: exactMilliseconds(duration) };
}

function calendarDuration(flag: string, value: string): { text: string; duration: Duration } {
  const problem = durationProblem(value);
  if (problem) throw new PgLtrInputError(`${flag} "${String(value)}" ${problem}`);
  return { text: value, duration: parseDuration(value) };
}

import type { PipelineResponse } from "@azure/core-rest-pipeline";

/** A wait ARM asked for before the next attempt, and the header that asked for it. */
export interface AskedWait {
  readonly ms: number;
  /** `retry-after-ms`, `x-ms-retry-after-ms` or `retry-after`. */
  readonly header: string;
  /** The header's value as sent. */
  readonly value: string;
}

const MS_HEADERS = ["retry-after-ms", "x-ms-retry-after-ms"];

/**
 * The wait an answer asks for, read as the SDK's throttling retry strategy reads it (it is what the
 * SDK will sleep): milliseconds headers first, then Retry-After in seconds or as an HTTP date.
 */
export function askedWait(response: PipelineResponse, now: number = Date.now()): AskedWait | undefined {
  for (const header of MS_HEADERS) {
    const value = response.headers.get(header);
    const ms = numberOf(value);
    if (value !== undefined && ms !== undefined) return { ms: Math.max(0, ms), header, value };
  }
  const value = response.headers.get("retry-after");
  if (value === undefined || value.trim() === "") return undefined;
  const seconds = numberOf(value);
  if (seconds !== undefined) return { ms: Math.max(0, seconds * 1000), header: "retry-after", value };
  const date = Date.parse(value);
  return Number.isFinite(date) ? { ms: Math.max(0, date - now), header: "retry-after", value } : undefined;
}

/** The statuses on which the SDK waits for Retry-After before retrying. */
export function waitsForRetryAfter(status: number): boolean {
  return status === 429 || status === 503;
}

/** A header's value as a finite number, or undefined (absent, empty, not a number). */
export function numberOf(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

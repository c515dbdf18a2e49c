import type { PipelinePolicy, PipelineResponse } from "@azure/core-rest-pipeline";
import type { RequestCounter } from "./request-counter";
import type { RequestScheduler } from "./request-scheduler";

export const throttlePolicyName = "pgLtrThrottlePolicy";

/** ARM's report of the reads left in the subscription's throttling budget. */
export const REMAINING_READS_HEADER = "x-ms-ratelimit-remaining-subscription-reads";

/**
 * Sits inside the SDK's retry policy, so every attempt (retries included) waits for the scheduler's
 * go-ahead and reports what ARM said about the throttling budget. The SDK's own retry strategies
 * still decide whether and when to retry; this policy only decides when an attempt may leave.
 */
export function throttlePolicy(scheduler: RequestScheduler, counter: RequestCounter): PipelinePolicy {
  return {
    name: throttlePolicyName,
    async sendRequest(request, next) {
      const ticket = await scheduler.acquire(subscriptionOf(request.url), request.abortSignal);
      counter.recordAttempt(request);
      let response: PipelineResponse;
      try {
        response = await next(request);
      } catch (error) {
        ticket.failed();
        throw error;
      }
      if (response.status === 429) counter.recordThrottled();
      ticket.answered({
        status: response.status,
        remaining: headerNumber(response, REMAINING_READS_HEADER),
        retryAfterMs: retryAfterMs(response),
      });
      return response;
    },
  };
}

/** The subscription a request counts against: ARM throttles per subscription. */
export function subscriptionOf(url: string): string {
  const match = /\/subscriptions\/([^/?#]+)/i.exec(new URL(url).pathname);
  return match ? decodeURIComponent(match[1] as string).toLowerCase() : "";
}

function headerNumber(response: PipelineResponse, name: string): number | undefined {
  const text = response.headers.get(name);
  if (text === undefined || text.trim() === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Retry-After as ARM and the SDK understand it: milliseconds headers first, then seconds or an HTTP date. */
function retryAfterMs(response: PipelineResponse): number | undefined {
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const ms = headerNumber(response, name);
    if (ms !== undefined) return Math.max(0, ms);
  }
  const text = response.headers.get("retry-after");
  if (!text) return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(text);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

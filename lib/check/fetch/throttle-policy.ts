import type { PipelinePolicy, PipelineResponse } from "@azure/core-rest-pipeline";
import type { RequestCounter } from "./request-counter";
import type { RequestScheduler } from "./request-scheduler";
import { askedWait, numberOf } from "./retry-after";
import type { BudgetAnswer } from "./subscription-budget";

export const throttlePolicyName = "pgLtrThrottlePolicy";

/** ARM's report of the reads left in the subscription's throttling budget. */
export const REMAINING_READS_HEADER = "x-ms-ratelimit-remaining-subscription-reads";

/**
 * Sits inside the SDK's retry policy, so every attempt (retries included) waits for the scheduler's
 * go-ahead and reports what ARM said about the throttling budget. The SDK's own retry strategies
 * still decide whether and when to retry; this policy only decides when an attempt may leave.
 */
export function throttlePolicy(
  scheduler: RequestScheduler,
  counter: RequestCounter,
  maxPauseMs: number,
): PipelinePolicy {
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
      ticket.answered(budgetAnswerOf(response, maxPauseMs));
      return response;
    },
  };
}

/**
 * The subscription a request counts against: ARM throttles per subscription. Read from the URL's
 * path without parsing the whole URL (once per attempt): a host holds no `/`, and the query and
 * fragment are cut off first.
 */
export function subscriptionOf(url: string): string {
  const end = url.search(/[?#]/);
  const match = SUBSCRIPTION_SEGMENT.exec(end < 0 ? url : url.slice(0, end));
  if (!match) return "";
  try {
    return decodeURIComponent(match[1] as string).toLowerCase();
  } catch {
    return (match[1] as string).toLowerCase();
  }
}

const SUBSCRIPTION_SEGMENT = /^[a-z][a-z0-9+.-]*:\/\/[^/]*\/(?:[^/]*\/)*?subscriptions\/([^/]+)/i;

/**
 * What an answer tells the subscription's budget. A remaining-reads header that is not a number reads
 * as absent; a Retry-After beyond `maxPauseMs` (--max-retry-wait) pauses the subscription only that
 * long, since the request that got it fails rather than waits.
 */
export function budgetAnswerOf(response: PipelineResponse, maxPauseMs: number): BudgetAnswer {
  const wait = askedWait(response);
  return {
    status: response.status,
    remaining: numberOf(response.headers.get(REMAINING_READS_HEADER)),
    retryAfterMs: wait === undefined ? undefined : Math.min(wait.ms, maxPauseMs),
  };
}

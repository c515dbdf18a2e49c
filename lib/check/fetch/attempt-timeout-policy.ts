import { PipelinePolicy, RestError } from "@azure/core-rest-pipeline";

export const attemptTimeoutPolicyName = "pgLtrAttemptTimeoutPolicy";

/** Code of the error an attempt without an answer in time fails with; the SDK retries it like ETIMEDOUT. */
export const ATTEMPT_TIMEOUT_CODE = "ETIMEDOUT";

/**
 * Bounds each attempt, body included. The HTTP client's own `timeout` ends in an AbortError, which the
 * SDK's retry policy never retries, and it stops counting once headers arrive; this policy fails the
 * attempt with a RestError coded ETIMEDOUT instead, which the default retry strategy does retry.
 *
 * The attempt's abort signal is this policy's: it aborts when the request is aborted, when the
 * attempt runs out of time, and when the attempt fails in any other way (an answer too large to read,
 * a body cut short), so the HTTP client destroys the connection of an answer left unread and the
 * policies inside need no controller of their own.
 */
export function attemptTimeoutPolicy(timeoutMs: number, timeoutText: string): PipelinePolicy {
  return {
    name: attemptTimeoutPolicyName,
    async sendRequest(request, next) {
      const outer = request.abortSignal;
      const controller = new AbortController();
      let timedOut = false;
      const onOuterAbort = (): void => controller.abort();
      if (outer?.aborted) controller.abort();
      else outer?.addEventListener("abort", onOuterAbort, { once: true });
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      request.abortSignal = controller.signal;
      try {
        return await next(request);
      } catch (error) {
        // A failed attempt is over: nothing may keep its connection half read.
        controller.abort();
        if (timedOut && !outer?.aborted) {
          throw new RestError(`no answer within ${timeoutText}`, { code: ATTEMPT_TIMEOUT_CODE, request });
        }
        throw error;
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener("abort", onOuterAbort);
        // The retry policy looks at the caller's signal to tell an abort from a failed attempt.
        request.abortSignal = outer;
      }
    },
  };
}

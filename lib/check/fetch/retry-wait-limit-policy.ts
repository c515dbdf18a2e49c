import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { askedWait, waitsForRetryAfter } from "./retry-after";
import { UnusableAnswerError } from "./unusable-answer-error";

export const retryWaitLimitPolicyName = "pgLtrRetryWaitLimitPolicy";

/** Code of the error a request fails with when ARM asks for a longer wait than --max-retry-wait. */
export const RETRY_WAIT_REFUSED_CODE = "PG_LTR_RETRY_WAIT_REFUSED";

/**
 * Sits inside the SDK's retry policy and fails an attempt at once when its answer asks for a wait
 * longer than `maxWait` (`Retry-After: 999999` would otherwise make the SDK sleep for days, and a
 * value beyond a timer's range would make it retry after 1 ms). No retry strategy retries the error
 * (UnusableAnswerError); its message quotes the wait ARM asked for.
 */
export function retryWaitLimitPolicy(maxWait: {
  readonly text: string;
  readonly ms: number;
}): PipelinePolicy {
  return {
    name: retryWaitLimitPolicyName,
    async sendRequest(request, next) {
      const response = await next(request);
      if (!waitsForRetryAfter(response.status)) return response;
      const wait = askedWait(response);
      if (wait === undefined || wait.ms <= maxWait.ms) return response;
      const code = armErrorCode(response.bodyAsText);
      throw new UnusableAnswerError(
        `ARM answered ${response.status}${code ? ` ${code}` : ""} and asked to wait ${describeWait(wait.ms)} ` +
          `before a retry (${wait.header}: ${wait.value}), longer than --max-retry-wait ${maxWait.text}`,
        RETRY_WAIT_REFUSED_CODE,
        request,
        response,
      );
    },
  };
}

/** `999999 s`, `1.5 s`, `250 ms`. */
function describeWait(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))} s`;
}

/** ARM's error code from an ErrorResponse body, read leniently; undefined when there is none. */
function armErrorCode(body: string | null | undefined): string | undefined {
  try {
    const parsed = JSON.parse(body ?? "") as { error?: { code?: unknown } } | null;
    const code = parsed?.error?.code;
    return typeof code === "string" && /^[\w.]{1,100}$/.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}

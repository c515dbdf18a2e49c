import { Agent } from "node:https";
import { createSecureContext } from "node:tls";
import type { TokenCredential } from "@azure/core-auth";
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createPipelineFromOptions,
  HttpClient,
  Pipeline,
} from "@azure/core-rest-pipeline";
import { attemptTimeoutPolicy, attemptTimeoutPolicyName } from "./attempt-timeout-policy";
import { bodyLimitPolicy } from "./body-limit-policy";
import type { RequestCounter } from "./request-counter";
import type { RequestScheduler } from "./request-scheduler";
import { retryWaitLimitPolicy, retryWaitLimitPolicyName } from "./retry-wait-limit-policy";
import { throttlePolicy, throttlePolicyName } from "./throttle-policy";

/** Longest wait between two retries; the SDK's default, which ARM's guidance also uses. */
const MAX_RETRY_DELAY_MS = 64_000;

export interface ArmPipelineOptions {
  readonly credential: TokenCredential;
  /** OAuth scope of the bearer token, the cloud's resource manager plus `/.default` unless `--scope` says otherwise. */
  readonly scope: string;
  /** CA list replacing Node's for these requests, or undefined for Node's own. */
  readonly ca: string[] | undefined;
  readonly maxRetries: number;
  readonly retryDelayMs: number;
  readonly timeoutMs: number;
  readonly timeoutText: string;
  /** Longest Retry-After a request waits for before it fails instead (--max-retry-wait). */
  readonly maxRetryWait: { readonly text: string; readonly ms: number };
  readonly scheduler: RequestScheduler;
  readonly counter: RequestCounter;
  readonly userAgent: string;
}

export interface ArmPipeline {
  readonly pipeline: Pipeline;
  readonly httpClient: HttpClient;
  /** Closes the connections kept alive for the check. */
  close(): void;
}

/**
 * The Azure SDK pipeline every ARM request of a check goes through: the SDK's retry strategies (429
 * and 503 with Retry-After, 408 and 5xx, ETIMEDOUT/ECONNRESET and other network errors), its bearer
 * token policy, and four policies of this project inside the retry loop, outermost first: the limit
 * on waits ARM asks for (it sees the answer after the throttling gate counted it), the scheduler's
 * throttling gate, the per-attempt timeout, and the cap on the body (read within the timeout).
 */
export function createArmPipeline(options: ArmPipelineOptions): ArmPipeline {
  // One TLS context for the whole check: a `ca` option would make Node parse the ~140 public roots
  // again for every connection and put all of them into every request's connection-pool key.
  const agent = options.ca
    ? new Agent({ keepAlive: true, secureContext: createSecureContext({ ca: options.ca }) })
    : undefined;
  const pipeline = createPipelineFromOptions({
    retryOptions: {
      maxRetries: options.maxRetries,
      retryDelayInMs: options.retryDelayMs,
      maxRetryDelayInMs: Math.max(MAX_RETRY_DELAY_MS, options.retryDelayMs),
    },
    ...(agent ? { agent } : {}),
    userAgentOptions: { userAgentPrefix: options.userAgent },
  });
  pipeline.addPolicy(
    bearerTokenAuthenticationPolicy({ credential: options.credential, scopes: options.scope }),
    {
      phase: "Sign",
    },
  );
  pipeline.addPolicy(retryWaitLimitPolicy(options.maxRetryWait), { afterPhase: "Sign" });
  pipeline.addPolicy(throttlePolicy(options.scheduler, options.counter, options.maxRetryWait.ms), {
    afterPhase: "Sign",
    afterPolicies: [retryWaitLimitPolicyName],
  });
  pipeline.addPolicy(attemptTimeoutPolicy(options.timeoutMs, options.timeoutText), {
    afterPhase: "Sign",
    afterPolicies: [throttlePolicyName],
  });
  pipeline.addPolicy(bodyLimitPolicy(), { afterPhase: "Sign", afterPolicies: [attemptTimeoutPolicyName] });
  return { pipeline, httpClient: createDefaultHttpClient(), close: () => agent?.destroy() };
}

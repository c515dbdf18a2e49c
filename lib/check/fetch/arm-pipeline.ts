import { Agent } from "node:https";
import { createSecureContext } from "node:tls";
import type { TokenCredential } from "@azure/core-auth";
import {
  agentPolicy,
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createEmptyPipeline,
  decompressResponsePolicy,
  defaultRetryPolicy,
  HttpClient,
  logPolicy,
  Pipeline,
  proxyPolicy,
  redirectPolicy,
  setClientRequestIdPolicy,
  userAgentPolicy,
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
 *
 * Built from the SDK's own policies, in the order `createPipelineFromOptions` gives them, without the
 * four a check has no use for: tracing (a span per request, about 35 µs of CPU, for OpenTelemetry
 * instrumentation nobody registers for a read-only CLI; the client request id and ARM's request id
 * still identify every request), form data and multipart (a check sends no body), and the wrapper of
 * abort signals that are not Node's (every request carries Node's own AbortSignal).
 */
export function createArmPipeline(options: ArmPipelineOptions): ArmPipeline {
  // One TLS context for the whole check: a `ca` option would make Node parse the ~140 public roots
  // again for every connection and put all of them into every request's connection-pool key.
  const agent = options.ca
    ? new Agent({ keepAlive: true, secureContext: createSecureContext({ ca: options.ca }) })
    : undefined;
  const pipeline = createEmptyPipeline();
  if (agent) pipeline.addPolicy(agentPolicy(agent));
  // HTTPS_PROXY / NO_PROXY, read once, as the SDK's default pipeline does.
  pipeline.addPolicy(proxyPolicy());
  pipeline.addPolicy(decompressResponsePolicy());
  pipeline.addPolicy(userAgentPolicy({ userAgentPrefix: options.userAgent }));
  pipeline.addPolicy(setClientRequestIdPolicy());
  pipeline.addPolicy(
    defaultRetryPolicy({
      maxRetries: options.maxRetries,
      retryDelayInMs: options.retryDelayMs,
      maxRetryDelayInMs: Math.max(MAX_RETRY_DELAY_MS, options.retryDelayMs),
    }),
    { phase: "Retry" },
  );
  // Same origin only, without the Authorization header, as the SDK's default pipeline follows them.
  pipeline.addPolicy(redirectPolicy(), { afterPhase: "Retry" });
  // AZURE_LOG_LEVEL=info logs each request, sanitized; otherwise one check of a flag.
  pipeline.addPolicy(logPolicy(), { afterPhase: "Sign" });
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

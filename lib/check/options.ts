import type { TokenCredential } from "@azure/core-auth";
import type { AzureCloudAlias, AzureCloudName } from "../azure/clouds";
import type { Shard } from "./result";

export type { AzureCloudAlias, AzureCloudName } from "../azure/clouds";

/** How requests are planned per server. */
export type FetchStrategy = "auto" | "get" | "list";

/** Progress of a running check, for a progress line. */
export interface CheckProgress {
  /** Expectations that have a verdict. */
  readonly done: number;
  /** Expectations in all. */
  readonly total: number;
  /** HTTP requests sent so far, retries included. */
  readonly requests: number;
  /** 429 answers so far. */
  readonly throttled: number;
}

/** Options of `checkLtrBackups`; the CLI flags of `pg-ltr check` map onto these one to one. */
export interface CheckOptions {
  /**
   * Synthesis output folder holding manifest.json, found as cdktf finds it.
   *
   * A relative path is taken from `cwd`.
   * @default CDKTF_OUTDIR, else the `output` of `cdktf.json` in `cwd`, else "cdktf.out"
   */
  readonly outDir?: string;
  /** The app's folder: where `cdktf.json` is looked for and a relative `outDir` starts. @default process.cwd() */
  readonly cwd?: string;
  /** Only these stacks (names as in manifest.json). @default every stack */
  readonly stacks?: readonly string[];
  /**
   * Files with the JSON of `terraform show -json` (one per stack, in any order), for the names synthesis
   * could only write as Terraform expressions (a `random_string` suffix, a variable without default).
   *
   * Each file is matched to the stack whose deferred names it holds the resources of. A server resource
   * with no declared subscription also takes the subscription of its `id` in the state.
   * @default - none: servers with deferred names get `error` findings saying which expression to provide
   */
  readonly terraformStates?: readonly string[];
  /**
   * Only these servers, by name (case-insensitive, as ARM compares names).
   *
   * A name no selected stack declares is an error that lists the declared servers.
   * @default every server
   */
  readonly servers?: readonly string[];
  /**
   * Treat a server this deploy would create as an error instead of `pending`.
   *
   * For runs after `cdktf deploy`, when every declared server must exist.
   * @default false
   */
  readonly requireExisting?: boolean;
  /** The instant to judge freshness against (ISO 8601 or Date). @default the current time */
  readonly now?: string | Date;
  /** Cloud whose resource manager and token scope to use, by its name or an alias (case-insensitive). @default "AzurePublicCloud" */
  readonly cloud?: AzureCloudName | AzureCloudAlias;
  /**
   * Resource manager URL overriding the cloud's (emulators, proxies, private links).
   *
   * The token scope stays the cloud's: what answers there stands in for the cloud's resource manager.
   * @default - the cloud's resource manager
   */
  readonly endpoint?: string;
  /**
   * OAuth scope of the bearer token.
   *
   * Only for a resource manager that expects another audience than its cloud's (Azure Stack Hub, a
   * proxy that re-signs requests).
   * @default - the cloud's resource manager plus /.default, e.g. https://management.azure.com/.default
   * @see https://learn.microsoft.com/entra/identity-platform/scopes-oidc#the-default-scope
   */
  readonly scope?: string;
  /** Subscription for expectations that declare none. @default ARM_SUBSCRIPTION_ID, then AZURE_SUBSCRIPTION_ID */
  readonly subscriptionId?: string;
  /** api-version query parameter. @default "2025-08-01" */
  readonly apiVersion?: string;
  /**
   * Most requests in flight per subscription (ARM throttles each subscription on its own), at most 64
   * over all subscriptions unless this is higher; lowered automatically while ARM throttles.
   * @default 32
   */
  readonly concurrency?: number;
  /** `get`: one GET per named backup; `list`: one listing per server; `auto`: the cheaper per server. @default "auto" */
  readonly strategy?: FetchStrategy;
  /** Per-request timeout (ISO 8601 duration such as PT30S, or milliseconds). @default "PT30S" */
  readonly timeout?: string | number;
  /** Retries of a request that failed for a reason worth retrying (429, 5xx, timeout, connection reset). @default 3 */
  readonly maxRetries?: number;
  /** Base delay of the exponential backoff between retries (ISO 8601 duration or milliseconds); 429 waits Retry-After instead. @default "PT1S" */
  readonly retryDelay?: string | number;
  /**
   * Longest wait for a retry that ARM may ask for (Retry-After in seconds or as a date, retry-after-ms,
   * on 429 and 503), as an ISO 8601 duration or milliseconds.
   *
   * A request whose next wait would be longer fails at once: its expectations are `error` findings
   * that quote the wait ARM asked for.
   *
   * @default "PT5M"
   */
  readonly maxRetryWait?: string | number;
  /**
   * How long the whole check may take (ISO 8601 duration or milliseconds).
   *
   * When it passes, no more requests are sent, every expectation not yet judged is an `error` finding
   * ("not checked: the deadline PT30M passed") and the result carries `incomplete: { reason: "deadline" }`.
   * When the planned requests cannot finish in time even at ARM's documented read rate (250 at once,
   * then 25 a second per subscription), `onWarning` is told before the first request.
   *
   * @default "PT30M"
   */
  readonly deadline?: string | number;
  /** How long an operation may stay Running before it counts as stuck (stale). @default "PT24H" */
  readonly stuckAfter?: string;
  /** Credential for ARM. @default PG_LTR_ACCESS_TOKEN as a bearer token if set, else DefaultAzureCredential */
  readonly credential?: TokenCredential;
  /** Extra PEM CA certificates to trust (besides NODE_EXTRA_CA_CERTS), e.g. the emulator's. @default none */
  readonly caCertificates?: string;
  /** Environment to read ARM_SUBSCRIPTION_ID, AZURE_SUBSCRIPTION_ID and PG_LTR_ACCESS_TOKEN from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Called as verdicts arrive, at most a few times per second. @default none */
  readonly onProgress?: (progress: CheckProgress) => void;
  /**
   * Check only this part of the expectations (`--shard I/N`): whole subscriptions per shard when
   * there are at least N, else servers dealt out evenly. See assignShards. @default the whole check
   */
  readonly shard?: Shard;
  /** Aborts the check; pending requests are cancelled and the promise rejects with an AbortError. @default none */
  readonly abortSignal?: AbortSignal;
  /**
   * Stops the check early but still resolves (what `pg-ltr check` does on Ctrl+C): no more requests
   * are sent, every expectation not yet judged is an `error` finding ("not checked: interrupted") and
   * the result carries `incomplete: { reason: "interrupted" }`.
   *
   * @default none
   */
  readonly interruptSignal?: AbortSignal;
  /** Called with warnings found before the check starts, such as a deadline too short for the planned requests. @default none */
  readonly onWarning?: (message: string) => void;
}

import { isoInstant } from "./iso-instant";
import { performance } from "node:perf_hooks";
import { selectCredential, signIn } from "../azure/credential";
import { trustedCertificates } from "../azure/trusted-certificates";
import { resolveCheckSettings } from "./check-settings";
import { classify, ClassifyContext } from "./classify";
import { gatherEvidence } from "./evidence";
import type { ArmPipeline } from "./fetch/arm-pipeline";
import type { ArmReader } from "./fetch/arm-reader";
import { fetchServer } from "./fetch/fetch-server";
import { RequestCounter } from "./fetch/request-counter";
import { RequestScheduler } from "./fetch/request-scheduler";
import type { CheckOptions } from "./options";
import { groupServers, planServer } from "./plan-requests";
import { ProgressReporter } from "./progress-reporter";
import { locateCdktfOut } from "./locate-cdktf-out";
import { readCdktfOut } from "./read-cdktf-out";
import { resolveDeferredNames, unnamedServerFindings } from "./resolve-deferred-names";
import { resolveSubscriptions } from "./resolve-subscriptions";
import { readTerraformState } from "./terraform-state";
import { unresolvedServerFindings } from "./unresolved-server";
import { selectServers } from "./select-servers";
import { CheckResult, Finding, Verdict, VERDICTS, VerdictCounts } from "./result";
import { KNOWN_STATUSES, validateServerAnswers } from "./validate-answer";

export type { AzureCloudAlias, AzureCloudName, CheckOptions, CheckProgress, FetchStrategy } from "./options";
export { AZURE_CLOUDS, resolveCloud } from "../azure/clouds";
export type { AzureCloud, ResolvedCloud } from "../azure/clouds";
export { accessTokenCredential, ACCESS_TOKEN_VARIABLE } from "../azure/credential";
export {
  DEFAULT_API_VERSION,
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_RETRIES,
  DEFAULT_RETRY_DELAY,
  DEFAULT_STUCK_AFTER,
  DEFAULT_TIMEOUT,
} from "./check-settings";

/** Identifies the checker to ARM (and in Azure activity logs). */
const USER_AGENT = "cdktf-pg-ltr";

/**
 * Checks every LTR backup declared in a synthesis output against Azure: reads the expectations that
 * `cdktf synth` wrote, plans the fewest requests, fetches them through the Azure SDK pipeline (retries,
 * throttling, bearer token), validates each answer against the API's schema and classifies one finding
 * per expectation. Nothing is changed in Azure.
 *
 * Problems with the input (no cdktf.out, bad options, no credentials) reject with a PgLtrInputError;
 * problems with a single backup or server (403, server not found, timeouts) are `error` findings.
 *
 * @example
 * ```ts
 * import { checkLtrBackups, exitCodeFor } from "cdktf-pg-ltr";
 *
 * const result = await checkLtrBackups({ outDir: "cdktf.out", subscriptionId: process.env.SUB });
 * // f.subject: "orders-db/pre-upgrade-2026-11", "orders-db/weekly-2026-11-22", "orders-db/(latest)"
for (const f of result.findings) console.log(f.verdict, f.stack, f.subject, f.reason);
 * process.exitCode = exitCodeFor(result); // 0 compliant, 2 drift, 1 could not check
 * ```
 */
export async function checkLtrBackups(options: CheckOptions = {}): Promise<CheckResult> {
  const settings = resolveCheckSettings(options);
  const located = locateCdktfOut({
    ...(options.outDir === undefined ? {} : { outDir: options.outDir }),
    env: settings.env,
    cwd: options.cwd ?? process.cwd(),
  });
  const cdktfOut = readCdktfOut({
    outDir: located.outDir,
    namedBy: located.namedBy,
    ...(options.stacks === undefined ? {} : { stacks: options.stacks }),
  });
  const named = resolveDeferredNames(
    cdktfOut.stacks,
    (options.terraformStates ?? []).map((file) => readTerraformState(file)),
  );
  const { servers, unresolved } = resolveSubscriptions(selectServers(named.stacks, options.servers), {
    ...(options.subscriptionId === undefined ? {} : { subscriptionId: options.subscriptionId }),
    env: settings.env,
  });
  const planContext = {
    now: settings.now,
    strategy: settings.strategy,
    endpoint: settings.cloud.endpoint,
    apiVersion: settings.apiVersion,
  };
  const groups = groupServers(servers);
  // A first, throwaway planning pass sizes the check (progress total, declaration order, whether ARM
  // is needed at all); each group is planned again just before it is fetched, so plans for large
  // fleets are never all held at once.
  const firstOrder: number[] = [];
  let total = 0;
  let needsArm = false;
  for (const group of groups) {
    const plan = planServer(group, planContext);
    firstOrder.push(total);
    total += plan.checks.length;
    needsArm ||= plan.requests.length > 0;
  }
  // Servers without a subscription cannot be asked about; they are errors, the others are checked.
  const unresolvedFindings = unresolved.flatMap((server) => unresolvedServerFindings(server, settings.now));
  total += unresolvedFindings.length;
  const ca = trustedCertificates(options.caCertificates);
  const context: ClassifyContext = {
    now: settings.now,
    stuckAfter: settings.stuckAfter,
    knownStatuses: KNOWN_STATUSES,
    timeoutText: settings.timeout.text,
  };

  const counter = new RequestCounter();
  const progress = new ProgressReporter(total, counter, options.onProgress);
  for (let i = 0; i < unresolvedFindings.length; i++) progress.done();
  const ordered: { finding: Finding; order: number }[] = unresolvedFindings.map((finding, index) => ({
    finding,
    order: total - unresolvedFindings.length + index,
  }));
  const started = performance.now();
  const scheduler = new RequestScheduler(settings.concurrency);
  let transport: ArmPipeline | undefined;
  try {
    let reader: ArmReader | undefined;
    if (needsArm) {
      // The Azure SDK is loaded only when a request is due: `cdktf synth` loads this module through
      // the package root and should not pay for it.
      const [{ createArmPipeline }, { ArmReader }] = await Promise.all([
        import("./fetch/arm-pipeline"),
        import("./fetch/arm-reader"),
      ]);
      const credential = await signIn(
        await selectCredential({
          ...(options.credential ? { credential: options.credential } : {}),
          env: settings.env,
          authorityHost: settings.cloud.cloud.authorityHost,
        }),
        settings.cloud.scope,
        options.abortSignal,
      );
      transport = createArmPipeline({
        credential,
        scope: settings.cloud.scope,
        ca,
        maxRetries: settings.maxRetries,
        retryDelayMs: settings.retryDelay.ms,
        timeoutMs: settings.timeout.ms,
        timeoutText: settings.timeout.text,
        scheduler,
        counter,
        userAgent: USER_AGENT,
      });
      reader = new ArmReader(transport, counter, settings.cloud.origin, options.abortSignal);
    }
    // Servers in flight are bounded so that answers are classified and dropped as the check goes,
    // keeping memory flat for large fleets; the scheduler still sees enough requests to stay busy.
    await forEachBounded(groups, settings.concurrency * 2, async (group, groupIndex) => {
      const plan = planServer(group, planContext);
      const answers = reader
        ? await fetchServer(plan, reader)
        : { gets: new Map(), listing: null, probe: null };
      const evidence = gatherEvidence(plan, validateServerAnswers(answers));
      const base = firstOrder[groupIndex] ?? 0;
      plan.checks.forEach((check, index) => {
        const observed = evidence.get(check);
        const finding = observed ? classify(check, observed, context) : null;
        if (finding) ordered.push({ finding, order: base + index });
        progress.done();
      });
    });
    if (options.abortSignal?.aborted) throw abortError();
  } finally {
    scheduler.close();
    transport?.close();
  }
  const durationMs = performance.now() - started;
  progress.finish();
  for (const finding of unnamedServerFindings(named.unnamed, planContext)) {
    ordered.push({ finding, order: total + ordered.length });
  }

  const findings = sortFindings(ordered);
  return {
    checkedAt: isoInstant(settings.now),
    findings,
    summary: countVerdicts(findings),
    stats: counter.snapshot(durationMs),
  };
}

/** Stack, then server, then the order the expectations were declared in. */
function sortFindings(ordered: { finding: Finding; order: number }[]): Finding[] {
  const key = (f: Finding): string[] => [
    f.stack,
    f.resourceGroupName.toLowerCase(),
    f.serverName.toLowerCase(),
  ];
  return ordered
    .sort((a, b) => {
      const ka = key(a.finding);
      const kb = key(b.finding);
      for (let i = 0; i < ka.length; i++) {
        // Code-unit order, not the machine's locale, so every runner prints the same order.
        const x = ka[i] as string;
        const y = kb[i] as string;
        if (x !== y) return x < y ? -1 : 1;
      }
      return a.order - b.order;
    })
    .map((entry) => entry.finding);
}

function countVerdicts(findings: readonly Finding[]): VerdictCounts {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const finding of findings) counts[finding.verdict]++;
  return counts;
}

/** Runs `work` over `items` with at most `limit` at a time; the first failure rejects. */
async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        await work(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function abortError(): Error {
  const error = new Error("The check was aborted.");
  error.name = "AbortError";
  return error;
}

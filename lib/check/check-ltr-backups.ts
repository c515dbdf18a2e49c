import { countVerdicts } from "./count-verdicts";
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
import { planServer, type PlanContext } from "./plan-requests";
import { ProgressReporter } from "./progress-reporter";
import { locateCdktfOut } from "./locate-cdktf-out";
import { readDeclaredServers } from "./read-declared-servers";
import { unnamedServerFindings } from "./resolve-deferred-names";
import { layOut, type Layout, type OrderedFinding } from "./result-layout";
import { readTerraformState } from "./terraform-state";
import { unresolvedServerFindings } from "./unresolved-server";
import { OrderedFindings } from "./ordered-findings";
import { VERDICTS, type CheckResult, type CheckScope, type Finding, type Verdict } from "./result";
import { forEachByLane } from "./subscription-lanes";
import { needsServerAge, serverCreatedAt } from "./server-age";
import { KNOWN_STATUSES, validateServerAnswers } from "./validate-answer";
import { CheckRunControl, isNotChecked, notCheckedEvidence } from "./run/check-run-control";
import { deadlineWarning, shortestReadTimeMs } from "./run/deadline-estimate";

export type { AzureCloudAlias, AzureCloudName, CheckOptions, CheckProgress, FetchStrategy } from "./options";
export { accessTokenCredential } from "../azure/credential";

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
  const ordered: { finding: Finding; order: number }[] = [];
  const run = await runCheck(options, (server) => {
    for (const entry of server) ordered.push(entry);
  });
  const findings = ordered.sort((a, b) => a.order - b.order).map((entry) => entry.finding);
  const { incomplete, ...rest } = run;
  return { ...rest, findings, summary: countVerdicts(findings), ...(incomplete ? { incomplete } : {}) };
}

/** What a check yields besides its findings. */
export type CheckRun = Pick<CheckResult, "checkedAt" | "stats" | "exempt" | "incomplete"> & {
  readonly scope: CheckScope;
  /** Findings this run produces (the shard's, for a shard). */
  readonly expectations: number;
};

/** What is known when a streamed check starts, before the first finding. */
export type CheckStart = Pick<CheckRun, "checkedAt" | "scope" | "expectations">;

/** A check's result without its findings, which were streamed. */
export type CheckOutcome = Omit<CheckResult, "findings"> & { readonly scope: CheckScope };

/** Where a streamed check sends what it finds. */
export interface CheckStream {
  /** Called once before the first finding: the instant, what the check covers and how many findings will come. */
  readonly onStart?: (start: CheckStart) => void;
  /**
   * Each finding in the result's order (the order `checkLtrBackups` returns), as soon as it and every
   * finding before it are known. Findings that arrive early wait in a bounded buffer, then on disk.
   */
  readonly onFinding: (finding: Finding) => void;
}

/**
 * The streaming form of `checkLtrBackups`, for estates too large to hold every finding: each finding
 * goes to `stream.onFinding` in the stable result order while the check runs, and only the summary,
 * stats and scope are returned. Memory stays flat however many expectations there are.
 *
 * @example
 * ```ts
 * import { streamLtrBackups } from "cdktf-pg-ltr";
 *
 * const outcome = await streamLtrBackups({ outDir: "cdktf.out" }, {
 *   onFinding: (f) => { if (f.verdict !== "compliant") console.log(f.verdict, f.serverName, f.reason); },
 * });
 * console.log(outcome.summary);
 * ```
 */
export async function streamLtrBackups(options: CheckOptions, stream: CheckStream): Promise<CheckOutcome> {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  let ordered: OrderedFindings | undefined;
  try {
    const run = await runCheck(
      options,
      (server) => {
        for (const { finding, order } of server) (ordered as OrderedFindings).add(finding, order);
      },
      (start) => {
        ordered = new OrderedFindings(start.expectations, (finding) => {
          counts[finding.verdict]++;
          stream.onFinding(finding);
        });
        stream.onStart?.(start);
      },
    );
    return {
      checkedAt: run.checkedAt,
      summary: counts,
      stats: run.stats,
      scope: run.scope,
      exempt: run.exempt,
      ...(run.incomplete ? { incomplete: run.incomplete } : {}),
    };
  } finally {
    ordered?.close();
  }
}

/**
 * The check itself: hands each server's findings to `onServer` as soon as that server is done (in
 * completion order; `order` says where each belongs), so callers decide what to keep.
 */
async function runCheck(
  options: CheckOptions,
  onServer: (findings: OrderedFinding[]) => void,
  onStart?: (run: Pick<CheckRun, "checkedAt" | "scope" | "expectations">) => void,
): Promise<CheckRun> {
  const settings = resolveCheckSettings(options);
  const located = locateCdktfOut({
    ...(options.outDir === undefined ? {} : { outDir: options.outDir }),
    env: settings.env,
    cwd: options.cwd ?? process.cwd(),
  });
  // One stack's document at a time; what is kept of each server is its compact form.
  const declared = readDeclaredServers({
    outDir: located.outDir,
    namedBy: located.namedBy,
    ...(options.stacks === undefined ? {} : { stacks: options.stacks }),
    terraformStates: (options.terraformStates ?? []).map((file) => readTerraformState(file)),
    ...(options.servers === undefined ? {} : { servers: options.servers }),
    subscription: {
      ...(options.subscriptionId === undefined ? {} : { subscriptionId: options.subscriptionId }),
      env: settings.env,
    },
    now: settings.now,
  });
  const planContext = {
    now: settings.now,
    strategy: settings.strategy,
    endpoint: settings.cloud.endpoint,
    apiVersion: settings.apiVersion,
  };
  // Servers whose names stayed unresolved or whose subscription could not be told cannot be asked
  // about: their expectations are `error` findings without a request; the others are checked.
  const premade = [
    ...declared.unresolved.flatMap((server) => unresolvedServerFindings(server, settings.now)),
    ...unnamedServerFindings(declared.unnamed, planContext),
  ];
  const layout = layOut(declared.servers, premade, planContext, options.shard ?? null);
  const scope: CheckScope = {
    fingerprint: declared.fingerprint,
    totalExpectations: layout.totalExpectations,
    shard: options.shard ?? null,
    missingShards: [],
  };
  const checkedAt = isoInstant(settings.now);
  // Requests never outnumber expectations, so the planning pass below is only needed when the
  // expectations alone could not be read in time.
  if (shortestReadTimeMs(layout.expectations) > settings.deadline.ms) {
    const warning = deadlineWarning(plannedRequests(layout, planContext), settings.deadline);
    if (warning !== undefined) options.onWarning?.(warning);
  }
  onStart?.({ checkedAt, scope, expectations: layout.expectations });
  const ca = trustedCertificates(options.caCertificates);
  const context: ClassifyContext = {
    now: settings.now,
    stuckAfter: settings.stuckAfter,
    knownStatuses: KNOWN_STATUSES,
    timeoutText: settings.timeout.text,
    requireExisting: options.requireExisting === true,
  };

  const counter = new RequestCounter();
  const progress = new ProgressReporter(layout.expectations, counter, options.onProgress);
  if (layout.premade.length > 0) {
    for (let i = 0; i < layout.premade.length; i++) progress.done();
    onServer(layout.premade);
  }
  const started = performance.now();
  const subscriptions = new Set(layout.groups.map((id) => layout.subscriptionOf(id))).size;
  // --concurrency applies per subscription, as ARM throttles per subscription; the overall bound
  // keeps sockets and memory in check for estates of many subscriptions.
  const totalConcurrency = Math.min(
    settings.concurrency * Math.max(1, subscriptions),
    Math.max(settings.concurrency, MAX_TOTAL_CONCURRENCY),
  );
  const scheduler = new RequestScheduler(settings.concurrency, undefined, totalConcurrency);
  const run = new CheckRunControl({
    deadline: settings.deadline,
    ...(options.interruptSignal ? { interruptSignal: options.interruptSignal } : {}),
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
  });
  let unchecked = 0;
  let transport: ArmPipeline | undefined;
  try {
    let reader: ArmReader | undefined;
    if (layout.needsArm) {
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
        run.signal,
      ).catch((error: unknown) => {
        // Stopped while signing in: nothing was checked, which the findings below say.
        if (run.stopped) return undefined;
        throw error;
      });
      transport =
        credential &&
        createArmPipeline({
          credential,
          scope: settings.cloud.scope,
          ca,
          maxRetries: settings.maxRetries,
          retryDelayMs: settings.retryDelay.ms,
          timeoutMs: settings.timeout.ms,
          timeoutText: settings.timeout.text,
          maxRetryWait: settings.maxRetryWait,
          scheduler,
          counter,
          userAgent: USER_AGENT,
        });
      reader = transport && new ArmReader(transport, counter, settings.cloud.origin, run);
    }
    // Servers in progress are bounded per subscription and overall, so answers are classified and
    // dropped as the check goes (memory stays flat for large estates), while every subscription keeps
    // its own servers in progress: one waiting for its throttling budget never idles the others.
    // Twice the requests that may be in flight, split over the lanes worked at once: more servers
    // would only wait at the scheduler with their plans and answers alive through young-generation
    // collections (5 subscriptions: 320 in progress against 64 requests in flight cost about 5 % more CPU).
    const perLane = Math.max(
      MIN_SERVERS_IN_PROGRESS_PER_LANE,
      Math.ceil((totalConcurrency * 2) / Math.min(Math.max(1, subscriptions), MAX_LANES_IN_PROGRESS)),
    );
    await forEachByLane(
      layout.groups,
      (id) => layout.subscriptionOf(id),
      {
        perLane,
        total: perLane * Math.min(Math.max(1, subscriptions), MAX_LANES_IN_PROGRESS),
        // A subscription paced by its budget takes no more servers than it has requests to send soon.
        laneLimit: (subscription) => scheduler.usefulRequests(subscription),
      },
      async (id) => {
        const group = layout.group(id);
        const plan = planServer(group.members, planContext);
        if (plan.checks.length !== group.checks) {
          // The result order was laid out from serverCheckCount; a plan that disagrees would misplace findings.
          throw new Error(
            `internal error: ${plan.serverName} was sized at ${group.checks} checks but planned with ${plan.checks.length}`,
          );
        }
        // Once the check stops (deadline, interrupt), servers not fetched yet are not checked.
        const stop = plan.requests.length > 0 ? run.stopped : undefined;
        let evidence: ReturnType<typeof gatherEvidence> | null = null;
        if (!stop) {
          const answers = reader
            ? await fetchServer(plan, reader)
            : { gets: new Map(), listing: null, probe: null };
          let validated = validateServerAnswers(answers);
          if (reader && needsServerAge(plan, validated)) {
            validated = { ...validated, serverCreatedAt: serverCreatedAt(await reader.get(plan.serverUrl)) };
          }
          evidence = gatherEvidence(plan, validated);
        }
        const findings: OrderedFinding[] = [];
        const notChecked = stop ? notCheckedEvidence(stop) : undefined;
        for (let index = 0; index < plan.checks.length; index++) {
          const check = plan.checks[index] as (typeof plan.checks)[number];
          const observed = evidence ? evidence.get(check) : notChecked;
          if (isNotChecked(observed)) unchecked++;
          const finding = observed ? classify(check, observed, context) : null;
          if (finding) findings.push({ finding, order: group.orderOf(index) });
          progress.done();
        }
        onServer(findings);
      },
    );
    if (options.abortSignal?.aborted) throw abortError();
  } finally {
    run.close();
    scheduler.close();
    transport?.close();
  }
  const durationMs = performance.now() - started;
  progress.finish();
  const stopped = run.stopped;
  return {
    checkedAt,
    scope,
    expectations: layout.expectations,
    stats: counter.snapshot(durationMs),
    exempt: declared.exempt,
    ...(stopped
      ? {
          incomplete: {
            reason: stopped.reason,
            checked: layout.expectations - unchecked,
            total: layout.expectations,
          },
        }
      : {}),
  };
}

/** The planned requests per subscription (planned again: plans are not kept), for the deadline estimate. */
function plannedRequests(layout: Layout, context: PlanContext): Map<string, number> {
  const requests = new Map<string, number>();
  for (const id of layout.groups) {
    const group = layout.group(id);
    const planned = planServer(group.members, context).requests.length;
    requests.set(group.subscription, (requests.get(group.subscription) ?? 0) + planned);
  }
  return requests;
}

/**
 * Most requests in flight over all subscriptions, unless --concurrency alone asks for more. ARM's
 * refill (25 reads a second per subscription) needs about one request in flight per subscription at
 * 40 ms round trips; more connections only cost TLS handshakes and CPU (5 subscriptions on a loaded
 * 2-core machine, emulator in the same process: 2.1 ms of CPU per request with 256, 1.9 with 32).
 */
const MAX_TOTAL_CONCURRENCY = 64;
/** Subscriptions whose servers may be in progress at full width at once; bounds memory. */
const MAX_LANES_IN_PROGRESS = 16;
/** Fewest servers of one subscription in progress at once, however many subscriptions share the bound. */
const MIN_SERVERS_IN_PROGRESS_PER_LANE = 4;

function abortError(): Error {
  const error = new Error("The check was aborted.");
  error.name = "AbortError";
  return error;
}

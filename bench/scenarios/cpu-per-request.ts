import { atMost, formatNumber, ScenarioReport } from "../report/figures";

const GOAL_MS = 0.5;

export interface CpuSample {
  readonly cpuMs: number;
  readonly requests: number;
}

/**
 * Where the checker's CPU went before this row existed and what was changed, measured then with
 * `node --cpu-prof` and per-stage `process.cpuUsage()` on the platform check (BENCHMARKS.md keeps it
 * beside the figures of the run, which say where the time goes now).
 */
const HISTORY =
  "Before (2026-11-27's main, platform check: 2.94 ms per request): per-stage CPU of 2,000 servers showed ajv building three " +
  "instances (each compiling the 2020-12 meta-schema, ~50 ms) and compiling the expectations, operation and error schemas " +
  "(~210, 90 and 40 ms) before the first request; every server planned twice (once to size the check and fix the result order, " +
  "once before its fetch: ~130 µs per server); validation ~75 µs per listing page and classification ~35 µs per expectation " +
  "in-process; the rest in the SDK pipeline, Node's HTTP client and TLS, and garbage collection. Changed: the check is sized by " +
  "counting each declaration's checks (serverCheckCount) and servers are planned once; one ajv instance serves the check's schemas; " +
  "the error-body schema is compiled only when an answer is not a 200; no object literal with properties after a spread on the " +
  "per-expectation paths (targets, findings, JSON report entries), which Node 20's V8 builds on a slow path at about 2 µs per " +
  "property (planning one server fell from 54 to 10 µs, classifying its four expectations from 152 to 55 µs, in-process); answers " +
  "without null fields are validated as parsed instead of copied (validation 75 → 51 µs per page). Kept as they were: the 32 MiB " +
  "body cap, answer matching, the deadline, retries and the Retry-After limit (every policy of lib/check/fetch/ still runs on every " +
  "attempt). What is left is mostly per request in the SDK pipeline (eleven policies, three AbortControllers and a timer per " +
  "attempt, a tracing span), Node's HTTP client and TLS, and garbage collection; the figures above were taken on a machine shared " +
  "with other work (see the load average), which inflates CPU time as well, if less than wall time.";

/**
 * The second round (2026-12-02), profiled on row 2 (5,000 requests) with `node --cpu-prof` and
 * measured against a build of the main before it, runs interleaved on the same machine.
 */
const SECOND_ROUND =
  "Before (2026-12-02's main, row 2: 1.34 ms of CPU per request at load ~1, 6.96 s wall, 818 ms before the first request): of " +
  "7,076 ms sampled, garbage collection 730 ms; the socket/TLS write (writeLatin1String) 551 ms; ~450 ms in abort signals, because " +
  "every request and every request waiting for the scheduler added a listener to the run's one AbortSignal and Node's EventTarget " +
  "scans its listeners on each add (O(requests in flight) per request), besides the SDK's and our per-attempt AbortControllers; " +
  "the SDK's tracing policy ~175 ms; each listing page parsed twice (once for its nextLink, once to validate it); ajv loading and " +
  "compiling the manifest, expectations and answer schemas ~350 ms before the first request. Changed: each request gets its own " +
  "AbortController, kept in a Set that the run control aborts when the check stops (one listener nowhere, O(1) per request); the " +
  "attempt timeout's controller also serves the body cap, which made its own; the pipeline is built from the SDK's own policies " +
  "(retry strategies with the same options, bearer token, user agent, client request id, decompression, proxy, agent, same-origin " +
  "redirects, logging) without tracing, form data, multipart and the abort-signal wrapper; each answer is parsed once and paging, " +
  "validation and the server's age read that parse; `npm run generate` precompiles the check's validators into ajv's standalone " +
  "code (lib/schema/check-validators.generated.ts, ~18 ms to load instead of ~350 ms to compile); the throttle gate reads the " +
  "subscription without parsing the URL; fewer promises and arrays per server. Measured side by side at load 5-7 (base / now, " +
  "three runs each): row 2 1.13 / 0.89 ms per request, the platform check 2.39 / 2.15 ms. Kept: the 32 MiB body cap, answer " +
  "matching, the deadline, interrupts, retries and the Retry-After limit (hostile-arm, unreliable-arm, throttling and run-stop " +
  "tests). What is left: Node's HTTP client, streams and TLS (a bare node:https loop over the same emulator costs 0.32 ms per request " +
  "on this machine, the SDK's lean pipeline 0.41), garbage collection (~10 %), validation and classification (~0.1 ms per listing " +
  "page of ten operations and four expectations), and before the first request reading and laying out cdktf.out (~260 ms for row 2's " +
  "5,000 servers) and loading the Azure SDK (~70 ms of module compilation). 0.5 ms per request leaves less than 0.1 ms above " +
  "that SDK floor for validation, classification, pacing and everything paid once per check.";

/**
 * Row 3: user + system CPU of the checker process over the check, divided by the requests the emulator
 * answered, for the platform check (row 6) and the estate check (row 1).
 */
export async function cpuPerRequestScenario(
  platform: CpuSample | undefined,
  estate: CpuSample | undefined,
  profile: (() => Promise<string>) | undefined,
): Promise<ScenarioReport> {
  const perRequest = (sample: CpuSample): number => sample.cpuMs / Math.max(1, sample.requests);
  const figures = [];
  if (platform) {
    figures.push({
      label: "platform check (row 6): CPU per request",
      value: `${formatNumber(perRequest(platform), 3)} ms (${formatNumber(platform.cpuMs / 1000, 2)} s over ${formatNumber(platform.requests)} requests)`,
      goal: atMost(perRequest(platform), GOAL_MS, " ms", 1),
    });
  }
  if (estate) {
    figures.push({
      label: "estate check (row 1): CPU per request",
      value: `${formatNumber(perRequest(estate), 3)} ms (${formatNumber(estate.cpuMs / 1000, 2)} s over ${formatNumber(estate.requests)} requests)`,
      goal: atMost(perRequest(estate), GOAL_MS, " ms", 1),
    });
  }
  if (platform && estate) {
    // The two checks differ in size tenfold: the difference of their CPU over the difference of their
    // requests is what one more request costs, the rest is paid once per check.
    const marginal = (estate.cpuMs - platform.cpuMs) / Math.max(1, estate.requests - platform.requests);
    const fixed = platform.cpuMs - marginal * platform.requests;
    figures.push({
      label: "one more request / once per check (from the two)",
      value: `${formatNumber(marginal, 3)} ms / ${formatNumber(fixed / 1000, 2)} s`,
    });
  }
  const analysis = [HISTORY, SECOND_ROUND];
  const missed = figures.some((figure) => figure.goal && !figure.goal.met);
  if (missed && profile) analysis.push(await profile());
  return {
    title: "3. CPU per request",
    setup:
      "User + system CPU time of the checker's process (`process.cpuUsage()`) over the `checkLtrBackups` call, Node start-up left out, " +
      "divided by the requests the emulator answered. The emulator runs in another process, so none of its CPU is counted.",
    figures,
    analysis,
  };
}

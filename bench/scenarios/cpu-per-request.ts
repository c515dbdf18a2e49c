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
  const analysis = [HISTORY];
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

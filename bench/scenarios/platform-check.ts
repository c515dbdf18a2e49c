import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { VERDICTS, VerdictCounts } from "../../lib/check/result";
import { EmulatorState, EmulatorStats, startEmulator } from "../../lib/emulator/start-emulator";
import { fleetEmulatorState } from "../fleet/emulator-state";
import { buildFleet, Fleet } from "../fleet/fleet";
import { PLATFORM_EMULATION, PLATFORM_FLEET } from "../fleet/platform";
import { writeCdktfOut } from "../fleet/write-cdktf-out";
import { describeProfile, readCpuProfile, summarizeCpuProfile } from "../measure/cpu-profile";
import { repositoryRoot, scratchDir } from "../measure/locations";
import { Pacing, pacingOf } from "../measure/request-timeline";
import { CaTrust, CheckRun, runCheck } from "../measure/run-check";
import { atMost, Figure, formatNumber, Goal, none, ScenarioReport } from "../report/figures";

const REQUESTS_PER_EXPECTATION_GOAL = 0.5;
const THROTTLED_SHARE_GOAL = 2;
const WALL_TO_MINIMUM_GOAL = 1.25;
const WALL_GOAL_WHEN_UNTHROTTLED_S = 2;
const { bucket: BUCKET, refillPerSecond: REFILL_PER_SECOND } = PLATFORM_EMULATION.throttle;

export interface PlatformCheckOutcome {
  readonly report: ScenarioReport;
  /** Our wall time per expectation, for scenario 7's comparison. */
  readonly msPerExpectation: number;
  /** The fleet, for scenario 7's slice. */
  readonly fleet: Fleet;
  /** The check's CPU time and requests, for row 3 (CPU per request). */
  readonly cpu: { readonly cpuMs: number; readonly requests: number };
  /** Reruns the check under `node --cpu-prof` and says where its CPU time went. */
  profile(): Promise<string>;
}

/** One check of the platform against a fresh emulator, and what it measured. */
interface Measured {
  readonly run: CheckRun;
  readonly emulator: EmulatorStats;
  readonly minimumS: number;
  readonly wallS: number;
  readonly wallGoal: Goal;
  readonly pacing: Pacing;
}

/**
 * Scenario 6: 4,000 expectations on 1,000 servers in one subscription, ARM throttling on. Measured
 * twice side by side: with the emulator's CA in NODE_EXTRA_CA_CERTS (the figures that carry the goals)
 * and with it in CheckOptions.caCertificates.
 */
export async function platformCheckScenario(): Promise<PlatformCheckOutcome> {
  const fleet = buildFleet(PLATFORM_FLEET);
  const outDir = join(scratchDir("platform"), "cdktf.out");
  writeCdktfOut(fleet, outDir);
  const state = fleetEmulatorState(fleet);

  const main = await measure(outDir, state, "environment");
  const viaOption = await measure(outDir, state, "option");
  const { report } = main.run;

  const requests = main.emulator.requests;
  const perExpectation = requests / fleet.expectations;
  const throttledShare = requests > 0 ? (main.emulator.throttled / requests) * 100 : 0;
  const verdictCount = VERDICTS.reduce((sum, verdict) => sum + report.summary[verdict], 0);
  const unjudged = Math.max(0, fleet.expectations - verdictCount) + report.summary.error;
  const rssMB = (report.maxRssKiB * 1024) / 1e6;

  const analysis: string[] = [];
  if (perExpectation > REQUESTS_PER_EXPECTATION_GOAL) {
    analysis.push(
      `Requests: ${formatNumber(requests)} for ${formatNumber(fleet.expectations)} expectations on ${formatNumber(fleet.spec.servers)} servers ` +
        `(${formatNumber(requests / fleet.spec.servers, 2)} per server). Every server declares \`latest\`, which needs the listing anyway, ` +
        "and its whole history fits one page, so one listing per server answers all four expectations: the request planner " +
        "(lib/check/plan-requests.ts, strategy `auto`) should choose the listing and send no GET for these servers.",
    );
  }
  if (throttledShare > THROTTLED_SHARE_GOAL) {
    analysis.push(
      `Throttling: ${formatNumber(main.emulator.throttled)} answers were 429 (${formatNumber(throttledShare, 1)} %). ` +
        `The checker sent ${formatNumber(main.pacing.meanRate)} requests/s on average while the bucket refills at ${REFILL_PER_SECOND}/s: ` +
        "the fetch stage (lib/check/fetch/) should slow down as `x-ms-ratelimit-remaining-subscription-reads` runs low instead of waiting for 429s.",
    );
  }
  if (!main.wallGoal.met) {
    analysis.push(wallAnalysis("With NODE_EXTRA_CA_CERTS", main));
    analysis.push(await profileCheck(outDir, state, "environment"));
  }
  if (!viaOption.wallGoal.met) {
    analysis.push(
      wallAnalysis("With CheckOptions.caCertificates", viaOption) +
        ` The same check trusting the CA through NODE_EXTRA_CA_CERTS took ${formatNumber(main.wallS, 2)} s, so the difference lies in how the option's CA list reaches TLS.`,
    );
    analysis.push(await profileCheck(outDir, state, "option"));
  }

  const figures: Figure[] = [
    { label: "expectations checked", value: formatNumber(fleet.expectations) },
    {
      label: "requests sent (emulator / checker stats)",
      value: `${formatNumber(requests)} / ${formatNumber(report.stats.requests)}`,
    },
    {
      label: "requests per expectation",
      value: formatNumber(perExpectation, 3),
      goal: atMost(perExpectation, REQUESTS_PER_EXPECTATION_GOAL),
    },
    {
      label: "429 answers (share of requests)",
      value: `${formatNumber(main.emulator.throttled)} (${formatNumber(throttledShare, 2)} %)`,
      goal: atMost(throttledShare, THROTTLED_SHARE_GOAL, " %"),
    },
    { label: "answers by HTTP status", value: byStatusLine(main.emulator) },
    {
      label: `throttle-bound minimum max(0, requests − ${BUCKET}) / ${REFILL_PER_SECOND}`,
      value: `${formatNumber(main.minimumS, 2)} s`,
    },
    { label: "wall time of `checkLtrBackups`", value: `${formatNumber(main.wallS, 2)} s` },
    wallFigure("wall time / throttle-bound minimum", main),
    {
      label: "child process wall time (Node start-up included)",
      value: `${formatNumber(main.run.processWallMs / 1000, 2)} s`,
    },
    { label: "request pacing (before first / span / after last)", value: pacingLine(main.pacing) },
    { label: "peak RSS of the checker process", value: `${formatNumber(rssMB)} MB` },
    {
      label: "CPU time of the checker during the check",
      value: `${formatNumber(report.cpuMs / 1000, 2)} s (${formatNumber(report.cpuMs / requests, 2)} ms per request)`,
    },
    { label: "verdicts", value: verdictLine(report.summary) },
    {
      label: "expectations without a verdict other than `error`",
      value: formatNumber(unjudged),
      goal: none(unjudged, "errors"),
    },
    {
      label: "same check, CA in CheckOptions.caCertificates: wall time",
      value: `${formatNumber(viaOption.wallS, 2)} s (${formatNumber(viaOption.emulator.requests)} requests, ${formatNumber(viaOption.emulator.throttled)} × 429)`,
    },
    wallFigure("same check, CA in CheckOptions.caCertificates: wall / minimum", viaOption),
  ];

  return {
    fleet,
    msPerExpectation: report.durationMs / fleet.expectations,
    cpu: { cpuMs: report.cpuMs, requests },
    profile: () => profileCheck(outDir, state, "environment"),
    report: {
      title: "6. Platform check",
      setup:
        `${formatNumber(fleet.spec.servers)} servers in one subscription over ${fleet.spec.stacks} stacks, each with ${fleet.spec.namedPerServer} named backups and a \`latest\` expectation ` +
        `(${formatNumber(fleet.expectations)} expectations; one server in ${fleet.spec.driftEvery} per drift kind: missing, stale, failed, invalid, unknown status, running, stale latest). ` +
        `Emulator: ${PLATFORM_EMULATION.latencyMs} ms latency, throttling bucket ${BUCKET}, refill ${REFILL_PER_SECOND}/s, page size 10 (its default). ` +
        "`checkLtrBackups` with its defaults in a child process, the emulator's CA in NODE_EXTRA_CA_CERTS; then the same check with the CA passed as " +
        "CheckOptions.caCertificates instead, against a fresh emulator.",
      figures,
      analysis,
    },
  };
}

async function measure(outDir: string, state: EmulatorState, trust: CaTrust): Promise<Measured> {
  const emulator = await startEmulator({ state, port: 0, ...PLATFORM_EMULATION });
  let run: CheckRun;
  let stats: EmulatorStats;
  try {
    run = await runCheck(outDir, emulator, trust);
    stats = emulator.stats();
  } finally {
    await emulator.close();
  }
  const minimumS = Math.max(0, stats.requests - BUCKET) / REFILL_PER_SECOND;
  const wallS = run.report.durationMs / 1000;
  const wallGoal =
    minimumS > 0
      ? atMost(wallS / minimumS, WALL_TO_MINIMUM_GOAL, "×")
      : atMost(wallS, WALL_GOAL_WHEN_UNTHROTTLED_S, " s");
  const pacing = pacingOf(run.samples, run.report.startedAtEpochMs, run.report.endedAtEpochMs);
  return { run, emulator: stats, minimumS, wallS, wallGoal, pacing };
}

function wallFigure(label: string, measured: Measured): Figure {
  return measured.minimumS > 0
    ? { label, value: `${formatNumber(measured.wallS / measured.minimumS, 2)}×`, goal: measured.wallGoal }
    : {
        label: `${label} (minimum is 0)`,
        value: `${formatNumber(measured.wallS, 2)} s`,
        goal: measured.wallGoal,
      };
}

function wallAnalysis(variant: string, measured: Measured): string {
  const { pacing } = measured;
  return (
    `${variant}: ${formatNumber(measured.wallS, 2)} s against a throttle-bound minimum of ${formatNumber(measured.minimumS, 2)} s. ` +
    `${formatNumber(pacing.beforeFirstRequestMs)} ms passed before the emulator saw the first request (reading cdktf.out, planning, signing in, opening connections), ` +
    `${formatNumber(pacing.requestSpanMs)} ms between the first and the last request (${formatNumber(pacing.meanRate)} requests/s against a refill of ${REFILL_PER_SECOND}/s, ` +
    `${formatNumber(pacing.idleMs)} ms of it with no request arriving) and ${formatNumber(pacing.afterLastRequestMs)} ms after the last one. ` +
    `The checker process used ${formatNumber(measured.run.report.cpuMs / 1000, 2)} s of CPU meanwhile ` +
    `(${formatNumber((measured.run.report.cpuMs / measured.run.report.durationMs) * 100)} % of one core): ` +
    (measured.run.report.cpuMs > 0.8 * measured.run.report.durationMs
      ? "it was bound by its own CPU, not by the throttle."
      : "it was mostly waiting, on its own pacing or on the emulator's answers.")
  );
}

function pacingLine(pacing: Pacing): string {
  return `${formatNumber(pacing.beforeFirstRequestMs)} / ${formatNumber(pacing.requestSpanMs)} / ${formatNumber(pacing.afterLastRequestMs)} ms`;
}

function byStatusLine(stats: EmulatorStats): string {
  return Object.entries(stats.byStatus)
    .map(([status, count]) => `${status}: ${formatNumber(count)}`)
    .join(", ");
}

function verdictLine(summary: VerdictCounts): string {
  return VERDICTS.filter((verdict) => summary[verdict] > 0)
    .map((verdict) => `${verdict} ${formatNumber(summary[verdict])}`)
    .join(", ");
}

/** Reruns the check under `--cpu-prof` against a fresh emulator and says where the CPU time went. */
async function profileCheck(outDir: string, state: EmulatorState, trust: CaTrust): Promise<string> {
  const profileDir = scratchDir(`platform/profile-${trust}`);
  rmSync(profileDir, { recursive: true, force: true });
  mkdirSync(profileDir, { recursive: true });
  const emulator = await startEmulator({ state, port: 0, ...PLATFORM_EMULATION });
  try {
    await runCheck(outDir, emulator, trust, ["--cpu-prof", `--cpu-prof-dir=${profileDir}`]);
  } finally {
    await emulator.close();
  }
  const summary = summarizeCpuProfile(readCpuProfile(profileDir), repositoryRoot(), 6);
  return (
    `CPU profile of that check rerun under \`node --cpu-prof\` (${formatNumber(summary.totalMs)} ms sampled in the checker process, idle included; ` +
    `.bench-tmp/platform/profile-${trust}/), ${describeProfile(summary)}`
  );
}

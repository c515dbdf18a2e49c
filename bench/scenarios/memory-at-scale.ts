import { join } from "node:path";
import { startEmulator } from "../../lib/emulator/start-emulator";
import { fleetEmulatorState } from "../fleet/emulator-state";
import { buildFleet, FleetSpec } from "../fleet/fleet";
import { BENCH_NOW, BENCH_SUBSCRIPTION_ID } from "../fleet/platform";
import { writeCdktfOut } from "../fleet/write-cdktf-out";
import { scratchDir } from "../measure/locations";
import { runCheck } from "../measure/run-check";
import { atMost, Figure, formatNumber, ScenarioReport } from "../report/figures";

/** Server counts measured; 10 expectations each (9 named backups and `latest`). */
const SIZES = [1000, 5000, 10000] as const;
const RSS_GOAL_MB = 300;
const LATENCY_MS = 20;

function spec(servers: number): FleetSpec {
  return {
    servers,
    stacks: 10,
    namedPerServer: 9,
    latest: true,
    subscriptionId: BENCH_SUBSCRIPTION_ID,
    now: BENCH_NOW,
    driftEvery: 100,
  };
}

interface SizeResult {
  readonly expectations: number;
  readonly requests: number;
  readonly durationMs: number;
  readonly cpuMs: number;
  readonly rssMB: number;
  /** Heap still in use after a full collection at the end, with the result held. */
  readonly liveHeapMB: number;
  /** Highest V8 heap in use while the check ran (sampled). */
  readonly peakHeapUsedMB: number;
  /** RSS and heap in use when the first verdict was reported, before answers pile up. */
  readonly firstVerdict: { readonly rssMB: number; readonly heapUsedMB: number } | null;
  readonly errors: number;
}

/** Scenario 3: the checker's peak RSS at 10,000, 50,000 and 100,000 expectations, throttling off. */
export async function memoryAtScaleScenario(): Promise<ScenarioReport> {
  // The largest fleet's first N servers are exactly the N-server fleet, so one emulator serves all sizes.
  const largest = buildFleet(spec(SIZES[SIZES.length - 1]));
  const emulator = await startEmulator({
    state: fleetEmulatorState(largest),
    port: 0,
    latencyMs: LATENCY_MS,
    throttle: false,
  });
  const results: SizeResult[] = [];
  let repeat: SizeResult;
  try {
    const measureSize = async (servers: number): Promise<SizeResult> => {
      const fleet = buildFleet(spec(servers));
      const outDir = join(scratchDir(`memory-${servers}`), "cdktf.out");
      writeCdktfOut(fleet, outDir);
      emulator.resetStats();
      const { report } = await runCheck(outDir, emulator, "environment");
      return {
        expectations: fleet.expectations,
        requests: emulator.stats().requests,
        durationMs: report.durationMs,
        cpuMs: report.cpuMs,
        rssMB: (report.maxRssKiB * 1024) / 1e6,
        liveHeapMB: report.heapUsedAfterGcBytes / 1e6,
        peakHeapUsedMB: report.memoryPeaks.heapUsed / 1e6,
        firstVerdict: report.atFirstVerdict && {
          rssMB: report.atFirstVerdict.rss / 1e6,
          heapUsedMB: report.atFirstVerdict.heapUsed / 1e6,
        },
        errors: report.summary.error,
      };
    };
    for (const servers of SIZES) results.push(await measureSize(servers));
    // Peak RSS depends on when V8 collects; the largest size runs twice and the goal takes the higher peak.
    repeat = await measureSize(SIZES[SIZES.length - 1]);
  } finally {
    await emulator.close();
  }

  const smallest = results[0];
  const biggest = results[results.length - 1];
  const worstPeakMB = Math.max(biggest.rssMB, repeat.rssMB);
  const slope = (pick: (r: SizeResult) => number): number =>
    ((pick(biggest) - pick(smallest)) / (biggest.expectations - smallest.expectations)) * 10_000;
  const rssPerTenThousand = slope((r) => r.rssMB);
  const livePerTenThousand = slope((r) => r.liveHeapMB);
  const rssBase = smallest.rssMB - (rssPerTenThousand * smallest.expectations) / 10_000;
  const figures: Figure[] = results.map((r) => ({
    label: `${formatNumber(r.expectations)} expectations: peak RSS`,
    value:
      `${formatNumber(r.rssMB)} MB (live heap after GC ${formatNumber(r.liveHeapMB)} MB; ${formatNumber(r.requests)} requests, ` +
      `${formatNumber(r.durationMs / 1000, 1)} s, CPU ${formatNumber(r.cpuMs / 1000, 1)} s` +
      `${r.errors > 0 ? `, ${formatNumber(r.errors)} errors` : ""})`,
  }));
  figures.push({
    label: `${formatNumber(biggest.expectations)} expectations again: peak RSS`,
    value: `${formatNumber(repeat.rssMB)} MB (live heap after GC ${formatNumber(repeat.liveHeapMB)} MB)`,
  });
  figures.push({
    label: `${formatNumber(biggest.expectations)} expectations: higher peak RSS of the two runs`,
    value: `${formatNumber(worstPeakMB)} MB`,
    goal: atMost(worstPeakMB, RSS_GOAL_MB, " MB", 0),
  });
  figures.push({
    label: `${formatNumber(biggest.expectations)} expectations: V8 heap in use at its peak / live at the end`,
    value: `${formatNumber(biggest.peakHeapUsedMB)} / ${formatNumber(biggest.liveHeapMB)} MB`,
  });
  if (biggest.firstVerdict) {
    figures.push({
      label: `${formatNumber(biggest.expectations)} expectations: RSS / V8 heap in use at the first verdict`,
      value: `${formatNumber(biggest.firstVerdict.rssMB)} / ${formatNumber(biggest.firstVerdict.heapUsedMB)} MB`,
    });
  }
  figures.push({
    label: "peak RSS growth per 10,000 expectations",
    value: `${formatNumber(rssPerTenThousand, 1)} MB`,
  });
  figures.push({
    label: "live heap growth per 10,000 expectations (the result)",
    value: `${formatNumber(livePerTenThousand, 1)} MB`,
  });
  figures.push({
    label: "peak RSS at zero expectations (extrapolated)",
    value: `${formatNumber(rssBase)} MB`,
  });

  const analysis: string[] = [];
  if (worstPeakMB > RSS_GOAL_MB) {
    analysis.push(
      `Peak RSS at ${formatNumber(biggest.expectations)} expectations is ${formatNumber(worstPeakMB)} MB, ` +
        `${formatNumber(worstPeakMB - RSS_GOAL_MB)} MB over the goal (the two runs: ${formatNumber(biggest.rssMB)} and ${formatNumber(repeat.rssMB)} MB). ` +
        `The V8 heap held up to ${formatNumber(biggest.peakHeapUsedMB)} MB while the check ran against ${formatNumber(biggest.liveHeapMB)} MB at the end` +
        (biggest.firstVerdict
          ? `; when the first verdict arrived, before any answer had piled up, the process already held ${formatNumber(biggest.firstVerdict.rssMB)} MB ` +
            `(${formatNumber(biggest.firstVerdict.heapUsedMB)} MB of heap in use): that is the price of reading cdktf.out and preparing every server's requests up front. `
          : ". ") +
        `It grows by ${formatNumber(rssPerTenThousand, 1)} MB per 10,000 expectations ` +
        `(${formatNumber((rssPerTenThousand * 1e6) / 10_000)} bytes each) on a base of ${formatNumber(rssBase)} MB (Node, the Azure SDK, ajv). ` +
        `What the finished check keeps alive grows by ${formatNumber(livePerTenThousand, 1)} MB per 10,000 ` +
        `(${formatNumber((livePerTenThousand * 1e6) / 10_000)} bytes per finding, ${formatNumber(biggest.liveHeapMB)} MB live at the end): ` +
        `the rest of the growth, ${formatNumber(rssPerTenThousand - livePerTenThousand, 1)} MB per 10,000, is memory held only while the check runs ` +
        "(the parsed expectations documents and whatever is built for every server before the first request) plus garbage " +
        "(answer bodies, parsed JSON, validation) that V8 had not collected yet at the peak.",
    );
  }
  if (results.some((r) => r.errors > 0)) {
    analysis.push(
      "Some expectations ended as `error`: the memory figures then cover less work than they claim.",
    );
  }
  return {
    title: "3. Memory at scale",
    setup:
      `${SIZES.map((n) => formatNumber(n)).join(" / ")} servers over 10 stacks, each with 9 named backups and \`latest\` ` +
      `(${SIZES.map((n) => formatNumber(n * 10)).join(" / ")} expectations), emulator latency ${LATENCY_MS} ms, throttling off, ` +
      "page size 10 (11 operations per server: two pages). Peak RSS is `process.resourceUsage().maxRSS` of the checker's own child process; " +
      "the live heap is `heapUsed` after a forced full collection at the end, the result still held. The largest size runs twice.",
    figures,
    analysis,
  };
}

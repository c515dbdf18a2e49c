import { openSync, closeSync, readFileSync, rmSync, statSync } from "node:fs";
import { spawn } from "node:child_process";
import { join } from "node:path";
import type { ProcessUsage } from "../usage-reporter";
import { BENCH_ACCESS_TOKEN } from "../fleet/emulator-state";
import { buildFleet, FleetSpec } from "../fleet/fleet";
import { BENCH_NOW, BENCH_SUBSCRIPTION_ID } from "../fleet/platform";
import { writeCdktfOut } from "../fleet/write-cdktf-out";
import { EmulatorProcess } from "../measure/emulator-process";
import { builtScript, scratchDir } from "../measure/locations";
import { atMost, Figure, formatNumber, ScenarioReport } from "../report/figures";

/** Servers measured; 10 expectations each (9 named backups and `latest`): 100k, 300k and 1M expectations. */
const SIZES = [10_000, 30_000, 100_000] as const;
const RSS_GOAL_MB = 300;
const GROWTH_GOAL_MB = 10;
const LATENCY_MS = 20;
/** 11 operations per server fit one page, so the listing of each server is one request. */
const PAGE_SIZE = 20;

function spec(servers: number): FleetSpec {
  return {
    servers,
    stacks: 10,
    subscriptions: 10,
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
  readonly wallMs: number;
  readonly usage: ProcessUsage;
  readonly exitCode: number | null;
  readonly jsonBytes: number;
  readonly junitBytes: number;
  readonly stderr: string;
}

/**
 * Row 4: `pg-ltr check --format json > report.json --output junit=report.xml` itself, at 100,000,
 * 300,000 and 1,000,000 expectations over 10 subscriptions, throttling off; peak RSS of that process.
 */
export async function memoryAtScaleScenario(): Promise<ScenarioReport> {
  const largest = spec(SIZES[SIZES.length - 1]);
  // The largest fleet's first N servers are exactly the N-server fleet, so one emulator serves all sizes.
  const emulator = await EmulatorProcess.start({
    fleet: largest,
    latencyMs: LATENCY_MS,
    throttle: false,
    pageSize: PAGE_SIZE,
  });
  const results: SizeResult[] = [];
  try {
    for (const servers of SIZES) {
      const fleet = buildFleet(spec(servers));
      const folder = scratchDir(`memory-${servers}`);
      const outDir = join(folder, "cdktf.out");
      writeCdktfOut(fleet, outDir);
      await emulator.resetStats();
      const run = await runPgLtrCheck(folder, outDir, emulator);
      const stats = await emulator.exactStats();
      results.push({ expectations: fleet.expectations, requests: stats.requests, ...run });
      // The reports of a million expectations take hundreds of megabytes of disk.
      rmSync(join(folder, "report.json"), { force: true });
      rmSync(join(folder, "report.xml"), { force: true });
    }
  } finally {
    await emulator.close();
  }

  const first = results[0] as SizeResult;
  const last = results[results.length - 1] as SizeResult;
  const rssMB = (r: SizeResult): number => (r.usage.maxRssKiB * 1024) / 1e6;
  const growthPer100k = ((rssMB(last) - rssMB(first)) / (last.expectations - first.expectations)) * 100_000;
  const figures: Figure[] = results.map((r) => ({
    label: `${formatNumber(r.expectations)} expectations: peak RSS of \`pg-ltr check\``,
    value:
      `${formatNumber(rssMB(r))} MB (${formatNumber(r.requests)} requests, ${formatNumber(r.wallMs / 1000, 1)} s, ` +
      `CPU ${formatNumber(r.usage.cpuMs / 1000, 1)} s = ${formatNumber(r.usage.cpuMs / Math.max(1, r.requests), 2)} ms per request with start-up; ` +
      `report.json ${formatNumber(r.jsonBytes / 1e6)} MB, report.xml ${formatNumber(r.junitBytes / 1e6)} MB; exit ${String(r.exitCode)})`,
  }));
  figures.push({
    label: `peak RSS at ${formatNumber(last.expectations)} expectations`,
    value: `${formatNumber(rssMB(last))} MB`,
    goal: atMost(rssMB(last), RSS_GOAL_MB, " MB", 0),
  });
  figures.push({
    label: `peak RSS growth per 100,000 expectations (${formatNumber(first.expectations)} → ${formatNumber(last.expectations)})`,
    value: `${formatNumber(growthPer100k, 1)} MB`,
    goal: atMost(growthPer100k, GROWTH_GOAL_MB, " MB", 0),
  });

  const analysis: string[] = [];
  const failed = results.filter((r) => r.exitCode !== 0 && r.exitCode !== 2);
  if (failed.length > 0) {
    analysis.push(
      `\`pg-ltr check\` exited ${failed.map((r) => String(r.exitCode)).join(", ")} (0 or 2 expected): ${failed[0]?.stderr.slice(0, 400) ?? ""}`,
    );
  }
  if (rssMB(last) > RSS_GOAL_MB || growthPer100k > GROWTH_GOAL_MB) {
    analysis.push(
      `Peak RSS grows from ${formatNumber(rssMB(first))} MB to ${formatNumber(rssMB(last))} MB. The check itself holds no finding after it is written ` +
        "(streamLtrBackups, JSON and JUnit appended to part files as servers finish; only findings the text plan or the error diagnostics show are kept); " +
        "what still grows with the estate is what is read and laid out before the first request and held until the end: the parsed " +
        "expectations documents (every declaration's names, construct paths and source locations as JavaScript objects; reading the " +
        "1,000,000-expectation cdktf.out alone, 163 MB of JSON, left 178 MB of live heap and a 411 MiB peak on 2026-12-02, JSON.parse " +
        "and ajv's allErrors validation of each 16 MB document included), one entry per declaration for the result order and the shard " +
        "assignment, and the servers queued per subscription. Closing it needs the check to read and validate one stack at a time and " +
        "keep only a compact form of each server (what planning and the finding's identity need), planning and classifying from that.",
    );
  }
  return {
    title: "4. Memory at scale",
    setup:
      `\`node dist/bin/pg-ltr.js check --format json > report.json --output junit=report.xml\` (both written as the check goes, then renamed into place) ` +
      `on ${SIZES.map((n) => formatNumber(n)).join(" / ")} servers over 10 subscriptions and 10 stacks, 9 named backups and \`latest\` each ` +
      `(${SIZES.map((n) => formatNumber(n * 10)).join(" / ")} expectations). The emulator runs in its own process: ${LATENCY_MS} ms latency, throttling off, ` +
      `page size ${PAGE_SIZE} (one listing page per server). Peak RSS is \`process.resourceUsage().maxRSS\` of the pg-ltr process, read at its exit by a ` +
      "preloaded reporter (bench/usage-reporter.ts). The largest size is the longest part of `npm run bench` (about 100,000 requests).",
    figures,
    analysis,
  };
}

/** Runs `pg-ltr check` as a CI job would: token and CA from the environment, the JSON report on stdout redirected to a file. */
function runPgLtrCheck(
  folder: string,
  outDir: string,
  emulator: EmulatorProcess,
): Promise<Omit<SizeResult, "expectations" | "requests">> {
  const usageFile = join(folder, "usage.json");
  const jsonPath = join(folder, "report.json");
  const junitPath = join(folder, "report.xml");
  rmSync(usageFile, { force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PG_LTR_ACCESS_TOKEN: BENCH_ACCESS_TOKEN,
    NODE_EXTRA_CA_CERTS: emulator.caCertificatePath,
    BENCH_USAGE_FILE: usageFile,
  };
  delete env.ARM_SUBSCRIPTION_ID;
  delete env.AZURE_SUBSCRIPTION_ID;
  delete env.GITHUB_STEP_SUMMARY;
  const stdout = openSync(jsonPath, "w");
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--require",
        builtScript("bench/usage-reporter.js"),
        builtScript("bin/pg-ltr.js"),
        "check",
        "--out",
        outDir,
        "--endpoint",
        emulator.url,
        "--now",
        BENCH_NOW.toISOString(),
        "--format",
        "json",
        "--output",
        `junit=${junitPath}`,
      ],
      { env, stdio: ["ignore", stdout, "pipe"] },
    );
    const stderr: Buffer[] = [];
    child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      closeSync(stdout);
      try {
        resolve({
          wallMs: performance.now() - started,
          usage: JSON.parse(readFileSync(usageFile, "utf8")) as ProcessUsage,
          exitCode: code,
          jsonBytes: statSync(jsonPath).size,
          junitBytes: statSync(junitPath, { throwIfNoEntry: false })?.size ?? 0,
          stderr: Buffer.concat(stderr).toString("utf8"),
        });
      } catch (error) {
        reject(
          new Error(
            `pg-ltr check exited with code ${String(code)} and left no usage report: ${Buffer.concat(stderr).toString("utf8").slice(0, 400)} (${String(error)})`,
          ),
        );
      }
    });
  });
}

/**
 * `npm run bench`: the estate-scale goals of issue 14 (rows 1–5) beside the platform-scale figures of
 * the earlier issue (rows 6–8). Runs every scenario in one go, prints the table of figures and goals,
 * and rewrites BENCHMARKS.md with it.
 *
 * `node --expose-gc dist/bench/run.js --only 2,6` runs some scenarios and leaves BENCHMARKS.md alone
 * (row 3 needs 1 and 6, row 7 needs 6; they are brought along; row 3 measures its floor itself). A scenario that fails is reported as
 * such and the others still run; the exit code is then 1.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeMachine, loadAverage } from "./measure/machine";
import { repositoryRoot, scratchDir } from "./measure/locations";
import { measureRequestFloor } from "./measure/request-floor";
import { ScenarioReport } from "./report/figures";
import { renderBenchmarksDocument } from "./report/benchmarks-document";
import { renderConsoleTable } from "./report/render-table";
import { cpuPerRequestScenario } from "./scenarios/cpu-per-request";
import { estateScenario, EstateOutcome, headOfLineScenario } from "./scenarios/estate-check";
import { memoryAtScaleScenario } from "./scenarios/memory-at-scale";
import { platformCheckScenario, PlatformCheckOutcome } from "./scenarios/platform-check";
import { sdkLoopScenario } from "./scenarios/sdk-loop";
import { startupScenario } from "./scenarios/startup";
import { synthesisScenario } from "./scenarios/synthesis";

const COMMAND = "npm run bench";
const ALL = [1, 2, 3, 4, 5, 6, 7, 8] as const;
type ScenarioNumber = (typeof ALL)[number];

const TITLES: Record<ScenarioNumber, string> = {
  1: "1. Estate check",
  2: "2. No head-of-line blocking",
  3: "3. CPU per request",
  4: "4. Memory at scale",
  5: "5. Synthesis",
  6: "6. Platform check",
  7: "7. Plain SDK loop",
  8: "8. Start-up",
};

function selectedScenarios(argv: readonly string[]): Set<ScenarioNumber> {
  const at = argv.indexOf("--only");
  if (at === -1) return new Set(ALL);
  const picked = (argv[at + 1] ?? "").split(",").map(Number);
  if (picked.some((n) => !ALL.includes(n as ScenarioNumber))) {
    throw new Error(`--only takes scenario numbers from ${ALL.join(",")}, e.g. --only 2,6`);
  }
  if (picked.includes(3)) picked.push(1, 6);
  if (picked.includes(7)) picked.push(6);
  return new Set(picked as ScenarioNumber[]);
}

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** A scenario that could not be measured: the table says so instead of leaving a gap. */
function failedScenario(n: ScenarioNumber, error: unknown): ScenarioReport {
  const message = error instanceof Error ? error.message : String(error);
  return {
    title: TITLES[n],
    setup: "The scenario did not complete.",
    figures: [
      {
        label: "scenario failed",
        value: message.split("\n")[0],
        goal: { text: "completes", met: false, missedBy: "failure" },
      },
    ],
    analysis: [`The scenario failed: ${message}`],
  };
}

async function main(): Promise<void> {
  const selected = selectedScenarios(process.argv.slice(2));
  const startedAt = new Date();
  const started = performance.now();
  const machine = describeMachine();
  const loadAtStart = loadAverage();
  rmSync(scratchDir(""), { recursive: true, force: true });
  const reports = new Map<ScenarioNumber, ScenarioReport>();
  let failures = 0;
  const run = async <T>(
    n: ScenarioNumber,
    what: string,
    scenario: () => Promise<T>,
  ): Promise<T | undefined> => {
    progress(`${TITLES[n]}: ${what}`);
    try {
      return await scenario();
    } catch (error) {
      failures++;
      reports.set(n, failedScenario(n, error));
      return undefined;
    } finally {
      // Frees the scenario's emulator state before the next one is measured.
      (globalThis as { gc?: () => void }).gc?.();
    }
  };

  // Start-up first, while nothing else competes for the CPU or the file-system cache.
  if (selected.has(8)) {
    const report = await run(8, "pg-ltr --help", startupScenario);
    if (report) reports.set(8, report);
  }
  let platform: PlatformCheckOutcome | undefined;
  if (selected.has(6)) {
    platform = await run(6, "4,000 expectations against a throttled emulator", platformCheckScenario);
    if (platform) reports.set(6, platform.report);
  }
  if (selected.has(7)) {
    const outcome = platform;
    const report = outcome
      ? await run(7, "the official SDK, one GET at a time, 200 servers", () =>
          sdkLoopScenario(outcome.fleet, outcome.msPerExpectation),
        )
      : failedScenario(7, new Error("scenario 6 did not complete, so there is nothing to compare with"));
    if (report) reports.set(7, report);
  }
  let estate: EstateOutcome | undefined;
  if (selected.has(1)) {
    estate = await run(1, "10 subscriptions × 1,000 servers at ARM's throttle (about 70 s)", estateScenario);
    if (estate) reports.set(1, estate.estate);
  }
  if (selected.has(2)) {
    const report = await run(
      2,
      "5 subscriptions × 1,000 servers, bucket 250 refilled 250/s",
      headOfLineScenario,
    );
    if (report) reports.set(2, report);
  }
  if (selected.has(3)) {
    const report = await run(3, "CPU per request of rows 1 and 6, and the floor beside it", async () => {
      // The floor is measured here, after rows 1 and 6, on an emulator of its own; if it fails the
      // checker's figures are still reported.
      const floor = await measureRequestFloor().catch((error: unknown) => ({
        failed: error instanceof Error ? error.message : String(error),
      }));
      return cpuPerRequestScenario(platform?.cpu, estate?.estateCpu, floor, platform?.profile);
    });
    if (report) reports.set(3, report);
  }
  if (selected.has(4)) {
    const report = await run(
      4,
      "pg-ltr check at 100k / 300k / 1M expectations (the longest row)",
      memoryAtScaleScenario,
    );
    if (report) reports.set(4, report);
  }
  if (selected.has(5)) {
    const report = await run(
      5,
      "1,000 and 10,000 servers with and without PostgresLtrBackups",
      synthesisScenario,
    );
    if (report) reports.set(5, report);
  }

  const scenarios = [...reports].sort((a, b) => a[0] - b[0]).map(([, report]) => report);
  process.stdout.write(`${renderConsoleTable(scenarios)}\n`);
  for (const scenario of scenarios.filter((s) => s.analysis.length > 0)) {
    process.stdout.write(`\n${scenario.title}:\n${scenario.analysis.map((p) => `  - ${p}`).join("\n")}\n`);
  }
  if (selected.size === ALL.length) {
    const document = renderBenchmarksDocument({
      command: COMMAND,
      startedAt: startedAt.toISOString(),
      durationMs: performance.now() - started,
      machine,
      load: { atStart: loadAtStart, atEnd: loadAverage() },
      scenarios,
    });
    writeFileSync(join(repositoryRoot(), "BENCHMARKS.md"), document);
    progress("wrote BENCHMARKS.md");
  }
  // .bench-tmp (git-ignored) is kept: its CPU profiles back the analysis of any miss.
  if (failures > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { EXPECTATIONS_FILE_NAME, ExpectationsDocument } from "../../lib/expectations/document";
import type { SynthRunnerReport, SynthRunnerRequest } from "../synth-runner";
import { describeProfile, readCpuProfile, summarizeCpuProfile } from "../measure/cpu-profile";
import { builtScript, repositoryRoot, scratchDir } from "../measure/locations";
import { median } from "../measure/median";
import { requireCost } from "../measure/module-load";
import { runNodeChild } from "../measure/run-child";
import { atMost, formatNumber, ScenarioReport } from "../report/figures";

const SERVERS = 1000;
const REPETITIONS = 5;
const RATIO_GOAL = 1.3;

interface Sample {
  readonly processMs: number;
  readonly report: SynthRunnerReport;
}

/** Scenario 4: synthesizing 1,000 flexible servers with and without one PostgresLtrBackups each. */
export async function synthesisScenario(): Promise<ScenarioReport> {
  const without: Sample[] = [];
  const withLtr: Sample[] = [];
  // Interleaved, so that a slow moment of the machine hits both variants alike.
  for (let i = 0; i < REPETITIONS; i++) {
    without.push(await synth(false));
    withLtr.push(await synth(true));
  }
  const document = JSON.parse(
    readFileSync(join(outDir(true), "stacks/platform", EXPECTATIONS_FILE_NAME), "utf8"),
  ) as ExpectationsDocument;
  const declared = document.servers.reduce((n, s) => n + s.backups.length + (s.latest ? 1 : 0), 0);

  const processRatio = median(withLtr.map((s) => s.processMs)) / median(without.map((s) => s.processMs));
  const inApp = (s: Sample): number => s.report.constructMs + s.report.synthMs;
  const inAppRatio = median(withLtr.map(inApp)) / median(without.map(inApp));
  const goal = atMost(processRatio, RATIO_GOAL, "×");

  const analysis: string[] = [];
  if (!goal.met) {
    const importCost =
      median(withLtr.map((s) => s.report.importMs)) - median(without.map((s) => s.report.importMs));
    const constructCost =
      median(withLtr.map((s) => s.report.constructMs)) - median(without.map((s) => s.report.constructMs));
    const synthCost =
      median(withLtr.map((s) => s.report.synthMs)) - median(without.map((s) => s.report.synthMs));
    analysis.push(
      `The constructs add ${seconds(importCost)} of module loading, ${seconds(constructCost)} building the tree and ` +
        `${seconds(synthCost)} in \`app.synth()\` (differences of medians; below 0.1 s they are within the noise).`,
    );
    analysis.push(await importAnalysis());
    analysis.push(await profileSynth());
  }

  return {
    title: "4. Synthesis",
    setup:
      `One stack with ${formatNumber(SERVERS)} \`PostgresqlFlexibleServer\` (deep import), synthesized without and with a \`PostgresLtrBackups\` per server ` +
      `(3 named backups and \`latest\`), each in its own child process, ${REPETITIONS} repetitions interleaved, medians. ` +
      "The goal applies to the whole child process, as `cdktf synth` waits for it; the in-app figure leaves out Node start-up and module loading.",
    figures: [
      {
        label: "without: child process / construct + synth",
        value: `${seconds(median(without.map((s) => s.processMs)))} / ${seconds(median(without.map(inApp)))}`,
      },
      {
        label: "with: child process / construct + synth",
        value: `${seconds(median(withLtr.map((s) => s.processMs)))} / ${seconds(median(withLtr.map(inApp)))}`,
      },
      {
        label: "synth time ratio, with / without (child process)",
        value: `${formatNumber(processRatio, 2)}×`,
        goal,
      },
      {
        label: "synth time ratio, with / without (construct + synth)",
        value: `${formatNumber(inAppRatio, 2)}×`,
      },
      {
        label: "peak RSS without / with",
        value: `${formatNumber(megabytes(without))} / ${formatNumber(megabytes(withLtr))} MB`,
      },
      {
        label: "expectations written by synthesis",
        value: `${formatNumber(declared)} for ${formatNumber(document.servers.length)} servers`,
      },
    ],
    analysis,
  };
}

/** Median peak RSS in MB (10^6 bytes). */
function megabytes(samples: readonly Sample[]): number {
  return (median(samples.map((s) => s.report.maxRssKiB)) * 1024) / 1e6;
}

function outDir(withLtr: boolean): string {
  return join(scratchDir("synthesis"), withLtr ? "with" : "without");
}

async function synth(withLtr: boolean, nodeArgs: readonly string[] = []): Promise<Sample> {
  const request: SynthRunnerRequest = { servers: SERVERS, withLtr, outDir: outDir(withLtr) };
  rmSync(request.outDir, { recursive: true, force: true });
  // cdktf creates the output folder but not its parents.
  mkdirSync(request.outDir, { recursive: true });
  const { report, wallMs } = await runNodeChild<SynthRunnerReport>(
    builtScript("bench/synth-runner.js"),
    [JSON.stringify(request)],
    { nodeArgs },
  );
  return { processMs: wallMs, report };
}

/** Profiles one synthesis with the constructs and names where the time went. */
async function profileSynth(): Promise<string> {
  const profileDir = join(scratchDir("synthesis"), "profile");
  rmSync(profileDir, { recursive: true, force: true });
  mkdirSync(profileDir, { recursive: true });
  await synth(true, ["--cpu-prof", `--cpu-prof-dir=${profileDir}`]);
  const summary = summarizeCpuProfile(readCpuProfile(profileDir), repositoryRoot(), 8);
  return `CPU profile of one synthesis with the constructs (${formatNumber(summary.totalMs)} ms sampled), ${describeProfile(summary)}`;
}

/**
 * What importing the package root costs an app that already loads cdktf and the provider, and what
 * each of the root's re-exports (read from lib/index.ts) costs alone.
 */
async function importAnalysis(): Promise<string> {
  const preload = [
    require.resolve("cdktf"),
    require.resolve("constructs"),
    require.resolve("@cdktf/provider-azurerm/lib/postgresql-flexible-server"),
  ];
  const indexSource = readFileSync(join(repositoryRoot(), "lib/index.ts"), "utf8");
  // Value re-exports only (`export * from "./x"`, `export { a, b } from "./x"`): type-only ones load nothing.
  const reExports = [
    ...new Set([...indexSource.matchAll(/^export (?:\*|\{[^}]*\}) from "\.\/([^"]+)";$/gm)].map((m) => m[1])),
  ];
  const root = await requireCost(builtScript("lib/index.js"), preload);
  const parts: string[] = [];
  for (const module of reExports) {
    parts.push(`${module} ${seconds(await requireCost(builtScript(`lib/${module}.js`), preload))}`);
  }
  return (
    `Importing the package root (lib/index.ts, what \`import { PostgresLtrBackups } from "cdktf-pg-ltr"\` loads) costs ${seconds(root)} ` +
    `in a process that has cdktf and the provider class loaded already (median of 3 fresh processes). Each re-export alone: ${parts.join(", ")}. ` +
    "Synthesis needs only the construct modules; whatever the others load or compile at module level is paid by every `cdktf synth`."
  );
}

function seconds(ms: number): string {
  return `${formatNumber(ms / 1000, 2)} s`;
}

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

/** Sizes measured: the goal's 10,000 servers, and 1,000 to see how the time grows. */
const SMALL = 1_000;
const LARGE = 10_000;
/** Repetitions per size and variant, interleaved; fewer at 10,000, where one synthesis takes seconds. */
const REPETITIONS: Readonly<Record<number, number>> = { [SMALL]: 5, [LARGE]: 3 };
const RATIO_GOAL = 1.3;
/** 10× the servers may take at most 11× the time. */
const GROWTH_GOAL = 11;

interface Sample {
  readonly processMs: number;
  readonly report: SynthRunnerReport;
}

interface SizeSamples {
  readonly without: Sample[];
  readonly withLtr: Sample[];
}

async function measureSize(servers: number): Promise<SizeSamples> {
  const without: Sample[] = [];
  const withLtr: Sample[] = [];
  // Interleaved, so that a slow moment of the machine hits both variants alike.
  for (let i = 0; i < (REPETITIONS[servers] ?? 3); i++) {
    without.push(await synth(servers, false));
    withLtr.push(await synth(servers, true));
  }
  return { without, withLtr };
}

const inApp = (s: Sample): number => s.report.constructMs + s.report.synthMs;

/** Row 5: synthesizing 10,000 (and 1,000) flexible servers with and without one PostgresLtrBackups each. */
export async function synthesisScenario(): Promise<ScenarioReport> {
  const small = await measureSize(SMALL);
  const large = await measureSize(LARGE);
  const document = JSON.parse(
    readFileSync(join(outDir(true), "stacks/platform", EXPECTATIONS_FILE_NAME), "utf8"),
  ) as ExpectationsDocument;
  const declared = document.servers.reduce((n, s) => n + s.backups.length + (s.latest ? 1 : 0), 0);

  const ratio = (samples: SizeSamples, pick: (s: Sample) => number): number =>
    median(samples.withLtr.map(pick)) / median(samples.without.map(pick));
  const processRatio = ratio(large, (s) => s.processMs);
  const inAppRatio = ratio(large, inApp);
  const goal = atMost(processRatio, RATIO_GOAL, "×");
  const growth = median(large.withLtr.map(inApp)) / median(small.withLtr.map(inApp));
  const growthGoal = atMost(growth, GROWTH_GOAL, "×", 1);
  const growthWithout = median(large.without.map(inApp)) / median(small.without.map(inApp));

  const analysis: string[] = [];
  if (!goal.met || !growthGoal.met) {
    const cost = (pick: (r: SynthRunnerReport) => number): number =>
      median(large.withLtr.map((s) => pick(s.report))) - median(large.without.map((s) => pick(s.report)));
    analysis.push(
      `At ${formatNumber(LARGE)} servers the constructs add ${seconds(cost((r) => r.importMs))} of module loading, ${seconds(cost((r) => r.constructMs))} building the tree and ` +
        `${seconds(cost((r) => r.synthMs))} in \`app.synth()\` (differences of medians). Without the constructs, 10× the servers take ${formatNumber(growthWithout, 1)}× the time: ` +
        "whatever cdktf itself does not do linearly shows there too.",
    );
    analysis.push(await importAnalysis());
    analysis.push(await profileSynth());
  }

  const variantLine = (samples: SizeSamples, pick: (s: SizeSamples) => Sample[]): string =>
    `${seconds(median(pick(samples).map((s) => s.processMs)))} / ${seconds(median(pick(samples).map(inApp)))}`;
  return {
    title: "5. Synthesis",
    setup:
      `One stack with ${formatNumber(SMALL)} and with ${formatNumber(LARGE)} \`PostgresqlFlexibleServer\` (deep import), synthesized without and with a \`PostgresLtrBackups\` per server ` +
      `(3 named backups and \`latest\`), each in its own child process, ${REPETITIONS[SMALL]} (${formatNumber(SMALL)}) and ${REPETITIONS[LARGE]} (${formatNumber(LARGE)}) repetitions interleaved, medians. ` +
      "The ratio goal applies to the whole child process, as `cdktf synth` waits for it; the growth goal to construct + synth, which leaves out Node start-up and module loading (fixed costs that would flatter it).",
    figures: [
      {
        label: `${formatNumber(SMALL)} servers without: child process / construct + synth`,
        value: variantLine(small, (s) => s.without),
      },
      {
        label: `${formatNumber(SMALL)} servers with: child process / construct + synth`,
        value: variantLine(small, (s) => s.withLtr),
      },
      {
        label: `${formatNumber(LARGE)} servers without: child process / construct + synth`,
        value: variantLine(large, (s) => s.without),
      },
      {
        label: `${formatNumber(LARGE)} servers with: child process / construct + synth`,
        value: variantLine(large, (s) => s.withLtr),
      },
      {
        label: `${formatNumber(LARGE)} servers: synth time ratio, with / without (child process)`,
        value: `${formatNumber(processRatio, 2)}×`,
        goal,
      },
      {
        label: `${formatNumber(LARGE)} servers: ratio, with / without (construct + synth)`,
        value: `${formatNumber(inAppRatio, 2)}× (at ${formatNumber(SMALL)}: ${formatNumber(
          ratio(small, (s) => s.processMs),
          2,
        )}× child process)`,
      },
      {
        label: `with the constructs, ${formatNumber(LARGE)} / ${formatNumber(SMALL)} servers (construct + synth)`,
        value: `${formatNumber(growth, 1)}× (without them: ${formatNumber(growthWithout, 1)}×)`,
        goal: growthGoal,
      },
      {
        label: `peak RSS at ${formatNumber(LARGE)} servers without / with`,
        value: `${formatNumber(megabytes(large.without))} / ${formatNumber(megabytes(large.withLtr))} MB`,
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

async function synth(servers: number, withLtr: boolean, nodeArgs: readonly string[] = []): Promise<Sample> {
  const request: SynthRunnerRequest = { servers, withLtr, outDir: outDir(withLtr) };
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
  await synth(LARGE, true, ["--cpu-prof", `--cpu-prof-dir=${profileDir}`]);
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

import { builtScript } from "../measure/locations";
import { median } from "../measure/median";
import { runNode } from "../measure/run-child";
import { atMost, formatNumber, ScenarioReport } from "../report/figures";

const RUNS = 10;
const GOAL_SECONDS = 0.4;

/** Scenario 5: how long `pg-ltr --help` takes, Node start-up included. */
export async function startupScenario(): Promise<ScenarioReport> {
  const bin = builtScript("bin/pg-ltr.js");
  // One unmeasured run warms the file-system cache, as any second invocation in CI would find it.
  await helpRun(bin);
  const walls: number[] = [];
  for (let i = 0; i < RUNS; i++) walls.push(await helpRun(bin));
  const nodeOnly: number[] = [];
  for (let i = 0; i < RUNS; i++) nodeOnly.push((await runNode("-e", ["0"])).wallMs);

  const seconds = median(walls) / 1000;
  return {
    title: "8. Start-up",
    setup: `\`node dist/bin/pg-ltr.js --help\`, ${RUNS} runs after one warm-up; median wall time from spawn to exit. An empty \`node -e 0\` is measured the same way for scale.`,
    figures: [
      {
        label: "`pg-ltr --help` wall time (median)",
        value: `${formatNumber(seconds, 3)} s`,
        goal: atMost(seconds, GOAL_SECONDS, " s", 1),
      },
      { label: "`node -e 0` wall time (median)", value: `${formatNumber(median(nodeOnly) / 1000, 3)} s` },
      { label: "slowest `--help` run", value: `${formatNumber(Math.max(...walls) / 1000, 3)} s` },
    ],
    analysis:
      seconds <= GOAL_SECONDS
        ? []
        : [
            `\`--help\` took ${formatNumber(seconds, 3)} s against an empty Node start of ${formatNumber(median(nodeOnly) / 1000, 3)} s: ` +
              "the difference is module loading. bin/pg-ltr.ts and lib/cli/main.ts must not import command modules, the Azure SDK, ajv or cdktf at top level.",
          ],
  };
}

async function helpRun(bin: string): Promise<number> {
  const run = await runNode(bin, ["--help"]);
  if (run.code !== 0 || !run.stdout.includes("Usage: pg-ltr")) {
    throw new Error(
      `pg-ltr --help failed (exit ${String(run.code)}): ${run.stderr.trim() || run.stdout.trim()}`,
    );
  }
  return run.wallMs;
}

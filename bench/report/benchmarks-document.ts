import { Machine } from "../measure/machine";
import { ScenarioReport } from "./figures";
import { renderMarkdownTable } from "./render-table";

export interface BenchRun {
  readonly command: string;
  /** When the run started, ISO 8601. */
  readonly startedAt: string;
  readonly durationMs: number;
  readonly machine: Machine;
  /** 1-minute load average when the run started and when it ended. */
  readonly load: { readonly atStart: number; readonly atEnd: number };
  readonly scenarios: readonly ScenarioReport[];
}

const METHOD = [
  "Rows 1–5 are the goals of issue 14 (estate scale), rows 6–8 those of the platform-scale issue before it.",
  "Every check talks to the project's ARM emulator (`startEmulator`, lib/emulator/) over HTTPS on 127.0.0.1 with TLS verification on: " +
    "the checker and the SDK loop trust the emulator's CA certificate through `NODE_EXTRA_CA_CERTS` (what `pg-ltr check` users behind a " +
    "TLS-inspecting proxy set, and Node's default TLS path as against Azure); row 6 also runs the check with the CA passed as " +
    "`CheckOptions.caCertificates`. The bearer token is one of the state's `accessTokens`, passed as `PG_LTR_ACCESS_TOKEN`. No Azure host is contacted.",
  "Rows 1, 2, 4 and 6 do not run cdktf: their expectations documents are written directly into a temporary `cdktf.out` " +
    "(`manifest.json` plus `stacks/<stack>/pg-ltr.expectations.json`), exactly as synthesis writes them, and each document is " +
    "validated against `lib/schema/expectations.schema.json` before the check starts. Synthesis itself is measured in row 5.",
  "The checker runs alone in a child process (bench/check-runner.ts calling `checkLtrBackups` with its defaults; in row 4 `pg-ltr check` " +
    "itself) so that its peak RSS (`process.resourceUsage().maxRSS`) and CPU time are its own. In rows 1, 2 and 4 the emulator runs in a " +
    "process of its own (bench/emulator-runner.ts), in rows 6 and 7 in the bench process. The check's wall time is the duration of " +
    "the `checkLtrBackups` call, from reading `cdktf.out` to the last verdict.",
  "Requests are counted twice: by the emulator (what reached the server, retries included) and by the checker's own `stats`. " +
    "The throttle-bound minimum is max(0, requests − bucket) / refill per second with the emulator's count, per subscription: the least " +
    "time ARM's token bucket needs to admit that many reads, whatever the client does.",
  "MB means 10^6 bytes. Times are wall-clock; on 2 cores the emulator and the checker compete for CPU, as a CI runner's neighbours would. " +
    "CPU time per request and peak RSS depend little on other work on the machine; wall times and their ratios do, so read them " +
    "with the load average above.",
];

/** BENCHMARKS.md: the run's figures, the machine, the method, and the analysis of every miss. */
export function renderBenchmarksDocument(run: BenchRun): string {
  const goals = run.scenarios.flatMap((s) => s.figures.filter((f) => f.goal).map((f) => f.goal));
  const met = goals.filter((g) => g?.met).length;
  const m = run.machine;
  const lines: string[] = [
    "# Benchmarks",
    "",
    `Figures from one run of \`${run.command}\` on ${run.startedAt.slice(0, 10)} (started ${run.startedAt}), ` +
      "every figure and ratio measured side by side in that run. Re-running the command rewrites this file.",
    "",
    `**Machine:** ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB memory, Node ${m.node}, ${m.platform}. ` +
      `**Bench duration:** ${formatDuration(run.durationMs)}. **1-minute load average:** ${run.load.atStart} at the start, ` +
      `${run.load.atEnd} at the end (the bench's own processes included; anything well above the core count means other work competed for the CPU).`,
    "",
    "## Results",
    "",
    renderMarkdownTable(run.scenarios),
    "",
    `**${met} of ${goals.length} goals met.**`,
    "",
  ];
  for (const scenario of run.scenarios) {
    lines.push(`## ${scenario.title}`, "", scenario.setup, "");
    const missed = scenario.figures.filter((f) => f.goal && !f.goal.met);
    if (missed.length > 0) {
      lines.push(
        "**Missed:** " + missed.map((f) => `${f.label} by ${f.goal?.missedBy}`).join("; ") + ".",
        "",
      );
    }
    if (scenario.analysis.length > 0) {
      lines.push(missed.length > 0 ? "**Why:**" : "**Notes:**", "");
      for (const paragraph of scenario.analysis) lines.push(`- ${paragraph}`);
      lines.push("");
    }
  }
  lines.push("## Method", "", ...METHOD.map((p) => `- ${p}`), "");
  lines.push(
    "## Running it",
    "",
    "`npm run bench` builds the package and runs every scenario (6 to 8 minutes on a quiet 2-core machine; row 4, a million " +
      "expectations, takes the longest, then row 1, whose throttle alone takes 30 s and which checks one subscription alone beside it), " +
      "prints this table and rewrites this file. " +
      "`node --expose-gc dist/bench/run.js --only 2,6` (after `npm run build`) runs some scenarios and prints their table without touching this file. " +
      "The harness lives in bench/: bench/run.ts runs the scenarios in bench/scenarios/; bench/check-runner.ts, bench/emulator-runner.ts, " +
      "bench/sdk-loop-runner.ts and bench/synth-runner.ts are the child processes, bench/usage-reporter.ts is preloaded into `pg-ltr check`; " +
      "CPU profiles of misses stay in .bench-tmp/ (git-ignored).",
    "",
  );
  return lines.join("\n");
}

function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`;
}

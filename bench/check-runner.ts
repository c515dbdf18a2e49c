/**
 * Child process of the benchmark: runs one `checkLtrBackups` and prints a JSON report as its last line.
 * It runs alone in its process so that `maxRSS` is the checker's own peak, not the emulator's.
 *
 * Usage: node dist/bench/check-runner.js '<CheckRunnerRequest as JSON>'
 * The access token comes from PG_LTR_ACCESS_TOKEN, as it would in CI; the emulator's CA from
 * NODE_EXTRA_CA_CERTS or the request.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { checkLtrBackups } from "../lib/check/check-ltr-backups";
import type { RequestStats, VerdictCounts } from "../lib/check/result";

export interface CheckRunnerRequest {
  readonly outDir: string;
  readonly endpoint: string;
  /**
   * When set, the emulator's CA goes in as CheckOptions.caCertificates (the API route); otherwise the
   * process trusts it through NODE_EXTRA_CA_CERTS, as `pg-ltr check` users do.
   */
  readonly caCertificatePath?: string;
  readonly now: string;
  /** Only these stacks (CheckOptions.stacks), e.g. one subscription's of an estate. @default every stack */
  readonly stacks?: readonly string[];
}

export interface CheckRunnerReport {
  /** Duration of the `checkLtrBackups` call: read, plan, fetch, validate, classify. */
  readonly durationMs: number;
  /** Epoch milliseconds at the start and end of the call, to line up with the emulator's timeline. */
  readonly startedAtEpochMs: number;
  readonly endedAtEpochMs: number;
  readonly findings: number;
  readonly summary: VerdictCounts;
  readonly stats: RequestStats;
  /** CPU time (user and system) of this process during the call, in milliseconds. */
  readonly cpuMs: number;
  /** Peak resident set size of this process, in KiB (`process.resourceUsage().maxRSS`). */
  readonly maxRssKiB: number;
  /** V8 heap in use after a full garbage collection, with the result still held: what the result keeps alive. */
  readonly heapUsedAfterGcBytes: number;
  /**
   * `process.memoryUsage()` at the first progress report with a verdict: what reading cdktf.out and
   * preparing the requests cost before answers pile up; null if no progress was reported.
   */
  readonly atFirstVerdict: { readonly rss: number; readonly heapUsed: number } | null;
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? "") as CheckRunnerRequest;
  const caCertificates =
    request.caCertificatePath === undefined ? undefined : readFileSync(request.caCertificatePath, "utf8");
  const startedAtEpochMs = performance.timeOrigin + performance.now();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let atFirstVerdict: CheckRunnerReport["atFirstVerdict"] = null;
  const result = await checkLtrBackups({
    outDir: request.outDir,
    endpoint: request.endpoint,
    ...(caCertificates === undefined ? {} : { caCertificates }),
    now: request.now,
    ...(request.stacks === undefined ? {} : { stacks: request.stacks }),
    onProgress: (progress) => {
      if (atFirstVerdict === null && progress.done > 0) {
        const { rss, heapUsed } = process.memoryUsage();
        atFirstVerdict = { rss, heapUsed };
      }
    },
  });
  const durationMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const maxRssKiB = process.resourceUsage().maxRSS;
  // Only after the peak was read: the bench starts this process with --expose-gc for this one collection.
  (globalThis as { gc?: () => void }).gc?.();
  const report: CheckRunnerReport = {
    durationMs,
    startedAtEpochMs,
    endedAtEpochMs: startedAtEpochMs + durationMs,
    findings: result.findings.length,
    summary: result.summary,
    stats: result.stats,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssKiB,
    heapUsedAfterGcBytes: process.memoryUsage().heapUsed,
    atFirstVerdict,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`check-runner: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

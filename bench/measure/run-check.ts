import type { CheckRunnerReport, CheckRunnerRequest } from "../check-runner";
import { BENCH_ACCESS_TOKEN } from "../fleet/emulator-state";
import { BENCH_NOW } from "../fleet/platform";
import { builtScript } from "./locations";
import { CounterSample, sampleCounters } from "./request-timeline";
import { runNodeChild } from "./run-child";

/** The part of a running emulator a check run needs. */
export interface EmulatorEndpoint {
  readonly url: string;
  readonly caCertificatePath: string;
  stats(): { requests: number; throttled: number };
}

/**
 * How the checker trusts the emulator's certificate: `environment` is NODE_EXTRA_CA_CERTS, what
 * `pg-ltr check` users behind a TLS-inspecting proxy set, and Node's default TLS path as against Azure;
 * `option` is CheckOptions.caCertificates, the API's own route.
 */
export type CaTrust = "environment" | "option";

export interface CheckRun {
  readonly report: CheckRunnerReport;
  /** The child process from spawn to exit. */
  readonly processWallMs: number;
  /** The emulator's counters, sampled every 50 ms while the check ran. */
  readonly samples: CounterSample[];
}

/**
 * Runs one `checkLtrBackups` in a child process against the emulator, TLS verification on, the token
 * in PG_LTR_ACCESS_TOKEN as a pipeline would pass it. `nodeArgs` adds e.g. `--cpu-prof`.
 */
export async function runCheck(
  outDir: string,
  emulator: EmulatorEndpoint,
  trust: CaTrust,
  nodeArgs: readonly string[] = [],
  stacks?: readonly string[],
): Promise<CheckRun> {
  const request: CheckRunnerRequest = {
    ...(stacks === undefined ? {} : { stacks }),
    outDir,
    endpoint: emulator.url,
    now: BENCH_NOW.toISOString(),
    ...(trust === "option" ? { caCertificatePath: emulator.caCertificatePath } : {}),
  };
  const env: NodeJS.ProcessEnv = { ...process.env, PG_LTR_ACCESS_TOKEN: BENCH_ACCESS_TOKEN };
  // The documents name their subscription; nothing from the bench machine's environment may leak in.
  delete env.ARM_SUBSCRIPTION_ID;
  delete env.AZURE_SUBSCRIPTION_ID;
  if (trust === "environment") env.NODE_EXTRA_CA_CERTS = emulator.caCertificatePath;
  else delete env.NODE_EXTRA_CA_CERTS;
  const sampler = sampleCounters(() => emulator.stats(), 50);
  try {
    const { report, wallMs } = await runNodeChild<CheckRunnerReport>(
      builtScript("bench/check-runner.js"),
      [JSON.stringify(request)],
      { env, nodeArgs: ["--expose-gc", ...nodeArgs] },
    );
    return { report, processWallMs: wallMs, samples: sampler.stop() };
  } catch (error) {
    sampler.stop();
    throw error;
  }
}

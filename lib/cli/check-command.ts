import { resolve } from "node:path";
import type { CheckOptions, CheckProgress } from "../check/options";
import { exitCodeFor } from "../check/result";
import { renderPlan } from "../render/render-plan";
import { parseCheckArguments, type CheckArguments } from "./check-arguments";
import { CHECK_HELP } from "./check-help";
import { useColor } from "./color-choice";
import { processIo, type CommandIo } from "./command-io";
import { ProgressLine } from "./progress-line";
import { reportFailure } from "./report-failure";
import { writeReportFiles } from "./write-report-files";

/**
 * `pg-ltr check`: parses the flags, runs the check, prints the chosen format, writes the --output
 * files, and resolves to Terraform's detailed exit code (0 clean, 2 drift, 1 could not check).
 */
export async function runCheckCommand(argv: string[], io: CommandIo = processIo()): Promise<number> {
  const stderrColor = (noColorFlag: boolean): boolean => useColor(noColorFlag, io.env, io.stderr.isTTY);
  let args: CheckArguments;
  try {
    args = parseCheckArguments(argv);
  } catch (error) {
    reportFailure(error, io.stderr, { color: stderrColor(argv.includes("--no-color")), env: io.env });
    return 1;
  }
  if (args.help) {
    io.stdout.write(CHECK_HELP);
    return 0;
  }

  const progress = new ProgressLine(io.stderr);
  try {
    const options = checkOptions(args, io);
    // Loaded only now, so that --help and flag errors do not pay for the Azure SDK and ajv.
    const { checkLtrBackups } = await import("../check/check-ltr-backups");
    const result = await checkLtrBackups({
      ...options,
      onProgress: (p: CheckProgress) => progress.update(p),
    });
    progress.clear();
    const color = useColor(args.noColor, io.env, io.stdout.isTTY);
    io.stdout.write(renderPlan(result, args.format, { color, quiet: args.quiet }));
    await writeReportFiles(
      args.outputs,
      (output) => renderPlan(result, output.format, { quiet: args.quiet }),
      io,
    );
    return exitCodeFor(result, args.softFail);
  } catch (error) {
    progress.clear();
    reportFailure(error, io.stderr, { color: stderrColor(args.noColor), env: io.env });
    return 1;
  }
}

/** The flags as CheckOptions; what was not given is left to the check's own defaults. */
function checkOptions(args: CheckArguments, io: CommandIo): CheckOptions {
  return {
    outDir: args.outDir === undefined ? undefined : resolve(io.cwd, args.outDir),
    cwd: io.cwd,
    stacks: args.stacks.length > 0 ? args.stacks : undefined,
    terraformStates: args.terraformStates.map((file) => resolve(io.cwd, file)),
    servers: args.servers.length > 0 ? args.servers : undefined,
    now: args.now,
    cloud: args.cloud,
    endpoint: args.endpoint,
    scope: args.scope,
    subscriptionId: args.subscriptionId,
    apiVersion: args.apiVersion,
    concurrency: args.concurrency,
    strategy: args.strategy,
    timeout: args.timeout,
    maxRetries: args.maxRetries,
    retryDelay: args.retryDelay,
    stuckAfter: args.stuckAfter,
    shard: args.shard,
    env: io.env,
  };
}

import { resolve } from "node:path";
import { locateCdktfOut } from "../check/locate-cdktf-out";
import type { CheckOptions, CheckProgress } from "../check/options";
import { exitCodeFor, type CheckResult, type Finding, type IncompleteRun } from "../check/result";
import { styleFor } from "../render/ansi-style";
import { ErrorGroups, renderErrorGroups } from "../render/error-diagnostics";
import { renderExemptionWarnings } from "../render/exemption-wording";
import { renderPlan } from "../render/render-plan";
import { parseCheckArguments, type CheckArguments, type OutputFile } from "./check-arguments";
import { CHECK_HELP } from "./check-help";
import { useColor } from "./color-choice";
import { processIo, type CommandIo } from "./command-io";
import { INTERRUPTED_EXIT_CODE, watchInterrupts } from "./interrupt-signals";
import { findingsToKeep } from "./kept-findings";
import { ProgressLine } from "./progress-line";
import { reportFailure } from "./report-failure";
import { resolveSourceRoot } from "./source-root";
import { StreamedReport } from "./streamed-reports";
import { StreamedTextPlan } from "./streamed-text-plan";
import { PipedOutput, standardOutputError } from "./piped-output";
import { outputWriteError, writeReportFiles } from "./write-report-files";

/**
 * `pg-ltr check`: parses the flags, runs the check (streaming its findings into the text plan, which
 * prints the drift as it is found, and into the JSON and JUnit reports, so memory does not grow with
 * the estate), prints the chosen format, writes the --output files, and resolves to Terraform's
 * detailed exit code (0 clean, 2 drift, 1 could not check).
 */
export async function runCheckCommand(
  argv: string[],
  io: CommandIo = processIo(),
  interrupts: AbortSignal | undefined = undefined,
): Promise<number> {
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
  const stdout = new PipedOutput(io.stdout);
  const streamed = new Map<OutputFile | "stdout", StreamedReport>();
  const textPlans = new Map<OutputFile | "stdout", StreamedTextPlan>();
  // Tests pass their own signal; the process listens for SIGINT and SIGTERM only while it checks.
  const watch = interrupts ? undefined : watchInterrupts(io.stderr);
  try {
    const options = checkOptions(args, io);
    const { sourceRoot, warnings } = resolveSourceRoot({
      formats: [args.format, ...args.outputs.map((output) => output.format)],
      flag: args.sourceRoot,
      env: io.env,
      cwd: io.cwd,
      // An unreadable cdktf.json is the check's to report, with its own message.
      outDir: () => {
        try {
          return locateCdktfOut({ outDir: options.outDir, env: io.env, cwd: io.cwd }).outDir;
        } catch {
          return undefined;
        }
      },
    });
    for (const warning of warnings) io.stderr.write(`Warning: ${warning}\n`);
    // Loaded only now, so that --help and flag errors do not pay for the Azure SDK and ajv.
    const { streamLtrBackups } = await import("../check/check-ltr-backups");
    // The text plan, JSON and JUnit are written one finding at a time as the check goes; of the other
    // formats only what they show is kept (findingsToKeep), so memory does not grow with the estate.
    const color = useColor(args.noColor, io.env, io.stdout.isTTY);
    for (const target of ["stdout" as const, ...args.outputs]) {
      const format = target === "stdout" ? args.format : target.format;
      if (format === "json" || format === "junit") streamed.set(target, new StreamedReport(format));
      // The diagnostics of what could not be checked go to stderr below, as Terraform prints them;
      // a file has no stderr beside it and ends with them.
      else if (target === "stdout" && format === "text")
        textPlans.set(
          target,
          StreamedTextPlan.toStream(stdout, { color, quiet: args.quiet, diagnostics: false }, () =>
            progress.clear(),
          ),
        );
      else if (format === "text")
        textPlans.set(target, StreamedTextPlan.forFile({ color: false, quiet: args.quiet }));
    }
    const keep = findingsToKeep([args.format, ...args.outputs.map((output) => output.format)]);
    const kept: Finding[] = [];
    // What could not be checked, by cause, for stderr: a bad token on a large estate is one group
    // holding a few names, not a finding per expectation.
    const errors = new ErrorGroups();
    // Findings left out of `kept` still count towards "27 of 40 expectations in subscription …".
    const perSubscription = new Map<string, number>();
    const outcome = await streamLtrBackups(
      {
        ...options,
        interruptSignal: interrupts ?? watch?.signal,
        onProgress: (p: CheckProgress) => progress.update(p),
        onWarning: (message: string) => {
          progress.clear();
          io.stderr.write(`Warning: ${message}\n`);
        },
      },
      {
        onStart: ({ checkedAt }) => {
          for (const plan of textPlans.values()) plan.start(checkedAt);
        },
        onFinding: (finding) => {
          for (const plan of textPlans.values()) plan.add(finding);
          for (const report of streamed.values()) report.add(finding);
          errors.add(finding);
          if (keep(finding)) kept.push(finding);
          if (finding.subscriptionId !== null)
            perSubscription.set(
              finding.subscriptionId,
              (perSubscription.get(finding.subscriptionId) ?? 0) + 1,
            );
        },
      },
    );
    progress.clear();
    if (outcome.incomplete) io.stderr.write(`${incompleteLine(outcome.incomplete)}\n`);
    const result: CheckResult = { ...outcome, findings: kept, expectationsPerSubscription: perSubscription };
    for (const plan of textPlans.values()) plan.end(result);
    const toStdout = streamed.get("stdout");
    if (toStdout) await writeUnlessGone(stdout, (stream) => toStdout.writeToStream(stream, outcome));
    else if (!textPlans.has("stdout"))
      stdout.write(
        renderPlan(result, args.format, { color, quiet: args.quiet, diagnostics: false, sourceRoot }),
      );
    const stepSummary = io.env.GITHUB_STEP_SUMMARY ? resolve(io.cwd, io.env.GITHUB_STEP_SUMMARY) : undefined;
    for (const output of args.outputs) {
      const report = streamed.get(output);
      const plan = textPlans.get(output);
      const path = resolve(io.cwd, output.path);
      try {
        report?.writeTo(path, outcome, path === stepSummary);
        plan?.writeTo(path, path === stepSummary);
      } catch (error) {
        throw outputWriteError(output, error);
      }
    }
    await writeReportFiles(
      args.outputs.filter((output) => !streamed.has(output) && !textPlans.has(output)),
      (output) => renderPlan(result, output.format, { quiet: args.quiet, sourceRoot }),
      io,
    );
    // Whatever the format and the files, a run that exits 1 says why on stderr, as a CI log shows it.
    const errorStyle = styleFor(stderrColor(args.noColor));
    io.stderr.write(renderErrorGroups(errors.all, perSubscription, errorStyle));
    io.stderr.write(renderExemptionWarnings(result.exempt, errorStyle));
    if (stdout.error) throw standardOutputError(stdout.error);
    if (result.incomplete?.reason === "interrupted") return INTERRUPTED_EXIT_CODE;
    return exitCodeFor(result, args.softFail);
  } catch (error) {
    progress.clear();
    reportFailure(error, io.stderr, { color: stderrColor(args.noColor), env: io.env });
    return 1;
  } finally {
    watch?.dispose();
    for (const report of streamed.values()) report.close();
    for (const plan of textPlans.values()) plan.close();
  }
}

/** Writes a report to standard output, unless its reader has gone away (then quietly stops). */
async function writeUnlessGone(
  stdout: PipedOutput,
  write: (stream: NodeJS.WritableStream) => Promise<void>,
): Promise<void> {
  if (stdout.closed) return;
  try {
    await write(stdout.stream);
  } catch (error) {
    if (!stdout.closed || stdout.error) throw error;
  }
}

/** `Interrupted: 812 of 4,000 expectations checked`, said once the reports are ready. */
function incompleteLine(incomplete: IncompleteRun): string {
  const counts = `${incomplete.checked.toLocaleString("en-US")} of ${incomplete.total.toLocaleString("en-US")} expectations checked`;
  return incomplete.reason === "interrupted"
    ? `Interrupted: ${counts}; the others are reported as not checked.`
    : `Deadline passed: ${counts}; the others are reported as not checked.`;
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
    maxRetryWait: args.maxRetryWait,
    deadline: args.deadline,
    stuckAfter: args.stuckAfter,
    shard: args.shard,
    requireExisting: args.requireExisting || undefined,
    env: io.env,
  };
}

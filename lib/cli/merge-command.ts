import { exitCodeFor } from "../check/result";
import { mergeShardResults } from "../merge/merge-shard-results";
import { readShardReport } from "../merge/read-shard-report";
import { styleFor } from "../render/ansi-style";
import { renderErrorDiagnostics } from "../render/error-diagnostics";
import { renderExemptionWarnings } from "../render/exemption-wording";
import { renderPlan } from "../render/render-plan";
import { useColor } from "./color-choice";
import { processIo, type CommandIo } from "./command-io";
import { MERGE_HELP } from "./merge-help";
import { parseMergeArguments, type MergeArguments } from "./merge-arguments";
import { PipedOutput, standardOutputError } from "./piped-output";
import { reportFailure } from "./report-failure";
import { resolveSourceRoot } from "./source-root";
import { writeReportFiles } from "./write-report-files";

/**
 * `pg-ltr merge`: reads the shards' JSON reports, merges them, prints the chosen format, writes the
 * --output files and resolves to the exit code `pg-ltr check` would have given the whole check.
 */
export async function runMergeCommand(argv: string[], io: CommandIo = processIo()): Promise<number> {
  let args: MergeArguments;
  try {
    args = parseMergeArguments(argv);
  } catch (error) {
    reportFailure(error, io.stderr, {
      color: useColor(argv.includes("--no-color"), io.env, io.stderr.isTTY),
      env: io.env,
    });
    return 1;
  }
  if (args.help) {
    io.stdout.write(MERGE_HELP);
    return 0;
  }
  try {
    const { resolve } = await import("node:path");
    // No cdktf.out here: the app's folder is the working directory when it holds cdktf.json, else --source-root.
    const { sourceRoot, warnings } = resolveSourceRoot({
      formats: [args.format, ...args.outputs.map((output) => output.format)],
      flag: args.sourceRoot,
      env: io.env,
      cwd: io.cwd,
    });
    for (const warning of warnings) io.stderr.write(`Warning: ${warning}\n`);
    const reports = args.reports.map((file) => {
      const report = readShardReport(resolve(io.cwd, file));
      return { ...report, file };
    });
    const result = mergeShardResults(reports, { allowPartial: args.allowPartial });
    const color = useColor(args.noColor, io.env, io.stdout.isTTY);
    const stdout = new PipedOutput(io.stdout);
    stdout.write(
      renderPlan(result, args.format, { color, quiet: args.quiet, diagnostics: false, sourceRoot }),
    );
    await writeReportFiles(
      args.outputs,
      (output) => renderPlan(result, output.format, { quiet: args.quiet, sourceRoot }),
      io,
    );
    // As pg-ltr check does: what could not be checked, and exemptions running out, on stderr.
    const stderrStyle = styleFor(useColor(args.noColor, io.env, io.stderr.isTTY));
    io.stderr.write(renderErrorDiagnostics(result, stderrStyle));
    io.stderr.write(renderExemptionWarnings(result.exempt, stderrStyle));
    const missing = result.scope?.missingShards ?? [];
    if (missing.length > 0) {
      const count = reports[0]?.result.scope.shard?.count ?? 1;
      io.stderr.write(
        `pg-ltr merge: partial result, shard${missing.length > 1 ? "s" : ""} ` +
          `${missing.map((i) => `${i}/${count}`).join(", ")} missing ` +
          `(${result.findings.length} of ${result.scope?.totalExpectations ?? 0} expectations merged)\n`,
      );
    }
    if (stdout.error) throw standardOutputError(stdout.error);
    return exitCodeFor(result, args.softFail);
  } catch (error) {
    reportFailure(error, io.stderr, { color: useColor(args.noColor, io.env, io.stderr.isTTY), env: io.env });
    return 1;
  }
}

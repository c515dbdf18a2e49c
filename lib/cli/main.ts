/**
 * `pg-ltr` entry point: dispatches to a command module, loaded only when that command runs, so that
 * `--help` does not pay for the Azure SDK, ajv or cdktf.
 */
import { PgLtrInputError } from "../errors/input-error";
import { packageVersion } from "../package-version";
import { closestName, didYouMean } from "../text/closest-name";
import { useColor } from "./color-choice";
import { processIo, type CommandIo } from "./command-io";
import { limitHeapGrowth } from "./heap-growth";
import { reportFailure } from "./report-failure";

export const TOP_LEVEL_HELP = `Usage: pg-ltr <command> [options]

Keeps long-term-retention (LTR) backups of Azure Database for PostgreSQL flexible servers honest:
the expectations declared with the cdktf construct PostgresLtrBackups are checked against Azure.

Commands:
  check      Check every declared LTR backup in cdktf.out against Azure and print a plan of drift.
             Exit code: 0 all compliant, 2 drift, 1 could not check.
  merge      Combine the JSON reports of pg-ltr check --shard I/N into one report, rendered like check.
  emulator   Run a local Azure Resource Manager emulator of the LTR backup API (HTTPS on 127.0.0.1),
             for demos, tests and pipelines without an Azure account.
  version    Print the version of cdktf-pg-ltr.
  help       Show this help, or a command's: pg-ltr help check

Options:
  -h, --help     Show help (also: pg-ltr <command> --help)
  -v, --version  Show the version

Examples:
  cdktf synth && npx pg-ltr check
  npx pg-ltr check --format json --output junit=ltr-report.xml
  npx pg-ltr merge shard-1.json shard-2.json shard-3.json
  npx pg-ltr emulator --from cdktf.out
`;

const COMMANDS = ["check", "merge", "emulator", "version", "help"] as const;
const TOP_LEVEL_OPTIONS = ["help", "version"];
const HELP_HINT = 'Run "pg-ltr --help" for the commands.';

/** Runs the CLI with the given arguments and resolves to the process exit code. */
export async function main(argv: string[], io: CommandIo = processIo()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    reportFailure(error, io.stderr, {
      color: useColor(argv.includes("--no-color"), io.env, io.stderr.isTTY),
      env: io.env,
    });
    return 1;
  }
}

async function dispatch(argv: string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    // Nothing asked: the help, but exit 1 so that a script calling `pg-ltr` by mistake notices.
    io.stdout.write(TOP_LEVEL_HELP);
    return 1;
  }
  if (command === "-h" || command === "--help") {
    io.stdout.write(TOP_LEVEL_HELP);
    return 0;
  }
  if (command === "-v" || command === "--version") return version(rest, command, io);
  switch (command) {
    case "check":
      limitHeapGrowth(io.env, process.execArgv);
      return (await import("./check-command")).runCheckCommand(rest, io);
    case "merge":
      return (await import("./merge-command")).runMergeCommand(rest, io);
    case "emulator":
      return (await import("./emulator-command")).runEmulatorCommand(rest, io);
    case "version":
      return version(rest, command, io);
    case "help":
      return help(rest, io);
  }
  if (command.startsWith("-")) {
    throw new PgLtrInputError(`unknown option "${command}"${await optionAdvice(command)} ${HELP_HINT}`);
  }
  throw new PgLtrInputError(
    `unknown command "${command}"${didYouMean(command, COMMANDS) || "."} ${HELP_HINT}`,
  );
}

function version(rest: readonly string[], command: string, io: CommandIo): number {
  if (rest.length > 0) {
    throw new PgLtrInputError(`unexpected argument "${rest[0]}": pg-ltr ${command} takes none`);
  }
  io.stdout.write(`${packageVersion()}\n`);
  return 0;
}

async function help(rest: readonly string[], io: CommandIo): Promise<number> {
  const [topic, ...extra] = rest;
  if (extra.length > 0) {
    throw new PgLtrInputError(`unexpected argument "${extra[0]}": pg-ltr help takes one command name`);
  }
  switch (topic) {
    case undefined:
    case "help":
      io.stdout.write(TOP_LEVEL_HELP);
      return 0;
    case "check":
      io.stdout.write((await import("./check-help")).CHECK_HELP);
      return 0;
    case "merge":
      io.stdout.write((await import("./merge-help")).MERGE_HELP);
      return 0;
    case "emulator":
      io.stdout.write((await import("./emulator-command")).EMULATOR_HELP);
      return 0;
    case "version":
      io.stdout.write("Usage: pg-ltr version (or pg-ltr --version)\n\nPrints the version of cdktf-pg-ltr.\n");
      return 0;
  }
  throw new PgLtrInputError(
    `no help for "${topic}": it is not a command${didYouMean(topic, COMMANDS) || "."} ${HELP_HINT}`,
  );
}

/** A flag before the command: a mistyped --help/--version, or a check option put before `check`. */
async function optionAdvice(flag: string): Promise<string> {
  const typed = flag.replace(/^-+/, "").split("=")[0] as string;
  const topLevel = closestName(typed, TOP_LEVEL_OPTIONS);
  if (topLevel) return `; did you mean "--${topLevel}"?`;
  const checkOption = closestName(typed, (await import("./check-arguments")).CHECK_OPTION_NAMES);
  if (checkOption) return `; options go after the command: did you mean "pg-ltr check --${checkOption}"?`;
  return ".";
}

/**
 * `pg-ltr` entry point: dispatches to a command module, loaded only when that command runs, so that
 * `--help` does not pay for the Azure SDK, ajv or cdktf.
 */
import { packageVersion } from "../package-version";

export const TOP_LEVEL_HELP = `Usage: pg-ltr <command> [options]

Keeps long-term-retention (LTR) backups of Azure Database for PostgreSQL flexible servers honest:
the expectations declared with the cdktf construct PostgresLtrBackups are checked against Azure.

Commands:
  check      Check every declared LTR backup in cdktf.out against Azure and print a plan of drift.
             Exit code: 0 all compliant, 2 drift, 1 could not check.
  emulator   Run a local Azure Resource Manager emulator of the LTR backup API (HTTPS on 127.0.0.1),
             for demos, tests and pipelines without an Azure account.

Options:
  -h, --help     Show help (also: pg-ltr <command> --help)
  -v, --version  Show the version

Examples:
  cdktf synth && pg-ltr check
  pg-ltr check --format json --output junit=ltr-report.xml
  pg-ltr emulator --state examples/basic/emulator-state.json --port 8443
`;

/** Runs the CLI with the given arguments and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    process.stdout.write(TOP_LEVEL_HELP);
    return command === undefined ? 1 : 0;
  }
  if (command === "-v" || command === "--version") {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  switch (command) {
    case "check":
      return (await import("./check-command")).runCheckCommand(rest);
    case "emulator":
      return (await import("./emulator-command")).runEmulatorCommand(rest);
    default:
      process.stderr.write(`Error: unknown command "${command}". Run "pg-ltr --help" for the commands.\n`);
      return 1;
  }
}

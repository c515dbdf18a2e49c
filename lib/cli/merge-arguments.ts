import { parseArgs } from "node:util";
import { PgLtrInputError } from "../errors/input-error";
import { PLAN_FORMATS, type PlanFormat } from "../render/render-plan";
import { outputFiles, type CheckArguments } from "./check-arguments";
import { describeParseError } from "./parse-error-message";

/** `pg-ltr merge`'s command line: the reports, and the output flags `pg-ltr check` has. */
export type MergeArguments = Pick<
  CheckArguments,
  "help" | "format" | "outputs" | "sourceRoot" | "noColor" | "quiet" | "softFail"
> & {
  /** The shard reports, as given. */
  readonly reports: string[];
  readonly allowPartial: boolean;
};

const OPTIONS = {
  format: { type: "string" },
  output: { type: "string", multiple: true },
  "source-root": { type: "string" },
  "no-color": { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  "soft-fail": { type: "boolean" },
  "allow-partial": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const HELP_HINT = 'Run "pg-ltr merge --help" for the options.';

/** Parses the arguments after `pg-ltr merge`; anything malformed is a PgLtrInputError saying what to write. */
export function parseMergeArguments(argv: readonly string[]): MergeArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: OPTIONS,
      strict: true,
      allowPositionals: true,
      tokens: true,
    });
  } catch (error) {
    throw new PgLtrInputError(
      describeParseError(error, {
        command: "pg-ltr merge",
        optionNames: Object.keys(OPTIONS),
        helpHint: HELP_HINT,
      }),
    );
  }
  const { values, positionals, tokens } = parsed;
  const base = {
    help: values.help ?? false,
    format: "text" as PlanFormat,
    outputs: [],
    noColor: values["no-color"] ?? false,
    quiet: values.quiet ?? false,
    softFail: values["soft-fail"] ?? false,
    allowPartial: values["allow-partial"] ?? false,
    reports: positionals,
  };
  if (base.help) return base;
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== "option" || token.name === "output") continue;
    if (seen.has(token.name))
      throw new PgLtrInputError(`--${token.name} was given more than once; give it once`);
    seen.add(token.name);
  }
  const format = values.format;
  if (format !== undefined && !(PLAN_FORMATS as readonly string[]).includes(format)) {
    throw new PgLtrInputError(`--format "${format}" is not one of ${PLAN_FORMATS.join(", ")}`);
  }
  if (positionals.length === 0) {
    throw new PgLtrInputError(
      `pg-ltr merge needs the shard reports: pg-ltr merge shard-1.json shard-2.json ... ${HELP_HINT}`,
    );
  }
  const repeated = positionals.find((file, i) => positionals.indexOf(file) !== i);
  if (repeated !== undefined)
    throw new PgLtrInputError(`report ${repeated} was given twice; give each report once`);
  return {
    ...base,
    format: (format as PlanFormat | undefined) ?? "text",
    outputs: outputFiles(values.output ?? []),
    sourceRoot: values["source-root"],
  };
}

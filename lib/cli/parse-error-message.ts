import { didYouMean } from "../text/closest-name";

/** What a command tells `describeParseError` about itself. */
export interface CommandSyntax {
  /** The command as typed, e.g. `pg-ltr check`. */
  readonly command: string;
  /** Long option names it accepts, without dashes, for "did you mean" suggestions. */
  readonly optionNames: readonly string[];
  /** Sentence pointing at the command's help. */
  readonly helpHint: string;
  /** Extra advice for a stray positional argument, e.g. `did you mean --state x?`. */
  readonly positionalAdvice?: (argument: string) => string;
  /** Advice for an unknown option that beats a spelling suggestion, starting with `; `, or `""`. */
  readonly unknownOptionAdvice?: (flag: string) => string;
}

/** node:util parseArgs' messages, reworded to say what to type instead. */
export function describeParseError(error: unknown, syntax: CommandSyntax): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? "";
  // Node quotes `--out <value>` or, for a flag with a short form, `-q, --quiet`.
  const flag = /--[\w-]+/.exec(quoted)?.[0] ?? quoted;
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const hint = syntax.unknownOptionAdvice?.(flag) ?? "";
      const suggestion =
        hint || didYouMean(flag.replace(/^-+/, ""), syntax.optionNames, (name) => `--${name}`);
      return `unknown option "${flag}"${suggestion || "."} ${syntax.helpHint}`;
    }
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL": {
      const advice = syntax.positionalAdvice ? ` (${syntax.positionalAdvice(quoted)})` : "";
      return `unexpected argument "${quoted}": ${syntax.command} takes only options${advice}. ${syntax.helpHint}`;
    }
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      if (/does not take an argument/.test(message))
        return `${flag} is a switch and takes no value; write just ${flag}`;
      if (/ambiguous/.test(message))
        return `${flag} needs a value; to pass one that starts with "-", write ${flag}=VALUE`;
      return `${flag} needs a value. ${syntax.helpHint}`;
    default:
      return `${message}. ${syntax.helpHint}`;
  }
}

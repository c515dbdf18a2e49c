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
      const suggestion = closestOption(flag, syntax.optionNames);
      return `unknown option "${flag}"${suggestion ? `; did you mean "${suggestion}"?` : "."} ${syntax.helpHint}`;
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

/** The known option closest to a mistyped one (`--no-colour` → `--no-color`), if it is close. */
function closestOption(flag: string, optionNames: readonly string[]): string | undefined {
  const typed = flag.replace(/^-+/, "");
  let best: { name: string; distance: number } | undefined;
  for (const name of optionNames) {
    const distance = editDistance(typed, name);
    if (distance <= Math.max(1, Math.floor(name.length / 4)) && (!best || distance < best.distance))
      best = { name, distance };
  }
  return best && `--${best.name}`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}

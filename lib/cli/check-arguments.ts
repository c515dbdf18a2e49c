import { describeParseError } from "./parse-error-message";
import { parseArgs } from "node:util";
import { PgLtrInputError } from "../errors/input-error";
import type { AzureCloudName, FetchStrategy } from "../check/options";
import type { Shard } from "../check/result";
import { parseShard } from "../check/shard";
import { PLAN_FORMATS, type PlanFormat } from "../render/render-plan";
import { AZURE_CLOUD_NAMES, cloudNamed } from "../azure/clouds";
import { didYouMean } from "../text/closest-name";

/** An extra report file: `--output junit=reports/ltr.xml`. */
export interface OutputFile {
  readonly format: PlanFormat;
  readonly path: string;
}

/** `pg-ltr check`'s command line, parsed into typed values; semantic checks are left to the check. */
export interface CheckArguments {
  readonly help: boolean;
  /** `--out`; without it the check finds cdktf.out as cdktf does. */
  readonly outDir?: string;
  readonly stacks: string[];
  readonly terraformStates: string[];
  readonly servers: string[];
  readonly now?: string;
  readonly cloud?: AzureCloudName;
  readonly endpoint?: string;
  readonly scope?: string;
  readonly subscriptionId?: string;
  readonly apiVersion?: string;
  readonly concurrency?: number;
  readonly strategy?: FetchStrategy;
  readonly timeout?: string;
  readonly maxRetries?: number;
  readonly retryDelay?: string;
  readonly maxRetryWait?: string;
  readonly deadline?: string;
  readonly stuckAfter?: string;
  readonly shard?: Shard;
  readonly format: PlanFormat;
  readonly outputs: OutputFile[];
  /** `--source-root`: the app's folder in the repository, for GitHub annotation and SARIF paths. */
  readonly sourceRoot?: string;
  readonly noColor: boolean;
  readonly quiet: boolean;
  readonly softFail: boolean;
  readonly requireExisting: boolean;
}

const OPTIONS = {
  out: { type: "string" },
  stack: { type: "string", multiple: true },
  "terraform-state": { type: "string", multiple: true },
  server: { type: "string", multiple: true },
  now: { type: "string" },
  cloud: { type: "string" },
  endpoint: { type: "string" },
  scope: { type: "string" },
  subscription: { type: "string" },
  "api-version": { type: "string" },
  concurrency: { type: "string" },
  strategy: { type: "string" },
  timeout: { type: "string" },
  "max-retries": { type: "string" },
  "retry-delay": { type: "string" },
  "max-retry-wait": { type: "string" },
  deadline: { type: "string" },
  "stuck-after": { type: "string" },
  shard: { type: "string" },
  format: { type: "string" },
  output: { type: "string", multiple: true },
  "source-root": { type: "string" },
  "no-color": { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  "soft-fail": { type: "boolean" },
  "require-existing": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

type OptionName = keyof typeof OPTIONS;

/** The long options of `pg-ltr check`, for "did you mean" elsewhere. */
export const CHECK_OPTION_NAMES: readonly string[] = Object.keys(OPTIONS);

const STRATEGIES: readonly FetchStrategy[] = ["auto", "get", "list"];
const HELP_HINT = 'Run "pg-ltr check --help" for the options.';

/**
 * Parses the arguments after `pg-ltr check`. Anything malformed is a PgLtrInputError naming the flag
 * and what to write instead. Values whose meaning the check defines (instants, durations, the cloud
 * and endpoint, the api-version) are checked by the check's own settings, which name the same flags.
 */
export function parseCheckArguments(argv: readonly string[]): CheckArguments {
  const { values, tokens } = parseStrict(argv);
  if (values.help) return { ...defaults(), help: true };
  rejectRepeats(tokens);
  const text = (name: OptionName): string | undefined => {
    const value = values[name];
    if (typeof value !== "string") return undefined;
    if (value.trim() === "") throw new PgLtrInputError(`--${name} needs a value; it was given an empty one`);
    return value;
  };
  return {
    ...defaults(),
    outDir: text("out"),
    stacks: names("--stack", "a stack name", values.stack),
    terraformStates: names("--terraform-state", "a file", values["terraform-state"]),
    servers: names("--server", "a server name", values.server),
    now: text("now"),
    cloud: cloud(text("cloud")),
    endpoint: text("endpoint"),
    scope: text("scope"),
    subscriptionId: subscription(text("subscription")),
    apiVersion: text("api-version"),
    concurrency: wholeNumber("--concurrency", text("concurrency"), 1),
    strategy: oneOf("--strategy", text("strategy"), STRATEGIES),
    timeout: text("timeout"),
    maxRetries: wholeNumber("--max-retries", text("max-retries"), 0),
    retryDelay: text("retry-delay"),
    maxRetryWait: text("max-retry-wait"),
    deadline: text("deadline"),
    stuckAfter: text("stuck-after"),
    shard: optional(text("shard"), parseShard),
    format: oneOf("--format", text("format"), PLAN_FORMATS) ?? "text",
    outputs: outputFiles(values.output ?? []),
    sourceRoot: text("source-root"),
    noColor: values["no-color"] ?? false,
    quiet: values.quiet ?? false,
    softFail: values["soft-fail"] ?? false,
    requireExisting: values["require-existing"] ?? false,
  };
}

function defaults(): CheckArguments {
  return {
    help: false,
    stacks: [],
    terraformStates: [],
    servers: [],
    format: "text",
    outputs: [],
    noColor: false,
    quiet: false,
    softFail: false,
    requireExisting: false,
  };
}

function parseStrict(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: OPTIONS,
      strict: true,
      allowPositionals: false,
      tokens: true,
    });
  } catch (error) {
    throw new PgLtrInputError(
      describeParseError(error, {
        command: "pg-ltr check",
        optionNames: Object.keys(OPTIONS),
        helpHint: HELP_HINT,
        unknownOptionAdvice: (flag) =>
          flag === "--output-dir" || flag === "--outdir" ? '; did you mean "--out"?' : "",
      }),
    );
  }
}

/** A single-valued flag given twice is refused rather than silently taking the last one. */
function rejectRepeats(tokens: ReadonlyArray<{ kind: string; name?: string }>): void {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== "option" || token.name === undefined) continue;
    const option = OPTIONS[token.name as OptionName];
    if ("multiple" in option && option.multiple) continue;
    if (seen.has(token.name))
      throw new PgLtrInputError(`--${token.name} was given more than once; give it once`);
    seen.add(token.name);
  }
}

function names(flag: string, what: string, given: readonly string[] | undefined): string[] {
  return (given ?? []).map((name) => {
    if (name.trim() === "") fail(`${flag} needs ${what}; it was given an empty one`);
    return name;
  });
}

function optional<T>(value: string | undefined, parse: (text: string) => T): T | undefined {
  return value === undefined ? undefined : parse(value);
}

function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  return fail(`${flag} "${value}" is not one of ${allowed.join(", ")}${didYouMean(value, allowed)}`);
}

function cloud(value: string | undefined): AzureCloudName | undefined {
  if (value === undefined) return undefined;
  const named = cloudNamed(value);
  if (named) return named;
  return fail(
    `--cloud "${value}" is not one of ${AZURE_CLOUD_NAMES.join(", ")}${didYouMean(value, AZURE_CLOUD_NAMES)}`,
  );
}

function wholeNumber(flag: string, value: string | undefined, minimum: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < minimum || !Number.isSafeInteger(Number(value))) {
    return fail(`${flag} "${value}" must be a whole number of at least ${minimum}`);
  }
  return Number(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function subscription(value: string | undefined): string | undefined {
  if (value === undefined || UUID.test(value.trim())) return value?.trim();
  return fail(
    `--subscription "${value}" is not a subscription id: pass a UUID such as 00000000-0000-0000-0000-000000000000`,
  );
}

/** `--output FORMAT=PATH` values, each path once. */
export function outputFiles(specs: readonly string[]): OutputFile[] {
  const outputs: OutputFile[] = [];
  for (const spec of specs) {
    const separator = spec.indexOf("=");
    const format = separator < 0 ? "" : spec.slice(0, separator);
    const path = separator < 0 ? "" : spec.slice(separator + 1);
    if (separator < 0 || path.trim() === "" || !(PLAN_FORMATS as readonly string[]).includes(format)) {
      // `cdktf synth --output DIR` names the synthesis folder; here that is --out.
      const outHint =
        separator < 0 && !(PLAN_FORMATS as readonly string[]).includes(spec)
          ? `; did you mean --out ${spec} (the synthesis output folder, which cdktf calls --output)?`
          : separator > 0 && !(PLAN_FORMATS as readonly string[]).includes(format)
            ? didYouMean(format, PLAN_FORMATS, (name) => `${name}=${path}`)
            : "";
      fail(
        `--output "${spec}" must be FORMAT=PATH with FORMAT one of ${PLAN_FORMATS.join(", ")}, ` +
          `such as --output junit=reports/ltr-backups.xml${outHint}`,
      );
    }
    if (outputs.some((output) => output.path === path))
      fail(`--output names "${path}" twice; give each file once`);
    outputs.push({ format: format as PlanFormat, path });
  }
  return outputs;
}

function fail(message: string): never {
  throw new PgLtrInputError(message);
}

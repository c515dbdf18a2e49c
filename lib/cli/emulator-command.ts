import { describeParseError } from "./parse-error-message";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { PgLtrInputError } from "../errors/input-error";
import { SERVED_API_VERSIONS } from "../emulator/arm/api-version";
import { FAULT_SPEC_GRAMMAR } from "../emulator/faults/fault-spec";
import { type EmulatorState, loadEmulatorState } from "../emulator/state/emulator-state";
import { instantProblem } from "../time/instant";
import { useColor } from "./color-choice";
import { processIo, type CommandIo } from "./command-io";
import { reportFailure } from "./report-failure";
import { terminalText } from "../render/untrusted-text";
import {
  type EmulatorOptions,
  type FaultSpec,
  type MissingServerCode,
  type RunningEmulator,
  parseFaultSpec,
  startEmulator,
} from "../emulator/start-emulator";

export const EMULATOR_HELP = `Usage: pg-ltr emulator --state FILE [options]
       pg-ltr emulator --from cdktf.out [--now INSTANT] [--write-state FILE] [options]

Runs a local emulator of Azure Resource Manager's long-term-retention (LTR) backup API for PostgreSQL
flexible servers over HTTPS on 127.0.0.1, with a Microsoft Entra token endpoint, so that pg-ltr check,
the Azure SDK and @azure/identity run against it without an Azure account. Nothing leaves the machine.
It stops on Ctrl+C (SIGINT) or SIGTERM.

It serves api-versions ${SERVED_API_VERSIONS.join(", ")}, with the same operations and payloads:
  GET  .../flexibleServers/{server}/ltrBackupOperations/{backup}   one operation
  GET  .../flexibleServers/{server}/ltrBackupOperations            the list, paged with nextLink
  POST .../flexibleServers/{server}/startLtrBackup                 starts a backup (202, pollable)
  POST .../flexibleServers/{server}/ltrPreBackup                   the prerequisites check
  POST /{tenant}/oauth2/v2.0/token                                  client-credentials tokens
with ARM's errors: 404 NotFound (backup), ResourceNotFound or ParentResourceNotFound (server),
ResourceGroupNotFound, SubscriptionNotFound; 401 without a bearer token; 403 AuthorizationFailed for
subscriptions marked "denied"; 400 NoRegisteredProviderFound, naming the served versions, for any
other api-version; and ARM's throttling: a token bucket per subscription and principal for reads
and another for writes, reported in x-ms-ratelimit-remaining-subscription-reads / -writes, and 429
SubscriptionRequestsThrottled with Retry-After when one is empty.

Authentication: as local emulators do, any well-formed bearer token is accepted, so a stub credential
or PG_LTR_ACCESS_TOKEN=anything just works; a missing or malformed Authorization header is 401. With
--strict-auth only the tokens its token endpoint issued (for the resource manager of a known cloud,
such as https://management.azure.com/.default, and not expired) and the state's accessTokens are
accepted, for testing 401 answers. The token endpoint issues tokens for the scope of every known
cloud's resource manager only, as clients ask for that scope whatever endpoint they talk to; an Azure
SDK client with a real credential and a custom endpoint needs credentialScopes set to it, as it does
behind any proxy.

What to serve (one of):
  --state FILE              JSON as described by the schema shipped in the package,
                            node_modules/cdktf-pg-ltr/lib/schema/emulator-state.schema.json
                            (subscriptions > resourceGroups > servers > ltrBackupOperations).
  --from DIR                A synthesis output folder (cdktf.out): serve a state in which every LTR
                            backup its stacks declare exists and is compliant, so pg-ltr check passes.
    --now INSTANT           The instant that state is compliant at (ISO 8601); give pg-ltr check the
                            same --now. Default: the current time
    --subscription ID       Subscription of servers that declare none. Default: ARM_SUBSCRIPTION_ID,
                            then AZURE_SUBSCRIPTION_ID, then 00000000-0000-0000-0000-000000000000
    --write-state FILE      Also write that state to FILE: edit it (delete a backup, set a status to
                            Failed, move an endTime back) and serve it with --state FILE to see each
                            verdict.

Options:
  --port N                  Port to listen on; 0 picks a free one (default 0).
  --latency-ms N            Milliseconds added before every answer (default 0).
  --page-size N             Operations per page of ltrBackupOperations listings (default 10).
  --throttle BUCKET,REFILL  Read throttling per subscription and principal: bucket size and tokens
                            refilled per second (default 250,25, as ARM).
  --write-throttle BUCKET,REFILL
                            Write throttling, a separate bucket spent by POSTs (startLtrBackup,
                            ltrPreBackup) (default 200,10, as ARM).
  --no-throttle             Turn read and write throttling off.
  --op-duration-ms N        How long a backup started with startLtrBackup runs before it ends
                            (default 2000): Succeeded, or as the server's startLtrBackup state
                            (outcome Failed or Cancelled, synchronous) or a fault (outcome=..., sync)
                            says.
  --fault SPEC              Inject a fault into ARM requests; repeat the flag for several faults.
  --log-requests            Print one line per answered request.
  --strict-auth             Accept only tokens from its token endpoint and the state's accessTokens;
                            any other token answers 401 (default: any well-formed bearer token).
  --missing-server-code CODE
                            How the ltrBackupOperations of a server that does not exist answer:
                            ResourceNotFound or ParentResourceNotFound, both 404 (default: the
                            state's missingServerCode, else ResourceNotFound).
  -h, --help                Show this help.

Faults:
${FAULT_SPEC_GRAMMAR.split("\n")
  .map((line) => `  ${line}`)
  .join("\n")}

Examples:
  npx pg-ltr emulator --from cdktf.out --write-state ltr-state.json
  npx pg-ltr emulator --state ltr-state.json --port 8443
  npx pg-ltr emulator --state node_modules/cdktf-pg-ltr/examples/basic/emulator-state.json
  npx pg-ltr emulator --state state.json --port 8443 --throttle 20,5 --fault status=503,rate=0.1
  npx pg-ltr emulator --state state.json --fault reset,count=2,match=orders-db \\
      --fault delay=5000,match=orders-db/pre-upgrade-2026-11 --fault malformed,match=analytics-db/migration-baseline

Then, in another terminal (the emulator prints its URL, CA file and a token when it starts):
  export NODE_EXTRA_CA_CERTS=/path/printed/ca.pem
  PG_LTR_ACCESS_TOKEN=anything npx pg-ltr check --endpoint https://127.0.0.1:<port>
or sign in through its token endpoint with any tenant, client id and secret (also under --strict-auth):
  AZURE_AUTHORITY_HOST=https://127.0.0.1:<port> AZURE_TENANT_ID=<GUID> AZURE_CLIENT_ID=<id> \\
  AZURE_CLIENT_SECRET=<secret> npx pg-ltr check --endpoint https://127.0.0.1:<port>
`;

const OPTIONS = {
  state: { type: "string" },
  from: { type: "string" },
  now: { type: "string" },
  subscription: { type: "string" },
  "write-state": { type: "string" },
  port: { type: "string" },
  "latency-ms": { type: "string" },
  "page-size": { type: "string" },
  throttle: { type: "string" },
  "write-throttle": { type: "string" },
  "no-throttle": { type: "boolean" },
  "op-duration-ms": { type: "string" },
  fault: { type: "string", multiple: true },
  "log-requests": { type: "boolean" },
  "strict-auth": { type: "boolean" },
  "missing-server-code": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const HELP_HINT = 'Run "pg-ltr emulator --help" for the options.';

/** Subscription of `--from` servers that declare none when neither the flag nor the environment gives one. */
const DEFAULT_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `pg-ltr emulator`: runs until SIGINT or SIGTERM, then resolves to 0; 1 when it cannot start. */
export async function runEmulatorCommand(argv: string[], io: CommandIo = processIo()): Promise<number> {
  let parsed: ParsedEmulatorArguments;
  let emulator: RunningEmulator;
  try {
    parsed = await parseEmulatorArguments(argv, io);
    if (parsed.help) {
      io.stdout.write(EMULATOR_HELP);
      return 0;
    }
    if (parsed.writeState) {
      writeStateFile(parsed.writeState, parsed.options.state as EmulatorState);
    }
    emulator = await startEmulator(parsed.options);
  } catch (error) {
    reportFailure(error, io.stderr, { color: useColor(false, io.env, io.stderr.isTTY), env: io.env });
    return 1;
  }
  io.stdout.write(banner(emulator, parsed));
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (received: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(received);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await emulator.close();
  io.stdout.write(`Emulator stopped (${signal}).\n`);
  return 0;
}

/** What the emulator prints once it listens: its URL first, then a check command that works from a shell. */
function banner(emulator: RunningEmulator, parsed: ParsedEmulatorArguments): string {
  const signIn = `sign in through its token endpoint: AZURE_AUTHORITY_HOST=${emulator.authorityHost} with any AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET.`;
  const checkFlags = [`--endpoint ${emulator.url}`, ...(parsed.checkFlags ?? [])].join(" ");
  const check = (token: string) => `  PG_LTR_ACCESS_TOKEN=${token} npx pg-ltr check ${checkFlags}`;
  const lines = [`Emulator listening on ${emulator.url} (CA certificate: ${emulator.caCertificatePath})`];
  if (parsed.from) {
    lines.push(
      `Serving ${parsed.from.backups} LTR backups for the ${parsed.from.servers} ` +
        `server${parsed.from.servers === 1 ? "" : "s"} declared in ${parsed.from.outDir}: every declared backup ` +
        `exists and is compliant as of ${parsed.from.now}.`,
    );
  }
  if (parsed.writeState) {
    lines.push(
      `Wrote that state to ${parsed.writeState}: edit it (delete a backup, set a status to Failed, move an endTime back),`,
      `then serve it with: npx pg-ltr emulator --state ${quoteArgument(parsed.writeState)}`,
    );
  }
  lines.push(
    "Point pg-ltr at it from another terminal:",
    `  export NODE_EXTRA_CA_CERTS=${emulator.caCertificatePath}`,
  );
  if (parsed.options.strictAuth) {
    lines.push(
      ...(parsed.exampleToken === undefined ? [] : [check(parsed.exampleToken)]),
      `${parsed.exampleToken === undefined ? "and" : "or"} ${signIn}`,
      "Strict auth: only tokens from its token endpoint and the state's accessTokens are accepted.",
    );
  } else {
    lines.push(
      check("emulator"),
      "Any well-formed bearer token is accepted (--strict-auth accepts only its own and the state's).",
      `Or ${signIn}`,
    );
  }
  lines.push("Press Ctrl+C to stop.", "");
  return lines.join("\n");
}

interface ParsedEmulatorArguments {
  readonly help: boolean;
  readonly options: EmulatorOptions;
  /** A token from the state file to show in the start-up hint, when the state has one. */
  readonly exampleToken?: string;
  /** Where `--write-state` writes the state served, absolute. */
  readonly writeState?: string;
  /** What `--from` read, for the start-up banner. */
  readonly from?: {
    readonly outDir: string;
    readonly servers: number;
    readonly backups: number;
    readonly now: string;
  };
  /** Flags `pg-ltr check` needs to see what this emulator serves (`--now`, `--out`, `--subscription`). */
  readonly checkFlags?: readonly string[];
}

async function parseEmulatorArguments(
  argv: readonly string[],
  io: CommandIo,
): Promise<ParsedEmulatorArguments> {
  let values: ReturnType<typeof parse>["values"];
  let tokens: ReturnType<typeof parse>["tokens"];
  try {
    ({ values, tokens } = parse(argv));
  } catch (error) {
    throw new PgLtrInputError(
      describeParseError(error, {
        command: "pg-ltr emulator",
        optionNames: Object.keys(OPTIONS),
        helpHint: HELP_HINT,
        positionalAdvice: (argument) => `did you mean --state ${argument} or --from ${argument}?`,
      }),
    );
  }
  if (values.help) return { help: true, options: { state: "" } };
  for (const name of Object.keys(OPTIONS) as (keyof typeof OPTIONS)[]) {
    const option = OPTIONS[name];
    if ("multiple" in option && option.multiple) continue;
    if (tokens.filter((token) => token.kind === "option" && token.name === name).length > 1) {
      throw new PgLtrInputError(`--${name} was given more than once; give it once.`);
    }
  }
  const given = (name: "state" | "from" | "now" | "subscription" | "write-state"): string | undefined => {
    const value = values[name];
    if (value !== undefined && value.trim() === "") {
      throw new PgLtrInputError(`--${name} needs a value; it was given an empty one.`);
    }
    return value;
  };
  const stateFile = given("state");
  const from = given("from");
  if (stateFile !== undefined && from !== undefined) {
    throw new PgLtrInputError(
      "--state and --from contradict each other: serve a state file or a synthesis output, not both.",
    );
  }
  if (stateFile === undefined && from === undefined) {
    throw new PgLtrInputError(
      `--state FILE or --from DIR is required: a JSON file of what to serve, or a cdktf.out to serve compliant. ${HELP_HINT}`,
    );
  }
  for (const name of ["now", "subscription", "write-state"] as const) {
    if (from === undefined && values[name] !== undefined) {
      throw new PgLtrInputError(
        `--${name} works with --from only: a --state file already says what to serve.`,
      );
    }
  }
  for (const name of ["throttle", "write-throttle"] as const) {
    if (values[name] !== undefined && values["no-throttle"]) {
      throw new PgLtrInputError(`--${name} and --no-throttle contradict each other; give one of them.`);
    }
  }
  const faults: FaultSpec[] = (values.fault ?? []).map(parseFaultSpec);
  const served =
    from === undefined
      ? // Loaded here rather than by startEmulator so that the start-up hint can show one of its tokens.
        { state: loadEmulatorState(resolve(io.cwd, stateFile as string)) }
      : await compliantStateFrom(from, given("now"), given("subscription"), io);
  const options: EmulatorOptions = {
    state: served.state,
    port: wholeNumber("--port", values.port, 0, 65535),
    latencyMs: wholeNumber("--latency-ms", values["latency-ms"], 0),
    pageSize: wholeNumber("--page-size", values["page-size"], 1),
    throttle: values["no-throttle"] ? false : throttle("--throttle", values.throttle, "250,25"),
    writeThrottle: values["no-throttle"]
      ? false
      : throttle("--write-throttle", values["write-throttle"], "200,10"),
    opDurationMs: wholeNumber("--op-duration-ms", values["op-duration-ms"], 0),
    faults,
    strictAuth: values["strict-auth"] === true,
    missingServerCode: oneOf("--missing-server-code", values["missing-server-code"], MISSING_SERVER_CODES),
    onRequest: values["log-requests"]
      ? (entry) =>
          // The path is whatever a client sent: shown escaped, it cannot drive the terminal.
          io.stdout.write(
            `${entry.method} ${terminalText(entry.path)} -> ${entry.outcome} (${entry.durationMs} ms)\n`,
          )
      : undefined,
  };
  const writeState = given("write-state");
  return {
    help: false,
    options,
    exampleToken: served.state.accessTokens?.[0],
    ...(writeState === undefined ? {} : { writeState: resolve(io.cwd, writeState) }),
    ...("from" in served ? { from: served.from, checkFlags: served.checkFlags } : {}),
  };
}

/** `--from`: the synthesis output read as the check reads it, turned into a state where all is compliant. */
async function compliantStateFrom(
  from: string,
  nowText: string | undefined,
  subscriptionFlag: string | undefined,
  io: CommandIo,
): Promise<{
  state: EmulatorState;
  from: NonNullable<ParsedEmulatorArguments["from"]>;
  checkFlags: string[];
}> {
  const problem = nowText === undefined ? undefined : instantProblem(nowText);
  if (problem) throw new PgLtrInputError(`--now "${nowText}" ${problem}`);
  const now = nowText === undefined ? new Date() : new Date(nowText);
  if (subscriptionFlag !== undefined && !UUID.test(subscriptionFlag.trim())) {
    throw new PgLtrInputError(
      `--subscription "${subscriptionFlag}" is not a subscription id: pass a UUID such as ${DEFAULT_SUBSCRIPTION}`,
    );
  }
  const [{ readCdktfOut }, { compliantState }] = await Promise.all([
    import("../check/read-cdktf-out"),
    import("../emulator/state/compliant-state"),
  ]);
  const cdktfOut = readCdktfOut({ outDir: from, cwd: io.cwd, flag: "--from" });
  const fallback = fallbackSubscription(subscriptionFlag, io.env);
  let usedFallback = false;
  const servers = cdktfOut.stacks.flatMap(({ document }) =>
    document.servers.map((expectations) => {
      usedFallback ||= expectations.subscriptionId === null;
      return { subscriptionId: expectations.subscriptionId ?? fallback, expectations };
    }),
  );
  const state = loadEmulatorState(compliantState(servers, now));
  const operations = Object.values(state.subscriptions).flatMap((subscription) =>
    Object.values(subscription.resourceGroups).flatMap((group) =>
      Object.values(group.servers).flatMap((server) => server.ltrBackupOperations ?? []),
    ),
  );
  const serverCount = Object.values(state.subscriptions).reduce(
    (sum, subscription) =>
      sum +
      Object.values(subscription.resourceGroups).reduce(
        (n, group) => n + Object.keys(group.servers).length,
        0,
      ),
    0,
  );
  const nowIso = `${now.toISOString().slice(0, 19)}Z`;
  const checkFlags = [
    ...(from === "cdktf.out" ? [] : [`--out ${quoteArgument(from)}`]),
    ...(nowText === undefined ? [] : [`--now ${nowIso}`]),
    ...(usedFallback ? [`--subscription ${fallback}`] : []),
  ];
  return {
    state,
    from: { outDir: cdktfOut.outDir, servers: serverCount, backups: operations.length, now: nowIso },
    checkFlags,
  };
}

/** `--subscription`, else ARM_SUBSCRIPTION_ID or AZURE_SUBSCRIPTION_ID (what the check falls back to), else all zeros. */
function fallbackSubscription(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag !== undefined) return flag.trim();
  for (const variable of ["ARM_SUBSCRIPTION_ID", "AZURE_SUBSCRIPTION_ID"]) {
    const value = env[variable]?.trim();
    if (value && UUID.test(value)) return value;
  }
  return DEFAULT_SUBSCRIPTION;
}

function writeStateFile(path: string, state: EmulatorState): void {
  try {
    writeFileSync(path, `${JSON.stringify(state, null, 2)}\n`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new PgLtrInputError(
      `cannot write the state to ${path} (${code}): choose a writable path for --write-state.`,
    );
  }
}

/** A shell word for a path in a printed command: quoted only when it has to be. */
function quoteArgument(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

const MISSING_SERVER_CODES: readonly MissingServerCode[] = ["ResourceNotFound", "ParentResourceNotFound"];

function oneOf<T extends string>(
  flag: string,
  text: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (text === undefined) return undefined;
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw new PgLtrInputError(`${flag} must be ${allowed.join(" or ")}, not "${text}".`);
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: OPTIONS,
    strict: true,
    allowPositionals: false,
    tokens: true,
  });
}

function wholeNumber(flag: string, text: string | undefined, min: number, max?: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || (max !== undefined && value > max)) {
    const range = max === undefined ? `${min} or more` : `from ${min} to ${max}`;
    throw new PgLtrInputError(`${flag} must be a whole number ${range}, not "${text}".`);
  }
  return value;
}

function throttle(flag: string, text: string | undefined, example: string): EmulatorOptions["throttle"] {
  if (text === undefined) return undefined;
  const match = /^\s*(\d+)\s*,\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!match || Number(match[1]) < 1 || Number(match[2]) <= 0) {
    throw new PgLtrInputError(
      `${flag} must be BUCKET,REFILL_PER_SECOND with a bucket of at least 1 and a refill above 0, e.g. ${flag} ${example}; not "${text}".`,
    );
  }
  return { bucket: Number(match[1]), refillPerSecond: Number(match[2]) };
}

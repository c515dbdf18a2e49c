import { describeParseError } from "./parse-error-message";
import { parseArgs } from "node:util";
import { PgLtrInputError } from "../errors/input-error";
import { FAULT_SPEC_GRAMMAR } from "../emulator/faults/fault-spec";
import { loadEmulatorState } from "../emulator/state/emulator-state";
import {
  type EmulatorOptions,
  type FaultSpec,
  type RunningEmulator,
  parseFaultSpec,
  startEmulator,
} from "../emulator/start-emulator";

export const EMULATOR_HELP = `Usage: pg-ltr emulator --state FILE [options]

Runs a local emulator of Azure Resource Manager's long-term-retention (LTR) backup API for PostgreSQL
flexible servers over HTTPS on 127.0.0.1, with a Microsoft Entra token endpoint, so that pg-ltr check,
the Azure SDK and @azure/identity run against it without an Azure account. Nothing leaves the machine.
It stops on Ctrl+C (SIGINT) or SIGTERM.

It serves (api-version 2025-08-01, also 2024-08-01 and 2023-03-01-preview):
  GET  .../flexibleServers/{server}/ltrBackupOperations/{backup}   one operation
  GET  .../flexibleServers/{server}/ltrBackupOperations            the list, paged with nextLink
  POST .../flexibleServers/{server}/startLtrBackup                 starts a backup (202, pollable)
  POST .../flexibleServers/{server}/ltrPreBackup                   the prerequisites check
  POST /{tenant}/oauth2/v2.0/token                                  client-credentials tokens
with ARM's errors (404 NotFound / ResourceNotFound / ResourceGroupNotFound / SubscriptionNotFound,
401 without a bearer token, 403 for subscriptions marked "denied", 400 for a bad api-version) and ARM's
read throttling (429 with Retry-After).

Authentication: as local emulators do, any well-formed bearer token is accepted, so a stub credential
or PG_LTR_ACCESS_TOKEN=anything just works; a missing or malformed Authorization header is 401. With
--strict-auth only the tokens its token endpoint issued (for the resource manager of a known cloud,
such as https://management.azure.com/.default, and not expired) and the state's accessTokens are
accepted, for testing 401 answers. The token endpoint issues tokens for the scope of every known
cloud's resource manager only, as clients ask for that scope whatever endpoint they talk to; an Azure
SDK client with a real credential and a custom endpoint needs credentialScopes set to it, as it does
behind any proxy.

Options:
  --state FILE              What to serve: JSON as described by lib/schema/emulator-state.schema.json
                            (subscriptions > resourceGroups > servers > ltrBackupOperations). Required.
  --port N                  Port to listen on; 0 picks a free one (default 0).
  --latency-ms N            Milliseconds added before every answer (default 0).
  --page-size N             Operations per page of ltrBackupOperations listings (default 10).
  --throttle BUCKET,REFILL  Read throttling per subscription: bucket size and tokens refilled per second
                            (default 250,25, as ARM).
  --no-throttle             Turn read throttling off.
  --op-duration-ms N        How long a backup started with startLtrBackup runs before it succeeds
                            (default 2000).
  --fault SPEC              Inject a fault into ARM requests; repeat the flag for several faults.
  --log-requests            Print one line per answered request.
  --strict-auth             Accept only tokens from its token endpoint and the state's accessTokens;
                            any other token answers 401 (default: any well-formed bearer token).
  -h, --help                Show this help.

Faults:
${FAULT_SPEC_GRAMMAR.split("\n")
  .map((line) => `  ${line}`)
  .join("\n")}

Examples:
  pg-ltr emulator --state examples/basic/emulator-state.json
  pg-ltr emulator --state state.json --port 8443 --throttle 20,5 --fault status=503,rate=0.1
  pg-ltr emulator --state state.json --fault reset,count=2,match=orders-db \\
      --fault delay=5000,match=orders-db/pre-upgrade-2026-11 --fault malformed,match=analytics-db/migration-baseline

Then, in another terminal (the emulator prints its URL and CA file when it starts):
  export NODE_EXTRA_CA_CERTS=/path/printed/ca.pem
  PG_LTR_ACCESS_TOKEN=anything pg-ltr check --endpoint https://127.0.0.1:<port>
or sign in through its token endpoint with any tenant, client id and secret (also under --strict-auth):
  AZURE_AUTHORITY_HOST=https://127.0.0.1:<port> AZURE_TENANT_ID=<GUID> AZURE_CLIENT_ID=<id> \\
  AZURE_CLIENT_SECRET=<secret> pg-ltr check --endpoint https://127.0.0.1:<port>
`;

const OPTIONS = {
  state: { type: "string" },
  port: { type: "string" },
  "latency-ms": { type: "string" },
  "page-size": { type: "string" },
  throttle: { type: "string" },
  "no-throttle": { type: "boolean" },
  "op-duration-ms": { type: "string" },
  fault: { type: "string", multiple: true },
  "log-requests": { type: "boolean" },
  "strict-auth": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const HELP_HINT = 'Run "pg-ltr emulator --help" for the options.';

/** `pg-ltr emulator`: runs until SIGINT or SIGTERM, then resolves to 0; 1 when it cannot start. */
export async function runEmulatorCommand(argv: string[]): Promise<number> {
  let parsed: ParsedEmulatorArguments;
  let emulator: RunningEmulator;
  try {
    parsed = parseEmulatorArguments(argv);
    if (parsed.help) {
      process.stdout.write(EMULATOR_HELP);
      return 0;
    }
    emulator = await startEmulator(parsed.options);
  } catch (error) {
    if (!(error instanceof PgLtrInputError)) throw error;
    process.stderr.write(`Error: ${error.message}\n`);
    return 1;
  }
  process.stdout.write(banner(emulator, parsed));
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
  process.stdout.write(`Emulator stopped (${signal}).\n`);
  return 0;
}

/** What the emulator prints once it listens: its URL first, then how to point pg-ltr check at it. */
function banner(emulator: RunningEmulator, parsed: ParsedEmulatorArguments): string {
  const signIn = `sign in through its token endpoint: AZURE_AUTHORITY_HOST=${emulator.authorityHost} with any AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET.`;
  const check = (token: string) => `  PG_LTR_ACCESS_TOKEN=${token} pg-ltr check --endpoint ${emulator.url}`;
  const lines = [
    `Emulator listening on ${emulator.url} (CA certificate: ${emulator.caCertificatePath})`,
    "Point pg-ltr at it from another terminal:",
    `  export NODE_EXTRA_CA_CERTS=${emulator.caCertificatePath}`,
  ];
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
}

function parseEmulatorArguments(argv: readonly string[]): ParsedEmulatorArguments {
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
        positionalAdvice: (argument) => `did you mean --state ${argument}?`,
      }),
    );
  }
  if (values.help) return { help: true, options: { state: "" } };
  for (const name of ["state", "port", "latency-ms", "page-size", "throttle", "op-duration-ms"] as const) {
    if (tokens.filter((token) => token.kind === "option" && token.name === name).length > 1) {
      throw new PgLtrInputError(`--${name} was given more than once; give it once.`);
    }
  }
  if (values.state === undefined || values.state.trim() === "") {
    throw new PgLtrInputError(`--state FILE is required: the JSON file of what to serve. ${HELP_HINT}`);
  }
  if (values.throttle !== undefined && values["no-throttle"]) {
    throw new PgLtrInputError("--throttle and --no-throttle contradict each other; give one of them.");
  }
  const faults: FaultSpec[] = (values.fault ?? []).map(parseFaultSpec);
  // Loaded here rather than by startEmulator so that the start-up hint can show one of its tokens.
  const state = loadEmulatorState(values.state);
  const options: EmulatorOptions = {
    state,
    port: wholeNumber("--port", values.port, 0, 65535),
    latencyMs: wholeNumber("--latency-ms", values["latency-ms"], 0),
    pageSize: wholeNumber("--page-size", values["page-size"], 1),
    throttle: values["no-throttle"] ? false : throttle(values.throttle),
    opDurationMs: wholeNumber("--op-duration-ms", values["op-duration-ms"], 0),
    faults,
    strictAuth: values["strict-auth"] === true,
    onRequest: values["log-requests"]
      ? (entry) =>
          process.stdout.write(`${entry.method} ${entry.path} -> ${entry.outcome} (${entry.durationMs} ms)\n`)
      : undefined,
  };
  return { help: false, options, exampleToken: state.accessTokens?.[0] };
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

function throttle(text: string | undefined): EmulatorOptions["throttle"] {
  if (text === undefined) return undefined;
  const match = /^\s*(\d+)\s*,\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!match || Number(match[1]) < 1 || Number(match[2]) <= 0) {
    throw new PgLtrInputError(
      `--throttle must be BUCKET,REFILL_PER_SECOND with a bucket of at least 1 and a refill above 0, e.g. --throttle 250,25; not "${text}".`,
    );
  }
  return { bucket: Number(match[1]), refillPerSecond: Number(match[2]) };
}

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PgLtrInputError } from "../errors/input-error";
import type { EmulatorRequestLog, EmulatorStats } from "./emulator-server";
import { type FaultSpec, validateFaultSpec } from "./faults/fault-spec";
import type { EmulatorState, MissingServerCode } from "./state/emulator-state";
import {
  ARM_READ_THROTTLE,
  ARM_WRITE_THROTTLE,
  type ThrottleSettings,
} from "./throttling/subscription-throttle";

export type { EmulatorRequestLog, EmulatorStats } from "./emulator-server";
export type { FaultScope, FaultSpec } from "./faults/fault-spec";
export { parseFaultSpec } from "./faults/fault-spec";
export type {
  EmulatorLtrOperation,
  EmulatorResourceGroup,
  EmulatorState,
  EmulatorStateServer,
  EmulatorSubscription,
  MissingServerCode,
  StartLtrBackupBehaviour,
  StartOutcome,
} from "./state/emulator-state";
export type { ThrottleSettings } from "./throttling/subscription-throttle";

/** Options of `startEmulator`; the flags of `pg-ltr emulator` map onto them one to one. */
export interface EmulatorOptions {
  /**
   * What to serve: a state object, or the path of a state file (JSON, schema
   * `lib/schema/emulator-state.schema.json`), relative to the working directory. Validated at start.
   */
  readonly state: EmulatorState | string;
  /** TCP port; 0 picks a free one (read it from `url`). @default 0 */
  readonly port?: number;
  /** Address to listen on; the certificate is valid for 127.0.0.1, ::1 and localhost. @default "127.0.0.1" */
  readonly host?: string;
  /** Milliseconds added before every answer, as a far-away region would. @default 0 */
  readonly latencyMs?: number;
  /** Operations per page of `ltrBackupOperations` listings; longer listings carry a `nextLink`. @default 10 */
  readonly pageSize?: number;
  /**
   * ARM's read throttling, a token bucket per subscription and principal: GETs take one token; an empty
   * bucket answers 429 SubscriptionRequestsThrottled with Retry-After. `false` turns it off.
   * @default { bucket: 250, refillPerSecond: 25 }
   */
  readonly throttle?: ThrottleSettings | false;
  /**
   * ARM's write throttling, a separate token bucket per subscription and principal: POSTs
   * (`startLtrBackup`, `ltrPreBackup`) take one token and their answers carry
   * `x-ms-ratelimit-remaining-subscription-writes`. `false` turns it off.
   * @default { bucket: 200, refillPerSecond: 10 }
   */
  readonly writeThrottle?: ThrottleSettings | false;
  /**
   * How long a backup started with `startLtrBackup` stays Running before it ends: Succeeded, or the
   * outcome its server's `startLtrBackup` state or an `outcome` fault asks for.
   * @default 2000
   */
  readonly opDurationMs?: number;
  /** Faults to inject into ARM requests (errors, resets, delays, broken bodies), applied in order. @default [] */
  readonly faults?: readonly FaultSpec[];
  /**
   * Accept only the bearer tokens the emulator's token endpoint issued (for an ARM audience, not
   * expired) and the state's `accessTokens`; any other token answers 401.
   *
   * By default any well-formed bearer token is accepted, as local emulators do, so a stub credential
   * or `PG_LTR_ACCESS_TOKEN=anything` just works; a missing or malformed `Authorization` header is
   * 401 either way. Turn this on to test the 401 paths.
   * @default false
   */
  readonly strictAuth?: boolean;
  /**
   * How a request for the LTR backup operations of a server that does not exist is answered.
   *
   * `ResourceNotFound` is the resource provider's 404; `ParentResourceNotFound` is ARM's 404 for a
   * child of a missing parent ("Can not perform requested operation on nested resource. Parent
   * resource '...' not found."). Clients must tell either from a missing backup.
   * @default - the state's `missingServerCode`, else "ResourceNotFound"
   */
  readonly missingServerCode?: MissingServerCode;
  /** Called after every answered request, e.g. for a request log. @default none */
  readonly onRequest?: (entry: EmulatorRequestLog) => void;
}

/** A running emulator. */
export interface RunningEmulator {
  /** Base URL of ARM and of the token endpoint, `https://127.0.0.1:<port>`: pass it as `--endpoint`. */
  readonly url: string;
  /** PEM of the emulator's self-signed certificate; trust it (e.g. `tlsOptions: { ca }`) instead of disabling TLS checks. */
  readonly caCertificate: string;
  /** The same PEM in a temporary file, for NODE_EXTRA_CA_CERTS; removed by `close()`. */
  readonly caCertificatePath: string;
  /** Authority host for @azure/identity (`authorityHost`, AZURE_AUTHORITY_HOST); equals `url`. */
  readonly authorityHost: string;
  /** Request counters since start or the last `resetStats()`. */
  stats(): EmulatorStats;
  resetStats(): void;
  /** Stops the server, drops open connections and removes the CA file. */
  close(): Promise<void>;
}

/**
 * Starts a local emulator of Azure Resource Manager's LTR backup API for PostgreSQL flexible servers,
 * with a Microsoft Entra token endpoint, over HTTPS. Throws PgLtrInputError for a bad state or option.
 */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  // The server, its certificate maker and ajv load here, not with the package root: `cdktf synth`
  // imports the root and never starts an emulator.
  const [{ loadEmulatorState }, { EmulatorServer }, { createSelfSignedCertificate }] = await Promise.all([
    import("./state/emulator-state"),
    import("./emulator-server"),
    import("./tls/self-signed-certificate"),
  ]);
  const state = loadEmulatorState(options.state);
  const settings = {
    port: wholeNumber("port", options.port ?? 0, 0, 65535),
    host: options.host ?? "127.0.0.1",
    latencyMs: wholeNumber("latencyMs", options.latencyMs ?? 0, 0),
    pageSize: wholeNumber("pageSize", options.pageSize ?? 10, 1),
    throttle: throttleSettings("throttle", options.throttle, ARM_READ_THROTTLE),
    writeThrottle: throttleSettings("writeThrottle", options.writeThrottle, ARM_WRITE_THROTTLE),
    opDurationMs: wholeNumber("opDurationMs", options.opDurationMs ?? 2000, 0),
    faults: (options.faults ?? []).map(validateFaultSpec),
    strictAuth: options.strictAuth === true,
    missingServerCode: missingServerCode(options.missingServerCode ?? state.missingServerCode),
  };
  const certificate = await createSelfSignedCertificate();
  const server = new EmulatorServer({ ...settings, state, certificate, onRequest: options.onRequest });
  let url: string;
  try {
    url = await server.listen();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      throw new PgLtrInputError(
        `Port ${settings.port} is already in use; choose another port or 0 for any free port.`,
      );
    }
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") {
      throw new PgLtrInputError(`Cannot listen on ${settings.host}: the address is not on this machine.`);
    }
    throw error;
  }
  const folder = mkdtempSync(join(tmpdir(), "pg-ltr-emulator-"));
  const caCertificatePath = join(folder, "ca.pem");
  writeFileSync(caCertificatePath, certificate.certificate, { mode: 0o644 });
  removeAtExit(folder);
  return {
    url,
    caCertificate: certificate.certificate,
    caCertificatePath,
    authorityHost: url,
    stats: () => server.stats(),
    resetStats: () => server.resetStats(),
    close: async () => {
      await server.close();
      rmSync(folder, { recursive: true, force: true });
      foldersToRemove.delete(folder);
    },
  };
}

/** CA folders of emulators not closed yet; removed when the process exits without closing them. */
const foldersToRemove = new Set<string>();
let exitHookInstalled = false;

function removeAtExit(folder: string): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const pending of foldersToRemove) rmSync(pending, { recursive: true, force: true });
    });
  }
  foldersToRemove.add(folder);
}

function wholeNumber(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    throw new PgLtrInputError(
      `Emulator option ${name} must be a whole number ${range}, not ${String(value)}.`,
    );
  }
  return value;
}

const MISSING_SERVER_CODES: readonly MissingServerCode[] = ["ResourceNotFound", "ParentResourceNotFound"];

function missingServerCode(code: MissingServerCode | undefined): MissingServerCode {
  if (code === undefined) return "ResourceNotFound";
  if (!MISSING_SERVER_CODES.includes(code)) {
    throw new PgLtrInputError(
      `Emulator option missingServerCode must be ${MISSING_SERVER_CODES.join(" or ")}, not ${JSON.stringify(code)}.`,
    );
  }
  return code;
}

function throttleSettings(
  name: string,
  throttle: ThrottleSettings | false | undefined,
  defaults: ThrottleSettings,
): ThrottleSettings | false {
  if (throttle === false) return false;
  if (throttle === undefined) return defaults;
  wholeNumber(`${name}.bucket`, throttle.bucket, 1);
  if (!(Number.isFinite(throttle.refillPerSecond) && throttle.refillPerSecond > 0)) {
    throw new PgLtrInputError(
      `Emulator option ${name}.refillPerSecond must be a number above 0, not ${String(throttle.refillPerSecond)}.`,
    );
  }
  return throttle;
}

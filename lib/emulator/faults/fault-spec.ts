import { PgLtrInputError } from "../../errors/input-error";
import type { StartOutcome } from "../state/emulator-state";
import { FOREIGN_ID_PARTS, type ForeignIdPart } from "./answer-rewrite";

/** Which requests a fault applies to, and how many of them. Unset fields mean "every ARM request". */
export interface FaultScope {
  /**
   * `SERVER` (every request about that server: GETs, listings, POSTs) or `SERVER/BACKUP` (only the GET
   * of that backup). Case-insensitive. @default every ARM request, including status URLs
   */
  readonly match?: string;
  /** Inject the fault at most this many times (with no `every`/`rate`: into the first N matching requests). @default unlimited */
  readonly count?: number;
  /** Only every Nth matching request (the Nth, 2Nth, ...). Exclusive with `rate`. @default every matching request */
  readonly every?: number;
  /** Share of matching requests, 0 < rate ≤ 1, drawn from a PRNG seeded with `seed`, so runs repeat. @default 1 */
  readonly rate?: number;
  /** Seed of the PRNG behind `rate`. @default 1 */
  readonly seed?: number;
}

/** A fault the emulator injects into ARM requests (never into the token endpoint). */
export type FaultSpec =
  /** Answer with this HTTP status and an ARM ErrorResponse, e.g. 500 InternalServerError, 503 ServiceUnavailable. */
  | (FaultScope & {
      readonly kind: "status";
      readonly status: number;
      /** A `Retry-After` header of this many seconds. */
      readonly retryAfterSeconds?: number;
      /** A `Retry-After` header holding the HTTP date this many seconds after the answer. */
      readonly retryAfterDateSeconds?: number;
      /** A `retry-after-ms` header of this many milliseconds. */
      readonly retryAfterMs?: number;
    })
  /**
   * Destroy the connection without answering (the client sees ECONNRESET / socket hang up), or with
   * `midBody` after the status, the headers and half of the body.
   */
  | (FaultScope & { readonly kind: "reset"; readonly midBody?: boolean })
  /** Hold the answer back this long; beyond the client's timeout it is a slow answer, below it added latency. */
  | (FaultScope & { readonly kind: "delay"; readonly delayMs: number })
  /** Send a broken body with the real status: JSON cut off halfway (`truncated`), or an HTML error page (`html`). */
  | (FaultScope & { readonly kind: "malformed"; readonly body?: "truncated" | "html" })
  /** Answer about another backup: each operation's `name` and `properties.backupName` become `name` ("other-backup" unless given). */
  | (FaultScope & { readonly kind: "wrong-name"; readonly name?: string })
  /** Answer with ids outside the server asked about, in another `part`: "server" (the default; its name + `-other`), "resource-group" or "subscription". */
  | (FaultScope & { readonly kind: "foreign-id"; readonly part?: ForeignIdPart })
  /** A backup that `startLtrBackup` starts ends this way (only startLtrBackup requests count). */
  | (FaultScope & { readonly kind: "outcome"; readonly outcome: StartOutcome })
  /** `startLtrBackup` answers 200 with the finished operation at once (only startLtrBackup requests count). */
  | (FaultScope & { readonly kind: "sync" })
  /** The real answer, with `x-ms-ratelimit-remaining-subscription-reads` saying this (may be 0 or negative). */
  | (FaultScope & { readonly kind: "remaining"; readonly remaining: number })
  /** The real answer padded with trailing whitespace (still valid JSON) to this many bytes. */
  | (FaultScope & { readonly kind: "body-size"; readonly bytes: number })
  /**
   * The real answer gzip-compressed (`content-encoding: gzip`) and padded with whitespace so that it
   * inflates to this many bytes (2 GiB unless given), about a thousandth of that on the wire.
   */
  | (FaultScope & { readonly kind: "gzip-bomb"; readonly inflatedBytes?: number });

/** Fault kinds about how startLtrBackup behaves; they apply to startLtrBackup requests only. */
export const START_FAULT_KINDS: readonly FaultSpec["kind"][] = ["outcome", "sync"];

const START_OUTCOMES: readonly StartOutcome[] = ["Succeeded", "Failed", "Cancelled"];

/** What `gzip-bomb` inflates to unless told otherwise: 2 GiB, from about 2 MB on the wire. */
export const DEFAULT_GZIP_BOMB_BYTES = 2 * 1024 ** 3;

export const FAULT_SPEC_GRAMMAR = `A fault SPEC is KIND[=VALUE] followed by ,KEY=VALUE modifiers:
  status=CODE         answer HTTP CODE (400-599) with an ARM error body, e.g. status=503
    retry-after=S     ... and a Retry-After header of S seconds
    retry-after-date=S  ... and a Retry-After header holding the HTTP date S seconds ahead
    retry-after-ms=MS ... and a retry-after-ms header of MS milliseconds
  reset[=mid-body]    close the connection without an answer, or halfway through the body
  delay=MS            hold the answer back MS milliseconds (slow answers, added latency)
  malformed[=truncated|html]  send a JSON body cut in half, or an HTML page, with the real status
  wrong-name[=NAME]   answer about another backup: the operations' name and properties.backupName
                      become NAME (default other-backup)
  foreign-id[=server|resource-group|subscription]  the operations' id names another server
                      (default; <server>-other), resource group (<group>-other) or subscription
  outcome=succeeded|failed|cancelled  a backup startLtrBackup starts ends so (counts only
                      startLtrBackup requests)
  sync                startLtrBackup answers 200 with the finished operation at once, no polling
                      (counts only startLtrBackup requests)
  remaining=N         the real answer, with x-ms-ratelimit-remaining-subscription-reads: N (N may be
                      0 or negative)
  body-size=BYTES     the real answer padded with whitespace to BYTES bytes (still valid JSON)
  gzip-bomb[=BYTES]   the real answer gzip-compressed and padded to inflate to BYTES (default 2 GiB,
                      about 2 MB on the wire)
Modifiers (any kind):
  match=SERVER[/BACKUP]  only requests about that server, or only the GET of that backup
  count=N             at most N times (without every/rate: the first N matching requests)
  every=N             only every Nth matching request
  rate=R              a share R (0 < R <= 1) of matching requests, chosen by a seeded PRNG
  seed=N              seed for rate (default 1), so a run can be repeated`;

const RETRY_AFTER_MODIFIERS = ["retry-after", "retry-after-date", "retry-after-ms"];
const MODIFIERS = new Set(["match", "count", "every", "rate", "seed", ...RETRY_AFTER_MODIFIERS]);

/** Parses a `--fault` SPEC such as `status=503,rate=0.3` or `reset,count=2,match=orders-db`. */
export function parseFaultSpec(text: string): FaultSpec {
  const fail = (why: string): never => {
    throw new PgLtrInputError(
      `Invalid --fault "${text}": ${why}. Run "pg-ltr emulator --help" for the grammar.`,
    );
  };
  const terms = text.split(",").map((term) => term.trim());
  const [head, ...rest] = terms;
  const [kind, kindValue] = splitTerm(head ?? "");
  const modifiers = new Map<string, string>();
  for (const term of rest) {
    const [key, value] = splitTerm(term);
    if (!MODIFIERS.has(key))
      fail(
        `unknown modifier "${key}" (use match, count, every, rate, seed, ${RETRY_AFTER_MODIFIERS.join(", ")})`,
      );
    if (value === undefined || value === "") fail(`"${key}" needs a value, as in ${key}=...`);
    if (modifiers.has(key)) fail(`"${key}" is given twice`);
    modifiers.set(key, value as string);
  }
  const integer = (key: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      fail(
        `${key} must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? " up" : ` to ${max}`}`,
      );
    }
    return Number(value);
  };

  const scope: { -readonly [K in keyof FaultScope]: FaultScope[K] } = {};
  const match = modifiers.get("match");
  if (match !== undefined) {
    if (!/^[^/\s]+(\/[^/\s]+)?$/.test(match)) fail("match must be SERVER or SERVER/BACKUP");
    scope.match = match;
  }
  const count = modifiers.get("count");
  if (count !== undefined) scope.count = integer("count", count, 1);
  const every = modifiers.get("every");
  if (every !== undefined) scope.every = integer("every", every, 1);
  const rate = modifiers.get("rate");
  if (rate !== undefined) {
    const value = Number(rate);
    if (!/^\d*\.?\d+$/.test(rate) || !(value > 0 && value <= 1))
      fail("rate must be a number with 0 < rate <= 1");
    scope.rate = value;
  }
  if (scope.every !== undefined && scope.rate !== undefined) fail("every and rate cannot be combined");
  const seed = modifiers.get("seed");
  if (seed !== undefined) {
    if (scope.rate === undefined) fail("seed only applies together with rate");
    scope.seed = integer("seed", seed, 0, 2 ** 32 - 1);
  }
  for (const key of RETRY_AFTER_MODIFIERS) {
    if (modifiers.has(key) && kind !== "status") fail(`${key} only applies to status=CODE`);
  }
  const signedInteger = (key: string, value: string): number => {
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) fail(`${key} must be a whole number`);
    return Number(value);
  };

  switch (kind) {
    case "status": {
      if (kindValue === undefined) return fail("status needs a code, as in status=503");
      const status = integer("status", kindValue, 400, 599);
      const retryAfter = modifiers.get("retry-after");
      const retryAfterDate = modifiers.get("retry-after-date");
      const retryAfterMs = modifiers.get("retry-after-ms");
      return {
        kind,
        status,
        ...(retryAfter === undefined ? {} : { retryAfterSeconds: integer("retry-after", retryAfter, 0) }),
        ...(retryAfterDate === undefined
          ? {}
          : { retryAfterDateSeconds: integer("retry-after-date", retryAfterDate, 0) }),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs: integer("retry-after-ms", retryAfterMs, 0) }),
        ...scope,
      };
    }
    case "reset":
      if (kindValue !== undefined && kindValue !== "mid-body") fail("reset takes no value, or mid-body");
      return kindValue === undefined ? { kind, ...scope } : { kind, midBody: true, ...scope };
    case "remaining":
      if (kindValue === undefined) return fail("remaining needs a number, as in remaining=0");
      return { kind, remaining: signedInteger("remaining", kindValue), ...scope };
    case "body-size":
      if (kindValue === undefined) return fail("body-size needs bytes, as in body-size=40000000");
      return { kind, bytes: integer("body-size", kindValue, 1), ...scope };
    case "gzip-bomb":
      return kindValue === undefined
        ? { kind, ...scope }
        : { kind, inflatedBytes: integer("gzip-bomb", kindValue, 1), ...scope };
    case "delay":
      if (kindValue === undefined) return fail("delay needs milliseconds, as in delay=5000");
      return { kind, delayMs: integer("delay", kindValue, 0), ...scope };
    case "malformed":
      if (kindValue !== undefined && kindValue !== "truncated" && kindValue !== "html") {
        fail("malformed takes truncated or html");
      }
      return kindValue === undefined
        ? { kind, ...scope }
        : { kind, body: kindValue as "truncated" | "html", ...scope };
    case "wrong-name":
      if (kindValue !== undefined && !/^[^\s/]+$/.test(kindValue)) fail("wrong-name takes a backup name");
      return kindValue === undefined ? { kind, ...scope } : { kind, name: kindValue, ...scope };
    case "foreign-id":
      if (kindValue !== undefined && !FOREIGN_ID_PARTS.includes(kindValue as ForeignIdPart)) {
        fail(`foreign-id takes ${FOREIGN_ID_PARTS.join(", ")}`);
      }
      return kindValue === undefined
        ? { kind, ...scope }
        : { kind, part: kindValue as ForeignIdPart, ...scope };
    case "outcome": {
      const outcome = START_OUTCOMES.find((known) => known.toLowerCase() === kindValue?.toLowerCase());
      if (outcome === undefined) return fail("outcome takes succeeded, failed or cancelled");
      return { kind, outcome, ...scope };
    }
    case "sync":
      if (kindValue !== undefined) fail("sync takes no value");
      return { kind, ...scope };
    default:
      return fail(
        `unknown kind "${kind}" (use status=CODE, reset, delay=MS, malformed, wrong-name, foreign-id, outcome=..., sync, remaining=N, body-size=BYTES or gzip-bomb)`,
      );
  }
}

/** Checks a FaultSpec given as an object (the `faults` option), with the same rules as the parser. */
export function validateFaultSpec(spec: FaultSpec): FaultSpec {
  const problems: string[] = [];
  if (spec.match !== undefined && !/^[^/\s]+(\/[^/\s]+)?$/.test(spec.match))
    problems.push("match must be SERVER or SERVER/BACKUP");
  if (spec.count !== undefined && !(Number.isInteger(spec.count) && spec.count >= 1))
    problems.push("count must be a whole number from 1 up");
  if (spec.every !== undefined && !(Number.isInteger(spec.every) && spec.every >= 1))
    problems.push("every must be a whole number from 1 up");
  if (spec.rate !== undefined && !(spec.rate > 0 && spec.rate <= 1))
    problems.push("rate must be a number with 0 < rate <= 1");
  if (spec.every !== undefined && spec.rate !== undefined) problems.push("every and rate cannot be combined");
  switch (spec.kind) {
    case "status":
      if (!(Number.isInteger(spec.status) && spec.status >= 400 && spec.status <= 599))
        problems.push("status must be an HTTP status from 400 to 599");
      break;
    case "delay":
      if (!(Number.isFinite(spec.delayMs) && spec.delayMs >= 0))
        problems.push("delayMs must be a number of milliseconds, 0 or more");
      break;
    case "reset":
    case "malformed":
      break;
    case "wrong-name":
      if (spec.name !== undefined && !/^[^\s/]+$/.test(spec.name))
        problems.push("name must be a backup name");
      break;
    case "foreign-id":
      if (spec.part !== undefined && !FOREIGN_ID_PARTS.includes(spec.part))
        problems.push(`part must be ${FOREIGN_ID_PARTS.join(", ")}`);
      break;
    case "outcome":
      if (!START_OUTCOMES.includes(spec.outcome))
        problems.push(`outcome must be ${START_OUTCOMES.join(", ")}`);
      break;
    case "sync":
      break;
    case "remaining":
      if (!Number.isSafeInteger(spec.remaining)) problems.push("remaining must be a whole number");
      break;
    case "body-size":
      if (!(Number.isSafeInteger(spec.bytes) && spec.bytes >= 1))
        problems.push("bytes must be a whole number from 1 up");
      break;
    case "gzip-bomb":
      if (
        spec.inflatedBytes !== undefined &&
        !(Number.isSafeInteger(spec.inflatedBytes) && spec.inflatedBytes >= 1)
      )
        problems.push("inflatedBytes must be a whole number from 1 up");
      break;
    default:
      problems.push(
        `kind must be status, reset, delay, malformed, wrong-name, foreign-id, outcome, sync, remaining, body-size or gzip-bomb, not ${JSON.stringify((spec as { kind: unknown }).kind)}`,
      );
  }
  if (problems.length > 0)
    throw new PgLtrInputError(`Invalid fault ${JSON.stringify(spec)}: ${problems.join("; ")}.`);
  return spec;
}

function splitTerm(term: string): [string, string | undefined] {
  const at = term.indexOf("=");
  return at < 0 ? [term.toLowerCase(), undefined] : [term.slice(0, at).toLowerCase(), term.slice(at + 1)];
}

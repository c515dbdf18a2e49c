import type { AnswerRewrite } from "./answer-rewrite";
import type { StartLtrBackupBehaviour } from "../state/emulator-state";
import { DEFAULT_GZIP_BOMB_BYTES, type FaultSpec, START_FAULT_KINDS } from "./fault-spec";

/** What a request is about, for `match`. */
export interface FaultTarget {
  readonly serverName?: string;
  readonly backupName?: string;
  /** Set for startLtrBackup requests, the only ones `outcome` and `sync` faults count. */
  readonly startsBackup?: boolean;
}

/** The faults chosen for one request. */
export interface FaultDecision {
  /** Milliseconds to hold the answer back (sum of the delay faults that fired). */
  readonly delayMs: number;
  /** Answer instead of the real answer: an error status, or no answer at all. */
  readonly replace?:
    | (Pick<
        Extract<FaultSpec, { kind: "status" }>,
        "status" | "retryAfterSeconds" | "retryAfterDateSeconds" | "retryAfterMs"
      > & { readonly kind: "status" })
    | { readonly kind: "reset" };
  /** Break the body of whatever answer goes out. */
  readonly malformed?: "truncated" | "html";
  /** Make a 200 answer about another backup or server. */
  readonly rewrite?: AnswerRewrite;
  /** How the backup this startLtrBackup starts behaves, over the state's choice. */
  readonly startLtrBackup?: StartLtrBackupBehaviour;
  /** What `x-ms-ratelimit-remaining-subscription-reads` says instead of the truth. */
  readonly remaining?: number;
  /** How the body goes out instead of whole: padded, as a gzip bomb, or cut by a reset halfway. */
  readonly body?: BodyFault;
}

/** A fault on how the body of an answer is sent. */
export type BodyFault =
  | { readonly kind: "padded"; readonly bytes: number }
  | { readonly kind: "gzip-bomb"; readonly inflatedBytes: number }
  | { readonly kind: "cut" };

interface FaultCounter {
  readonly spec: FaultSpec;
  matched: number;
  fired: number;
  readonly random: () => number;
}

/**
 * Decides, request by request, which faults fire. Deterministic: the same requests in the same order
 * get the same faults, so a failing test can be replayed.
 */
export class FaultPlan {
  private readonly counters: FaultCounter[];

  constructor(specs: readonly FaultSpec[]) {
    this.counters = specs.map((spec) => ({ spec, matched: 0, fired: 0, random: mulberry32(spec.seed ?? 1) }));
  }

  decide(target: FaultTarget): FaultDecision {
    let delayMs = 0;
    let replace: FaultDecision["replace"];
    let malformed: FaultDecision["malformed"];
    let rewrite: FaultDecision["rewrite"];
    let startLtrBackup: StartLtrBackupBehaviour | undefined;
    let remaining: number | undefined;
    let body: BodyFault | undefined;
    for (const counter of this.counters) {
      const { spec } = counter;
      if (!matches(spec.match, target)) continue;
      if (START_FAULT_KINDS.includes(spec.kind) && target.startsBackup !== true) continue;
      counter.matched += 1;
      if (spec.count !== undefined && counter.fired >= spec.count) continue;
      const selected =
        spec.every !== undefined
          ? counter.matched % spec.every === 0
          : spec.rate !== undefined
            ? counter.random() < spec.rate
            : true;
      if (!selected) continue;
      // One request gets at most one replacement; a later one keeps its count for the next request.
      const replaces = spec.kind === "status" || (spec.kind === "reset" && !spec.midBody);
      if (replace !== undefined && replaces) continue;
      counter.fired += 1;
      switch (spec.kind) {
        case "delay":
          delayMs += spec.delayMs;
          break;
        case "status":
          replace = {
            kind: "status",
            status: spec.status,
            retryAfterSeconds: spec.retryAfterSeconds,
            retryAfterDateSeconds: spec.retryAfterDateSeconds,
            retryAfterMs: spec.retryAfterMs,
          };
          break;
        case "reset":
          if (spec.midBody) body ??= { kind: "cut" };
          else replace = { kind: "reset" };
          break;
        case "malformed":
          malformed ??= spec.body ?? "truncated";
          break;
        case "wrong-name":
          rewrite ??= { kind: "wrong-name", name: spec.name ?? "other-backup" };
          break;
        case "foreign-id":
          rewrite ??= { kind: "foreign-id", part: spec.part ?? "server" };
          break;
        case "outcome":
          startLtrBackup = { outcome: spec.outcome, ...startLtrBackup };
          break;
        case "sync":
          startLtrBackup = { ...startLtrBackup, synchronous: true };
          break;
        case "remaining":
          remaining ??= spec.remaining;
          break;
        case "body-size":
          body ??= { kind: "padded", bytes: spec.bytes };
          break;
        case "gzip-bomb":
          body ??= { kind: "gzip-bomb", inflatedBytes: spec.inflatedBytes ?? DEFAULT_GZIP_BOMB_BYTES };
          break;
      }
    }
    return {
      delayMs,
      replace,
      malformed,
      rewrite,
      remaining,
      body,
      ...(startLtrBackup ? { startLtrBackup } : {}),
    };
  }
}

function matches(match: string | undefined, target: FaultTarget): boolean {
  if (match === undefined) return true;
  const [server, backup] = match.toLowerCase().split("/");
  if (target.serverName?.toLowerCase() !== server) return false;
  return backup === undefined || target.backupName?.toLowerCase() === backup;
}

/** A small seeded PRNG (mulberry32): uniform in [0, 1), the same sequence for the same seed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The retry headers a status fault asks for, as of `now` (for the HTTP date). */
export function retryAfterHeaders(
  replace: Extract<FaultDecision["replace"], { kind: "status" }>,
  now: number,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (replace.retryAfterSeconds !== undefined) headers["retry-after"] = String(replace.retryAfterSeconds);
  if (replace.retryAfterDateSeconds !== undefined)
    headers["retry-after"] = new Date(now + replace.retryAfterDateSeconds * 1000).toUTCString();
  if (replace.retryAfterMs !== undefined) headers["retry-after-ms"] = String(replace.retryAfterMs);
  return headers;
}

import type { AnswerRewrite } from "./answer-rewrite";
import type { StartLtrBackupBehaviour } from "../state/emulator-state";
import { type FaultSpec, START_FAULT_KINDS } from "./fault-spec";

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
    | { readonly kind: "status"; readonly status: number; readonly retryAfterSeconds?: number }
    | { readonly kind: "reset" };
  /** Break the body of whatever answer goes out. */
  readonly malformed?: "truncated" | "html";
  /** Make a 200 answer about another backup or server. */
  readonly rewrite?: AnswerRewrite;
  /** How the backup this startLtrBackup starts behaves, over the state's choice. */
  readonly startLtrBackup?: StartLtrBackupBehaviour;
}

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
      if (replace !== undefined && (spec.kind === "status" || spec.kind === "reset")) continue;
      counter.fired += 1;
      switch (spec.kind) {
        case "delay":
          delayMs += spec.delayMs;
          break;
        case "status":
          replace = { kind: "status", status: spec.status, retryAfterSeconds: spec.retryAfterSeconds };
          break;
        case "reset":
          replace = { kind: "reset" };
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
      }
    }
    return { delayMs, replace, malformed, rewrite, ...(startLtrBackup ? { startLtrBackup } : {}) };
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

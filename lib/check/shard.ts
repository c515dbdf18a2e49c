import { PgLtrInputError } from "../errors/input-error";
import type { Shard } from "./result";

/** Most parts a check may be split into; a CI matrix of more jobs than this is a typo. */
export const MAX_SHARDS = 256;

/** `--shard I/N`, e.g. `2/3`: whole numbers, 1 ≤ I ≤ N ≤ 256. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || index < 1 || count < 1 || index > count || count > MAX_SHARDS) {
    throw new PgLtrInputError(
      `--shard "${text}" must be I/N with whole numbers 1 ≤ I ≤ N ≤ ${MAX_SHARDS}, such as --shard 2/3`,
    );
  }
  return { index, count };
}

/** What shard assignment needs to know about one server. */
export interface ShardUnit {
  readonly subscriptionId: string;
  /** Identifies the server across runs: subscription, resource group and name, lower case. */
  readonly key: string;
  /** Expectations the server carries: what a shard's work is measured in. */
  readonly expectations: number;
}

/**
 * The shard (1-based) each unit belongs to; deterministic for the same units in any order.
 *
 * With at least `count` subscriptions, whole subscriptions go to shards, so one subscription's ARM
 * read budget is spent by one CI job: subscriptions are taken largest first (ties by id) and each goes
 * to the shard with the fewest expectations so far (ties to the lowest shard). With fewer
 * subscriptions than shards, servers are dealt out one by one in the order of their key, so shards
 * differ by at most one server — and then share the subscriptions' budgets.
 */
export function assignShards(units: readonly ShardUnit[], count: number): number[] {
  const bySubscription = new Map<string, number>();
  for (const unit of units) {
    const id = unit.subscriptionId.toLowerCase();
    bySubscription.set(id, (bySubscription.get(id) ?? 0) + unit.expectations);
  }
  if (bySubscription.size >= count) {
    const loads = new Array<number>(count).fill(0);
    const shardOf = new Map<string, number>();
    const order = [...bySubscription].sort(([a, x], [b, y]) => y - x || compare(a, b));
    for (const [id, expectations] of order) {
      let lightest = 0;
      for (let shard = 1; shard < count; shard++)
        if ((loads[shard] as number) < (loads[lightest] as number)) lightest = shard;
      loads[lightest] = (loads[lightest] as number) + expectations;
      shardOf.set(id, lightest + 1);
    }
    return units.map((unit) => shardOf.get(unit.subscriptionId.toLowerCase()) as number);
  }
  const positions = units
    .map((_, i) => i)
    .sort((a, b) => compare((units[a] as ShardUnit).key, (units[b] as ShardUnit).key) || a - b);
  const shards = new Array<number>(units.length);
  positions.forEach((unitIndex, position) => {
    shards[unitIndex] = (position % count) + 1;
  });
  return shards;
}

/** Code-unit order, never the machine's locale, so every CI runner splits alike. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

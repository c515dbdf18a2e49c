import { PgLtrInputError } from "../../lib/errors/input-error";
import { assignShards, parseShard, type ShardUnit } from "../../lib/check/shard";

function units(subscriptions: number, serversEach: number): ShardUnit[] {
  const list: ShardUnit[] = [];
  for (let s = 0; s < subscriptions; s++) {
    const subscriptionId = `0000000${s}-0000-4000-8000-000000000000`;
    for (let i = 0; i < serversEach; i++) {
      list.push({
        subscriptionId,
        key: `${subscriptionId}/rg/pg-${String(i).padStart(4, "0")}`,
        expectations: 1 + (i % 4),
      });
    }
  }
  return list;
}

/** A fixed shuffle, so the test itself is deterministic. */
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  let seed = 42;
  for (let i = copy.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function shardsByKey(list: readonly ShardUnit[], count: number): Map<string, number> {
  const shards = assignShards(list, count);
  return new Map(list.map((unit, i) => [unit.key, shards[i] as number]));
}

describe("parseShard", () => {
  it.each([
    ["1/1", { index: 1, count: 1 }],
    ["2/3", { index: 2, count: 3 }],
    [" 3 / 3 ", { index: 3, count: 3 }],
  ])("reads %p", (text, shard) => {
    expect(parseShard(text)).toEqual(shard);
  });

  it.each(["0/3", "4/3", "1/0", "a/b", "1", "1/3/4", "-1/3", "1.5/3", "1/257", ""])(
    "refuses %p, saying what to write",
    (text) => {
      expect(() => parseShard(text)).toThrow(PgLtrInputError);
      expect(() => parseShard(text)).toThrow(
        `--shard "${text}" must be I/N with whole numbers 1 ≤ I ≤ N ≤ 256, such as --shard 2/3`,
      );
    },
  );
});

describe("assignShards", () => {
  it.each([
    ["10 subscriptions into 3", 10, 40, 3],
    ["3 subscriptions into 3", 3, 25, 3],
    ["2 subscriptions into 5", 2, 23, 5],
    ["1 subscription into 4", 1, 10, 4],
    ["1 subscription into 1", 1, 7, 1],
    ["fewer servers than shards", 1, 2, 5],
  ])(
    "%s: every server in exactly one shard 1..N, the same in any input order",
    (_, subscriptions, each, count) => {
      const list = units(subscriptions, each);
      const shards = assignShards(list, count);
      expect(shards).toHaveLength(list.length);
      for (const shard of shards) {
        expect(Number.isInteger(shard)).toBe(true);
        expect(shard).toBeGreaterThanOrEqual(1);
        expect(shard).toBeLessThanOrEqual(count);
      }
      expect(shardsByKey(shuffled(list), count)).toEqual(shardsByKey(list, count));
      expect(assignShards(list, count)).toEqual(shards);
    },
  );

  it("keeps each subscription whole in one shard when there are at least as many subscriptions as shards", () => {
    const list = units(10, 40);
    const shards = assignShards(list, 3);
    const shardOfSubscription = new Map<string, Set<number>>();
    list.forEach((unit, i) => {
      const set = shardOfSubscription.get(unit.subscriptionId) ?? new Set<number>();
      set.add(shards[i] as number);
      shardOfSubscription.set(unit.subscriptionId, set);
    });
    for (const set of shardOfSubscription.values()) expect(set.size).toBe(1);
    // Ten equal subscriptions over three shards: 4, 3 and 3 of them.
    const perShard = [1, 2, 3].map(
      (s) => [...shardOfSubscription.values()].filter((set) => set.has(s)).length,
    );
    expect(perShard.sort()).toEqual([3, 3, 4]);
  });

  it("balances uneven subscriptions by expectations, largest first", () => {
    const big: ShardUnit[] = Array.from({ length: 6 }, (_, i) => ({
      subscriptionId: "big",
      key: `big/${i}`,
      expectations: 10,
    }));
    const small = ["s1", "s2", "s3"].map((id) => ({ subscriptionId: id, key: `${id}/0`, expectations: 20 }));
    const shards = assignShards([...small, ...big], 2);
    // big (60) alone on shard 1, the three small ones (60) together on shard 2.
    expect(shards).toEqual([2, 2, 2, 1, 1, 1, 1, 1, 1]);
  });

  it("deals servers out evenly when there are fewer subscriptions than shards", () => {
    const list = units(2, 23);
    const shards = assignShards(list, 5);
    const sizes = [1, 2, 3, 4, 5].map((s) => shards.filter((shard) => shard === s).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(list.length);
  });
});

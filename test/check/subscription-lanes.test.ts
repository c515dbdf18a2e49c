import { forEachByLane } from "../../lib/check/subscription-lanes";

/** A piece of work the test finishes by hand. */
interface Pending {
  readonly item: string;
  finish(): void;
}

function controlledWork() {
  const pending: Pending[] = [];
  const started: string[] = [];
  const work = (item: string) =>
    new Promise<void>((resolve) => {
      started.push(item);
      pending.push({ item, finish: resolve });
    });
  const finish = async (item: string) => {
    const index = pending.findIndex((p) => p.item === item);
    if (index < 0) throw new Error(`${item} is not in progress`);
    pending.splice(index, 1)[0]?.finish();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { pending, started, work, finish };
}

const lane = (item: string) => item.slice(0, 1);

describe("forEachByLane", () => {
  it("keeps the other lanes going while one lane's items wait", async () => {
    const { started, work, finish } = controlledWork();
    // Lane a comes first and has more items than it may have in progress.
    const items = ["a1", "a2", "a3", "a4", "b1", "b2", "c1"];
    const done = forEachByLane(items, lane, { perLane: 2, total: 10 }, work);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(["a1", "b1", "c1", "a2", "b2"]);
    await finish("b1");
    await finish("b2");
    await finish("c1");
    expect(started).toEqual(["a1", "b1", "c1", "a2", "b2"]);
    await finish("a1");
    expect(started.at(-1)).toBe("a3");
    for (const item of ["a2", "a3", "a4"]) await finish(item);
    await expect(done).resolves.toBeUndefined();
  });

  it("takes each lane's items in order and never exceeds the bounds", async () => {
    const { pending, started, work, finish } = controlledWork();
    const items = Array.from({ length: 30 }, (_, i) => `${"xyz"[i % 3]}${String(i).padStart(2, "0")}`);
    const done = forEachByLane(items, lane, { perLane: 3, total: 5 }, work);
    let most = 0;
    while (started.length < items.length || pending.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      most = Math.max(most, pending.length);
      for (const key of "xyz") {
        expect(pending.filter((p) => lane(p.item) === key).length).toBeLessThanOrEqual(3);
      }
      const next = pending[pending.length - 1];
      if (next) await finish(next.item);
    }
    await done;
    expect(most).toBe(5);
    for (const key of "xyz") {
      const ofLane = items.filter((item) => lane(item) === key);
      expect(started.filter((item) => lane(item) === key)).toEqual(ofLane);
    }
    expect([...started].sort()).toEqual([...items].sort());
  });

  it("bounds a lane further by its laneLimit, asked again each time, never below one", async () => {
    const { started, work, finish } = controlledWork();
    const items = ["a1", "a2", "a3", "a4", "b1", "b2", "b3"];
    const limits: Record<string, number> = { a: 2, b: 0 };
    const done = forEachByLane(
      items,
      lane,
      { perLane: 3, total: 10, laneLimit: (key) => limits[key] ?? 3 },
      work,
    );
    await new Promise((resolve) => setImmediate(resolve));
    // Lane b asked for none still gets one, or it would never finish.
    expect(started).toEqual(["a1", "b1", "a2"]);
    limits.a = 10;
    await finish("a1");
    // perLane still caps what laneLimit allows.
    expect(started.filter((item) => lane(item) === "a")).toEqual(["a1", "a2", "a3", "a4"]);
    for (const item of ["a2", "a3", "a4", "b1"]) await finish(item);
    expect(started).toContain("b2");
    await finish("b2");
    await finish("b3");
    await expect(done).resolves.toBeUndefined();
  });

  it("rejects with the first failure and starts nothing after it", async () => {
    const started: string[] = [];
    const failure = new Error("boom");
    const done = forEachByLane(["a1", "a2", "a3"], lane, { perLane: 1, total: 1 }, async (item) => {
      started.push(item);
      if (item === "a2") throw failure;
    });
    await expect(done).rejects.toBe(failure);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(["a1", "a2"]);
  });

  it("resolves at once for no items", async () => {
    await expect(forEachByLane([], lane, { perLane: 1, total: 1 }, async () => undefined)).resolves.toBe(
      undefined,
    );
  });
});

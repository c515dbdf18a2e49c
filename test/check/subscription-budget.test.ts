import { MAX_MODEL_WAIT_MS, SubscriptionBudget } from "../../lib/check/fetch/subscription-budget";

/**
 * A discrete-event simulation of ARM's read bucket against the client-side budget: simulated time,
 * no timers, so the result is the same on every machine. It shows the pacing the benchmark measures
 * for real against the emulator.
 */
interface Simulation {
  readonly bucket: number;
  readonly refillPerSecond: number;
  readonly requests: number;
  readonly oneWayLatencyMs: number;
  /** Extra one-way delay, deterministic pseudo-random in [0, jitterMs). */
  readonly jitterMs: number;
  readonly concurrency: number;
  /** Whether ARM reports x-ms-ratelimit-remaining-subscription-reads. */
  readonly reportsRemaining?: boolean;
  /** Tokens in ARM's bucket when the check starts: other clients may have spent it. @default bucket */
  readonly startTokens?: number;
  /** Reads per second another client spends from the same bucket, all along. @default 0 */
  readonly drainPerSecond?: number;
  /** What ARM's header says instead of the truth, answer by answer (a proxy, a bug). */
  readonly reported?: (remaining: number, answer: number) => number | undefined;
}

function simulate(s: Simulation): { finishedAtMs: number; throttled: number; maxInFlight: number } {
  const budget = new SubscriptionBudget(s.concurrency);
  let seed = 42;
  const jitter = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return (seed / 2 ** 31) * s.jitterMs;
  };
  let tokens = s.startTokens ?? s.bucket;
  let tokensAt = 0;
  const net = s.refillPerSecond - (s.drainPerSecond ?? 0);
  const armTake = (now: number): { ok: boolean; remaining: number; retryAfterMs: number } => {
    // The other client takes its reads first; it never overdraws the bucket.
    tokens = Math.max(0, Math.min(s.bucket, tokens + ((now - tokensAt) / 1000) * net));
    tokensAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return { ok: true, remaining: Math.floor(tokens), retryAfterMs: 0 };
    }
    return {
      ok: false,
      remaining: 0,
      retryAfterMs: Math.max(1, Math.ceil((1 - tokens) / Math.max(net, 1))) * 1000,
    };
  };

  type Answer = { at: number; sequence: number; ok: boolean; remaining: number; retryAfterMs: number };
  const answers: Answer[] = [];
  let readyAt = Infinity;
  let waiting = s.requests;
  let done = 0;
  let throttled = 0;
  let now = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let finishedAtMs = 0;
  let answered = 0;
  while (done < s.requests) {
    if (now > 600_000) throw new Error(`simulation ran past 10 simulated minutes with ${done} done`);
    for (;;) {
      if (waiting === 0) break;
      const delay = budget.delayBeforeNext(now);
      if (delay !== 0) {
        readyAt = now + delay;
        break;
      }
      const sequence = budget.onSend(now);
      waiting--;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const arrival = now + s.oneWayLatencyMs + jitter();
      const decision = armTake(arrival);
      answers.push({ at: arrival + s.oneWayLatencyMs + jitter(), sequence, ...decision });
    }
    answers.sort((a, b) => a.at - b.at);
    const nextAnswerAt = answers[0]?.at ?? Infinity;
    if (!Number.isFinite(Math.min(nextAnswerAt, readyAt))) {
      throw new Error("simulation stalled: nothing in flight and nothing scheduled");
    }
    if (readyAt < nextAnswerAt) {
      now = Math.max(now, readyAt);
      readyAt = Infinity;
    } else {
      const event = answers.shift() as Answer;
      now = Math.max(now, event.at);
      inFlight--;
      answered++;
      const remaining = s.reported ? s.reported(event.remaining, answered) : event.remaining;
      budget.onAnswer(now, event.sequence, {
        status: event.ok ? 200 : 429,
        remaining: s.reportsRemaining === false ? undefined : remaining,
        retryAfterMs: event.ok ? undefined : event.retryAfterMs,
      });
      if (event.ok) {
        done++;
        finishedAtMs = now;
      } else {
        throttled++;
        // The SDK waits Retry-After, then the retry asks the budget again.
        waiting++;
      }
    }
  }
  return { finishedAtMs, throttled, maxInFlight };
}

describe("client-side model of ARM's read throttling", () => {
  it.each([
    ["the benchmark's bucket (250, refilled 250/s), 1,000 reads", 250, 250, 1000, 10],
    ["ARM's documented bucket (250, refilled 25/s), 500 reads", 250, 25, 500, 10],
    ["a bucket refilled slower than documented (10/s)", 250, 10, 400, 10],
    ["a longer round trip (50 ms)", 250, 250, 1000, 25],
    ["a larger run (3,000 reads, 64 at once)", 250, 250, 3000, 10],
  ])(
    "paces %s at the refill rate with no 429",
    (_label, bucket, refillPerSecond, requests, oneWayLatencyMs) => {
      const result = simulate({
        bucket,
        refillPerSecond,
        requests,
        oneWayLatencyMs,
        jitterMs: 4,
        concurrency: requests > 1000 ? 64 : 32,
      });
      const idealMs = ((requests - bucket) / refillPerSecond) * 1000;
      expect(result.throttled).toBe(0);
      expect(result.finishedAtMs).toBeLessThanOrEqual(idealMs * 1.1);
      expect(result.maxInFlight).toBeGreaterThan(1);
    },
  );

  it("still finishes, backing off on Retry-After, when ARM does not report the remaining reads", () => {
    const result = simulate({
      bucket: 50,
      refillPerSecond: 50,
      requests: 200,
      oneWayLatencyMs: 10,
      jitterMs: 0,
      concurrency: 32,
      reportsRemaining: false,
    });
    expect(result.throttled).toBeGreaterThan(0);
    expect(result.finishedAtMs).toBeLessThan(60_000);
  });

  it("waits for the refill once ARM reports the bucket nearly empty", () => {
    const budget = new SubscriptionBudget(32);
    const first = budget.onSend(0);
    budget.onSend(0);
    budget.onAnswer(20, first, { status: 200, remaining: 1, retryAfterMs: undefined });
    // One read left and one still in flight: nothing may leave until the bucket refills.
    expect(budget.delayBeforeNext(20)).toBeGreaterThan(0);
  });

  it("pauses for Retry-After and halves its concurrency after a 429", () => {
    const budget = new SubscriptionBudget(32);
    for (let i = 0; i < 4; i++) budget.onSend(0);
    budget.onAnswer(10, 1, { status: 429, remaining: undefined, retryAfterMs: 3000 });
    expect(budget.delayBeforeNext(10)).toBe(3000);
    expect(budget.concurrencyLimit).toBe(16);
    // The rest of the same burst answers 429 too: one episode, one halving.
    budget.onAnswer(11, 2, { status: 429, remaining: undefined, retryAfterMs: 3000 });
    expect(budget.concurrencyLimit).toBe(16);
    expect(budget.delayBeforeNext(3011)).toBe(0);
  });

  it("raises its concurrency again gradually after throttling ends", () => {
    const budget = new SubscriptionBudget(8);
    budget.onSend(0);
    budget.onAnswer(1, 1, { status: 429, remaining: undefined, retryAfterMs: 10 });
    expect(budget.concurrencyLimit).toBe(4);
    for (let i = 0; i < 40; i++) {
      const sequence = budget.onSend(100 + i);
      budget.onAnswer(101 + i, sequence, { status: 200, remaining: undefined, retryAfterMs: undefined });
    }
    expect(budget.concurrencyLimit).toBe(8);
  });

  describe("recovers whenever ARM's bucket does, whatever the remaining-reads header said", () => {
    /** Simulated time at which the budget next lets a request go, asking again when told to wait. */
    const nextSendAt = (budget: SubscriptionBudget, from: number): number => {
      for (let now = from; now < from + 120_000;) {
        const delay = budget.delayBeforeNext(now);
        if (delay === 0) return now;
        if (!Number.isFinite(delay)) throw new Error(`waits for an answer with nothing in flight at ${now}`);
        now += delay;
      }
      throw new Error(`no request allowed within 120 simulated seconds of ${from}`);
    };

    it.each([
      ["a 429 reporting 0 reads left", 429, 0],
      ["a 429 reporting -7 reads left", 429, -7],
      ["a 200 reporting 0 reads left", 200, 0],
      ["a 200 reporting -3 reads left", 200, -3],
    ])("sends again after %s, within the documented bucket's refill time", (_label, status, remaining) => {
      const budget = new SubscriptionBudget(32);
      const sequence = budget.onSend(0);
      budget.onAnswer(20, sequence, {
        status,
        remaining,
        retryAfterMs: status === 429 ? 1000 : undefined,
      });
      const at = nextSendAt(budget, 20);
      expect(at).toBeGreaterThan(20);
      expect(at).toBeLessThanOrEqual(20 + 1000 + MAX_MODEL_WAIT_MS);
      // And keeps going at about ARM's documented rate while every answer says 0, not a stall per request.
      let now = at;
      for (let i = 0; i < 25; i++) {
        const next = budget.onSend(now);
        budget.onAnswer(now + 20, next, { status: 200, remaining: 0, retryAfterMs: undefined });
        now = nextSendAt(budget, now + 20);
      }
      expect(now - at).toBeLessThan(5000);
    });

    it.each([
      [
        "drained by another client before the check and while it runs",
        { startTokens: 0, drainPerSecond: 15 },
      ],
      [
        "whose header reports -40 when empty",
        { startTokens: 0, reported: (r: number) => (r === 0 ? -40 : r) },
      ],
      [
        "whose header reports an absurd 10^12 on every 7th answer",
        { reported: (r: number, n: number) => (n % 7 === 0 ? 1e12 : r) },
      ],
      [
        "whose header comes and goes",
        { startTokens: 0, reported: (r: number, n: number) => (n % 2 === 0 ? undefined : r) },
      ],
    ])("finishes 300 reads against ARM's documented bucket %s", (_label, extra) => {
      const result = simulate({
        bucket: 250,
        refillPerSecond: 25,
        requests: 300,
        oneWayLatencyMs: 10,
        jitterMs: 4,
        concurrency: 32,
        ...extra,
      });
      expect(result.finishedAtMs).toBeLessThan(120_000);
    });
  });
});

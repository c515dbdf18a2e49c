/**
 * The emulator's request counters sampled over time, from the emulator's side of the connection.
 * They show how the checker paces itself: when it starts sending, how close to the refill rate it
 * runs, and how long it idles after a 429.
 */

export interface CounterSample {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly requests: number;
  readonly throttled: number;
}

export interface Pacing {
  /** From the start of the check to the first request the emulator saw, in milliseconds. */
  readonly beforeFirstRequestMs: number;
  /** From the first to the last request seen, in milliseconds. */
  readonly requestSpanMs: number;
  /** From the last request seen to the end of the check, in milliseconds. */
  readonly afterLastRequestMs: number;
  /** Requests per second between the first and the last request. */
  readonly meanRate: number;
  /** Sampling intervals in which no request arrived while some were still to come, in milliseconds. */
  readonly idleMs: number;
}

/** Samples `read()` every `intervalMs` until stopped. */
export function sampleCounters(
  read: () => { requests: number; throttled: number },
  intervalMs: number,
): { stop(): CounterSample[] } {
  const samples: CounterSample[] = [];
  const take = (): void => {
    const { requests, throttled } = read();
    samples.push({ at: Date.now(), requests, throttled });
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop(): CounterSample[] {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

/** Pacing of one check between `startedAt` and `endedAt` (epoch milliseconds), from counter samples. */
export function pacingOf(samples: readonly CounterSample[], startedAt: number, endedAt: number): Pacing {
  const base = samples[0]?.requests ?? 0;
  const total = (samples[samples.length - 1]?.requests ?? base) - base;
  // A request is placed in the interval whose closing sample first counts it.
  const first = samples.find((s) => s.requests > base);
  const last = samples.find((s) => s.requests - base >= total);
  if (!first || !last || total === 0) {
    return {
      beforeFirstRequestMs: endedAt - startedAt,
      requestSpanMs: 0,
      afterLastRequestMs: 0,
      meanRate: 0,
      idleMs: 0,
    };
  }
  const firstAt = Math.max(startedAt, first.at);
  const lastAt = Math.min(endedAt, Math.max(firstAt, last.at));
  let idleMs = 0;
  for (let i = 1; i < samples.length; i++) {
    const previous = samples[i - 1];
    const current = samples[i];
    if (previous.at >= firstAt && current.at <= lastAt && current.requests === previous.requests) {
      idleMs += current.at - previous.at;
    }
  }
  const requestSpanMs = lastAt - firstAt;
  return {
    beforeFirstRequestMs: firstAt - startedAt,
    requestSpanMs,
    afterLastRequestMs: Math.max(0, endedAt - lastAt),
    meanRate: requestSpanMs > 0 ? (total / requestSpanMs) * 1000 : total,
    idleMs,
  };
}

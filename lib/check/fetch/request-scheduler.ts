import { BudgetAnswer, SubscriptionBudget } from "./subscription-budget";

/** Permission to send one request; report how it ended exactly once. */
export interface SendTicket {
  answered(answer: BudgetAnswer): void;
  /** No answer arrived (timeout, connection reset, abort). */
  failed(): void;
}

/** The part of an abort signal the scheduler uses; the pipeline's requests carry such a signal. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

interface Waiter {
  readonly resolve: (ticket: SendTicket) => void;
  readonly reject: (error: Error) => void;
  readonly signal: AbortSignalLike | undefined;
  readonly onAbort: () => void;
}

interface Lane {
  readonly budget: SubscriptionBudget;
  readonly waiters: Waiter[];
  timer: NodeJS.Timeout | undefined;
  timerAt: number;
}

/**
 * Decides when each request may go on the wire: at most `concurrency` in flight per subscription and
 * `totalConcurrency` overall, and per subscription as its SubscriptionBudget allows (throttling
 * pauses, concurrency limit, refill pacing).
 * Requests of one subscription leave in the order they asked; a throttled subscription does not hold
 * up the others.
 */
export class RequestScheduler {
  private readonly lanes = new Map<string, Lane>();
  /** The lanes in the order they were opened, for the round-robin. */
  private readonly order: Lane[] = [];
  /** Where the next round-robin pass starts: the lane after the last one served. */
  private cursor = 0;
  private inFlight = 0;
  private closed = false;

  constructor(
    private readonly concurrency: number,
    private readonly clock: () => number = () => performance.now(),
    /** Requests in flight over all subscriptions. @default concurrency */
    private readonly totalConcurrency: number = concurrency,
  ) {}

  /** Waits until a request for `subscription` may be sent. Rejects with an AbortError when `signal` aborts. */
  acquire(subscription: string, signal?: AbortSignalLike): Promise<SendTicket> {
    if (signal?.aborted) return Promise.reject(abortError());
    if (this.closed) return Promise.reject(new Error("the request scheduler is closed"));
    const lane = this.lane(subscription);
    return new Promise<SendTicket>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = lane.waiters.indexOf(waiter);
          if (index >= 0) lane.waiters.splice(index, 1);
          reject(abortError());
        },
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      lane.waiters.push(waiter);
      this.pump();
    });
  }

  /** The budget of a subscription, for inspection. */
  budgetOf(subscription: string): SubscriptionBudget {
    return this.lane(subscription).budget;
  }

  /** Stops all timers and rejects requests still waiting. */
  close(): void {
    this.closed = true;
    for (const lane of this.lanes.values()) {
      if (lane.timer) clearTimeout(lane.timer);
      lane.timer = undefined;
      for (const waiter of lane.waiters.splice(0)) {
        waiter.signal?.removeEventListener("abort", waiter.onAbort);
        waiter.reject(new Error("the request scheduler is closed"));
      }
    }
  }

  private lane(subscription: string): Lane {
    let lane = this.lanes.get(subscription);
    if (!lane) {
      lane = { budget: new SubscriptionBudget(this.concurrency), waiters: [], timer: undefined, timerAt: 0 };
      this.lanes.set(subscription, lane);
      this.order.push(lane);
    }
    return lane;
  }

  private pump(): void {
    if (this.closed) return;
    let progressed = true;
    // Round-robin over subscriptions, each pass starting after the lane served last: most pumps free
    // one place (an answer came back), and a pass that always began at the first lane would give
    // every such place to the first subscriptions with budget left while the later ones starve.
    while (progressed && this.inFlight < this.totalConcurrency) {
      progressed = false;
      const lanes = this.order.length;
      for (let step = 0; step < lanes && this.inFlight < this.totalConcurrency; step++) {
        const index = (this.cursor + step) % lanes;
        const lane = this.order[index] as Lane;
        if (lane.waiters.length === 0) continue;
        const now = this.clock();
        const delay = lane.budget.delayBeforeNext(now);
        if (delay === 0) {
          this.release(lane, now);
          this.cursor = (index + 1) % lanes;
          progressed = true;
        } else if (Number.isFinite(delay)) {
          this.wake(lane, now + delay);
        }
      }
    }
  }

  private release(lane: Lane, now: number): void {
    const waiter = lane.waiters.shift() as Waiter;
    waiter.signal?.removeEventListener("abort", waiter.onAbort);
    const sequence = lane.budget.onSend(now);
    this.inFlight++;
    let settled = false;
    const settle = (report: () => void): void => {
      if (settled) return;
      settled = true;
      this.inFlight--;
      report();
      this.pump();
    };
    waiter.resolve({
      answered: (answer) => settle(() => lane.budget.onAnswer(this.clock(), sequence, answer)),
      failed: () => settle(() => lane.budget.onNoAnswer()),
    });
  }

  private wake(lane: Lane, at: number): void {
    if (lane.timer && lane.timerAt <= at) return;
    if (lane.timer) clearTimeout(lane.timer);
    lane.timerAt = at;
    lane.timer = setTimeout(
      () => {
        lane.timer = undefined;
        this.pump();
      },
      Math.max(1, at - this.clock()),
    );
  }
}

function abortError(): Error {
  const error = new Error("The check was aborted.");
  error.name = "AbortError";
  return error;
}

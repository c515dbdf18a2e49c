import type { RequestCounter } from "./fetch/request-counter";
import type { CheckProgress } from "./options";

/** Least time between two progress calls: a progress line needs no more than five updates a second. */
const MIN_INTERVAL_MS = 200;

/** Counts verdicts and calls `onProgress` at most every 200 ms, plus once at the end. */
export class ProgressReporter {
  private completed = 0;
  private lastCall = -Infinity;

  constructor(
    private readonly total: number,
    private readonly counter: RequestCounter,
    private readonly onProgress: ((progress: CheckProgress) => void) | undefined,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** One more expectation has its verdict. */
  done(): void {
    this.completed++;
    const now = this.clock();
    if (now - this.lastCall >= MIN_INTERVAL_MS) this.emit(now);
  }

  /** The final state, always reported. */
  finish(): void {
    this.emit(this.clock());
  }

  private emit(now: number): void {
    if (!this.onProgress) return;
    this.lastCall = now;
    this.onProgress({
      done: this.completed,
      total: this.total,
      requests: this.counter.requests,
      throttled: this.counter.throttled,
    });
  }
}

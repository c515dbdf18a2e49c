import type { PipelineRequest } from "@azure/core-rest-pipeline";
import type { RequestStats } from "../result";

/** Counts what the fetch stage sent, for RequestStats and the progress line. */
export class RequestCounter {
  private sent = 0;
  private throttledAnswers = 0;
  private retried = 0;
  /** Attempts per request still in progress; ArmReader forgets each once it has its answer. */
  private readonly attempts = new Map<PipelineRequest, number>();

  /** Records one attempt of `request` going on the wire; returns its attempt number, 1 for the first. */
  recordAttempt(request: PipelineRequest): number {
    const attempt = (this.attempts.get(request) ?? 0) + 1;
    this.attempts.set(request, attempt);
    this.sent++;
    if (attempt > 1) this.retried++;
    return attempt;
  }

  recordThrottled(): void {
    this.throttledAnswers++;
  }

  /** Attempts made for `request` so far (0 when it never got past the queue). */
  attemptsOf(request: PipelineRequest): number {
    return this.attempts.get(request) ?? 0;
  }

  /**
   * Lets go of a request that is over (its attempts stay counted in the totals). A Map with explicit
   * removal costs the garbage collector less than a WeakMap, whose entries it must trace as ephemerons.
   */
  forget(request: PipelineRequest): void {
    this.attempts.delete(request);
  }

  get requests(): number {
    return this.sent;
  }

  get throttled(): number {
    return this.throttledAnswers;
  }

  snapshot(durationMs: number): RequestStats {
    return { requests: this.sent, throttled: this.throttledAnswers, retries: this.retried, durationMs };
  }
}

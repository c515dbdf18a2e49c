import type { PipelineRequest } from "@azure/core-rest-pipeline";
import type { RequestStats } from "../result";

/** Counts what the fetch stage sent, for RequestStats and the progress line. */
export class RequestCounter {
  private sent = 0;
  private throttledAnswers = 0;
  private retried = 0;
  private readonly attempts = new WeakMap<PipelineRequest, number>();

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

import type { Evidence } from "../evidence";
import type { IncompleteReason } from "../result";

/** Why a check stops early, and how its findings say so. */
export interface RunStop {
  readonly reason: IncompleteReason;
  /** Completes "not checked: ...", e.g. `the deadline PT30M passed`. */
  readonly text: string;
}

export interface CheckRunControlOptions {
  /** The deadline of the whole check, as the user wrote it and in milliseconds (at most a timer's range). */
  readonly deadline: { readonly text: string; readonly ms: number };
  /** Aborting it stops the check as interrupted (Ctrl+C, SIGTERM). */
  readonly interruptSignal?: AbortSignal;
  /** Aborting it cancels the check outright; the check then rejects instead of reporting. */
  readonly abortSignal?: AbortSignal;
}

/**
 * Ends a check early without losing what it learned. The deadline timer, the caller's interrupt and
 * the caller's abort all abort the run's signal and the signal of every request still open
 * (`openRequest`), so requests stop wherever they are (queued, on the wire, waiting to retry);
 * `stopped` then tells the check to report every expectation not judged yet as not checked, instead
 * of failing. Kept apart from the scheduling loop, which only asks `stopped` and passes signals on.
 */
export class CheckRunControl {
  private readonly controller = new AbortController();
  private stop: RunStop | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly detach: (() => void)[] = [];
  /**
   * One controller per request in progress, aborted from here rather than by a listener on the run's
   * signal: Node's EventTarget scans its listeners on every add, so thousands of requests listening
   * on one signal cost O(requests in flight) per request.
   */
  private readonly requests = new Set<AbortController>();

  constructor(options: CheckRunControlOptions) {
    this.timer = setTimeout(
      () => this.end({ reason: "deadline", text: `the deadline ${options.deadline.text} passed` }),
      options.deadline.ms,
    );
    this.follow(options.interruptSignal, () => this.end({ reason: "interrupted", text: "interrupted" }));
    this.follow(options.abortSignal, () => this.abort());
  }

  /** Aborts when the check must stop sending requests, for whatever reason. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * The controller of one request: aborted when the check stops (already aborted if it has). Pass it
   * to `closeRequest` once the request is over.
   */
  openRequest(): AbortController {
    const request = new AbortController();
    if (this.controller.signal.aborted) request.abort();
    else this.requests.add(request);
    return request;
  }

  /** Forgets a request's controller, whose request is over. */
  closeRequest(request: AbortController): void {
    this.requests.delete(request);
  }

  /** Why the check stopped early; undefined while it runs, and when it was aborted outright. */
  get stopped(): RunStop | undefined {
    return this.stop;
  }

  /** Stops the deadline timer and lets go of the caller's signals; call once the check is over. */
  close(): void {
    clearTimeout(this.timer);
    for (const detach of this.detach.splice(0)) detach();
  }

  private end(stop: RunStop): void {
    if (this.controller.signal.aborted) return;
    this.stop = stop;
    this.abort();
  }

  private abort(): void {
    if (this.controller.signal.aborted) return;
    // The run's signal first: a request that sees its own abort asks the run's signal why.
    this.controller.abort();
    for (const request of this.requests) request.abort();
    this.requests.clear();
  }

  private follow(signal: AbortSignal | undefined, onAbort: () => void): void {
    if (!signal) return;
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener("abort", onAbort, { once: true });
    this.detach.push(() => signal.removeEventListener("abort", onAbort));
  }
}

/**
 * What the check knows about an expectation it did not get to (or whose request the stop cut off):
 * no answer, because the check stopped.
 */
export function notCheckedEvidence(stop: RunStop): Extract<Evidence, { kind: "no-answer" }> {
  return {
    kind: "no-answer",
    http: { status: null, code: null, message: stop.text, requestId: null },
    cause: "stopped",
    attempts: 0,
  };
}

/** Whether evidence says the check stopped before the expectation was judged. */
export function isNotChecked(evidence: Evidence | undefined): boolean {
  return evidence?.kind === "no-answer" && evidence.cause === "stopped";
}

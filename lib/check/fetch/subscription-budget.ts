/**
 * Client-side model of ARM's read throttling for one subscription, so that a large check paces itself
 * at the rate ARM refills its budget instead of running into 429s.
 *
 * ARM throttles reads with a token bucket per subscription (250 tokens, refilled 25 per second in 2024)
 * and reports what is left in `x-ms-ratelimit-remaining-subscription-reads`. The model keeps:
 * - the tokens left: the value an answer reported minus the requests sent after that one (ARM counts
 *   them after it, whether or not their answers overtook it), refilled between answers at the
 *   estimated rate; a report above the model only raises it halfway, because one late-processed
 *   request can report more than is left;
 * - the refill rate, estimated from how the reported value evolves: over a window, the reported value
 *   went from r1 to r2 while the n requests sent in between consumed n tokens, so ARM refilled
 *   r2 - r1 + n. Requests in flight together may be processed in any order, so n is uncertain by the
 *   requests in flight at either end; while that leaves
 *   the estimate vague (early in a check), ARM's documented 25 per second is used as long as the
 *   observations allow it, else the nearest rate they allow;
 * - a concurrency limit that halves on a 429 and grows back by about one per round trip (AIMD);
 * - a pause until Retry-After after a 429.
 * Without the header (other clouds, proxies) only the concurrency limit and the pause apply.
 *
 * The header is ARM's to fill and other clients spend the same bucket, so the model never trusts it
 * to the point of stalling: a report of 0 or less (or one that is not a number) never shrinks the
 * bucket below one request, and the model never holds a request back longer than ARM's documented
 * bucket takes to refill from empty. Only ARM's own Retry-After can ask for longer.
 */

/** What an answer tells the budget. */
export interface BudgetAnswer {
  readonly status: number;
  /** `x-ms-ratelimit-remaining-subscription-reads`, when present. */
  readonly remaining: number | undefined;
  /** Retry-After in milliseconds, when present. */
  readonly retryAfterMs: number | undefined;
}

interface Sample {
  readonly at: number;
  readonly remaining: number;
  /** Send sequence number of the request this answer belongs to. */
  readonly sequence: number;
  /** Requests in flight when it arrived: how many answers may have overtaken it, or it them. */
  readonly inFlight: number;
}

/** ARM's documented refill of the read bucket (tokens per second), the prior of the estimate. */
export const DOCUMENTED_REFILL_PER_SECOND = 25;

/** ARM's documented read bucket per subscription (tokens). */
export const DOCUMENTED_BUCKET = 250;

/**
 * Longest the model itself holds a request back: the time ARM's documented bucket takes to refill
 * from empty. If ARM's bucket refills by then the request goes through; if not, ARM answers 429 with
 * a Retry-After, which is ARM's word rather than the model's guess.
 */
export const MAX_MODEL_WAIT_MS = (DOCUMENTED_BUCKET / DOCUMENTED_REFILL_PER_SECOND) * 1000;

/** How far back refill samples are kept. */
const RATE_WINDOW_MS = 2000;
/** Shortest span a refill estimate is taken over; shorter spans are mostly noise. */
const MIN_RATE_SPAN_MS = 100;
/** Tokens kept in hand, in seconds of refill, to absorb jitter between the model and ARM's bucket. */
const RESERVE_SECONDS = 0.02;
/** Pause after a 429 that carries no Retry-After. */
const DEFAULT_RETRY_AFTER_MS = 1000;

export class SubscriptionBudget {
  private inFlight = 0;
  private limit: number;
  private pausedUntil = 0;
  private tokens: number | undefined;
  private tokensAt = 0;
  private capacity = 0;
  private refillPerSecond: number | undefined;
  private samples: Sample[] = [];
  private sent = 0;
  private lastSendAt = -Infinity;

  constructor(private readonly maxConcurrency: number) {
    this.limit = maxConcurrency;
  }

  /** Requests of this subscription on the wire. */
  get pending(): number {
    return this.inFlight;
  }

  /** Current concurrency limit (lowered while ARM throttles). */
  get concurrencyLimit(): number {
    return Math.floor(this.limit);
  }

  /** Estimated refill of ARM's read budget, tokens per second; undefined until observed. */
  get estimatedRefillPerSecond(): number | undefined {
    return this.refillPerSecond;
  }

  /**
   * Milliseconds until the next request may be sent: 0 now, a positive number to wait for the pause or
   * the refill, Infinity to wait for an answer to come back.
   */
  delayBeforeNext(now: number): number {
    if (now < this.pausedUntil) return Math.max(1, Math.ceil(this.pausedUntil - now));
    if (this.inFlight >= Math.floor(this.limit)) return Infinity;
    if (this.tokens === undefined) return 0;
    this.refill(now);
    const needed = 1 + this.reserve();
    const tokens = this.tokens as number;
    if (tokens >= needed) return 0;
    const rate = this.rate();
    if (rate > 0)
      return Math.min(MAX_MODEL_WAIT_MS, Math.max(1, Math.ceil(((needed - tokens) / rate) * 1000)));
    // Observations say ARM does not refill: wait for the answers in flight, which update the model,
    // or with nothing in flight ask again at the documented rate.
    if (this.inFlight > 0) return Infinity;
    return Math.max(0, Math.ceil(this.lastSendAt + 1000 / DOCUMENTED_REFILL_PER_SECOND - now));
  }

  /** A request goes on the wire now; returns its sequence number, to pass back with its answer. */
  onSend(now: number): number {
    this.inFlight++;
    this.lastSendAt = now;
    if (this.tokens !== undefined) {
      this.refill(now);
      this.tokens -= 1;
    }
    return ++this.sent;
  }

  /** The answer to request number `sequence` came back. */
  onAnswer(now: number, sequence: number, answer: BudgetAnswer): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    const throttled = answer.status === 429;
    if (answer.remaining !== undefined && Number.isFinite(answer.remaining)) {
      // Below zero says no more than zero does: the bucket is empty, and it refills from there.
      const remaining = Math.max(0, answer.remaining);
      this.capacity = Math.max(this.capacity, remaining + 1);
      if (throttled) this.samples = [];
      else this.observeRefill(now, sequence, remaining);
      const reported = remaining - (this.sent - sequence);
      this.refill(now);
      const modelled = this.tokens;
      this.tokens =
        modelled === undefined || reported <= modelled ? reported : modelled + (reported - modelled) / 2;
      this.tokensAt = now;
    }
    if (throttled) {
      // Halve once per throttling episode: the other requests of the same burst come back 429 as well.
      if (now >= this.pausedUntil) this.limit = Math.max(1, this.limit / 2);
      this.pausedUntil = Math.max(this.pausedUntil, now + (answer.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS));
      if (this.tokens !== undefined) this.tokens = Math.min(this.tokens, -this.inFlight);
      this.tokensAt = now;
    } else {
      this.limit = Math.min(this.maxConcurrency, this.limit + 1 / this.limit);
    }
  }

  /** A request ended without an answer (timeout, connection reset); whether ARM counted it is unknown. */
  onNoAnswer(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** The refill rate the model works with: the estimate, else ARM's documented rate. */
  private rate(): number {
    return this.refillPerSecond ?? DOCUMENTED_REFILL_PER_SECOND;
  }

  private reserve(): number {
    return Math.max(1, this.rate() * RESERVE_SECONDS);
  }

  private refill(now: number): void {
    if (this.tokens === undefined) return;
    const rate = this.rate();
    if (rate > 0 && now > this.tokensAt) {
      // The largest report seen may be a bucket drained by others (0 on the first answer): the model's
      // bucket always holds at least what one request needs, so it can never wait for ever.
      const ceiling = Math.max(this.capacity, 1 + this.reserve());
      this.tokens = Math.min(ceiling, this.tokens + (rate * (now - this.tokensAt)) / 1000);
    }
    this.tokensAt = Math.max(this.tokensAt, now);
  }

  private observeRefill(now: number, sequence: number, remaining: number): void {
    const sample: Sample = { at: now, remaining, sequence, inFlight: this.inFlight };
    while (this.samples.length > 1 && now - (this.samples[0] as Sample).at > RATE_WINDOW_MS)
      this.samples.shift();
    this.samples.push(sample);
    // A full bucket wastes its refill, so spans that touch it would underestimate the rate.
    const full = this.capacity - 1;
    if (remaining >= full) return;
    const from = this.samples.find((s) => s.remaining < full && now - s.at >= MIN_RATE_SPAN_MS);
    if (!from) return;
    const seconds = (now - from.at) / 1000;
    const central = (remaining - from.remaining + (sample.sequence - from.sequence)) / seconds;
    // Reordering at either end, plus the header's rounding down at either end.
    const uncertainty = (from.inFlight + sample.inFlight + 2) / seconds;
    const lowest = Math.max(0, central - uncertainty);
    const highest = Math.max(0, central + uncertainty);
    this.refillPerSecond = Math.min(highest, Math.max(lowest, DOCUMENTED_REFILL_PER_SECOND));
  }
}

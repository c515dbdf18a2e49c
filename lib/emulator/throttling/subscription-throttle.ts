/** ARM's read throttling since 2024: a token bucket per subscription. */
export interface ThrottleSettings {
  /** Requests a subscription may burst before it is throttled. @default 250 */
  readonly bucket: number;
  /** Tokens added back per second. @default 25 */
  readonly refillPerSecond: number;
}

export const ARM_READ_THROTTLE: ThrottleSettings = { bucket: 250, refillPerSecond: 25 };

/** Outcome of taking one token. */
export type ThrottleDecision =
  | { readonly allowed: true; readonly remaining: number }
  | { readonly allowed: false; readonly remaining: 0; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Token buckets per subscription. Time is passed in, so the arithmetic is testable and the emulator
 * decides what "now" is.
 */
export class SubscriptionThrottle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly settings: ThrottleSettings) {}

  /** Takes one token for a read in the subscription, or says when the next token is available. */
  take(subscriptionId: string, now: number): ThrottleDecision {
    const key = subscriptionId.toLowerCase();
    const bucket = this.buckets.get(key) ?? { tokens: this.settings.bucket, updatedAt: now };
    const elapsedSeconds = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(
      this.settings.bucket,
      bucket.tokens + elapsedSeconds * this.settings.refillPerSecond,
    );
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    // ARM sends whole seconds and never 0, which clients would read as "retry at once".
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / this.settings.refillPerSecond));
    return { allowed: false, remaining: 0, retryAfterSeconds };
  }

  /** Tokens left without taking one, for the `x-ms-ratelimit-remaining-subscription-reads` header of answers that did not read. */
  remaining(subscriptionId: string, now: number): number {
    const bucket = this.buckets.get(subscriptionId.toLowerCase());
    if (!bucket) return this.settings.bucket;
    const elapsedSeconds = Math.max(0, now - bucket.updatedAt) / 1000;
    return Math.floor(
      Math.min(this.settings.bucket, bucket.tokens + elapsedSeconds * this.settings.refillPerSecond),
    );
  }
}

/** A token bucket of ARM's throttling: its size and how fast it refills. */
export interface ThrottleSettings {
  /** Requests a subscription and principal may burst before they are throttled. */
  readonly bucket: number;
  /** Tokens added back per second. */
  readonly refillPerSecond: number;
}

/** ARM's read bucket since 2024: 250 requests, refilled 25 per second. */
export const ARM_READ_THROTTLE: ThrottleSettings = { bucket: 250, refillPerSecond: 25 };

/** ARM's write bucket (PUT, PATCH, DELETE, POST) since 2024: 200 requests, refilled 10 per second. */
export const ARM_WRITE_THROTTLE: ThrottleSettings = { bucket: 200, refillPerSecond: 10 };

/** Outcome of taking one token. */
export type ThrottleDecision =
  | { readonly allowed: true; readonly remaining: number }
  | { readonly allowed: false; readonly remaining: 0; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Token buckets per subscription and principal (ARM's "actor"), as ARM keeps them since 2024: other
 * tools signed in as the same principal spend the same bucket, another principal has its own. Time
 * is passed in, so the arithmetic is testable and the emulator decides what "now" is.
 */
export class SubscriptionThrottle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly settings: ThrottleSettings) {}

  /** Takes one token for a request of `actor` in the subscription, or says when the next one is available. */
  take(subscriptionId: string, actor: string, now: number): ThrottleDecision {
    const key = bucketKey(subscriptionId, actor);
    const bucket = this.refilled(this.buckets.get(key), now);
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    // ARM sends whole seconds and never 0, which clients would read as "retry at once".
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / this.settings.refillPerSecond));
    return { allowed: false, remaining: 0, retryAfterSeconds };
  }

  /** Tokens left without taking one, for the remaining-requests header of answers that did not spend one. */
  remaining(subscriptionId: string, actor: string, now: number): number {
    return Math.floor(this.refilled(this.buckets.get(bucketKey(subscriptionId, actor)), now).tokens);
  }

  private refilled(bucket: Bucket | undefined, now: number): Bucket {
    if (!bucket) return { tokens: this.settings.bucket, updatedAt: now };
    const elapsedSeconds = Math.max(0, now - bucket.updatedAt) / 1000;
    return {
      tokens: Math.min(this.settings.bucket, bucket.tokens + elapsedSeconds * this.settings.refillPerSecond),
      updatedAt: now,
    };
  }
}

function bucketKey(subscriptionId: string, actor: string): string {
  return `${subscriptionId.toLowerCase()}|${actor.toLowerCase()}`;
}

import { FleetSpec } from "./fleet";

/** Subscription every benchmark fleet lives in: one subscription, so one ARM throttling bucket. */
export const BENCH_SUBSCRIPTION_ID = "5b1f3c2e-8d4a-4e6b-9c7f-2a1d0e9b8c76";

/** The instant every check judges against; the fleet's operations are dated relative to it. */
export const BENCH_NOW = new Date("2026-11-27T12:00:00Z");

/** Scenario 1's platform: 1,000 servers, 3 named backups and `latest` each, a few servers drifting. */
export const PLATFORM_FLEET: FleetSpec = {
  servers: 1000,
  stacks: 10,
  namedPerServer: 3,
  latest: true,
  subscriptionId: BENCH_SUBSCRIPTION_ID,
  now: BENCH_NOW,
  driftEvery: 100,
};

/** ARM emulation of scenarios 1 and 2: 20 ms per answer, a 250-token bucket refilled at 250 per second. */
export const PLATFORM_EMULATION = { latencyMs: 20, throttle: { bucket: 250, refillPerSecond: 250 } } as const;

/** ARM's read throttling as documented since 2024: 250 reads at once, refilled 25 per second, per subscription. */
export const ARM_THROTTLE = { bucket: 250, refillPerSecond: 25 } as const;

/** Row 1's estate: 10 subscriptions × 1,000 servers, 3 named backups and `latest` each, a few drifting. */
export const ESTATE_FLEET: FleetSpec = {
  servers: 10_000,
  stacks: 10,
  subscriptions: 10,
  namedPerServer: 3,
  latest: true,
  subscriptionId: BENCH_SUBSCRIPTION_ID,
  now: BENCH_NOW,
  driftEvery: 100,
};

/** Row 2's estate: 5 subscriptions × 1,000 servers, one `latest` expectation each. */
export const HEAD_OF_LINE_FLEET: FleetSpec = {
  servers: 5_000,
  stacks: 5,
  subscriptions: 5,
  namedPerServer: 0,
  latest: true,
  subscriptionId: BENCH_SUBSCRIPTION_ID,
  now: BENCH_NOW,
  driftEvery: 0,
};

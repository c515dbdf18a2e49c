import { DOCUMENTED_BUCKET, DOCUMENTED_REFILL_PER_SECOND } from "../fetch/subscription-budget";

/**
 * The least time `requests` reads in one subscription take at ARM's documented read rate: the
 * bucket's worth at once, the rest at the refill rate. Subscriptions are throttled apart, so a check
 * takes at least the largest of these.
 */
export function shortestReadTimeMs(requests: number): number {
  return (Math.max(0, requests - DOCUMENTED_BUCKET) / DOCUMENTED_REFILL_PER_SECOND) * 1000;
}

/**
 * A warning when the planned reads cannot finish within the deadline even if ARM serves them as fast
 * as it documents, else undefined. Counts one request per planned GET or listing (further listing
 * pages and probes only add to it), so a warning is never a false alarm.
 */
export function deadlineWarning(
  requestsBySubscription: ReadonlyMap<string, number>,
  deadline: { readonly text: string; readonly ms: number },
): string | undefined {
  let slowest: { subscription: string; requests: number; ms: number } | undefined;
  for (const [subscription, requests] of requestsBySubscription) {
    const ms = shortestReadTimeMs(requests);
    if (!slowest || ms > slowest.ms) slowest = { subscription, requests, ms };
  }
  if (!slowest || slowest.ms <= deadline.ms) return undefined;
  return (
    `the check plans ${slowest.requests.toLocaleString("en-US")} requests in subscription ${slowest.subscription}; ` +
    `at ARM's documented read rate (${DOCUMENTED_BUCKET} at once, then ${DOCUMENTED_REFILL_PER_SECOND} a second) ` +
    `they take at least ${Math.ceil(slowest.ms / 1000).toLocaleString("en-US")} s, longer than --deadline ${deadline.text}: ` +
    "what is not checked by then is reported as an error; raise --deadline, or check fewer stacks at a time (--stack)"
  );
}

/** How many items may be worked on at once, per lane and over all lanes. */
export interface LaneLimits {
  /** Items of one lane in progress at once. */
  readonly perLane: number;
  /** Items in progress at once over all lanes: what bounds memory. */
  readonly total: number;
  /**
   * A further bound on one lane's items in progress, asked whenever one of its items could start
   * (so it may change as the work goes); `perLane` still caps it.
   * @default - perLane alone
   */
  readonly laneLimit?: (lane: string) => number;
}

/**
 * Runs `work` over `items`, each lane (a subscription: ARM throttles per subscription) in the order its
 * items come, lanes side by side. A lane waiting for its throttling budget holds only its own places,
 * so the other lanes keep being worked: no head-of-line blocking across subscriptions. When the total
 * bound is reached, the next free place goes round-robin to the lanes, so a lane with a long queue
 * cannot crowd out the others. The first failure rejects and nothing new starts.
 */
export function forEachByLane<T>(
  items: readonly T[],
  laneOf: (item: T) => string,
  limits: LaneLimits,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  interface Lane {
    readonly key: string;
    readonly queue: number[];
    head: number;
    active: number;
  }
  const lanes: Lane[] = [];
  const byKey = new Map<string, Lane>();
  items.forEach((item, index) => {
    const key = laneOf(item);
    let lane = byKey.get(key);
    if (!lane) {
      lane = { key, queue: [], head: 0, active: 0 };
      byKey.set(key, lane);
      lanes.push(lane);
    }
    lane.queue.push(index);
  });
  const perLane = Math.max(1, limits.perLane);
  const total = Math.max(1, limits.total);
  const laneLimit = limits.laneLimit;
  // Never below one, so that a lane with items always has one in progress and the work ends.
  const limitOf = (lane: { readonly key: string }): number =>
    laneLimit ? Math.max(1, Math.min(perLane, laneLimit(lane.key))) : perLane;

  return new Promise<void>((resolve, reject) => {
    let active = 0;
    let remaining = items.length;
    let failed = false;
    let cursor = 0;
    const pump = (): void => {
      while (!failed && active < total) {
        const lane = nextLane();
        if (!lane) break;
        const index = lane.queue[lane.head++] as number;
        lane.active++;
        active++;
        work(items[index] as T, index).then(
          () => {
            lane.active--;
            active--;
            remaining--;
            if (remaining === 0) resolve();
            else pump();
          },
          (error: unknown) => {
            failed = true;
            reject(error);
          },
        );
      }
    };
    const nextLane = (): Lane | undefined => {
      for (let step = 0; step < lanes.length; step++) {
        const lane = lanes[(cursor + step) % lanes.length] as Lane;
        if (lane.head < lane.queue.length && lane.active < limitOf(lane)) {
          cursor = (cursor + step + 1) % lanes.length;
          return lane;
        }
      }
      return undefined;
    };
    if (remaining === 0) resolve();
    else pump();
  });
}

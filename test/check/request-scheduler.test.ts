import { RequestScheduler, type SendTicket } from "../../lib/check/fetch/request-scheduler";

const OK = { status: 200, remaining: undefined, retryAfterMs: undefined };
const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Every subscription has more requests waiting than the overall bound lets through, and requests
 * answer one at a time, oldest first: each answer frees one place, which is when a scheduler that
 * always looked at the first subscription first would hand it out again to that one.
 */
async function sentPerSubscription(subscriptions: string[], perSubscription: number, answers: number) {
  const scheduler = new RequestScheduler(perSubscription, () => 0, 4);
  const sent = new Map(subscriptions.map((s) => [s, 0]));
  const inFlight: SendTicket[] = [];
  for (const subscription of subscriptions) {
    for (let i = 0; i < perSubscription; i++) {
      void scheduler.acquire(subscription).then(
        (ticket) => {
          sent.set(subscription, (sent.get(subscription) as number) + 1);
          inFlight.push(ticket);
        },
        () => undefined /* still waiting when the scheduler closes */,
      );
    }
  }
  await settle();
  // The first places went to whichever subscription asked first; count from here.
  for (const subscription of subscriptions) sent.set(subscription, 0);
  for (let i = 0; i < answers; i++) {
    (inFlight.shift() as SendTicket).answered(OK);
    await settle();
  }
  scheduler.close();
  return sent;
}

describe("RequestScheduler", () => {
  it("shares the places freed by answers among all subscriptions with requests waiting", async () => {
    const subscriptions = ["sub-a", "sub-b", "sub-c", "sub-d", "sub-e"];
    // One more sent per answer: 100 sends over five subscriptions.
    const sent = await sentPerSubscription(subscriptions, 40, 100);
    expect(Object.fromEntries(sent)).toEqual(Object.fromEntries(subscriptions.map((s) => [s, 20])));
  });

  it("still lets one subscription use every place when it is the only one waiting", async () => {
    const sent = await sentPerSubscription(["sub-a"], 40, 30);
    expect(sent.get("sub-a")).toBe(30);
  });
});

describe("RequestScheduler pacing", () => {
  it("sends again after a wait for the refill even when its clock reads behind the timers", async () => {
    // Node's timers may fire before performance.now() reaches their due time; a clock 30 ms behind
    // makes that happen on every wake-up.
    const scheduler = new RequestScheduler(8, () => performance.now() - 30);
    const first = await scheduler.acquire("sub-a");
    // ARM says the bucket is empty: the next request must wait for the refill, then go.
    first.answered({ status: 200, remaining: 0, retryAfterMs: undefined });
    const waitedFrom = performance.now();
    const next = await Promise.race([
      scheduler.acquire("sub-a").then(() => "sent"),
      new Promise((resolve) => setTimeout(() => resolve("still waiting after 5 s"), 5000)),
    ]);
    scheduler.close();
    expect(next).toBe("sent");
    // At ARM's documented 25 reads a second, two tokens (one and the reserve) take 80 ms.
    expect(performance.now() - waitedFrom).toBeGreaterThanOrEqual(50);
  });
});

describe("RequestScheduler.usefulRequests", () => {
  it("is unbounded until the subscription's refill is known, then in flight plus what the budget releases soon", async () => {
    let now = 0;
    const scheduler = new RequestScheduler(32, () => now);
    expect(scheduler.usefulRequests("sub-a")).toBe(Infinity);
    const answer = async (at: number, remaining: number) => {
      const ticket = await scheduler.acquire("sub-a");
      now = at;
      ticket.answered({ status: 200, remaining, retryAfterMs: undefined });
    };
    await answer(10, 30);
    await answer(20, 3);
    now = 200;
    // 200 ms later ARM reports 7 left after one more read: it refilled 5, about 25 a second.
    await answer(220, 7);
    const tickets: SendTicket[] = [];
    for (let i = 0; i < 12; i++)
      void scheduler.acquire("sub-a").then(
        (t) => tickets.push(t),
        () => undefined,
      );
    await settle();
    const inFlight = scheduler.budgetOf("sub-a").pending;
    expect(inFlight).toBeGreaterThan(0);
    expect(inFlight).toBeLessThan(12);
    // 25 a second over a step and a half of the 100 ms pacing grid: 4 more.
    expect(scheduler.usefulRequests("sub-a")).toBe(inFlight + 4);
    scheduler.close();
  });
});

import { deadlineWarning, shortestReadTimeMs } from "../../../lib/check/run/deadline-estimate";

describe("the deadline against ARM's documented read rate", () => {
  it("counts the burst of 250 as free and the rest at 25 a second", () => {
    expect(shortestReadTimeMs(250)).toBe(0);
    expect(shortestReadTimeMs(4_000)).toBe(150_000);
  });

  it("warns before the check when the busiest subscription cannot finish in time", () => {
    const requests = new Map([
      ["11111111-1111-1111-1111-111111111111", 900],
      ["22222222-2222-2222-2222-222222222222", 9_250],
    ]);
    expect(deadlineWarning(requests, { text: "PT5M", ms: 300_000 })).toBe(
      "the check plans 9,250 requests in subscription 22222222-2222-2222-2222-222222222222; at ARM's documented " +
        "read rate (250 at once, then 25 a second) they take at least 360 s, longer than --deadline PT5M: what is " +
        "not checked by then is reported as an error; raise --deadline, or check fewer stacks at a time (--stack)",
    );
  });

  it("says nothing when the requests fit, subscriptions being throttled apart", () => {
    const requests = new Map([
      ["a", 7_000],
      ["b", 7_000],
    ]);
    expect(deadlineWarning(requests, { text: "PT5M", ms: 300_000 })).toBeUndefined();
  });
});

import { MAX_SCHEDULED_RUNS, recentScheduledRuns } from "../../lib/time/scheduled-runs";

function runs(repeatingIntervals: string[], ianaTimeZone: string, notAfter: string, count: number): string[] {
  return recentScheduledRuns({ repeatingIntervals, ianaTimeZone }, new Date(notAfter), count).map((d) =>
    d.toISOString().replace(".000Z", "Z"),
  );
}

describe("recent scheduled runs of a policy", () => {
  it("gives the most recent runs of a weekly UTC policy, newest first, a run at notAfter included", () => {
    expect(runs(["R/2026-01-04T02:00:00+00:00/P1W"], "Etc/UTC", "2026-11-22T02:00:00Z", 3)).toEqual([
      "2026-11-22T02:00:00Z",
      "2026-11-15T02:00:00Z",
      "2026-11-08T02:00:00Z",
    ]);
  });

  it.each([
    "R/2026-01-04T02:00:00Z/P1W",
    "R/2026-01-04T02:00:00+00:00/P1W",
    "R/2026-01-04T03:00:00+01:00/P1W",
  ])("reads the start %s as the instant it names", (interval) => {
    expect(runs([interval], "UTC", "2026-01-20T00:00:00Z", 2)).toEqual([
      "2026-01-18T02:00:00Z",
      "2026-01-11T02:00:00Z",
    ]);
  });

  it("merges several intervals of one policy and counts an instant they share once", () => {
    const intervals = [
      "R/2026-01-04T02:00:00Z/P1W", // Sundays
      "R/2026-01-07T02:00:00Z/P1W", // Wednesdays
      "R/2026-01-04T02:00:00Z/P2W", // every other Sunday: the same instants as some of the first
    ];
    expect(runs(intervals, "UTC", "2026-01-26T00:00:00Z", 5)).toEqual([
      "2026-01-25T02:00:00Z",
      "2026-01-21T02:00:00Z",
      "2026-01-18T02:00:00Z",
      "2026-01-14T02:00:00Z",
      "2026-01-11T02:00:00Z",
    ]);
  });

  describe("in a zone with daylight saving time (Europe/Berlin: W. Europe Standard Time)", () => {
    const weekly = ["R/2026-01-04T02:00:00+01:00/P1W"];

    it("keeps a weekly 02:00 run at 02:00 local across the last Sunday of March; 02:00 skipped that day is 03:00 CEST", () => {
      expect(runs(weekly, "Europe/Berlin", "2026-04-06T00:00:00Z", 4)).toEqual([
        "2026-04-05T00:00:00Z", // 02:00 CEST
        "2026-03-29T01:00:00Z", // clocks go from 02:00 to 03:00: moved forward by the gap, 03:00 CEST
        "2026-03-22T01:00:00Z", // 02:00 CET
        "2026-03-15T01:00:00Z",
      ]);
    });

    it("keeps it at 02:00 local across the last Sunday of October; 02:00 twice that day is the later, CET", () => {
      expect(runs(weekly, "Europe/Berlin", "2026-11-02T00:00:00Z", 4)).toEqual([
        "2026-11-01T01:00:00Z", // 02:00 CET
        "2026-10-25T01:00:00Z", // clocks go from 03:00 back to 02:00: the second 02:00, standard time
        "2026-10-18T00:00:00Z", // 02:00 CEST
        "2026-10-11T00:00:00Z",
      ]);
    });

    it("moves a daily 02:30 run forward by the gap on the spring-forward day only (luxon: 03:30 CEST)", () => {
      expect(runs(["R/2026-03-22T02:30:00+01:00/P1D"], "Europe/Berlin", "2026-03-31T00:00:00Z", 4)).toEqual([
        "2026-03-30T00:30:00Z", // 02:30 CEST
        "2026-03-29T01:30:00Z", // 02:30 does not exist: 03:30 CEST
        "2026-03-28T01:30:00Z", // 02:30 CET
        "2026-03-27T01:30:00Z",
      ]);
    });

    it("reads a start without offset as the wall clock in the zone, even one the zone skips", () => {
      expect(runs(["R/2026-03-29T02:30:00/P1W"], "Europe/Berlin", "2026-04-13T00:00:00Z", 4)).toEqual([
        "2026-04-12T00:30:00Z",
        "2026-04-05T00:30:00Z", // 02:30 CEST the week after: the run keeps the time written
        "2026-03-29T01:30:00Z", // the start itself, 02:30 skipped: 03:30 CEST
      ]);
    });

    it("places runs of Pacific Standard Time across the US change (second Sunday of March)", () => {
      expect(
        runs(["R/2026-03-01T02:00:00-08:00/P1W"], "America/Los_Angeles", "2026-03-16T00:00:00Z", 3),
      ).toEqual(["2026-03-15T09:00:00Z", "2026-03-08T10:00:00Z", "2026-03-01T10:00:00Z"]);
    });
  });

  it("stops after the n runs of R<n>", () => {
    expect(runs(["R4/2026-01-04T02:00:00Z/P1D"], "UTC", "2026-12-01T00:00:00Z", 10)).toEqual([
      "2026-01-07T02:00:00Z",
      "2026-01-06T02:00:00Z",
      "2026-01-05T02:00:00Z",
      "2026-01-04T02:00:00Z",
    ]);
    expect(runs(["R1/2026-01-04T02:00:00Z/P1W"], "UTC", "2026-12-01T00:00:00Z", 4)).toEqual([
      "2026-01-04T02:00:00Z",
    ]);
  });

  it("has no run before an interval's start", () => {
    expect(runs(["R/2026-01-04T02:00:00Z/P1W"], "UTC", "2026-01-04T01:59:59Z", 4)).toEqual([]);
    expect(runs(["R/2026-01-04T02:00:00Z/P1W"], "UTC", "2026-01-12T00:00:00Z", 4)).toEqual([
      "2026-01-11T02:00:00Z",
      "2026-01-04T02:00:00Z",
    ]);
  });

  it("jumps to notAfter for a start 50 years back instead of stepping 26 million minutes", () => {
    expect(runs(["R/1976-01-04T02:00:00Z/PT1M"], "UTC", "2026-11-22T02:00:30Z", 2)).toEqual([
      "2026-11-22T02:00:00Z",
      "2026-11-22T01:59:00Z",
    ]);
    expect(runs(["R/1976-01-04T02:00:00+01:00/P1W"], "Europe/Berlin", "2026-11-23T00:00:00Z", 1)).toEqual([
      "2026-11-22T01:00:00Z", // 1976-01-04 was a Sunday: still Sundays 02:00 CET
    ]);
  });

  it("counts months from the start, so a run on the 31st comes back after a short month", () => {
    expect(runs(["R/1976-01-31T00:00:00Z/P1M"], "UTC", "2026-04-06T00:00:00Z", 3)).toEqual([
      "2026-03-31T00:00:00Z",
      "2026-02-28T00:00:00Z",
      "2026-01-31T00:00:00Z",
    ]);
  });

  it("gives nothing for a count of 0", () => {
    expect(runs(["R/2026-01-04T02:00:00Z/P1W"], "UTC", "2026-11-22T02:00:00Z", 0)).toEqual([]);
  });

  it.each([
    [["R/2026-01-04/P1W"], "UTC", 4, 'repeating interval "R/2026-01-04/P1W" has the start "2026-01-04"'],
    [
      ["R/2026-01-04T02:00:00Z/P1W"],
      "W. Europe Standard Time",
      4,
      'time zone "W. Europe Standard Time" is not an IANA',
    ],
    [
      ["R/2026-01-04T02:00:00Z/P1W"],
      "UTC",
      MAX_SCHEDULED_RUNS + 1,
      "count 1001 must be a whole number from 0 to 1000",
    ],
    [["R/2026-01-04T02:00:00Z/P1W"], "UTC", 1.5, "count 1.5 must be a whole number from 0 to 1000"],
  ])("refuses %j in %s (count %d)", (intervals, zone, count, message) => {
    expect(() => runs(intervals, zone, "2026-11-22T00:00:00Z", count)).toThrow(message);
  });
});

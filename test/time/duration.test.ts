import {
  addDuration,
  durationProblem,
  exactMilliseconds,
  formatDuration,
  parseDuration,
  subtractDuration,
  sumDurations,
} from "../../lib/time/duration";
import { instantProblem, parseInstant } from "../../lib/time/instant";

describe("ISO 8601 durations", () => {
  it.each([
    ["P400D", { days: 400 }],
    ["PT6H", { hours: 6 }],
    ["P2W", { weeks: 2 }],
    ["P1Y2M3DT4H5M6S", { years: 1, months: 2, days: 3, hours: 4, minutes: 5, seconds: 6 }],
    ["PT0.5S", { seconds: 0.5 }],
  ])("parses %s", (text, expected) => {
    expect(parseDuration(text)).toMatchObject(expected);
  });

  it.each([
    ["", "must be an ISO 8601 duration such as P7D, PT6H or P1M"],
    ["P", "must be an ISO 8601 duration such as P7D, PT6H or P1M"],
    ["PT", "must be an ISO 8601 duration such as P7D, PT6H or P1M"],
    ["7d", "must be an ISO 8601 duration such as P7D, PT6H or P1M"],
    ["P-1D", "must be an ISO 8601 duration such as P7D, PT6H or P1M"],
    ["P0D", "must be longer than zero"],
    ["PT0H0M", "must be longer than zero"],
  ])("refuses %j: %s", (text, problem) => {
    expect(durationProblem(text)).toBe(problem);
    expect(() => parseDuration(text)).toThrow(`duration "${text}" ${problem}`);
  });

  it("refuses a value that is not a string", () => {
    expect(durationProblem(7)).toBe("must be an ISO 8601 duration string such as P7D or PT6H");
  });

  it("subtracts months in calendar arithmetic, clamped to the end of the month", () => {
    const cutoff = subtractDuration(new Date("2026-03-31T12:00:00Z"), parseDuration("P1M"));
    expect(cutoff.toISOString()).toBe("2026-02-28T12:00:00.000Z");
  });

  it("adds exact durations as fixed time", () => {
    expect(addDuration(new Date("2026-01-04T02:00:00Z"), parseDuration("P7D"), 46).toISOString()).toBe(
      "2026-11-22T02:00:00.000Z",
    );
    expect(exactMilliseconds(parseDuration("PT6H"))).toBe(6 * 3_600_000);
    expect(() => exactMilliseconds(parseDuration("P1M"))).toThrow("has no fixed length");
  });
});

describe("writing durations", () => {
  it.each([
    ["P1W", "PT6H", "P1WT6H"],
    ["P1M", "P1D", "P1M1D"],
    ["PT30M", "PT45M", "PT75M"],
    ["P1Y", "PT0.5S", "P1YT0.5S"],
  ])("%s + %s is written %s, which reads back", (a, b, sum) => {
    const text = formatDuration(sumDurations(parseDuration(a), parseDuration(b)));
    expect(text).toBe(sum);
    expect(durationProblem(text)).toBeUndefined();
  });
});

describe("ISO 8601 instants", () => {
  it("accepts instants with an offset", () => {
    expect(parseInstant("2026-01-04T02:00:00Z").toISOString()).toBe("2026-01-04T02:00:00.000Z");
    expect(parseInstant("2026-01-04T03:00:00+01:00").toISOString()).toBe("2026-01-04T02:00:00.000Z");
    expect(instantProblem("2026-11-27T12:00:00.123Z")).toBeUndefined();
  });

  it.each([
    ["2026-01-04T02:00:00", "must be an ISO 8601 instant with a time zone, such as 2026-01-04T02:00:00Z"],
    ["yesterday", "must be an ISO 8601 instant with a time zone, such as 2026-01-04T02:00:00Z"],
    ["2026-02-30T00:00:00Z", "is not a date and time that exists"],
    ["2026-01-01T24:00:00Z", "is not a date and time that exists"],
  ])("refuses %j", (text, problem) => {
    expect(instantProblem(text)).toBe(problem);
    expect(() => parseInstant(text)).toThrow(`instant "${text}" ${problem}`);
  });
});

import { parseRepeatingInterval, repeatingIntervalProblem } from "../../lib/time/repeating-interval";

describe("ISO 8601 repeating intervals, the forms Azure Backup accepts", () => {
  it.each([
    ["R/2026-01-04T02:00:00+00:00/P1W", null, "2026-01-04T02:00:00+00:00", true, "P1W"],
    ["R/2021-05-23T02:30:00Z/P1D", null, "2021-05-23T02:30:00Z", true, "P1D"],
    ["R4/2026-01-04T02:00:00+01:00/P1D", 4, "2026-01-04T02:00:00+01:00", true, "P1D"],
    ["R1/2026-01-04T02:00:00-08:00/P1W", 1, "2026-01-04T02:00:00-08:00", true, "P1W"],
    ["R/2020-04-05T13:00:00+00:00/PT4H", null, "2020-04-05T13:00:00+00:00", true, "PT4H"],
    ["R/2023-10-15T14:30:45.123+05:30/P1D", null, "2023-10-15T14:30:45.123+05:30", true, "P1D"],
    ["R/2023-10-15T14:30Z/P1D", null, "2023-10-15T14:30Z", true, "P1D"],
    ["R/2026-01-04T02:00:00/P1W", null, "2026-01-04T02:00:00", false, "P1W"],
  ])("reads %s", (text, repetitions, start, hasOffset, period) => {
    expect(parseRepeatingInterval(text)).toEqual({ repetitions, start, hasOffset, period, text });
  });

  it.each([
    [
      "R/2026-01-04/P1W",
      '"R/2026-01-04/P1W" has the start "2026-01-04", which is a date without a time of day; Azure Backup ' +
        "needs the time the runs start, e.g. 2026-01-04T02:00:00+00:00",
    ],
    [
      "R/2026-01-04T0200/P1W",
      '"R/2026-01-04T0200/P1W" has the start "2026-01-04T0200", which must be a date and time ' +
        "YYYY-MM-DDThh:mm[:ss[.fff]] with an optional offset (Z, +hh:mm or -hh:mm), the forms Azure Backup accepts",
    ],
    [
      "R/2026-01-04T24:00:00Z/P1W",
      '"R/2026-01-04T24:00:00Z/P1W" has the start "2026-01-04T24:00:00Z", which is not a date and time that ' +
        "exists (hours 00-23, minutes and seconds 00-59)",
    ],
    [
      "R/2026-02-30T02:00:00Z/P1W",
      '"R/2026-02-30T02:00:00Z/P1W" has the start "2026-02-30T02:00:00Z", which is not a date and time that ' +
        "exists (hours 00-23, minutes and seconds 00-59)",
    ],
    [
      "R/2026-01-04T23:59:60Z/P1W",
      '"R/2026-01-04T23:59:60Z/P1W" has the start "2026-01-04T23:59:60Z", which is not a date and time that ' +
        "exists (hours 00-23, minutes and seconds 00-59)",
    ],
    [
      "R/2026-01-04T02:00:00+15:00/P1W",
      '"R/2026-01-04T02:00:00+15:00/P1W" has the start "2026-01-04T02:00:00+15:00", which has an offset beyond ±14:00',
    ],
    [
      "R/2026-01-04T02:00:00Z/1W",
      '"R/2026-01-04T02:00:00Z/1W" has the period "1W", which must be an ISO 8601 duration such as P7D, PT6H or P1M',
    ],
    [
      "R/2026-01-04T02:00:00Z/P0D",
      '"R/2026-01-04T02:00:00Z/P0D" has the period "P0D", which must be longer than zero',
    ],
    [
      "R0/2026-01-04T02:00:00Z/P1W",
      '"R0/2026-01-04T02:00:00Z/P1W" repeats R0: the number of runs must be at least 1 (or write R/ to repeat without end)',
    ],
    [
      "R-1/2026-01-04T02:00:00Z/P1W",
      '"R-1/2026-01-04T02:00:00Z/P1W" must begin with R/ (repeat without end) or R<n>/ (n runs), not "R-1"/',
    ],
    [
      "2026-01-04T02:00:00Z/P1W",
      '"2026-01-04T02:00:00Z/P1W" must have three parts separated by "/": R/<start>/<period> or ' +
        "R<n>/<start>/<period>, e.g. R/2026-01-04T02:00:00+00:00/P1W",
    ],
    [
      "R/P1W/2026-01-04T02:00:00Z",
      '"R/P1W/2026-01-04T02:00:00Z" has the start "P1W", which must be a date and time ' +
        "YYYY-MM-DDThh:mm[:ss[.fff]] with an optional offset (Z, +hh:mm or -hh:mm), the forms Azure Backup accepts",
    ],
    [
      "",
      '"" must have three parts separated by "/": R/<start>/<period> or R<n>/<start>/<period>, ' +
        "e.g. R/2026-01-04T02:00:00+00:00/P1W",
    ],
  ])("refuses %j, naming the value and the rule", (text, problem) => {
    expect(repeatingIntervalProblem(text)).toBe(problem);
    expect(() => parseRepeatingInterval(text)).toThrow(`repeating interval ${problem}`);
  });

  it("refuses a value that is not a string", () => {
    expect(repeatingIntervalProblem(7)).toBe(
      "7 must be a string of the form R/<start>/<period> or R<n>/<start>/<period>, e.g. R/2026-01-04T02:00:00+00:00/P1W",
    );
  });
});

import { sameName } from "../../lib/check/judges/operation-problems";

describe("sameName: ARM's names compared ignoring case", () => {
  it.each([
    ["weekly-2026-11-22", "weekly-2026-11-22", true],
    ["Weekly-2026-11-22", "weekly-2026-11-22", true],
    ["weekly-2026-11-22", "weekly-2026-11-2", false],
    ["weekly-2026-11-22", "monthly-2026-11-22", false],
    ["weekly-a", "weekly-b", false],
    // Lower-casing changes the length of some non-ASCII text: "İ" becomes "i" and a combining dot.
    ["\u0130", "i\u0307", true],
    // The Kelvin sign lower-cases to an ASCII "k".
    ["\u212Aeep", "keep", true],
  ])("%j and %j: %s", (a, b, same) => {
    expect(sameName(a, b)).toBe(same);
    expect(sameName(b, a)).toBe(same);
  });
});

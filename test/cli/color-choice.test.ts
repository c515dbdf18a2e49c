import { useColor } from "../../lib/cli/color-choice";

describe("colour choice", () => {
  it("colours a terminal and nothing else by default", () => {
    expect(useColor(false, {}, true)).toBe(true);
    expect(useColor(false, {}, false)).toBe(false);
    expect(useColor(false, {}, undefined)).toBe(false);
  });

  it("turns colour off with --no-color, whatever the environment says", () => {
    expect(useColor(true, {}, true)).toBe(false);
    expect(useColor(true, { FORCE_COLOR: "1" }, true)).toBe(false);
  });

  it("honours a non-empty NO_COLOR and ignores an empty one", () => {
    expect(useColor(false, { NO_COLOR: "1" }, true)).toBe(false);
    expect(useColor(false, { NO_COLOR: "" }, true)).toBe(true);
  });

  it("forces colour with FORCE_COLOR, even into a pipe or with NO_COLOR, and FORCE_COLOR=0 turns it off", () => {
    expect(useColor(false, { FORCE_COLOR: "1" }, false)).toBe(true);
    expect(useColor(false, { FORCE_COLOR: "true", NO_COLOR: "1" }, false)).toBe(true);
    expect(useColor(false, { FORCE_COLOR: "" }, false)).toBe(false);
    expect(useColor(false, { FORCE_COLOR: "0" }, true)).toBe(false);
  });
});

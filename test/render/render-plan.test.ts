import { PLAN_FORMATS, renderPlan, type PlanFormat } from "../../lib/render/render-plan";
import { EVERY_VERDICT } from "./fixtures/check-results";

describe("renderPlan", () => {
  it("renders every format the same way twice (a pure function of the result)", () => {
    for (const format of PLAN_FORMATS) {
      expect(renderPlan(EVERY_VERDICT, format, { color: true })).toBe(
        renderPlan(EVERY_VERDICT, format, { color: true }),
      );
    }
  });

  it("colours only the text format", () => {
    for (const format of ["json", "junit", "markdown", "github", "sarif"] as const) {
      expect(renderPlan(EVERY_VERDICT, format, { color: true })).not.toContain("\u001b[");
    }
  });

  it("refuses a format it does not know, naming the ones it does", () => {
    expect(() => renderPlan(EVERY_VERDICT, "xml" as PlanFormat)).toThrow(
      'unknown plan format "xml"; use one of text, json, junit, markdown, github, sarif',
    );
  });
});

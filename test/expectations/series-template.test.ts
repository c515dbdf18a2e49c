import {
  formatSeriesName,
  seriesOccurrences,
  templatePlaceholders,
  templateResolutionProblem,
} from "../../lib/expectations/series-template";
import { parseDuration } from "../../lib/time/duration";

const weekly = {
  template: "weekly-{yyyy}-{MM}-{dd}",
  every: parseDuration("P7D"),
  anchor: new Date("2026-01-04T02:00:00Z"),
  keep: 4,
  grace: parseDuration("PT6H"),
};

describe("series name templates", () => {
  it("fills placeholders from the UTC instant, zero-padded", () => {
    expect(formatSeriesName("weekly-{yyyy}-{MM}-{dd}", new Date("2026-03-01T02:00:00Z"))).toBe(
      "weekly-2026-03-01",
    );
    expect(formatSeriesName("h-{yyyy}{MM}{dd}-{HH}{mm}", new Date("2026-03-01T05:07:00Z"))).toBe(
      "h-20260301-0507",
    );
  });

  it("reports unknown placeholders", () => {
    expect(templatePlaceholders("x-{yyyy}-{week}")).toEqual({ known: ["yyyy"], unknown: ["week"] });
  });

  it("refuses templates that would give two occurrences the same name", () => {
    expect(templateResolutionProblem("daily-{yyyy}-{MM}", parseDuration("P1D"))).toMatch(/same name/);
    expect(templateResolutionProblem("fixed-name", parseDuration("P1D"))).toMatch(/date placeholder/);
    expect(templateResolutionProblem("weekly-{yyyy}-{MM}-{dd}", parseDuration("P7D"))).toBeUndefined();
    expect(templateResolutionProblem("monthly-{yyyy}-{MM}", parseDuration("P1M"))).toBeUndefined();
  });
});

describe("series occurrences", () => {
  it("lists the last `keep` occurrences past their grace, newest first", () => {
    const { due, pending } = seriesOccurrences(weekly, new Date("2026-11-27T12:00:00Z"));
    expect(due.map((o) => o.backupName)).toEqual([
      "weekly-2026-11-22",
      "weekly-2026-11-15",
      "weekly-2026-11-08",
      "weekly-2026-11-01",
    ]);
    expect(due[0].dueBy.toISOString()).toBe("2026-11-22T08:00:00.000Z");
    expect(pending).toBeUndefined();
  });

  it("holds back the occurrence still within its grace", () => {
    const { due, pending } = seriesOccurrences(weekly, new Date("2026-11-29T05:00:00Z"));
    expect(pending?.backupName).toBe("weekly-2026-11-29");
    expect(due[0].backupName).toBe("weekly-2026-11-22");
  });

  it("has nothing due before the anchor and never goes before it", () => {
    expect(seriesOccurrences(weekly, new Date("2025-12-01T00:00:00Z"))).toEqual({
      due: [],
      pending: undefined,
    });
    const { due } = seriesOccurrences(weekly, new Date("2026-01-12T00:00:00Z"));
    expect(due.map((o) => o.backupName)).toEqual(["weekly-2026-01-11", "weekly-2026-01-04"]);
  });

  it("follows calendar months", () => {
    const monthly = {
      ...weekly,
      template: "monthly-{yyyy}-{MM}",
      every: parseDuration("P1M"),
      anchor: new Date("2025-01-31T00:00:00Z"),
      keep: 3,
    };
    const { due } = seriesOccurrences(monthly, new Date("2026-11-27T12:00:00Z"));
    expect(due.map((o) => o.backupName)).toEqual(["monthly-2026-10", "monthly-2026-09", "monthly-2026-08"]);
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Finding } from "../../lib/check/result";
import { renderPlan } from "../../lib/render/render-plan";
import { createAjv } from "../../lib/schema-validation/create-ajv";
import { FINDINGS, resultOf } from "./fixtures/check-results";

// GIVEN a compliant `latest` finding whose listing had a broken item and an impossible time
const noted: Finding = {
  ...FINDINGS.compliant,
  notes: [
    {
      pointer: "/value/1",
      page: 1,
      message: "breaks the LTR backup schema (/value/1/properties/status must be string)",
    },
    {
      pointer: "/value/0/properties/endTime",
      page: 2,
      message:
        "ends 9999-01-01T00:00:00Z, after the check's time (2026-11-27T08:00:00Z, allowing 5 minutes of clock skew), so it cannot be the newest or be judged",
    },
  ],
};

describe("notes of a finding", () => {
  it("show in the text plan, even for a compliant backup, with pointer and page", () => {
    const text = renderPlan(resultOf([noted]), "text", { color: false });
    expect(text).toContain("These LTR backups are compliant, but pg-ltr set aside items of Azure's answers:");
    expect(text).toContain(
      "        # note: /value/1 breaks the LTR backup schema (/value/1/properties/status must be string)",
    );
    expect(text).toContain(
      "        # note: /value/0/properties/endTime (page 2) ends 9999-01-01T00:00:00Z, after the check's time",
    );
  });

  it("stay out of the text plan when a compliant backup has none", () => {
    const text = renderPlan(resultOf([FINDINGS.compliant]), "text", { color: false });
    expect(text).not.toContain("set aside");
  });

  it("are in the JSON report (format 1.2), which validates against its schema", () => {
    const schema = JSON.parse(
      readFileSync(join(__dirname, "../../lib/schema/plan-report.schema.json"), "utf8"),
    ) as Record<string, unknown>;
    const validate = createAjv().compile(schema);
    const report = JSON.parse(renderPlan(resultOf([noted, FINDINGS.stale]), "json")) as {
      format_version: string;
      backups: { notes: unknown }[];
    };
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.format_version).toBe("1.8");
    expect(report.backups[0]?.notes).toEqual(noted.notes);
    expect(report.backups[1]?.notes).toEqual([]);
  });

  it("follow the reason in the Markdown summary", () => {
    const markdown = renderPlan(resultOf([noted]), "markdown");
    expect(markdown).toContain(
      `${FINDINGS.compliant.reason}<br>Note: /value/1 breaks the LTR backup schema (/value/1/properties/status must be string)<br>Note: /value/0/properties/endTime (page 2) ends`,
    );
  });
});

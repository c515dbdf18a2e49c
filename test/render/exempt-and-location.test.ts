import { styleFor } from "../../lib/render/ansi-style";
import { renderExemptionWarnings } from "../../lib/render/exemption-wording";
import { renderPlan } from "../../lib/render/render-plan";
import { CLEAN, EXEMPTION, FINDINGS, resultOf } from "./fixtures/check-results";

const scratch = EXEMPTION;

describe("source locations and exemptions in the text plan", () => {
  it("says where in the app's code a finding was declared: file:line (construct path)", () => {
    // GIVEN a finding whose declaration synthesis located
    const located = { ...FINDINGS.missing, declaredAt: { file: "main.ts", line: 42, column: 3 } };
    // WHEN
    const text = renderPlan(resultOf([located]), "text", { color: false });
    // THEN
    expect(text).toContain("  # declared at main.ts:42 (data-platform/orders-ltr)\n");
  });

  it("lists each exempt server with its reason and expiry, and counts them in the summary line", () => {
    const text = renderPlan({ ...CLEAN, exempt: [scratch] }, "text", { color: false });
    expect(text).toContain(
      "  # exempt: data-platform/scratch-db (until 2027-03-31): Throwaway server for load tests; " +
        "declared at main.ts:65 (data-platform/scratch)\n",
    );
    expect(text).toContain(
      "Plan: 0 missing, 0 stale, 0 failed, 0 invalid, 0 unknown. 1 compliant, 1 running, 1 exempt.",
    );
  });

  it("warns about an exemption that expires within 30 days, and says when one has expired", () => {
    const expiring = { ...scratch, standing: "expiring" as const, daysLeft: 9 };
    const expired = {
      ...scratch,
      subject: "old-db",
      standing: "expired" as const,
      expires: "2026-11-01",
      daysLeft: -27,
    };
    const text = renderPlan({ ...CLEAN, exempt: [expiring, expired] }, "text", { color: false });
    expect(text).toContain("(until 2027-03-31, 9 days left: renew it or declare its LTR backups)");
    expect(text).toContain("(expired on 2026-11-01: declare its LTR backups or renew the exemption)");
    const warnings = renderExemptionWarnings([scratch, expiring, expired], styleFor(false));
    expect(warnings.match(/│ Warning: /g)).toHaveLength(2);
    expect(warnings).toContain(
      "│ Warning: The LTR exemption of data-platform/scratch-db expires on 2027-03-31, within 30 days\n",
    );
    expect(warnings).toContain(
      "│ Warning: The LTR exemption of data-platform/old-db expired on 2026-11-01\n",
    );
  });

  it("leaves exemptions out of the quiet plan", () => {
    const text = renderPlan({ ...CLEAN, exempt: [scratch] }, "text", { color: false, quiet: true });
    expect(text).not.toContain("# exempt");
  });
});

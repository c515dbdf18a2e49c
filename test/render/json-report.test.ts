import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createAjv } from "../../lib/schema-validation/create-ajv";
import { renderPlan } from "../../lib/render/render-plan";
import type { Finding } from "../../lib/check/result";
import { CLEAN, EVERY_VERDICT, FINDINGS, resultOf } from "./fixtures/check-results";

const schema = JSON.parse(
  readFileSync(join(__dirname, "../../lib/schema/plan-report.schema.json"), "utf8"),
) as Record<string, unknown>;
const validate = createAjv().compile(schema);

function parse(text: string): Record<string, unknown> & { backups: Record<string, unknown>[] } {
  return JSON.parse(text) as Record<string, unknown> & { backups: Record<string, unknown>[] };
}

describe("JSON report", () => {
  const report = parse(renderPlan(EVERY_VERDICT, "json"));

  it("validates against plan-report.schema.json for every verdict", () => {
    for (const result of [EVERY_VERDICT, CLEAN, resultOf([])]) {
      const value = parse(renderPlan(result, "json"));
      expect(validate(value) ? [] : validate.errors).toEqual([]);
    }
  });

  it("carries format_version 1.8, the check instant and the counts", () => {
    expect(report.format_version).toBe("1.8");
    expect(report.checked_at).toBe("2026-11-27T08:00:00Z");
    expect(report.summary).toEqual({
      compliant: 1,
      missing: 1,
      stale: 2,
      failed: 1,
      invalid: 1,
      unknown: 1,
      running: 1,
      pending: 0,
      error: 1,
    });
    expect(report.backups.map((backup) => backup.verdict)).toEqual(
      Object.values(FINDINGS).map((finding) => finding.verdict),
    );
  });

  it("labels every backup with a subject that tells a latest check from the backup it found", () => {
    expect(report.backups.map((backup) => backup.subject)).toEqual([
      "orders-db/weekly-2026-11-15",
      "orders-db/pre-upgrade-2026-11",
      "orders-db/monthly-2026-09",
      "orders-db/weekly-2026-11-22",
      "billing-db/pre-migration",
      "billing-db/quarterly-2026-q3",
      "billing-db/pre-upgrade-2026-12",
      "billing-db/(latest)",
      "reports-db/pre-upgrade-2026-11",
    ]);
    const found = parse(
      renderPlan(
        resultOf([{ ...FINDINGS.latestNone, verdict: "compliant", backupName: "weekly-2026-11-22" }]),
        "json",
      ),
    );
    expect(found.backups[0]).toMatchObject({
      subject: "billing-db/(latest)",
      backupName: "weekly-2026-11-22",
    });
  });

  it("prints the duration in whole milliseconds", () => {
    const result = { ...EVERY_VERDICT, stats: { ...EVERY_VERDICT.stats, durationMs: 351.58434100000005 } };
    const text = renderPlan(result, "json");
    expect(text).toContain('"durationMs": 352\n');
    expect(validate(parse(text)) ? [] : validate.errors).toEqual([]);
  });

  it("reports a latest check that found nothing with a null backupName", () => {
    const latest = report.backups.find(
      (backup) => (backup.expectation as { kind: string }).kind === "latest",
    );
    expect(latest).toMatchObject({
      serverName: "billing-db",
      backupName: null,
      verdict: "stale",
      observed: null,
    });
  });

  it("keeps schema errors, HTTP facts and the observed backup", () => {
    const invalid = report.backups.find((backup) => backup.verdict === "invalid");
    expect(invalid?.schemaErrors).toEqual([
      { pointer: "/properties/percentComplete", message: "must be <= 100" },
      { pointer: "/properties/endTime", message: 'must match format "date-time"' },
    ]);
    const error = report.backups.find((backup) => backup.verdict === "error");
    expect(error?.http).toEqual({
      status: 403,
      code: "AuthorizationFailed",
      message: "The client 'ci' with object id '42' does not have authorization to perform action 'read'.",
      requestId: "req-403-abc",
    });
    const failed = report.backups.find((backup) => backup.verdict === "failed");
    expect(failed?.observed).toMatchObject({ status: "Failed", errorCode: "StorageUnreachable" });
  });

  it("writes only the documented fields, even when a finding carries more", () => {
    const extended = { ...FINDINGS.missing, internalNote: "not for reports" } as Finding;
    const value = parse(renderPlan(resultOf([extended]), "json"));
    expect(validate(value)).toBe(true);
    expect(JSON.stringify(value)).not.toContain("internalNote");
  });

  it("has a schema that rejects reports missing what readers rely on", () => {
    const broken = parse(renderPlan(EVERY_VERDICT, "json"));
    delete broken.backups[0].verdict;
    (broken as Record<string, unknown>).format_version = "2.0";
    expect(validate(broken)).toBe(false);
    const paths = (validate.errors ?? []).map((error) => error.instancePath);
    expect(paths).toEqual(expect.arrayContaining(["/format_version", "/backups/0"]));
  });
});

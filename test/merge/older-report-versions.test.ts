import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PgLtrInputError } from "../../lib/errors/input-error";
import { mergeShardResults } from "../../lib/merge/merge-shard-results";
import { readShardReport } from "../../lib/merge/read-shard-report";
import { PLAN_REPORT_FORMAT_VERSION } from "../../lib/render/json-report";
import { renderPlan } from "../../lib/render/render-plan";
import type { ExemptServer } from "../../lib/check/result";
import { EXEMPTION, FINDINGS, resultOf } from "../render/fixtures/check-results";

const folder = mkdtempSync(join(tmpdir(), "pg-ltr-merge-versions-"));

/** A shard report as pg-ltr check writes it, then given `format_version` (and no `exempt` before 1.8). */
function reportFile(name: string, formatVersion: string, index: number, exempt: ExemptServer[] = []): string {
  const text = renderPlan(
    {
      ...resultOf([index === 1 ? FINDINGS.compliant : FINDINGS.missing]),
      exempt,
      scope: {
        fingerprint: `sha256:${"ab".repeat(32)}`,
        totalExpectations: 2,
        shard: { index, count: 2 },
        missingShards: [],
      },
    },
    "json",
  );
  const report = JSON.parse(text) as Record<string, unknown>;
  if (Number(formatVersion.split(".")[1]) < 8) delete report.exempt;
  const file = join(folder, name);
  writeFileSync(file, JSON.stringify({ ...report, format_version: formatVersion }));
  return file;
}

describe("pg-ltr merge across report format versions", () => {
  it.each(["1.3", "1.6", "1.7"])("merges a shard written in format %s with one of this release", (old) => {
    const merged = mergeShardResults([
      readShardReport(reportFile("old.json", old, 1)),
      readShardReport(reportFile("new.json", PLAN_REPORT_FORMAT_VERSION, 2, [EXEMPTION])),
    ]);
    expect(merged.findings.map((f) => f.verdict).sort()).toEqual(["compliant", "missing"]);
    // The older shard could not list exemptions; the newer one's are kept.
    expect(merged.exempt).toEqual([EXEMPTION]);
    // The merged report is written in this release's format, whatever its shards were written in.
    expect(JSON.parse(renderPlan(merged, "json"))).toMatchObject({
      format_version: PLAN_REPORT_FORMAT_VERSION,
    });
  });

  it("lists each exemption once however many shards carry it, and every one that only some carry", () => {
    const other: ExemptServer = {
      ...EXEMPTION,
      subject: "legacy-db",
      serverName: "legacy-db",
      constructPath: "data-platform/legacy",
    };
    const merged = mergeShardResults([
      readShardReport(reportFile("one.json", "1.8", 1, [EXEMPTION])),
      readShardReport(reportFile("two.json", "1.8", 2, [EXEMPTION, other])),
    ]);
    expect(merged.exempt).toEqual([EXEMPTION, other]);
    expect(renderPlan(merged, "text")).toContain("1 missing");
    expect(renderPlan(merged, "text")).toMatch(/, 2 exempt\.\n/);
  });

  it("refuses a report older than 1.3, which has no scope to merge by", () => {
    expect(() => readShardReport(reportFile("ancient.json", "1.2", 1))).toThrow(PgLtrInputError);
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PgLtrInputError } from "../../lib/errors/input-error";
import { mergeShardResults } from "../../lib/merge/merge-shard-results";
import { readShardReport } from "../../lib/merge/read-shard-report";
import { PLAN_REPORT_FORMAT_VERSION } from "../../lib/render/json-report";
import { renderPlan } from "../../lib/render/render-plan";
import { FINDINGS, resultOf } from "../render/fixtures/check-results";

const folder = mkdtempSync(join(tmpdir(), "pg-ltr-merge-versions-"));

/** A shard report as pg-ltr check writes it, then given `format_version`. */
function reportFile(name: string, formatVersion: string, index: number): string {
  const text = renderPlan(
    {
      ...resultOf([index === 1 ? FINDINGS.compliant : FINDINGS.missing]),
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
  const file = join(folder, name);
  writeFileSync(file, JSON.stringify({ ...report, format_version: formatVersion }));
  return file;
}

describe("pg-ltr merge across report format versions", () => {
  it("merges a shard written before scheduled runs (1.6) with one of this release", () => {
    const merged = mergeShardResults([
      readShardReport(reportFile("old.json", "1.6", 1)),
      readShardReport(reportFile("new.json", PLAN_REPORT_FORMAT_VERSION, 2)),
    ]);
    expect(merged.findings.map((f) => f.verdict).sort()).toEqual(["compliant", "missing"]);
    // The merged report is written in this release's format, whatever its shards were written in.
    expect(JSON.parse(renderPlan(merged, "json"))).toMatchObject({
      format_version: PLAN_REPORT_FORMAT_VERSION,
    });
  });

  it("refuses a report older than 1.3, which has no scope to merge by", () => {
    expect(() => readShardReport(reportFile("ancient.json", "1.2", 1))).toThrow(PgLtrInputError);
  });
});

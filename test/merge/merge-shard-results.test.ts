import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PgLtrInputError } from "../../lib/errors/input-error";
import { exitCodeFor, type CheckResult, type CheckScope } from "../../lib/check/result";
import { mergeShardResults } from "../../lib/merge/merge-shard-results";
import { readShardReport, type ShardReport } from "../../lib/merge/read-shard-report";
import { renderPlan } from "../../lib/render/render-plan";
import { FINDINGS, resultOf } from "../render/fixtures/check-results";

const FINGERPRINT = `sha256:${"ab".repeat(32)}`;
const OTHER = `sha256:${"cd".repeat(32)}`;
const folder = mkdtempSync(join(tmpdir(), "pg-ltr-merge-"));

/** A shard's result with `findings` of FINDINGS, written as `pg-ltr check --format json` writes it, and read back. */
function shard(
  name: string,
  findings: (keyof typeof FINDINGS)[],
  scope: Partial<CheckScope> & Pick<CheckScope, "shard">,
): ShardReport {
  const result: CheckResult = {
    ...resultOf(findings.map((key) => FINDINGS[key])),
    scope: { fingerprint: FINGERPRINT, totalExpectations: 8, missingShards: [], ...scope },
  };
  const file = join(folder, name);
  writeFileSync(file, renderPlan(result, "json"));
  return readShardReport(file);
}

const one = () => shard("1.json", ["compliant", "missing", "stale"], { shard: { index: 1, count: 3 } });
const two = () => shard("2.json", ["failed", "invalid"], { shard: { index: 2, count: 3 } });
const three = () => shard("3.json", ["unknown", "running", "error"], { shard: { index: 3, count: 3 } });

const refusal = (reports: ShardReport[], allowPartial = false) => {
  try {
    mergeShardResults(reports, { allowPartial });
  } catch (error) {
    expect(error).toBeInstanceOf(PgLtrInputError);
    return (error as Error).message;
  }
  throw new Error("the merge was not refused");
};

describe("mergeShardResults", () => {
  it("gives the result of the whole check: findings in order, counts, requests added up", () => {
    const merged = mergeShardResults([three(), one(), two()]);
    const keys = [
      "compliant",
      "missing",
      "stale",
      "failed",
      "invalid",
      "unknown",
      "running",
      "error",
    ] as const;
    const whole = resultOf(keys.map((key) => FINDINGS[key]));
    // The result order: stack, resource group, server, then declaration order within a server.
    const sorted = [...whole.findings].sort((a, b) =>
      a.serverName < b.serverName ? -1 : a.serverName > b.serverName ? 1 : 0,
    );
    expect(merged.findings.map((f) => [f.serverName, f.verdict])).toEqual(
      sorted.map((f) => [f.serverName, f.verdict]),
    );
    expect(merged.summary).toEqual(whole.summary);
    expect(merged.scope).toEqual({
      fingerprint: FINGERPRINT,
      totalExpectations: 8,
      shard: null,
      missingShards: [],
    });
    expect(merged.stats.requests).toBe(whole.stats.requests);
    expect(exitCodeFor(merged)).toBe(exitCodeFor(whole));
  });

  it("refuses reports of other synthesized expectations", () => {
    const foreign = shard("foreign.json", ["failed", "invalid"], {
      shard: { index: 2, count: 3 },
      fingerprint: OTHER,
    });
    expect(refusal([one(), foreign, three()])).toBe(
      `${foreign.file} was checked against other synthesized expectations than ${one().file} ` +
        `(fingerprint ${OTHER} against ${FINGERPRINT}): run every shard on the same cdktf.out, ` +
        "with the same --stack and --subscription",
    );
  });

  it("refuses shards of different splits, a shard twice and a partial merge as input", () => {
    const ofTwo = shard("of-2.json", ["failed"], { shard: { index: 2, count: 2 } });
    expect(refusal([one(), ofTwo])).toContain(
      "of-2.json is shard 2/2 but " +
        `${one().file} is part of 3 shards: merge the reports of one sharded check`,
    );
    const again = shard("again.json", ["compliant", "missing", "stale"], { shard: { index: 1, count: 3 } });
    expect(refusal([one(), again, two(), three()])).toBe(
      `${again.file} and ${one().file} are both shard 1/3: pass each shard's report once`,
    );
    const partial = shard("partial.json", ["failed"], { shard: { index: 2, count: 3 }, missingShards: [3] });
    expect(refusal([one(), partial, three()])).toContain("is itself a partial merge");
  });

  it("refuses missing shards, or with allowPartial merges the others and exits 1", () => {
    expect(refusal([one(), three()])).toBe(
      "shard 2/3 is missing: pass every shard's report, or --allow-partial to merge what is there (exit code 1)",
    );
    expect(refusal([two()])).toContain("shards 1/3, 3/3 are missing");
    const partial = mergeShardResults([one(), three()], { allowPartial: true });
    expect(partial.scope?.missingShards).toEqual([2]);
    expect(partial.findings).toHaveLength(6);
    expect(exitCodeFor(partial)).toBe(1);
    // Missing shards are never a pass, even without drift in the shards there are.
    const cleanOne = shard("clean.json", ["compliant"], { shard: { index: 1, count: 2 } });
    expect(exitCodeFor(mergeShardResults([cleanOne], { allowPartial: true }), true)).toBe(1);
  });

  it("refuses a complete set whose expectations do not add up to the check's total", () => {
    const short = shard("short.json", ["failed"], { shard: { index: 2, count: 3 } });
    expect(refusal([one(), short, three()])).toBe(
      "the shard reports hold 7 expectations but the check has 8: a report is incomplete " +
        "(an interrupted check?); run that shard again",
    );
  });
});

describe("readShardReport", () => {
  const write = (name: string, text: string) => {
    const file = join(folder, name);
    writeFileSync(file, text);
    return file;
  };

  it.each([
    [
      "not JSON",
      "{ nope",
      /^report .*bad\.json is not JSON \(.*\): pass reports of pg-ltr check --format json$/,
    ],
    [
      "another document",
      '{"hello": "world"}',
      /^report .*bad\.json is not a pg-ltr check JSON report of this version \(at the whole document: must have required property 'format_version'\)/,
    ],
    [
      "a report from before shards",
      renderPlan(resultOf([FINDINGS.compliant]), "json"),
      /^report .*bad\.json has no scope \(format 1\.8\): write the shard reports with pg-ltr check --shard I\/N/,
    ],
  ])("refuses %s with a clear message", (_, text, message) => {
    const file = write("bad.json", text);
    expect(() => readShardReport(file)).toThrow(PgLtrInputError);
    expect(() => readShardReport(file)).toThrow(message);
  });

  it("refuses a report whose summary does not count its backups (truncated or edited)", () => {
    const report = JSON.parse(
      renderPlan(
        {
          ...resultOf([FINDINGS.missing]),
          scope: {
            fingerprint: FINGERPRINT,
            totalExpectations: 1,
            shard: null,
            missingShards: [],
          },
        },
        "json",
      ),
    ) as {
      backups: unknown[];
    };
    report.backups = [];
    const file = write("edited.json", JSON.stringify(report));
    expect(() => readShardReport(file)).toThrow(
      `report ${file} is inconsistent: its summary counts 1 missing but it lists 0: the file was truncated or edited`,
    );
  });

  it("refuses a file that cannot be read", () => {
    expect(() => readShardReport(join(folder, "absent.json"))).toThrow(
      /^cannot read report .*absent\.json \(ENOENT\): pass the JSON reports of pg-ltr check$/,
    );
  });
});

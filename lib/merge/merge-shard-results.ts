import { countVerdicts } from "../check/count-verdicts";
import { compareKeys, findingSortKey } from "../check/finding-order";
import { PgLtrInputError } from "../errors/input-error";
import type { CheckResult, ExemptServer, Finding } from "../check/result";
import type { ShardReport } from "./read-shard-report";

export interface MergeOptions {
  /** Merge the shards there are and record the missing ones (the result then exits 1). @default false */
  readonly allowPartial?: boolean;
}

/**
 * Combines the reports of one check's shards into the result the unsharded check would have given:
 * the same findings in the same order, summary recounted, requests added up, the longest shard's
 * duration (shards run side by side). Refuses, naming the files, reports of different synthesized
 * expectations (fingerprint), of different shard counts, the same shard twice, shards missing (unless
 * `allowPartial`), and a complete set whose expectations do not add up to the check's total.
 */
export function mergeShardResults(reports: readonly ShardReport[], options: MergeOptions = {}): CheckResult {
  const [first] = reports;
  if (!first) throw new PgLtrInputError("pg-ltr merge needs at least one report: pass REPORT.json ...");
  const scopeOf = (report: ShardReport) => report.result.scope;
  for (const report of reports.slice(1)) {
    if (scopeOf(report).fingerprint !== scopeOf(first).fingerprint) {
      throw new PgLtrInputError(
        `${report.file} was checked against other synthesized expectations than ${first.file} ` +
          `(fingerprint ${scopeOf(report).fingerprint} against ${scopeOf(first).fingerprint}): run every ` +
          "shard on the same cdktf.out, with the same --stack and --subscription",
      );
    }
  }
  const count = scopeOf(first).shard?.count ?? 1;
  const byShard = new Map<number, ShardReport>();
  for (const report of reports) {
    const shard = scopeOf(report).shard ?? { index: 1, count: 1 };
    if (shard.count !== count) {
      throw new PgLtrInputError(
        `${report.file} is shard ${shard.index}/${shard.count} but ${first.file} is part of ${count} ` +
          "shards: merge the reports of one sharded check",
      );
    }
    const earlier = byShard.get(shard.index);
    if (earlier) {
      throw new PgLtrInputError(
        `${report.file} and ${earlier.file} are both shard ${shard.index}/${count}: pass each shard's report once`,
      );
    }
    if (scopeOf(report).missingShards.length > 0) {
      throw new PgLtrInputError(`${report.file} is itself a partial merge: merge the shard reports instead`);
    }
    byShard.set(shard.index, report);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !byShard.has(index));
  if (missing.length > 0 && !options.allowPartial) {
    throw new PgLtrInputError(
      `shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${count}`).join(", ")} ` +
        `${missing.length > 1 ? "are" : "is"} missing: pass every shard's report, or --allow-partial to ` +
        "merge what is there (exit code 1)",
    );
  }
  const ordered = [...byShard.entries()].sort(([a], [b]) => a - b).map(([, report]) => report);
  const findings: Finding[] = ordered.flatMap((report) => report.result.findings);
  const total = scopeOf(first).totalExpectations;
  if (missing.length === 0 && findings.length !== total) {
    throw new PgLtrInputError(
      `the shard reports hold ${findings.length} expectations but the check has ${total}: ` +
        "a report is incomplete (an interrupted check?); run that shard again",
    );
  }
  const keyed = findings.map((finding, position) => ({ finding, position, key: findingSortKey(finding) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key) || a.position - b.position);
  const merged = keyed.map((entry) => entry.finding);
  return {
    checkedAt: ordered.map((report) => report.result.checkedAt).sort()[0] as string,
    findings: merged,
    summary: countVerdicts(merged),
    exempt: exemptUnion(ordered),
    stats: {
      requests: sum(ordered, (r) => r.result.stats.requests),
      throttled: sum(ordered, (r) => r.result.stats.throttled),
      retries: sum(ordered, (r) => r.result.stats.retries),
      durationMs: Math.max(...ordered.map((r) => r.result.stats.durationMs)),
    },
    scope: {
      fingerprint: scopeOf(first).fingerprint,
      totalExpectations: total,
      shard: null,
      missingShards: missing,
    },
  };
}

/**
 * Every shard reads the same cdktf.out (the fingerprint says so) and lists the same exemptions; their
 * union, each server once (by stack, construct path and exempting scope) in the order the shards
 * list them, also keeps what a shard written before report format 1.8 could not carry.
 */
function exemptUnion(reports: readonly ShardReport[]): ExemptServer[] {
  const seen = new Map<string, ExemptServer>();
  for (const report of reports) {
    for (const server of report.result.exempt) {
      const key = JSON.stringify([server.stack, server.constructPath, server.exemptedScope]);
      if (!seen.has(key)) seen.set(key, server);
    }
  }
  return [...seen.values()];
}

function sum(reports: readonly ShardReport[], of: (report: ShardReport) => number): number {
  return reports.reduce((total, report) => total + of(report), 0);
}

import type { ErrorObject, ValidateFunction } from "ajv";
import { readFileSync } from "node:fs";
import { PgLtrInputError } from "../errors/input-error";
import type { CheckResult, ExemptServer, Finding } from "../check/result";
import type { PlanReport } from "../render/json-report";
import planReportSchema from "../schema/plan-report.schema.json";
import { createAjv } from "../schema-validation/create-ajv";

/** A shard's JSON report, read back into the result model. */
export interface ShardReport {
  /** The path as given on the command line. */
  readonly file: string;
  readonly result: CheckResult & { readonly scope: NonNullable<CheckResult["scope"]> };
}

let validate: ValidateFunction<PlanReport> | undefined;

/**
 * Reads a report written by `pg-ltr check --format json` (or `--output json=PATH`). A report is
 * outside input: it is validated against plan-report.schema.json, and its summary must count its own
 * backups, so a truncated or edited file is refused rather than merged.
 */
export function readShardReport(file: string): ShardReport {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new PgLtrInputError(
      `cannot read report ${file} (${reason}): pass the JSON reports of pg-ltr check`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new PgLtrInputError(
      `report ${file} is not JSON (${(error as Error).message}): pass reports of pg-ltr check --format json`,
    );
  }
  validate ??= createAjv().compile<PlanReport>(planReportSchema);
  if (!validate(parsed)) {
    throw new PgLtrInputError(
      `report ${file} is not a pg-ltr check JSON report of this version (${firstError(validate.errors)}): ` +
        "write the shard reports with the same version of pg-ltr as the merge",
    );
  }
  const report = parsed;
  if (report.scope === undefined) {
    throw new PgLtrInputError(
      `report ${file} has no scope (format ${report.format_version}): write the shard reports with ` +
        "pg-ltr check --shard I/N of this version",
    );
  }
  // The backups are the report's copies of Finding, field for field (see renderJsonReport).
  const findings = report.backups as unknown as Finding[];
  const counted = findings.reduce<Record<string, number>>((counts, finding) => {
    counts[finding.verdict] = (counts[finding.verdict] ?? 0) + 1;
    return counts;
  }, {});
  const mismatch = Object.entries(report.summary).find(([verdict, n]) => (counted[verdict] ?? 0) !== n);
  if (mismatch) {
    throw new PgLtrInputError(
      `report ${file} is inconsistent: its summary counts ${mismatch[1]} ${mismatch[0]} but it lists ` +
        `${counted[mismatch[0]] ?? 0}: the file was truncated or edited, write it again with pg-ltr check`,
    );
  }
  const { shard } = report.scope;
  if (shard !== null && shard.index > shard.count) {
    throw new PgLtrInputError(
      `report ${file} claims shard ${shard.index}/${shard.count}, which does not exist`,
    );
  }
  return {
    file,
    result: {
      checkedAt: report.checked_at,
      findings,
      summary: report.summary,
      stats: report.stats,
      // Exemptions are the report's copies of ExemptServer, field for field; reports before 1.8 have none.
      exempt: (report.exempt ?? []) as ExemptServer[],
      scope: {
        fingerprint: report.scope.fingerprint,
        totalExpectations: report.scope.total_expectations,
        shard,
        missingShards: report.scope.missing_shards,
      },
    },
  };
}

function firstError(errors: ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (!first) return "unknown schema error";
  const at = first.instancePath === "" ? "the whole document" : `"${first.instancePath}"`;
  return `at ${at}: ${first.message ?? "is invalid"}`;
}

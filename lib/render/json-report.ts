import type {
  CheckResult,
  ExemptServer,
  IncompleteRun,
  Expectation,
  Finding,
  HttpFacts,
  ObservedBackup,
  RequestStats,
  SourceLocation,
  VerdictCounts,
} from "../check/result";

/**
 * The machine-readable report, described by `lib/schema/plan-report.schema.json`. Like
 * `terraform show -json`, `format_version` says how to read it: a minor bump only adds fields, a major
 * bump breaks readers. 1.1 added `subject`, 1.2 `notes`, 1.3 `scope`, 1.4 `pending`, 1.5
 * `declaredAt`, 1.6 `incomplete`, 1.7 the expectation kind `scheduled`, 1.8 `exempt`.
 */
export const PLAN_REPORT_FORMAT_VERSION = "1.8";

export interface PlanReport {
  readonly format_version: typeof PLAN_REPORT_FORMAT_VERSION;
  readonly checked_at: string;
  readonly summary: VerdictCounts;
  readonly stats: RequestStats;
  readonly scope?: PlanReportScope;
  /** The exempt servers of the checked stacks, with reason and expiry; since 1.8 (absent before). */
  readonly exempt?: PlanReportExempt[];
  readonly backups: PlanReportBackup[];
  /** Present when the check stopped early (interrupt, deadline); since 1.4. */
  readonly incomplete?: IncompleteRun;
}

/** CheckScope as the report writes it. */
export interface PlanReportScope {
  readonly fingerprint: string;
  readonly total_expectations: number;
  readonly shard: { readonly index: number; readonly count: number } | null;
  readonly missing_shards: number[];
}

/** One exempt server's entry: the documented fields of an ExemptServer, nothing else. */
export type PlanReportExempt = Pick<
  ExemptServer,
  | "stack"
  | "subject"
  | "constructPath"
  | "address"
  | "resourceGroupName"
  | "serverName"
  | "reason"
  | "expires"
  | "exemptedScope"
  | "declaredAt"
  | "standing"
  | "daysLeft"
>;

/** One expectation's entry: the documented fields of a Finding, nothing else. */
export type PlanReportBackup = Pick<
  Finding,
  | "stack"
  | "subject"
  | "constructPath"
  | "address"
  | "subscriptionId"
  | "resourceGroupName"
  | "serverName"
  | "backupName"
  | "expectation"
  | "verdict"
  | "reason"
  | "observed"
  | "schemaErrors"
  | "http"
  | "firstBackupDue"
  | "declaredAt"
> &
  Required<Pick<Finding, "notes">>;

export function renderJsonReport(result: CheckResult): string {
  return `${JSON.stringify(toPlanReport(result), null, 2)}\n`;
}

/**
 * The report split around its backups, for writing it one backup at a time: `head` + each
 * `jsonReportBackup` (joined by `separator`) + `tail` is byte for byte what renderJsonReport writes;
 * with no backups, `empty` is.
 */
export function jsonReportFrame(result: Omit<CheckResult, "findings">): {
  readonly head: string;
  readonly separator: string;
  readonly tail: string;
  readonly empty: string;
} {
  const marker = "\u0000backups\u0000";
  const text = renderJsonReport({ ...result, findings: [] });
  const framed = JSON.stringify({ ...toPlanReport({ ...result, findings: [] }), backups: [marker] }, null, 2);
  const [before, after] = framed.split(JSON.stringify(marker)) as [string, string];
  // `before` ends with the indentation of the marker line, which each backup brings itself.
  return {
    head: before.replace(/\n {4}$/, ""),
    separator: ",",
    tail: `${after}\n`,
    empty: text,
  };
}

/** One backup of the report as renderJsonReport indents it inside `backups`, starting on a new line. */
export function jsonReportBackup(finding: Finding): string {
  return `\n${JSON.stringify(planReportBackup(finding), null, 2).replace(/^/gm, "    ")}`;
}

// Fields are copied one by one so the report holds exactly what its schema documents, whatever else a
// Finding may carry in a later release.
function toPlanReport(result: CheckResult): PlanReport {
  const { summary, stats } = result;
  return {
    format_version: PLAN_REPORT_FORMAT_VERSION,
    checked_at: result.checkedAt,
    summary: {
      compliant: summary.compliant,
      missing: summary.missing,
      stale: summary.stale,
      failed: summary.failed,
      invalid: summary.invalid,
      unknown: summary.unknown,
      running: summary.running,
      pending: summary.pending,
      error: summary.error,
    },
    stats: {
      requests: stats.requests,
      throttled: stats.throttled,
      retries: stats.retries,
      // Whole milliseconds: sub-millisecond digits are timer noise, not information.
      durationMs: Math.round(stats.durationMs),
    },
    ...(result.scope
      ? {
          scope: {
            fingerprint: result.scope.fingerprint,
            total_expectations: result.scope.totalExpectations,
            shard:
              result.scope.shard === null
                ? null
                : { index: result.scope.shard.index, count: result.scope.shard.count },
            missing_shards: [...result.scope.missingShards],
          },
        }
      : {}),
    exempt: result.exempt.map(planReportExempt),
    backups: result.findings.map(planReportBackup),
    ...(result.incomplete
      ? {
          incomplete: {
            reason: result.incomplete.reason,
            checked: result.incomplete.checked,
            total: result.incomplete.total,
          },
        }
      : {}),
  };
}

function planReportExempt(server: ExemptServer): PlanReportExempt {
  return {
    stack: server.stack,
    subject: server.subject,
    constructPath: server.constructPath,
    address: server.address,
    resourceGroupName: server.resourceGroupName,
    serverName: server.serverName,
    reason: server.reason,
    expires: server.expires,
    exemptedScope: server.exemptedScope,
    declaredAt: copyLocation(server.declaredAt),
    standing: server.standing,
    daysLeft: server.daysLeft,
  };
}

function copyLocation(location: SourceLocation | null): SourceLocation | null {
  return location === null ? null : { file: location.file, line: location.line, column: location.column };
}

function planReportBackup(finding: Finding): PlanReportBackup {
  const head = {
    stack: finding.stack,
    subject: finding.subject,
    constructPath: finding.constructPath,
    address: finding.address,
    subscriptionId: finding.subscriptionId,
    resourceGroupName: finding.resourceGroupName,
    serverName: finding.serverName,
    backupName: finding.backupName,
    expectation: copyExpectation(finding.expectation),
    verdict: finding.verdict,
    reason: finding.reason,
    observed: finding.observed === null ? null : copyObserved(finding.observed),
    schemaErrors: finding.schemaErrors.map((error) => ({ pointer: error.pointer, message: error.message })),
    http: finding.http === null ? null : copyHttp(finding.http),
    notes: (finding.notes ?? []).map((note) => ({
      pointer: note.pointer,
      page: note.page,
      message: note.message,
    })),
  };
  const declaredAt = { declaredAt: copyLocation(finding.declaredAt) };
  // Assembled, not `{ ...head, ...(due ? { firstBackupDue } : {}), declaredAt }`: Node 20's V8 builds an
  // object literal with properties after a spread on a slow path, and this runs once per finding.
  return finding.firstBackupDue === undefined
    ? Object.assign(head, declaredAt)
    : Object.assign(head, { firstBackupDue: finding.firstBackupDue }, declaredAt);
}

function copyExpectation(expectation: Expectation): Expectation {
  switch (expectation.kind) {
    case "named":
      return { kind: "named", maxAge: expectation.maxAge };
    case "latest":
      return { kind: "latest", maxAge: expectation.maxAge };
    case "series":
      return {
        kind: "series",
        template: expectation.template,
        every: expectation.every,
        grace: expectation.grace,
        keep: expectation.keep,
        scheduledAt: expectation.scheduledAt,
        dueBy: expectation.dueBy,
      };
    case "scheduled":
      return {
        kind: "scheduled",
        scheduledAt: expectation.scheduledAt,
        startBy: expectation.startBy,
        grace: expectation.grace,
        policy: expectation.policy,
      };
  }
}

function copyObserved(observed: ObservedBackup): ObservedBackup {
  return {
    backupName: observed.backupName,
    status: observed.status,
    startTime: observed.startTime,
    endTime: observed.endTime,
    percentComplete: observed.percentComplete,
    errorCode: observed.errorCode,
    errorMessage: observed.errorMessage,
    datasourceSizeInBytes: observed.datasourceSizeInBytes,
  };
}

function copyHttp(http: HttpFacts): HttpFacts {
  return { status: http.status, code: http.code, message: http.message, requestId: http.requestId };
}

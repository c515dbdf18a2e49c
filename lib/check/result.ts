/**
 * The typed interface between the check pipeline (read → plan → fetch → validate → classify) and the
 * renderers. Renderers only read these types; nothing here knows about colours or formats.
 */
import type { ServerExemption, SourceLocation } from "../expectations/document";

export type { SourceLocation } from "../expectations/document";

/**
 * One verdict per expectation. Drift: missing, stale, failed, invalid, unknown. Not drift: compliant,
 * running, and pending (the server will be created by this deploy, or is too new for its first backup).
 */
export type Verdict =
  "compliant" | "missing" | "stale" | "failed" | "invalid" | "unknown" | "running" | "pending" | "error";

/** Every verdict, in the order summaries list them. */
export const VERDICTS: readonly Verdict[] = [
  "missing",
  "stale",
  "failed",
  "invalid",
  "unknown",
  "compliant",
  "running",
  "pending",
  "error",
];

/** Verdicts that make `pg-ltr check` exit 2. */
export const DRIFT_VERDICTS: readonly Verdict[] = ["missing", "stale", "failed", "invalid", "unknown"];

/** What one expectation asked for, resolved for a concrete check. */
export type Expectation =
  | { readonly kind: "named"; readonly maxAge: string | null }
  | { readonly kind: "latest"; readonly maxAge: string }
  | {
      readonly kind: "series";
      /** The series' name template. */
      readonly template: string;
      readonly every: string;
      readonly grace: string;
      readonly keep: number;
      /** When this occurrence was scheduled (ISO 8601). */
      readonly scheduledAt: string;
      /** When it must have succeeded by: scheduledAt plus grace (ISO 8601). */
      readonly dueBy: string;
    }
  | {
      /** One run an Azure Backup vault policy schedules, matched by its start time (names are the vault's). */
      readonly kind: "scheduled";
      /** When the policy scheduled the run (ISO 8601, UTC). */
      readonly scheduledAt: string;
      /** When the run must have started by: scheduledAt plus grace (ISO 8601, UTC). */
      readonly startBy: string;
      /** ISO 8601 duration after scheduledAt within which the run must have started. */
      readonly grace: string;
      /** Terraform address of the backup policy that schedules the run. */
      readonly policy: string;
    };

/** Where an expectation came from and which backup it is about. */
export interface ExpectationTarget {
  readonly stack: string;
  /**
   * What the expectation is about, the same in every format and from run to run:
   * `orders-db/pre-upgrade-2026-11` for a named backup or a series occurrence (named by the occurrence),
   * `orders-db/(latest)` for the newest backup of a server, whichever backup that turned out to be,
   * `orders-db/(scheduled 2026-11-08T02:00:00Z)` for a run a vault policy scheduled, whatever the
   * Backup service named it.
   */
  readonly subject: string;
  /** Construct path of the declaring `PostgresLtrBackups`. */
  readonly constructPath: string;
  /** Where in the app's code the `PostgresLtrBackups` was created; null when synthesis did not record it. */
  readonly declaredAt: SourceLocation | null;
  /** Terraform address of the server resource, when there is one. */
  readonly address: string | null;
  /** Null when it could not be resolved (the finding is then an `error` saying why). */
  readonly subscriptionId: string | null;
  readonly resourceGroupName: string;
  readonly serverName: string;
  /**
   * The backup operation checked; null for a `latest` check that found no succeeded backup, and for a
   * scheduled run that matched no operation.
   */
  readonly backupName: string | null;
  readonly expectation: Expectation;
}

/** The fields of an LTR backup operation that a finding shows; copied from the validated answer. */
export interface ObservedBackup {
  readonly backupName: string | null;
  readonly status: string | null;
  readonly startTime: string | null;
  readonly endTime: string | null;
  readonly percentComplete: number | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly datasourceSizeInBytes: number | null;
}

/** One schema violation in an answer, located by JSON pointer (RFC 6901) into the body. */
export interface SchemaError {
  /** JSON pointer of the offending value, `""` for the whole body. */
  readonly pointer: string;
  /** What is wrong, e.g. `must be <= 100`. */
  readonly message: string;
}

/**
 * An item of Azure's answer that the check set aside as evidence (it breaks the schema, is about
 * another server, names an impossible time, ...), located by JSON pointer into the body it came from.
 * It did not decide the verdict alone, but a reader should know it was there.
 */
export interface FindingNote {
  /** JSON pointer of the item, e.g. `/value/3` (on listing page 2 when `page` says so). */
  readonly pointer: string;
  /** Listing page the item came from (1 for the first); 0 for a single answer. */
  readonly page: number;
  /** Why it was set aside, e.g. `ends 9999-01-01T00:00:00Z, after the check's time`. */
  readonly message: string;
}

/** Facts about the HTTP exchange, for error findings and reports. */
export interface HttpFacts {
  /** Final HTTP status, or null when no answer arrived (timeout, connection reset). */
  readonly status: number | null;
  /** ARM error code from the ErrorResponse body, e.g. `ResourceNotFound`. */
  readonly code: string | null;
  /** ARM error message, or the network error. */
  readonly message: string | null;
  /** The `x-ms-request-id` / `x-ms-correlation-request-id` Azure support asks for. */
  readonly requestId: string | null;
}

export interface Finding extends ExpectationTarget {
  readonly verdict: Verdict;
  /** One sentence a user can act on, e.g. `ended 2026-09-01T02:10:00Z, older than P32D`. */
  readonly reason: string;
  /** The backup as Azure reported it; null when nothing usable came back. */
  readonly observed: ObservedBackup | null;
  /** Schema violations of the answer (verdict `invalid`, or an error body that broke the ErrorResponse shape). */
  readonly schemaErrors: SchemaError[];
  /** The HTTP exchange behind the verdict; null when no request was needed. */
  readonly http: HttpFacts | null;
  /**
   * Items of the answers set aside as evidence, whatever the verdict.
   *
   * @default - none
   */
  readonly notes?: readonly FindingNote[];
  /**
   * For a `pending` finding about a server that exists but is too new to have backed up: when its
   * first backup is due (ISO 8601). Absent otherwise, and for a server that does not exist yet.
   */
  readonly firstBackupDue?: string;
}

export type VerdictCounts = { readonly [V in Verdict]: number };

export interface RequestStats {
  /** HTTP requests sent, retries included. */
  readonly requests: number;
  /** 429 answers received. */
  readonly throttled: number;
  /** Requests that were retries of an earlier attempt. */
  readonly retries: number;
  /** Wall-clock duration of the fetch stage, in milliseconds. */
  readonly durationMs: number;
}

/** One part of a check split over a CI matrix (`--shard I/N`): part `index` (1-based) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Which expectations a result covers: a whole check, one shard of it, or shards merged. */
export interface CheckScope {
  /** `sha256:<hex>` of the synthesized expectations checked; every shard of one check has the same. */
  readonly fingerprint: string;
  /** Expectations of the whole check, over all shards. */
  readonly totalExpectations: number;
  /** The part this result covers, or null for the whole check. */
  readonly shard: Shard | null;
  /** Shards a partial merge (`pg-ltr merge --allow-partial`) lacks; empty otherwise. */
  readonly missingShards: readonly number[];
}

/** How many days before it ends an exemption is reported as a warning, so that it is renewed or replaced in time. */
export const EXEMPTION_WARNING_DAYS = 30;

/** An exemption as of the check: `expiring` within EXEMPTION_WARNING_DAYS, `expired` once its last day has passed. */
export type ExemptionStanding = "active" | "expiring" | "expired";

/** A flexible server exempted from LTR backups (`RequireLtrBackups.exempt`), as reports show it. */
export interface ExemptServer extends Omit<ServerExemption, "declaredAt"> {
  readonly stack: string;
  /** The server's name, or its Terraform address when the name is not known at synth. */
  readonly subject: string;
  /** Where `RequireLtrBackups.exempt` was called; null when synthesis did not record it. */
  readonly declaredAt: SourceLocation | null;
  readonly standing: ExemptionStanding;
  /** Whole days from the check to the end of the last exempt day; negative once expired, null without expiry. */
  readonly daysLeft: number | null;
}

export interface CheckResult {
  /** The instant expectations were judged against (`--now`, or the clock), ISO 8601. */
  readonly checkedAt: string;
  /** One finding per expectation, in a stable order: stack, server, backup. */
  readonly findings: Finding[];
  readonly summary: VerdictCounts;
  readonly stats: RequestStats;
  /** What the result covers; absent in results built by hand. */
  readonly scope?: CheckScope;
  /** Exempt servers of the checked stacks, by stack and construct path; they are never drift. */
  readonly exempt: ExemptServer[];
  /**
   * Expectations per subscription id, compliant ones included, for a result whose `findings` leave
   * some out (the CLI keeps only what its end-of-check formats show), so that grouped errors still say "for all
   * 27 expectations in subscription …" or "for 27 of 40".
   *
   * @default - counted from `findings`
   */
  readonly expectationsPerSubscription?: ReadonlyMap<string, number>;
  /**
   * Set when the check stopped before it judged every expectation; the rest are `error` findings
   * saying why.
   *
   * @default - absent: the check ran to the end
   */
  readonly incomplete?: IncompleteRun;
}

/** Why a check stopped early: Ctrl+C or SIGTERM (`interrupted`), or `--deadline` passed. */
export type IncompleteReason = "interrupted" | "deadline";

/** How far a check that stopped early got. */
export interface IncompleteRun {
  readonly reason: IncompleteReason;
  /** Expectations judged from ARM's answers before the check stopped. */
  readonly checked: number;
  /** Expectations in all, the unchecked ones included. */
  readonly total: number;
}

/**
 * `pg-ltr check`'s exit code for a result: 0 clean, 2 drift, 1 anything could not be checked (an
 * `error` finding, or shards missing from a merge).
 */
export function exitCodeFor(result: CheckResult, softFail = false): 0 | 1 | 2 {
  if (result.summary.error > 0) return 1;
  if ((result.scope?.missingShards.length ?? 0) > 0) return 1;
  const drift = DRIFT_VERDICTS.some((v) => result.summary[v] > 0);
  return drift && !softFail ? 2 : 0;
}

/**
 * The expectations document: what synthesis writes for each stack and what `pg-ltr check` reads.
 *
 * It is plain JSON, independent of cdktf/cdktn, so the checker never loads the app or the framework.
 * Its JSON Schema is `lib/schema/expectations.schema.json`; a breaking change bumps `version`, an
 * additive one `minorVersion`, so that this release still reads documents of an earlier minor version.
 */

/** File name of the document inside a stack's working directory (`cdktf.out/stacks/<stack>/`). */
export const EXPECTATIONS_FILE_NAME = "pg-ltr.expectations.json";

/** Version of the document format written by this release; readers refuse a greater one. */
export const EXPECTATIONS_DOCUMENT_VERSION = 1;

/**
 * Minor version written by this release. A minor bump only adds optional fields, so a document without
 * `minorVersion` (0, the first release) still reads. 1 added `expressions` and `deferredServers`;
 * 2 added `declaredAt` and `exemptions`; 3 added `scheduled`.
 */
export const EXPECTATIONS_DOCUMENT_MINOR_VERSION = 3;

export interface ExpectationsDocument {
  /** Format version; readers refuse versions they do not know. */
  readonly version: 1;
  /** Minor format version; absent in documents of minor version 0. */
  readonly minorVersion?: number;
  /** Name of the cdktf stack the expectations were declared in. */
  readonly stack: string;
  /** The tool and version that wrote the document, e.g. `cdktf-pg-ltr 0.1.0`. */
  readonly generatedBy: string;
  /** One entry per flexible server; two declarations for one server are merged at synth. */
  readonly servers: ServerExpectations[];
  /**
   * Servers whose name or resource group Terraform knows only once it has applied (a `random_string`
   * suffix, a variable without default); `pg-ltr check --terraform-state` reads them from the state.
   * @since minor version 1
   */
  readonly deferredServers?: DeferredServerExpectations[];
  /**
   * Flexible servers of the stack exempted with `RequireLtrBackups.exempt`, with reason and expiry.
   * @since minor version 2
   */
  readonly exemptions?: ServerExemption[];
}

/** The Terraform expressions names were given as, when they were references rather than literals. */
export interface NameExpressions {
  /** e.g. `${azurerm_postgresql_flexible_server.orders.name}`. */
  readonly serverName?: string;
  /** e.g. `${azurerm_resource_group.rg.name}`. */
  readonly resourceGroupName?: string;
  /** e.g. `${var.subscription_id}` (then `subscriptionId` is null unless resolved). */
  readonly subscriptionId?: string;
}

/** One attribute of one resource in `terraform show -json` (`values.root_module.resources[].values`). */
export interface StateRead {
  /** Resource address, e.g. `random_string.suffix` or `data.azurerm_resource_group.rg`. */
  readonly address: string;
  /** Attribute name as in the state, e.g. `result`. */
  readonly attribute: string;
}

/** A name known only once Terraform has applied. */
export interface DeferredName {
  /** The Terraform expression the name was given as in cdk.tf.json, e.g. `orders-${random_string.suffix.result}`. */
  readonly expression: string;
  /** The name with every `${<address>.<attribute>}` replaced by that value from the state. */
  readonly template: string;
  /** The values `template` needs. */
  readonly reads: StateRead[];
}

/** A server's expectations whose name or resource group is deferred to check time. */
export interface DeferredServerExpectations extends Omit<
  ServerExpectations,
  "resourceGroupName" | "serverName"
> {
  readonly resourceGroupName: string | DeferredName;
  readonly serverName: string | DeferredName;
}

/** A place in the app's source code: where a declaration or an exemption was made. */
export interface SourceLocation {
  /** Path relative to the app's folder (where cdktf.json is), with `/` separators, e.g. `main.ts`. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/** A flexible server that needs no LTR backups, with the reason given for it. */
export interface ServerExemption {
  /** Construct path of the `azurerm_postgresql_flexible_server`. */
  readonly constructPath: string;
  /** Terraform address of the server resource. */
  readonly address: string;
  /** Resource group of the server; null when it is not known at synth (a token). */
  readonly resourceGroupName: string | null;
  /** Name of the server; null when it is not known at synth (a token). */
  readonly serverName: string | null;
  /** Why the server needs no LTR backups. */
  readonly reason: string;
  /** Last day (ISO date, UTC) the exemption holds; null when it never expires. */
  readonly expires: string | null;
  /** Construct path of the scope the exemption was given to: the server, or a scope above it. */
  readonly exemptedScope: string;
  /** Where `RequireLtrBackups.exempt` was called; absent when no frame of the app was found. */
  readonly declaredAt?: SourceLocation;
}

export interface ServerExpectations {
  /** Construct path(s) of the `PostgresLtrBackups` that declared these expectations. */
  readonly constructPaths: string[];
  /** Terraform address of the `azurerm_postgresql_flexible_server` resource, when the server is one. */
  readonly address: string | null;
  /** Subscription of the server; null when it is left to check time (`--subscription`, environment). */
  readonly subscriptionId: string | null;
  readonly resourceGroupName: string;
  readonly serverName: string;
  /** Where names came from when they were references. @since minor version 1 */
  readonly expressions?: NameExpressions;
  /** Named backups that must exist and have succeeded. */
  readonly backups: NamedBackupExpectation[];
  /** Freshness of the newest succeeded backup, or null when not declared. */
  readonly latest: LatestExpectation | null;
  /** Recurring named backups written by a scheduled job. */
  readonly series: SeriesExpectation[];
  /**
   * Runs an Azure Backup vault policy schedules for the server, matched by time (the Backup service
   * chooses the backups' names); written only when there are some.
   * @since minor version 3
   */
  readonly scheduled?: ScheduledRunsExpectation[];
}

/**
 * The most recent runs of an Azure Backup policy that protects the server
 * (`PostgresLtrBackups.fromAzureBackup`): each must have a succeeded LTR backup operation that started
 * within `grace` after its scheduled time.
 */
export interface ScheduledRunsExpectation {
  /** Terraform address of the azurerm_data_protection_backup_policy_postgresql_flexible_server. */
  readonly policyAddress: string;
  /** The policy's name when literal at synth, else null. */
  readonly policyName: string | null;
  /** Terraform address of the azurerm_data_protection_backup_instance_postgresql_flexible_server. */
  readonly instanceAddress: string;
  /** The policy's backup_repeating_time_intervals, verbatim (validated at synth). */
  readonly repeatingIntervals: string[];
  /** The policy's time_zone (Windows name), null when the policy sets none. */
  readonly timeZone: string | null;
  /** The IANA zone the runs are computed in (mapped at synth; "UTC" when timeZone is null). */
  readonly ianaTimeZone: string;
  /** How many of the most recent scheduled runs are checked (default 4). */
  readonly runs: number;
  /** ISO 8601 duration after its scheduled time within which a run must have STARTED (default PT6H). */
  readonly grace: string;
  /** Construct path of what `PostgresLtrBackups.fromAzureBackup` adds to its scope, e.g. `data-platform/pg-ltr-azure-backup`. */
  readonly constructPath: string;
  /** Where `PostgresLtrBackups.fromAzureBackup` was called; absent when no frame of the app was found. */
  readonly declaredAt?: SourceLocation;
}

export interface NamedBackupExpectation {
  /** Backup operation name (`ltrBackupOperations/{backupName}`). */
  readonly name: string;
  /** ISO 8601 duration the backup must have ended within, or null for "exists and succeeded". */
  readonly maxAge: string | null;
  /** Construct path of the declaring `PostgresLtrBackups`. */
  readonly constructPath: string;
  /** Where the declaring `PostgresLtrBackups` was created; absent before minor version 2 and when no frame of the app was found. */
  readonly declaredAt?: SourceLocation;
}

export interface LatestExpectation {
  /** ISO 8601 duration within which the newest succeeded LTR backup must have ended. */
  readonly maxAge: string;
  /** Construct path of the declaring `PostgresLtrBackups`. */
  readonly constructPath: string;
  /** Where the declaring `PostgresLtrBackups` was created; absent before minor version 2 and when no frame of the app was found. */
  readonly declaredAt?: SourceLocation;
}

export interface SeriesExpectation {
  /** Name template with UTC placeholders {yyyy} {MM} {dd} {HH} {mm}, e.g. `weekly-{yyyy}-{MM}-{dd}`. */
  readonly name: string;
  /** ISO 8601 interval between occurrences. */
  readonly every: string;
  /** ISO 8601 instant of one scheduled occurrence; the others are `every` apart from it. */
  readonly anchor: string;
  /** How many of the most recent occurrences must exist and have succeeded. */
  readonly keep: number;
  /** ISO 8601 duration after its scheduled time by which an occurrence must have succeeded. */
  readonly grace: string;
  /** Construct path of the declaring `PostgresLtrBackups`. */
  readonly constructPath: string;
  /** Where the declaring `PostgresLtrBackups` was created; absent before minor version 2 and when no frame of the app was found. */
  readonly declaredAt?: SourceLocation;
}

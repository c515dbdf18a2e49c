import { Construct } from "constructs";
import { appDeclarations } from "./app-declarations";
import { AzureBackupExpectations, AzureBackupOptions } from "./azure-backup";
import { declarationReaderOf, registerDeclarationReader } from "./declaration";
import { readDeclaration } from "./declaration-rules";
import { isFlexibleServerResource, ServerReference } from "./server-reference";
import { recordCreationSite } from "./source-location";
import { ensureStackSupport } from "./stack-support";
import { frameworkOf } from "./framework";
import { overAskingWarnings } from "./over-asking";

export type { ServerCoordinates, ServerReference } from "./server-reference";
export type { AzureBackupOptions } from "./azure-backup";
export { DEFAULT_AZURE_BACKUP_GRACE, DEFAULT_AZURE_BACKUP_RUNS } from "./azure-backup";

/** A named LTR backup operation that must exist and have succeeded. */
export interface NamedBackup {
  /**
   * Name of the backup operation, as in `ltrBackupOperations/{backupName}`, e.g. "pre-upgrade-2026-11".
   *
   * 1-128 letters, digits, `-`, `_` and `.`, never `.` or `..` (Azure's current rule; names compare
   * ignoring case).
   *
   * @see https://learn.microsoft.com/rest/api/postgresql/flexibleserver/backups-long-term-retention/get
   */
  readonly name: string;
  /**
   * ISO 8601 duration within which the backup must have ended, e.g. "P400D".
   *
   * A backup that ended longer ago is `stale`.
   *
   * @default - no age limit: the backup must exist and have succeeded
   */
  readonly maxAge?: string;
}

/** Freshness of the newest succeeded LTR backup of the server, whatever its name. */
export interface LatestBackup {
  /**
   * ISO 8601 duration within which the newest succeeded LTR backup must have ended, e.g. "P8D".
   *
   * Longer than zero. `LtrLatest.daily()`, `.weekly()` and `.monthly()` give the standard windows.
   */
  readonly maxAge: string;
}

/** Recurring named backups written by a scheduled job, e.g. weekly-2026-11-22. */
export interface BackupSeries {
  /**
   * Name template of the backups, e.g. "weekly-{yyyy}-{MM}-{dd}".
   *
   * The placeholders {yyyy} {MM} {dd} {HH} {mm} are filled from each occurrence's scheduled instant in
   * UTC; they must tell any two occurrences apart (a daily series needs {dd}).
   */
  readonly name: string;
  /**
   * ISO 8601 duration between scheduled occurrences, e.g. "P7D" or "P1M".
   *
   * Calendar units (months, years) follow the calendar: "P1M" from 31 January is 28 or 29 February.
   */
  readonly every: string;
  /**
   * ISO 8601 instant, with a time zone, of one scheduled occurrence, e.g. "2026-01-04T02:00:00Z".
   *
   * The other occurrences are `every` apart from it; none before it is checked.
   */
  readonly anchor: string;
  /**
   * How many of the most recent occurrences must each exist and have succeeded.
   *
   * A whole number from 1 to 1000.
   *
   * @default 1
   */
  readonly keep?: number;
  /**
   * ISO 8601 duration after its scheduled instant by which an occurrence must have succeeded.
   *
   * Shorter than `every`, so that only the newest occurrence can still be within it.
   *
   * @default "PT6H"
   */
  readonly grace?: string;
}

/** Props of `PostgresLtrBackups`. */
export interface PostgresLtrBackupsProps {
  /**
   * The flexible server the backups belong to.
   *
   * A `PostgresqlFlexibleServer` of the app, whose `name` and `resourceGroupName` may be references
   * (resolved at synth, or read at check time from `terraform show -json` via `--terraform-state`), or
   * plain coordinates `{ subscriptionId?, resourceGroupName, serverName }` for a server made elsewhere.
   */
  readonly server: ServerReference;
  /**
   * Subscription of the server (a UUID).
   *
   * @default - `server.subscriptionId`, else the `subscriptionId` of the AzurermProvider in charge (a
   * literal, or a reference resolved at synth), else chosen at check time: the server's `id` in
   * `--terraform-state`, then `--subscription`, `ARM_SUBSCRIPTION_ID`, `AZURE_SUBSCRIPTION_ID`
   */
  readonly subscriptionId?: string;
  /**
   * Named backups: each must exist and have succeeded, and, with `maxAge`, have ended within it.
   *
   * For one-off backups such as the one before a major version upgrade.
   *
   * @default - no named backups
   */
  readonly backups?: NamedBackup[];
  /**
   * The newest succeeded LTR backup of the server must have ended within `maxAge`.
   *
   * @default - the freshness of the newest backup is not checked
   */
  readonly latest?: LatestBackup;
  /**
   * Recurring named backups: the last `keep` occurrences of each must exist and have succeeded.
   *
   * `LtrSeries.daily()`, `.weekly()` and `.monthly()` give the usual schedules.
   *
   * @default - no series
   */
  readonly series?: BackupSeries[];
}

/**
 * Declares the long-term-retention (LTR) backups an Azure Database for PostgreSQL flexible server must
 * have. Nothing is added to the Terraform configuration: synth validates the declaration and writes it to
 * `cdktf.out/stacks/<stack>/pg-ltr.expectations.json`, which `pg-ltr check` compares with Azure.
 *
 * ```ts
 * new PostgresLtrBackups(stack, "orders-ltr", {
 *   server,
 *   backups: [{ name: "pre-upgrade-2026-11", maxAge: "P400D" }],
 *   latest: { maxAge: "P8D" },
 *   series: [{ name: "weekly-{yyyy}-{MM}-{dd}", every: "P7D", anchor: "2026-01-04T02:00:00Z", keep: 4 }],
 * });
 * ```
 */
export class PostgresLtrBackups extends Construct {
  /** True for a `PostgresLtrBackups`, also one created by another copy of this library. */
  public static isPostgresLtrBackups(x: unknown): x is PostgresLtrBackups {
    return declarationReaderOf(x)?.phase === "direct";
  }

  /**
   * Declares the LTR backups that the app's Azure Backup protection promises, for every
   * `DataProtectionBackupInstancePostgresqlFlexibleServer` in `scope` (the App, a stack, any construct).
   *
   * The instance's `serverId` and `backupPolicyId` must refer to a `PostgresqlFlexibleServer` and a
   * `DataProtectionBackupPolicyPostgresqlFlexibleServer` of the app by reference (`server.id`,
   * `policy.id`). For each protected server synthesis then declares:
   * - `latest`: the newest succeeded LTR backup ended within the policy's longest interval plus `grace`
   *   (`P1W` + `PT6H` = `P7DT6H`); of several policies on one server, the shortest;
   * - the policy's scheduled runs: each of the last `runs` runs its `backupRepeatingTimeIntervals` schedule
   *   in its `timeZone` (a Windows name, mapped to IANA with CLDR's windowsZones) has a succeeded LTR backup
   *   operation that started within `grace` after its scheduled time, matched by time, since the Backup
   *   service chooses the names.
   *
   * An interval that cannot be read, an unknown time zone, or a reference that cannot be followed fails
   * synthesis, naming the instance or policy, the field, the value and the rule. A server's own
   * `PostgresLtrBackups` `latest` replaces the derived one (with a warning when it asks for more than the
   * policy can deliver), and the derived `latest` replaces an `LtrBackupPolicy`'s; exempt servers
   * (`RequireLtrBackups.exempt`) are skipped, and `RequireLtrBackups` counts a protected server as declared.
   * The instances are read at synth, so they may be created after the call; create the stacks first (a
   * server's stack created after a call on the App would be synthesized too early, which fails synthesis).
   *
   * ```ts
   * PostgresLtrBackups.fromAzureBackup(app);
   * PostgresLtrBackups.fromAzureBackup(stack, { grace: "PT12H", runs: 8 });
   * ```
   *
   * @returns the construct added to `scope` (id `pg-ltr-azure-backup`); call it once per scope
   */
  public static fromAzureBackup(scope: Construct, options?: AzureBackupOptions): Construct {
    return new AzureBackupExpectations(scope, options);
  }

  private readonly props: PostgresLtrBackupsProps;

  constructor(scope: Construct, id: string, props: PostgresLtrBackupsProps) {
    super(scope, id);
    recordCreationSite(this);
    // Copied so that later changes to the caller's arrays cannot slip past validation.
    this.props = {
      ...props,
      backups: props?.backups && [...props.backups],
      series: props?.series && [...props.series],
    };
    registerDeclarationReader(this, {
      phase: "direct",
      // Read at synth: the server's name and resource group may be set after construction.
      read: () => [readDeclaration(this, this.props)],
    });
    ensureStackSupport(this);
    if (isFlexibleServerResource(props?.server)) ensureStackSupport(props.server);
    this.node.addValidation({
      validate: () => {
        const { problems, declaration } = readDeclaration(this, this.props);
        if (problems.length > 0 || !declaration) return [...problems];
        const app = appDeclarations(this.node.root);
        for (const warning of overAskingWarnings(declaration, app.declarations, new Date())) {
          frameworkOf(this).addWarning(this, warning);
        }
        return [...(app.conflicts.get(this.node.path) ?? [])];
      },
    });
  }
}

import { Construct } from "constructs";
import { appDeclarations } from "./app-declarations";
import { declarationReaderOf, registerDeclarationReader } from "./declaration";
import { readDeclaration } from "./declaration-rules";
import { isFlexibleServerResource, ServerReference } from "./server-reference";
import { recordCreationSite } from "./source-location";
import { ensureStackSupport } from "./stack-support";

export type { ServerCoordinates, ServerReference } from "./server-reference";

/** A named LTR backup operation that must exist and have succeeded. */
export interface NamedBackup {
  /** Backup operation name (`ltrBackupOperations/{backupName}`), e.g. "pre-upgrade-2026-11". */
  readonly name: string;
  /** ISO 8601 duration within which the backup must have ended, e.g. "P400D". @default - no age limit: it must exist and have succeeded */
  readonly maxAge?: string;
}

/** Freshness of the newest succeeded LTR backup of the server, whatever its name. */
export interface LatestBackup {
  /** ISO 8601 duration within which the newest succeeded LTR backup must have ended, e.g. "P8D". */
  readonly maxAge: string;
}

/** Recurring named backups written by a scheduled job, e.g. weekly-2026-11-22. */
export interface BackupSeries {
  /** Name template with UTC placeholders {yyyy} {MM} {dd} {HH} {mm}, e.g. "weekly-{yyyy}-{MM}-{dd}". */
  readonly name: string;
  /** ISO 8601 interval between scheduled occurrences, e.g. "P7D". */
  readonly every: string;
  /** ISO 8601 instant with a time zone of one scheduled occurrence, e.g. "2026-01-04T02:00:00Z". */
  readonly anchor: string;
  /** How many of the most recent occurrences must each exist and have succeeded, at most 1000. @default 1 */
  readonly keep?: number;
  /** ISO 8601 duration after its scheduled time by which an occurrence must have succeeded; shorter than `every`. @default "PT6H" */
  readonly grace?: string;
}

/** Props of `PostgresLtrBackups`. */
export interface PostgresLtrBackupsProps {
  /** The flexible server: a PostgresqlFlexibleServer with literal name and resourceGroupName, or { subscriptionId?, resourceGroupName, serverName }. */
  readonly server: ServerReference;
  /** Subscription of the server (a UUID). @default - server.subscriptionId, else the literal subscriptionId of the AzurermProvider in charge, else chosen at check time (--subscription, ARM_SUBSCRIPTION_ID, AZURE_SUBSCRIPTION_ID) */
  readonly subscriptionId?: string;
  /** Named backups: each must exist and have succeeded, and with maxAge have ended within it. @default - no named backups */
  readonly backups?: NamedBackup[];
  /** The newest succeeded LTR backup of the server must have ended within maxAge. @default - freshness of the newest backup is not checked */
  readonly latest?: LatestBackup;
  /** Recurring named backups: the last `keep` occurrences must each exist and have succeeded. @default - no series */
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
        const { problems } = readDeclaration(this, this.props);
        if (problems.length > 0) return [...problems];
        return [...(appDeclarations(this.node.root).conflicts.get(this.node.path) ?? [])];
      },
    });
  }
}

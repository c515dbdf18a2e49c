import type { IConstruct } from "constructs";
import type {
  DeferredName,
  LatestExpectation,
  NameExpressions,
  NamedBackupExpectation,
  ScheduledRunsExpectation,
  SeriesExpectation,
} from "../expectations/document";
import type { FrameworkResource } from "./framework";

/** Coordinates of the flexible server a declaration is about, as they will be written to the document. */
export interface ResolvedServer {
  /** Subscription of the server; null when it is left to check time. */
  readonly subscriptionId: string | null;
  /** The name, or its Terraform expression when it is deferred to check time. */
  readonly resourceGroupName: string;
  /** The name, or its Terraform expression when it is deferred to check time. */
  readonly serverName: string;
  /** The Terraform expressions of names that were references. */
  readonly expressions: NameExpressions;
  /** Names Terraform knows only once it has applied; check time reads them from its state. */
  readonly deferred: { readonly serverName?: DeferredName; readonly resourceGroupName?: DeferredName };
  /** The `azurerm_postgresql_flexible_server` resource, when the server was given as one. */
  readonly resource: FrameworkResource | undefined;
}

/** What one `PostgresLtrBackups` declares, validated and ready to be merged into a document. */
export interface LtrDeclaration {
  readonly constructPath: string;
  readonly server: ResolvedServer;
  readonly backups: readonly NamedBackupExpectation[];
  readonly latest: LatestExpectation | null;
  readonly series: readonly SeriesExpectation[];
  /** Runs of Azure Backup policies that protect the server (PostgresLtrBackups.fromAzureBackup). */
  readonly scheduled: readonly ScheduledRunsExpectation[];
}

/** The outcome of reading one declaration: its content, or the messages that stop synth. */
export interface DeclarationResult {
  /** Present only when `problems` is empty. */
  readonly declaration: LtrDeclaration | undefined;
  /** Validation messages (`<field> "<value>" <rule>`); cdktf prefixes them with the construct path. */
  readonly problems: readonly string[];
  /** The server resource given as `server`, even when the declaration has problems. */
  readonly serverResource: IConstruct | undefined;
  /** The construct whose stack's document holds the declaration: the declaring construct, or the server a policy covers. */
  readonly placement: IConstruct;
  /** The construct that declared it (`PostgresLtrBackups`, `LtrBackupPolicy`). */
  readonly source: IConstruct;
}

/**
 * How a declaring construct is read at synth. `direct` sources (PostgresLtrBackups) are read first;
 * `derived` sources (PostgresLtrBackups.fromAzureBackup) are then given what the direct ones declared,
 * and `defaults` sources (LtrBackupPolicy) what both declared, so that a server's own declaration
 * overrides what is derived from its vault policy, and both override a fleet's defaults.
 */
export interface DeclarationReader {
  readonly phase: "direct" | "derived" | "defaults";
  read(declared: readonly DeclarationResult[]): DeclarationResult[];
}

/**
 * Where the reader is kept on a construct: a `Symbol.for` key, so that two copies of this library in one
 * app (hoisted and nested node_modules) still find each other's declarations, and a non-enumerable
 * property, so that it is no part of the constructs' public types.
 */
const READER = Symbol.for("cdktf-pg-ltr.declarationReader");

export function registerDeclarationReader(construct: IConstruct, reader: DeclarationReader): void {
  Object.defineProperty(construct, READER, { value: reader });
}

export function declarationReaderOf(x: unknown): DeclarationReader | undefined {
  if (typeof x !== "object" || x === null) return undefined;
  const reader = (x as Record<symbol, unknown>)[READER] as Partial<DeclarationReader> | undefined;
  return typeof reader?.read === "function" ? (reader as DeclarationReader) : undefined;
}

/** Every declaring construct under `scope` with its reader, in construct-tree order. */
export function declarationSourcesIn(
  scope: IConstruct,
): Array<{ construct: IConstruct; reader: DeclarationReader }> {
  const sources: Array<{ construct: IConstruct; reader: DeclarationReader }> = [];
  for (const construct of scope.node.findAll()) {
    const reader = declarationReaderOf(construct);
    if (reader) sources.push({ construct, reader });
  }
  return sources;
}

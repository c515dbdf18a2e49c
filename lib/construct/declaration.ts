import type { IConstruct } from "constructs";
import type {
  DeferredName,
  LatestExpectation,
  NameExpressions,
  NamedBackupExpectation,
  SeriesExpectation,
} from "../expectations/document";
import type { TerraformResource } from "./framework";

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
  readonly resource: TerraformResource | undefined;
}

/** What one `PostgresLtrBackups` declares, validated and ready to be merged into a document. */
export interface LtrDeclaration {
  readonly constructPath: string;
  readonly server: ResolvedServer;
  readonly backups: readonly NamedBackupExpectation[];
  readonly latest: LatestExpectation | null;
  readonly series: readonly SeriesExpectation[];
}

/** The outcome of reading a `PostgresLtrBackups`: its declaration, or the messages that stop synth. */
export interface DeclarationResult {
  /** Present only when `problems` is empty. */
  readonly declaration: LtrDeclaration | undefined;
  /** Validation messages (`<field> "<value>" <rule>`); cdktf prefixes them with the construct path. */
  readonly problems: readonly string[];
  /** The server resource given as `server`, even when the declaration has problems. */
  readonly serverResource: IConstruct | undefined;
}

/**
 * Brand and accessor of `PostgresLtrBackups`, keyed by `Symbol.for` so that two copies of this library in
 * one app (hoisted and nested node_modules) still recognise each other's declarations.
 */
export const DECLARATION = Symbol.for("cdktf-pg-ltr.declaration");

export interface DeclarationSource extends IConstruct {
  [DECLARATION](): DeclarationResult;
}

export function isDeclarationSource(x: unknown): x is DeclarationSource {
  return (
    typeof x === "object" &&
    x !== null &&
    typeof (x as Partial<DeclarationSource>)[DECLARATION] === "function"
  );
}

/** Every `PostgresLtrBackups` under `scope`, in construct-tree order (so "the first declaration" is stable). */
export function declarationSourcesIn(scope: IConstruct): DeclarationSource[] {
  return scope.node.findAll().filter(isDeclarationSource);
}

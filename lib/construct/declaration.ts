import type { IConstruct } from "constructs";
import type { TerraformResource } from "cdktf";
import type { LatestExpectation, NamedBackupExpectation, SeriesExpectation } from "../expectations/document";

/** Coordinates of the flexible server a declaration is about, as they will be written to the document. */
export interface ResolvedServer {
  /** Subscription of the server; null when it is left to check time. */
  readonly subscriptionId: string | null;
  readonly resourceGroupName: string;
  readonly serverName: string;
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
  /** Complete validation messages (`<construct path>: <field> "<value>" <rule>`). */
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

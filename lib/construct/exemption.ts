import type { IConstruct } from "constructs";
import { endOfIsoDate } from "../time/iso-date";
import { recordCreationSite } from "./source-location";

/** Why a flexible server needs no LTR backups, and until when that holds. */
export interface LtrExemption {
  /**
   * Why the server needs no LTR backups.
   *
   * At least 10 characters, as cdk-nag asks of its suppressions: a reason short enough to say nothing
   * fails synthesis. Reports of `pg-ltr check` list it with the exempt servers.
   */
  readonly reason: string;
  /**
   * Last day (ISO date, UTC) the exemption holds, e.g. "2027-03-31".
   *
   * From the next day the server must declare its LTR backups again, and reports warn of an exemption
   * that ends within 30 days.
   *
   * @default - the exemption never expires
   */
  readonly expires?: string;
}

/** Fewest characters of a reason, as cdk-nag asks of its suppressions: enough to say why. */
export const MIN_EXEMPTION_REASON_LENGTH = 10;

const EXEMPTION_METADATA_TYPE = "cdktf-pg-ltr:exemption";

/** The scopes given an exemption, per app root, so synthesis finds them without searching the tree. */
const exemptedScopes = new WeakMap<IConstruct, Set<IConstruct>>();

/** Records an exemption on a server (or a scope of servers) and validates it at synth. */
export function recordExemption(scope: IConstruct, exemption: LtrExemption): void {
  const first = exemptionsOn(scope).length === 0;
  const root = scope.node.root;
  const scopes = exemptedScopes.get(root) ?? new Set<IConstruct>();
  scopes.add(scope);
  exemptedScopes.set(root, scopes);
  const data = { reason: exemption?.reason, expires: exemption?.expires };
  recordCreationSite(data);
  scope.node.addMetadata(EXEMPTION_METADATA_TYPE, data);
  if (first) scope.node.addValidation({ validate: () => exemptionProblems(scope) });
}

function exemptionsOn(scope: IConstruct): LtrExemption[] {
  return scope.node.metadata
    .filter((m) => m.type === EXEMPTION_METADATA_TYPE)
    .map((m) => m.data as LtrExemption);
}

/** Messages for an exemption that cannot be honoured as written. */
export function exemptionProblems(scope: IConstruct): string[] {
  const exemptions = exemptionsOn(scope);
  if (exemptions.length > 1) {
    return [
      `is exempted from LTR backups ${exemptions.length} times; keep one RequireLtrBackups.exempt call`,
    ];
  }
  const problems: string[] = [];
  const { reason, expires } = exemptions[0] ?? {};
  if (typeof reason !== "string" || reason.trim().length < MIN_EXEMPTION_REASON_LENGTH) {
    problems.push(
      `LTR exemption reason ${JSON.stringify(reason)} must be at least ${MIN_EXEMPTION_REASON_LENGTH} ` +
        `characters saying why the server needs no LTR backups`,
    );
  }
  if (expires !== undefined && endOfIsoDate(expires) === undefined) {
    problems.push(`LTR exemption expires ${JSON.stringify(expires)} must be an ISO date such as 2027-03-31`);
  }
  return problems;
}

/** Every scope of the app that was given an exemption, in the order they were given. */
export function exemptedScopesOf(root: IConstruct): readonly IConstruct[] {
  return [...(exemptedScopes.get(root) ?? [])];
}

/** The exemption that applies to a construct: its own, else the nearest one of the scopes above it. */
export function exemptionFor(node: IConstruct): LtrExemption | undefined {
  return applyingExemption(node)?.exemption;
}

/** The exemption that applies to a construct, with the scope it was given to. */
export function applyingExemption(
  node: IConstruct,
): { readonly exemption: LtrExemption; readonly scope: IConstruct } | undefined {
  for (const scope of [...node.node.scopes].reverse()) {
    const exemptions = exemptionsOn(scope);
    const exemption = exemptions[exemptions.length - 1];
    if (exemption) return { exemption, scope };
  }
  return undefined;
}

/** True when the exemption is written correctly (reason long enough, expiry a real date). */
export function isWellFormed(exemption: LtrExemption): boolean {
  return (
    typeof exemption.reason === "string" &&
    exemption.reason.trim().length >= MIN_EXEMPTION_REASON_LENGTH &&
    (exemption.expires === undefined || endOfIsoDate(exemption.expires) !== undefined)
  );
}

/** True once the whole expiry day (UTC) has passed. */
export function hasExpired(exemption: LtrExemption, now: Date): boolean {
  if (exemption.expires === undefined) return false;
  const end = endOfIsoDate(exemption.expires);
  return end === undefined || now.getTime() >= end;
}

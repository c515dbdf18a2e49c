import type { IConstruct } from "constructs";

/** Why a flexible server needs no LTR backups, and until when that holds. */
export interface LtrExemption {
  /** Why the server needs no LTR backups, at least 10 characters (shown in every synth that uses it). */
  readonly reason: string;
  /** Last day (ISO date, UTC) the exemption holds, e.g. "2027-03-31"; from the next day the server must declare its backups. @default - never expires */
  readonly expires?: string;
}

/** Fewest characters of a reason, as cdk-nag asks of its suppressions: enough to say why. */
export const MIN_EXEMPTION_REASON_LENGTH = 10;

const EXEMPTION_METADATA_TYPE = "cdktf-pg-ltr:exemption";
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Records an exemption on a server (or a scope of servers) and validates it at synth. */
export function recordExemption(scope: IConstruct, exemption: LtrExemption): void {
  const first = exemptionsOn(scope).length === 0;
  scope.node.addMetadata(EXEMPTION_METADATA_TYPE, { reason: exemption?.reason, expires: exemption?.expires });
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
  if (expires !== undefined && lastDayEnd(expires) === undefined) {
    problems.push(`LTR exemption expires ${JSON.stringify(expires)} must be an ISO date such as 2027-03-31`);
  }
  return problems;
}

/** The exemption that applies to a construct: its own, else the nearest one of the scopes above it. */
export function exemptionFor(node: IConstruct): LtrExemption | undefined {
  for (const scope of [...node.node.scopes].reverse()) {
    const exemptions = exemptionsOn(scope);
    if (exemptions.length > 0) return exemptions[exemptions.length - 1];
  }
  return undefined;
}

/** True when the exemption is written correctly (reason long enough, expiry a real date). */
export function isWellFormed(exemption: LtrExemption): boolean {
  return (
    typeof exemption.reason === "string" &&
    exemption.reason.trim().length >= MIN_EXEMPTION_REASON_LENGTH &&
    (exemption.expires === undefined || lastDayEnd(exemption.expires) !== undefined)
  );
}

/** True once the whole expiry day (UTC) has passed. */
export function hasExpired(exemption: LtrExemption, now: Date): boolean {
  if (exemption.expires === undefined) return false;
  const end = lastDayEnd(exemption.expires);
  return end === undefined || now.getTime() >= end;
}

/** Start of the day after an ISO date, in UTC; undefined when the text is not a real date. */
function lastDayEnd(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return Date.UTC(year, month - 1, day + 1);
}

import { EXEMPTION_WARNING_DAYS, type ExemptServer } from "../check/result";
import type { Style } from "./ansi-style";
import { renderDiagnostic, type DiagnosticText } from "./diagnostic";

/** How long an exemption holds, as every format words it: `until 2027-03-31, 9 days left`. */
export function exemptionTerm(server: Pick<ExemptServer, "expires" | "standing" | "daysLeft">): string {
  if (server.expires === null) return "no expiry";
  switch (server.standing) {
    case "expired":
      return `expired on ${server.expires}: declare its LTR backups or renew the exemption`;
    case "expiring":
      return `until ${server.expires}, ${server.daysLeft === 1 ? "1 day" : `${server.daysLeft} days`} left: renew it or declare its LTR backups`;
    default:
      return `until ${server.expires}`;
  }
}

/** Where the exemption was given: `main.ts:65 (data-platform/scratch)`, or the exempting scope alone when synthesis recorded no line. */
export function exemptionDeclaredAt(server: Pick<ExemptServer, "declaredAt" | "exemptedScope">): string {
  return server.declaredAt
    ? `${server.declaredAt.file}:${server.declaredAt.line} (${server.exemptedScope})`
    : server.exemptedScope;
}

/** Exemptions a report warns about: expired, or ending within EXEMPTION_WARNING_DAYS. */
export function exemptionsToWarnAbout(exempt: readonly ExemptServer[]): ExemptServer[] {
  return exempt.filter((server) => server.standing !== "active");
}

/** One Warning diagnostic per expired or expiring exemption; empty when there is none. */
export function renderExemptionWarnings(exempt: readonly ExemptServer[], style: Style): string {
  return exemptionsToWarnAbout(exempt)
    .map((server) => {
      const warning = exemptionWarning(server);
      return renderDiagnostic("Warning", warning.summary, warning.detail, style);
    })
    .join("");
}

/** What the warning about one expired or expiring exemption says, as plain text (outside text not yet escaped). */
export function exemptionWarning(server: ExemptServer): DiagnosticText {
  return {
    summary:
      server.standing === "expired"
        ? `The LTR exemption of ${server.stack}/${server.subject} expired on ${server.expires}`
        : `The LTR exemption of ${server.stack}/${server.subject} expires on ${server.expires}, within ${EXEMPTION_WARNING_DAYS} days`,
    detail: [
      `Reason given: ${server.reason}`,
      `Declared at ${server.declaredAt ? `${server.declaredAt.file}:${server.declaredAt.line} ` : ""}(${server.exemptedScope}); ` +
        "renew it with a later expires date or declare the server's LTR backups with PostgresLtrBackups.",
    ],
  };
}

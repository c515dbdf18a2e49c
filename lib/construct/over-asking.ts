import type { ScheduledRunsExpectation } from "../expectations/document";
import { addDuration, parseDuration } from "../time/duration";
import { serverKey } from "./app-declarations";
import type { LtrDeclaration } from "./declaration";
import { policyConstructOf } from "./azure-backup";
import { derivedLatestMaxAge, formatGap, longestGapBetweenRuns } from "./vault-schedule";

/**
 * Warnings for a hand-written declaration that asks more of a server than the Azure Backup policies
 * protecting it can deliver: a `latest.maxAge` or a series `every` shorter than the longest time
 * between two of their runs (`latest.maxAge: P1D` on a weekly policy fails six days a week even when
 * every run succeeds). Warnings, not errors: another job may take backups too.
 */
export function overAskingWarnings(
  declaration: LtrDeclaration,
  declarations: readonly LtrDeclaration[],
  now: Date,
): string[] {
  const key = serverKey(declaration.server);
  const derived = declarations.filter(
    (d) =>
      d !== declaration &&
      d.scheduled.length > 0 &&
      ((declaration.server.resource !== undefined && d.server.resource === declaration.server.resource) ||
        serverKey(d.server) === key),
  );
  const entries = derived.flatMap((d) => d.scheduled);
  if (entries.length === 0) return [];
  const gap = longestGapBetweenRuns(entries, now);
  if (gap === undefined) return [];
  const tooShort = (duration: string): boolean =>
    addDuration(now, parseDuration(duration)).getTime() - now.getTime() < gap;
  const policies = describePolicies(entries);
  const derivedBy = [...new Set(derived.map((d) => d.constructPath))].join(" and ");
  const apart = `its runs (${entries.flatMap((e) => e.repeatingIntervals).join(", ")}) are up to ${formatGap(gap)} apart`;
  const warnings: string[] = [];
  if (declaration.latest && tooShort(declaration.latest.maxAge)) {
    const maxAge = declaration.latest.maxAge;
    warnings.push(
      `latest.maxAge ${JSON.stringify(maxAge)} asks for more than the Azure Backup policy ${policies} can deliver: ` +
        `${apart}, so the newest backup is older than ${maxAge} before each next run even when every run ` +
        `succeeds; lengthen latest.maxAge to at least ${formatGap(gap)}, or leave latest out to get the ` +
        `${derivedLatestMaxAge(entries, now)} that ${derivedBy} derives from the policy`,
    );
  }
  declaration.series.forEach((series, i) => {
    if (!tooShort(series.every)) return;
    warnings.push(
      `series[${i}].every ${JSON.stringify(series.every)} asks for more than the Azure Backup policy ${policies} ` +
        `can deliver: ${apart}, and the Backup service names its backups itself; unless another job writes ` +
        `${JSON.stringify(series.name)} every ${series.every}, remove the series (${derivedBy} checks the ` +
        "policy's runs by time)",
    );
  });
  return warnings;
}

/** `data-platform/weekly (azurerm_..._server.weekly)` for each policy, by construct path when known. */
function describePolicies(entries: readonly ScheduledRunsExpectation[]): string {
  const byAddress = new Map<string, string>();
  for (const entry of entries) {
    const path = policyConstructOf(entry)?.node.path;
    const text = path === undefined ? entry.policyAddress : `${path} (${entry.policyAddress})`;
    if (!byAddress.has(entry.policyAddress)) byAddress.set(entry.policyAddress, text);
  }
  return [...byAddress.values()].join(" and ");
}

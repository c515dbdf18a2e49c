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
  const derived = scheduledIndexOf(declarations).protecting(declaration);
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

/** The declarations that follow Azure Backup policies, by server, for one app's declarations. */
interface ScheduledIndex {
  /** Those of them, other than `declaration`, about its server, in the app's order. */
  protecting(declaration: LtrDeclaration): LtrDeclaration[];
}

// Every PostgresLtrBackups validates against the same array of the app's declarations: indexed once per
// array, 10,000 servers cost 10,000 lookups instead of 10^8 comparisons (0.8 s of synthesis).
const indexes = new WeakMap<readonly LtrDeclaration[], ScheduledIndex>();

function scheduledIndexOf(declarations: readonly LtrDeclaration[]): ScheduledIndex {
  let index = indexes.get(declarations);
  if (index) return index;
  const position = new Map<LtrDeclaration, number>();
  const byKey = new Map<string, LtrDeclaration[]>();
  const byResource = new Map<unknown, LtrDeclaration[]>();
  const add = <K>(map: Map<K, LtrDeclaration[]>, key: K, declaration: LtrDeclaration): void => {
    const list = map.get(key);
    if (list) list.push(declaration);
    else map.set(key, [declaration]);
  };
  declarations.forEach((declaration, i) => {
    if (declaration.scheduled.length === 0) return;
    position.set(declaration, i);
    add(byKey, serverKey(declaration.server), declaration);
    if (declaration.server.resource !== undefined) add(byResource, declaration.server.resource, declaration);
  });
  index = {
    protecting(declaration) {
      if (position.size === 0) return [];
      const found = new Set(byKey.get(serverKey(declaration.server)) ?? []);
      if (declaration.server.resource !== undefined)
        for (const d of byResource.get(declaration.server.resource) ?? []) found.add(d);
      found.delete(declaration);
      return [...found].sort((a, b) => (position.get(a) as number) - (position.get(b) as number));
    },
  };
  indexes.set(declarations, index);
  return index;
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

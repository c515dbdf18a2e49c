import type { DeclaredServers } from "./declared-servers";
import { compareKeys, findingSortKey } from "./finding-order";
import type { PlanContext } from "./plan-requests";
import type { CheckedServer } from "./resolve-subscriptions";
import type { Finding, Shard } from "./result";
import { assignShards } from "./shard";

/** A finding with its place in the result's stable order (0, 1, 2, … over the whole check). */
export interface OrderedFinding {
  readonly finding: Finding;
  readonly order: number;
}

/** One server to check (its declarations in every stack) and where its findings go in the order. */
export interface ServerGroup {
  /** Lower case: servers of one subscription share ARM's throttling budget. */
  readonly subscription: string;
  readonly members: CheckedServer[];
  /** How many checks its members declare (serverCheckCount), which planServer must list. */
  readonly checks: number;
  /** Place in the result order of the group's check number `index` (as planServer lists them). */
  orderOf(index: number): number;
}

export interface Layout {
  /** The groups this run checks, by number, each subscription's in result order. */
  readonly groups: readonly number[];
  /** The group's members built from the compact declarations, for as long as the caller holds it. */
  group(id: number): ServerGroup;
  /** The group's subscription, lower case, without building the group. */
  subscriptionOf(id: number): string;
  /** Findings known without asking ARM (servers whose names stayed unresolved), with their places. */
  readonly premade: OrderedFinding[];
  readonly expectations: number;
  readonly totalExpectations: number;
  readonly needsArm: boolean;
}

/**
 * Sizes the check and fixes the result order before anything is fetched (see findingSortKey, then
 * declaration). Each declaration of a server gets a contiguous run of places, so a finding's place
 * is known the moment it is classified. Each declaration's checks are only counted here
 * (serverCheckCount, once per declaration shape); servers are built from their compact form and
 * planned just before they are fetched, so neither plans nor expectations objects for large estates
 * are ever all held at once. What is kept per declaration is a few numbers in typed arrays.
 */
export function layOut(
  servers: DeclaredServers,
  unnamed: readonly Finding[],
  context: PlanContext,
  shard: Shard | null,
): Layout {
  const declarations = servers.size;
  const premadeShown = !shard || shard.index === 1 ? unnamed : [];
  // Places 0..declarations-1 are the servers' declarations, then the premade findings (one check each).
  const counts = new Int32Array(declarations + premadeShown.length);
  let totalExpectations = unnamed.length;
  for (let i = 0; i < declarations; i++) {
    counts[i] = servers.checkCount(i, context.now);
    totalExpectations += counts[i] as number;
  }
  counts.fill(1, declarations);

  // Declarations of one server (ARM names are case-insensitive) in any stack form one group; sorted
  // by server, then declaration, each group's members are contiguous and in declaration order.
  const byServer = sequence(declarations).sort(
    (a, b) =>
      compare(servers.subscriptionKey(a), servers.subscriptionKey(b)) ||
      compare(servers.resourceGroupKey(a), servers.resourceGroupKey(b)) ||
      compare(servers.serverName(a).toLowerCase(), servers.serverName(b).toLowerCase()) ||
      a - b,
  );
  const starts: number[] = [];
  for (let k = 0; k < declarations; k++) {
    if (k === 0 || !sameServer(servers, byServer[k - 1] as number, byServer[k] as number)) starts.push(k);
  }
  starts.push(declarations);
  const groupStart = Int32Array.from(starts);
  const groupCount = groupStart.length - 1;
  const memberOf = (group: number, k: number): number =>
    byServer[(groupStart[group] as number) + k] as number;
  const membersIn = (group: number): number =>
    (groupStart[group + 1] as number) - (groupStart[group] as number);

  let selected = sequence(groupCount);
  if (shard) {
    const units = Array.from(selected, (group) => {
      const first = memberOf(group, 0);
      let expectations = 0;
      for (let k = 0; k < membersIn(group); k++) expectations += counts[memberOf(group, k)] as number;
      return { subscriptionId: servers.subscriptionId(first), key: serverKey(servers, first), expectations };
    });
    const shardOf = assignShards(units, shard.count);
    selected = selected.filter((group) => shardOf[group] === shard.index);
  }

  // Findings of unnamed servers go with the first shard, so a merge holds each once; they sort after
  // declarations with the same key.
  const premadeKeys = premadeShown.map((finding) => findingSortKey(finding));
  const entries: number[] = [];
  for (const group of selected) for (let k = 0; k < membersIn(group); k++) entries.push(memberOf(group, k));
  for (let p = 0; p < premadeShown.length; p++) entries.push(declarations + p);
  const key = (entry: number): readonly string[] =>
    entry < declarations
      ? [
          servers.stack(entry),
          servers.resourceGroupKey(entry),
          servers.serverName(entry).toLowerCase(),
          servers.subscriptionKey(entry),
        ]
      : (premadeKeys[entry - declarations] as string[]);
  const ordered = Int32Array.from(entries).sort((a, b) => compareEntries(servers, declarations, key, a, b));
  const firstPlace = new Int32Array(counts.length);
  let expectations = 0;
  for (const entry of ordered) {
    firstPlace[entry] = expectations;
    expectations += counts[entry] as number;
  }
  const premade = premadeShown.map((finding, p) => ({
    finding,
    order: firstPlace[declarations + p] as number,
  }));

  let needsArm = false;
  const firstOf = new Int32Array(groupCount);
  for (const group of selected) {
    let first = Number.POSITIVE_INFINITY;
    for (let k = 0; k < membersIn(group); k++) {
      const member = memberOf(group, k);
      first = Math.min(first, firstPlace[member] as number);
      needsArm ||= (counts[member] as number) > 0;
    }
    firstOf[group] = first;
  }
  const groups = Array.from(selected).sort((a, b) => (firstOf[a] as number) - (firstOf[b] as number));

  return {
    groups,
    premade,
    expectations,
    totalExpectations,
    needsArm,
    subscriptionOf: (group) => servers.subscriptionKey(memberOf(group, 0)),
    group(group: number): ServerGroup {
      const size = membersIn(group);
      const members: CheckedServer[] = [];
      let checks = 0;
      for (let k = 0; k < size; k++) {
        members.push(servers.server(memberOf(group, k)));
        checks += counts[memberOf(group, k)] as number;
      }
      return {
        subscription: servers.subscriptionKey(memberOf(group, 0)),
        members,
        checks,
        orderOf(index: number): number {
          let rest = index;
          for (let k = 0; k < size; k++) {
            const member = memberOf(group, k);
            const checksOf = counts[member] as number;
            if (rest < checksOf) return (firstPlace[member] as number) + rest;
            rest -= checksOf;
          }
          throw new RangeError(`check ${index} is beyond the server's checks`);
        },
      };
    },
  };
}

/** Entries by finding sort key, then declaration; with equal keys, servers before premade findings. */
function compareEntries(
  servers: DeclaredServers,
  declarations: number,
  key: (entry: number) => readonly string[],
  a: number,
  b: number,
): number {
  if (a < declarations && b < declarations) {
    // Without building the key: this runs n log n times for an estate of n declarations.
    return (
      compare(servers.stack(a), servers.stack(b)) ||
      compare(servers.resourceGroupKey(a), servers.resourceGroupKey(b)) ||
      compare(servers.serverName(a).toLowerCase(), servers.serverName(b).toLowerCase()) ||
      compare(servers.subscriptionKey(a), servers.subscriptionKey(b)) ||
      a - b
    );
  }
  return compareKeys(key(a), key(b)) || a - b;
}

function sameServer(servers: DeclaredServers, a: number, b: number): boolean {
  return (
    servers.subscriptionKey(a) === servers.subscriptionKey(b) &&
    servers.resourceGroupKey(a) === servers.resourceGroupKey(b) &&
    servers.serverName(a).toLowerCase() === servers.serverName(b).toLowerCase()
  );
}

function serverKey(servers: DeclaredServers, index: number): string {
  return `${servers.subscriptionId(index)}/${servers.resourceGroupName(index)}/${servers.serverName(index)}`.toLowerCase();
}

/** 0, 1, …, length − 1. */
function sequence(length: number): Int32Array {
  const values = new Int32Array(length);
  for (let i = 0; i < length; i++) values[i] = i;
  return values;
}

/** Code-unit order, never the machine's locale, so every runner agrees. */
function compare(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

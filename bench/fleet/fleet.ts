/**
 * The synthetic platform the benchmarks check: servers spread over stacks and resource groups, the
 * LTR backups each one declares, and the backup operations Azure holds for it. A few servers carry
 * one kind of drift each, so the checker does the work of every verdict, not only the happy path.
 */

/** What a benchmark asks for. */
export interface FleetSpec {
  readonly servers: number;
  /** Stacks (and resource groups) the servers are spread over, round robin. */
  readonly stacks: number;
  /** Named backups each server declares; each is one expectation. */
  readonly namedPerServer: number;
  /** Whether each server also declares a `latest` freshness expectation. */
  readonly latest: boolean;
  readonly subscriptionId: string;
  /**
   * Subscriptions the servers are spread over, round robin (server i in subscription i mod n), each
   * its own ARM throttling bucket; the first is `subscriptionId`. With as many stacks, each stack
   * holds one subscription's servers, as an estate's stacks usually do.
   * @default 1
   */
  readonly subscriptions?: number;
  /** The instant the check judges against; the operations are dated relative to it. */
  readonly now: Date;
  /** One server in `driftEvery` carries each drift kind; 0 for a fully compliant fleet. */
  readonly driftEvery: number;
}

/** How a server departs from its declaration, if at all. */
export type DriftKind =
  "none" | "missing" | "stale" | "failed" | "invalid" | "unknown" | "running" | "latest-stale";

/** Drift kinds in the order they are handed out to servers. */
export const DRIFT_KINDS: readonly Exclude<DriftKind, "none">[] = [
  "missing",
  "stale",
  "failed",
  "invalid",
  "unknown",
  "running",
  "latest-stale",
];

/** One LTR backup operation as Azure would report it. */
export interface FleetOperation {
  readonly backupName: string;
  readonly status: string;
  readonly startTime: string;
  readonly endTime: string | null;
  readonly percentComplete: number;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  /** A field Azure would never send in that shape, to exercise schema validation. */
  readonly malformed: boolean;
}

export interface FleetNamedBackup {
  readonly name: string;
  readonly maxAge: string | null;
}

export interface FleetServer {
  readonly subscriptionId: string;
  readonly stack: string;
  readonly resourceGroupName: string;
  readonly serverName: string;
  readonly named: readonly FleetNamedBackup[];
  readonly latestMaxAge: string | null;
  readonly operations: readonly FleetOperation[];
  readonly drift: DriftKind;
}

export interface Fleet {
  readonly spec: FleetSpec;
  readonly servers: readonly FleetServer[];
  readonly stacks: readonly string[];
  /** The subscriptions, in the order servers are dealt to them. */
  readonly subscriptionIds: readonly string[];
  /** Expectations declared across the fleet (named backups plus `latest` checks). */
  readonly expectations: number;
}

const DAY_MS = 86_400_000;
/** Freshness declared for the newest monthly backup and for `latest`. */
const NEWEST_MONTHLY_MAX_AGE = "P40D";
const LATEST_MAX_AGE = "P8D";

/** Builds the fleet; the same spec always gives the same fleet. */
export function buildFleet(spec: FleetSpec): Fleet {
  if (spec.servers < 1 || spec.stacks < 1 || spec.namedPerServer < (spec.latest ? 0 : 1)) {
    throw new RangeError("a fleet needs at least one server, one stack and one expectation per server");
  }
  if (spec.namedPerServer === 0 && spec.driftEvery > 0) {
    throw new RangeError("a fleet that declares only `latest` carries no drift: set driftEvery to 0");
  }
  const stacks = Array.from({ length: spec.stacks }, (_, s) => `platform-${pad(s, 2)}`);
  const subscriptionIds = Array.from({ length: Math.max(1, spec.subscriptions ?? 1) }, (_, k) =>
    subscriptionIdOf(spec.subscriptionId, k),
  );
  const servers: FleetServer[] = [];
  for (let i = 0; i < spec.servers; i++) {
    const s = i % spec.stacks;
    const subscriptionId = subscriptionIds[i % subscriptionIds.length] as string;
    servers.push(buildServer(spec, i, subscriptionId, stacks[s], `rg-platform-${pad(s, 2)}`));
  }
  const expectations = spec.servers * (spec.namedPerServer + (spec.latest ? 1 : 0));
  return { spec, servers, stacks, subscriptionIds, expectations };
}

/** Subscription number `k` of a fleet: the spec's own for 0, then the same id ending in k. */
function subscriptionIdOf(first: string, k: number): string {
  return k === 0 ? first : `${first.slice(0, -4)}${k.toString(16).padStart(4, "0")}`;
}

/** The drift kind of the server at `index`: servers 1…7 of every `driftEvery` get one kind each. */
export function driftFor(index: number, driftEvery: number): DriftKind {
  if (driftEvery <= 0) return "none";
  const slot = index % driftEvery;
  return slot >= 1 && slot <= DRIFT_KINDS.length ? DRIFT_KINDS[slot - 1] : "none";
}

function buildServer(
  spec: FleetSpec,
  index: number,
  subscriptionId: string,
  stack: string,
  resourceGroupName: string,
): FleetServer {
  const drift = driftFor(index, spec.driftEvery);
  const nowMs = spec.now.getTime();
  const named: FleetNamedBackup[] = [];
  const operations: FleetOperation[] = [];
  // Monthly backups, newest first: the one ended 26 days ago must be younger than 40 days, the older
  // ones only have to exist and have succeeded.
  for (let k = 0; k < spec.namedPerServer; k++) {
    const endMs = nowMs - (26 + 30 * k) * DAY_MS;
    const name = `monthly-${isoMonth(new Date(endMs))}-${k}`;
    named.push({ name, maxAge: k === 0 ? NEWEST_MONTHLY_MAX_AGE : null });
    operations.push(succeeded(name, endMs));
  }
  // The weekly backup that keeps `latest` fresh (ended 5 days ago) and an older one beside it.
  operations.push(succeeded(`weekly-${isoDay(new Date(nowMs - 5 * DAY_MS))}`, nowMs - 5 * DAY_MS));
  operations.push(succeeded(`weekly-${isoDay(new Date(nowMs - 12 * DAY_MS))}`, nowMs - 12 * DAY_MS));

  const second = Math.min(1, spec.namedPerServer - 1);
  const replace = (at: number, op: FleetOperation): void => {
    operations[at] = op;
  };
  switch (drift) {
    case "missing":
      operations.splice(second, 1);
      break;
    case "stale":
      replace(0, succeeded(operations[0].backupName, nowMs - 55 * DAY_MS));
      break;
    case "failed":
      replace(second, {
        ...operations[second],
        status: "Failed",
        percentComplete: 37,
        errorCode: "BackupStorageUnavailable",
        errorMessage: "The backup vault could not be reached.",
      });
      break;
    case "invalid":
      replace(second, { ...operations[second], malformed: true });
      break;
    case "unknown":
      replace(second, { ...operations[second], status: "Paused" });
      break;
    case "running":
      // Started two hours ago: still well within the 24 hours after which a running backup counts as stuck.
      replace(second, {
        ...operations[second],
        status: "Running",
        startTime: new Date(nowMs - 2 * 3_600_000).toISOString(),
        percentComplete: 40,
        endTime: null,
      });
      break;
    case "latest-stale":
      // Only the weekly backups move: they end before the 8-day window, so `latest` is stale while every
      // named backup stays compliant.
      for (let at = spec.namedPerServer; at < operations.length; at++) {
        replace(
          at,
          succeeded(operations[at].backupName, nowMs - (15 + 7 * (at - spec.namedPerServer)) * DAY_MS),
        );
      }
      break;
    case "none":
      break;
  }
  return {
    subscriptionId,
    stack,
    resourceGroupName,
    serverName: `pg-${pad(index, 5)}`,
    named,
    latestMaxAge: spec.latest ? LATEST_MAX_AGE : null,
    operations,
    drift,
  };
}

function succeeded(backupName: string, endMs: number): FleetOperation {
  return {
    backupName,
    status: "Succeeded",
    startTime: new Date(endMs - 20 * 60_000).toISOString(),
    endTime: new Date(endMs).toISOString(),
    percentComplete: 100,
    errorCode: null,
    errorMessage: null,
    malformed: false,
  };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function isoMonth(d: Date): string {
  return d.toISOString().slice(0, 7);
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

import { isoInstant } from "./iso-instant";
import type { ScheduledRunsExpectation, SeriesExpectation } from "../expectations/document";
import { seriesOccurrences } from "../expectations/series-template";
import { addDuration, parseDuration, subtractDuration } from "../time/duration";
import { recentScheduledRuns } from "../time/scheduled-runs";
import { parseInstant } from "../time/instant";
import { expectationSubject } from "./subject";
import type { FetchStrategy } from "./options";
import type { ExpectationTarget } from "./result";
import type { CheckedServer } from "./resolve-subscriptions";

/** Role of a series occurrence, which decides what its absence means. */
export type OccurrenceRole =
  /** The newest occurrence whose grace has passed: absent means the job is overdue (stale). */
  | "newest-due"
  /** An older occurrence within `keep`: absent means a backup is missing. */
  | "older-due"
  /** The occurrence still within its grace: absent is fine, present is judged like the others. */
  | "pending";

/** One expectation to judge, with the backup it is about (null for `latest`). */
export interface PlannedCheck {
  readonly target: ExpectationTarget;
  /** Set for series occurrences and scheduled runs only. */
  readonly occurrence?: OccurrenceRole;
  /** For a scheduled run: the vault policy's name when synthesis knew it, for the wording. */
  readonly policyName?: string | null;
}

export type PlannedRequest =
  | { readonly kind: "get"; readonly backupName: string; readonly url: string }
  /** The server's listing, followed through `nextLink`. */
  | { readonly kind: "list"; readonly url: string };

/** What to ask ARM about one server, and which expectations the answers settle. */
export interface ServerPlan {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly serverName: string;
  /** Expectations from every stack that declares this server, in a stable order. */
  readonly checks: PlannedCheck[];
  /** Where named and series backups are looked up: one GET each, or the server's listing. */
  readonly lookup: "get" | "list";
  readonly requests: PlannedRequest[];
  /** First page of the server's listing; also what tells "no such server" from "no such backup". */
  readonly listUrl: string;
  /** The server resource itself, asked for only to tell a new server from a neglected one (server-age.ts). */
  readonly serverUrl: string;
}

export interface PlanContext {
  readonly now: Date;
  readonly strategy: FetchStrategy;
  /** Resource manager base URL without trailing slash. */
  readonly endpoint: string;
  readonly apiVersion: string;
}

/**
 * The checks and requests for one server: the declarations of it in every stack, grouped by
 * layOut (result-layout.ts); pure.
 *
 * Strategy rule:
 * - `get`: one GET per named backup and series occurrence; the listing only for a `latest` expectation
 *   or scheduled runs (their operations are named by the Backup service, so only the listing finds them).
 * - `list`: one listing per server (following `nextLink`) answers everything.
 * - `auto`: the listing when the server has a `latest` expectation or scheduled runs (the listing is
 *   needed anyway) or 2 or
 *   more named backups and occurrences to look up (one listing page costs one read against ARM's
 *   throttling budget, like one GET); otherwise GETs. ARM's read budget, not bandwidth, bounds a check.
 */
export function planServer(group: readonly CheckedServer[], context: PlanContext): ServerPlan {
  const first = group[0] as CheckedServer;
  const { resourceGroupName, serverName } = first.expectations;
  const serverResource =
    `${context.endpoint}/subscriptions/${encodeURIComponent(first.subscriptionId)}` +
    `/resourceGroups/${encodeURIComponent(resourceGroupName)}` +
    `/providers/Microsoft.DBforPostgreSQL/flexibleServers/${encodeURIComponent(serverName)}`;
  const serverPath = `${serverResource}/ltrBackupOperations`;
  const query = `?api-version=${encodeURIComponent(context.apiVersion)}`;

  const checks: PlannedCheck[] = [];
  // Appended one by one, never spread: a server's checks are as many as its documents declare.
  for (const server of group) appendAll(checks, serverChecks(server, context.now));

  const lookups = [
    ...new Set(
      checks.flatMap((c) =>
        c.target.expectation.kind === "latest" || c.target.expectation.kind === "scheduled"
          ? []
          : [c.target.backupName],
      ),
    ),
  ].filter((name): name is string => name !== null);
  // `latest` and scheduled runs are answered from the listing only: one listing serves them all.
  const needsListing = checks.some(
    (c) => c.target.expectation.kind === "latest" || c.target.expectation.kind === "scheduled",
  );
  const lookup: "get" | "list" =
    context.strategy === "list" || (context.strategy === "auto" && (needsListing || lookups.length >= 2))
      ? "list"
      : "get";

  const listUrl = `${serverPath}${query}`;
  const requests: PlannedRequest[] = [];
  if (lookup === "get") {
    for (const backupName of lookups) {
      requests.push({
        kind: "get",
        backupName,
        url: `${serverPath}/${encodeURIComponent(backupName)}${query}`,
      });
    }
  }
  if (lookup === "list" ? checks.length > 0 : needsListing) requests.push({ kind: "list", url: listUrl });
  return {
    subscriptionId: first.subscriptionId,
    resourceGroupName,
    serverName,
    checks,
    lookup,
    requests,
    listUrl,
    serverUrl: `${serverResource}${query}`,
  };
}

/**
 * One server's expectations from one stack: named backups by name, series newest first, scheduled runs
 * newest first, latest last.
 */
export function serverChecks(
  server: Omit<CheckedServer, "subscriptionId"> & { readonly subscriptionId: string | null },
  now: Date,
): PlannedCheck[] {
  const { expectations, stack, subscriptionId } = server;
  const base = {
    stack,
    address: expectations.address,
    subscriptionId,
    resourceGroupName: expectations.resourceGroupName,
    serverName: expectations.serverName,
  };
  const checks: PlannedCheck[] = [];
  const named = [...expectations.backups].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const backup of named) {
    checks.push({
      target: withBase(base, {
        constructPath: backup.constructPath,
        declaredAt: backup.declaredAt ?? null,
        subject: expectationSubject(base.serverName, { kind: "named" }, backup.name),
        backupName: backup.name,
        expectation: { kind: "named", maxAge: backup.maxAge },
      }),
    });
  }
  for (const series of expectations.series) appendAll(checks, seriesChecks(series, base, now));
  for (const scheduled of expectations.scheduled ?? [])
    appendAll(checks, scheduledChecks(scheduled, base, now));
  if (expectations.latest) {
    checks.push({
      target: withBase(base, {
        constructPath: expectations.latest.constructPath,
        declaredAt: expectations.latest.declaredAt ?? null,
        subject: expectationSubject(base.serverName, { kind: "latest" }, null),
        backupName: null,
        expectation: { kind: "latest", maxAge: expectations.latest.maxAge },
      }),
    });
  }
  return checks;
}

/**
 * How many checks `serverChecks` makes for this declaration, without building them: the check is
 * sized and its result order fixed before anything is fetched, and building every server's checks
 * for that alone cost as much CPU as classifying them. Must agree with `serverChecks` (a test holds
 * the two together, and the check refuses to go on if a plan disagrees).
 */
export function serverCheckCount(server: Pick<CheckedServer, "expectations">, now: Date): number {
  const { expectations } = server;
  let count = expectations.backups.length + (expectations.latest ? 1 : 0);
  for (const series of expectations.series) count += occurrencesOf(series, now).length;
  for (const scheduled of expectations.scheduled ?? []) count += scheduledRunsOf(scheduled, now).length;
  return count;
}

/** A series' occurrences to check now, with their roles: the pending one first, then newest first. */
function occurrencesOf(series: SeriesExpectation, now: Date) {
  const { due, pending } = seriesOccurrences(
    {
      template: series.name,
      every: parseDuration(series.every),
      anchor: parseInstant(series.anchor),
      keep: series.keep,
      grace: parseDuration(series.grace),
    },
    now,
  );
  return [
    ...(pending ? [{ occurrence: pending, role: "pending" as const }] : []),
    ...due.map((occurrence, i) => ({
      occurrence,
      role: i === 0 ? ("newest-due" as const) : ("older-due" as const),
    })),
  ];
}

function seriesChecks(
  series: SeriesExpectation,
  base: Omit<ExpectationTarget, "constructPath" | "declaredAt" | "subject" | "backupName" | "expectation">,
  now: Date,
): PlannedCheck[] {
  return occurrencesOf(series, now).map(({ occurrence, role }) => ({
    occurrence: role,
    target: withBase(base, {
      constructPath: series.constructPath,
      declaredAt: series.declaredAt ?? null,
      subject: expectationSubject(base.serverName, { kind: "series" }, occurrence.backupName),
      backupName: occurrence.backupName,
      expectation: {
        kind: "series",
        template: series.name,
        every: series.every,
        grace: series.grace,
        keep: series.keep,
        scheduledAt: isoInstant(occurrence.scheduledAt),
        dueBy: isoInstant(occurrence.dueBy),
      },
    }),
  }));
}

/**
 * The runs of a vault policy to judge, newest first: the last `runs` whose grace has passed (a run
 * must have started by then), and before them any still within their grace (`pending`: judged once an
 * operation started, no finding before), so a run under way is never called missing and the check
 * judges `runs` finished windows even on the morning of a run.
 */
function scheduledRunsOf(scheduled: ScheduledRunsExpectation, now: Date) {
  const grace = parseDuration(scheduled.grace);
  const schedule = { repeatingIntervals: scheduled.repeatingIntervals, ianaTimeZone: scheduled.ianaTimeZone };
  const due = recentScheduledRuns(schedule, subtractDuration(now, grace), scheduled.runs);
  const newestDue = due[0]?.getTime() ?? Number.NEGATIVE_INFINITY;
  const open = recentScheduledRuns(schedule, now, scheduled.runs).filter((run) => run.getTime() > newestDue);
  return [
    ...open.map((at) => ({ at, role: "pending" as const })),
    ...due.map((at, i) => ({ at, role: i === 0 ? ("newest-due" as const) : ("older-due" as const) })),
  ];
}

/** The checks of a vault policy's runs (see scheduledRunsOf), each labelled by its scheduled instant. */
function scheduledChecks(
  scheduled: ScheduledRunsExpectation,
  base: Omit<ExpectationTarget, "constructPath" | "declaredAt" | "subject" | "backupName" | "expectation">,
  now: Date,
): PlannedCheck[] {
  const grace = parseDuration(scheduled.grace);
  return scheduledRunsOf(scheduled, now).map(({ at, role }) => {
    const scheduledAt = isoInstant(at);
    return {
      occurrence: role,
      policyName: scheduled.policyName,
      target: withBase(base, {
        constructPath: scheduled.constructPath,
        declaredAt: scheduled.declaredAt ?? null,
        subject: expectationSubject(base.serverName, { kind: "scheduled", scheduledAt }, null),
        backupName: null,
        expectation: {
          kind: "scheduled",
          scheduledAt,
          startBy: isoInstant(addDuration(at, grace)),
          grace: scheduled.grace,
          policy: scheduled.policyAddress,
        },
      }),
    };
  });
}

/** The server's fields every target shares. */
type TargetBase = Omit<
  ExpectationTarget,
  "constructPath" | "declaredAt" | "subject" | "backupName" | "expectation"
>;

/**
 * A target from the server's shared fields and its own. Object.assign, not `{ ...base, ... }`: Node 20's
 * V8 builds an object literal with properties after a spread on a slow path (about 2 µs per property,
 * measured), which made planning cost more than classifying.
 */
function withBase(base: TargetBase, own: Omit<ExpectationTarget, keyof TargetBase>): ExpectationTarget {
  return Object.assign({}, base, own);
}

function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

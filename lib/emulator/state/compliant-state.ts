import type { ServerExpectations } from "../../expectations/document";
import { seriesOccurrences } from "../../expectations/series-template";
import { createHash } from "node:crypto";
import { addDuration, parseDuration, subtractDuration } from "../../time/duration";
import { parseInstant } from "../../time/instant";
import { recentScheduledRuns } from "../../time/scheduled-runs";
import type { EmulatorLtrOperation, EmulatorState } from "./emulator-state";

/** A declared server and the subscription it will be checked in. */
export interface DeclaredServer {
  readonly subscriptionId: string;
  readonly expectations: Pick<
    ServerExpectations,
    "resourceGroupName" | "serverName" | "backups" | "latest" | "series" | "scheduled"
  >;
}

/** The token a compliant state accepts, so the start-up hint can print a command that works. */
export const COMPLIANT_STATE_TOKEN = "pg-ltr-emulator-token";

const HOUR = 3600_000;
/** How long an emulated backup takes, at most. */
const BACKUP_RUN = 40 * 60_000;
/** How long after its scheduled time the Backup service starts a run, at most. */
const VAULT_START_DELAY = 41_000;

/**
 * A state in which every declared backup exists and is compliant at `now`: each named backup and the
 * newest backup succeeded within their `maxAge`, each of a series' last `keep` occurrences
 * succeeded within its grace, and each of a vault policy's last `runs` scheduled runs has a
 * succeeded operation, under a Backup-service-style name, that started within the grace.
 * `pg-ltr emulator --from cdktf.out` serves it so a user sees the check pass on their own app, then
 * edits the written state to see each verdict.
 */
export function compliantState(servers: readonly DeclaredServer[], now: Date): EmulatorState {
  const subscriptions: Record<
    string,
    { resourceGroups: Record<string, { servers: Record<string, unknown> }> }
  > = {};
  const operationsOf = new Map<string, Map<string, EmulatorLtrOperation>>();
  for (const { subscriptionId, expectations } of servers) {
    const key =
      `${subscriptionId}/${expectations.resourceGroupName}/${expectations.serverName}`.toLowerCase();
    const operations = operationsOf.get(key) ?? new Map<string, EmulatorLtrOperation>();
    operationsOf.set(key, operations);
    const add = (backupName: string, endsAt: Date, startsAt?: Date): void => {
      if (operations.has(backupName.toLowerCase())) return;
      operations.set(backupName.toLowerCase(), succeeded(backupName, endsAt, startsAt));
    };
    const ages = [
      ...expectations.backups.flatMap((backup) => (backup.maxAge === null ? [] : [backup.maxAge])),
      ...(expectations.latest ? [expectations.latest.maxAge] : []),
    ];
    const endsAt = recentEnd(now, ages);
    for (const backup of expectations.backups) add(backup.name, endsAt);
    for (const series of expectations.series) {
      const { due } = seriesOccurrences(
        {
          template: series.name,
          every: parseDuration(series.every),
          anchor: parseInstant(series.anchor),
          keep: series.keep,
          grace: parseDuration(series.grace),
        },
        now,
      );
      for (const occurrence of due) {
        const window = occurrence.dueBy.getTime() - occurrence.scheduledAt.getTime();
        add(
          occurrence.backupName,
          new Date(occurrence.scheduledAt.getTime() + Math.min(BACKUP_RUN, window / 2)),
        );
      }
    }
    for (const scheduled of expectations.scheduled ?? []) {
      const grace = parseDuration(scheduled.grace);
      const runs = recentScheduledRuns(
        { repeatingIntervals: scheduled.repeatingIntervals, ianaTimeZone: scheduled.ianaTimeZone },
        subtractDuration(now, grace),
        scheduled.runs,
      );
      for (const scheduledAt of runs) {
        // Started a little after the scheduled time, well within the grace, as the Backup service does.
        const window = addDuration(scheduledAt, grace).getTime() - scheduledAt.getTime();
        const start = new Date(scheduledAt.getTime() + Math.min(VAULT_START_DELAY, window / 4));
        add(
          backupServiceName(expectations.serverName, scheduledAt),
          new Date(start.getTime() + Math.min(BACKUP_RUN, window / 2)),
          start,
        );
      }
    }
    // `latest` is met by any succeeded backup within maxAge: the named ones and the runs of a vault
    // policy (whose `latest` is derived from its period) end within it, else one is added.
    if (
      expectations.latest &&
      expectations.backups.length === 0 &&
      (expectations.scheduled ?? []).length === 0
    ) {
      const stamp = endsAt.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
      add(`latest-${stamp}`, endsAt);
    }

    const subscription = (subscriptions[subscriptionId] ??= { resourceGroups: {} });
    const group = (subscription.resourceGroups[expectations.resourceGroupName] ??= { servers: {} });
    const all = [...operations.values()];
    const earliest = Math.min(now.getTime(), ...all.map((o) => Date.parse(String(o.startTime))));
    group.servers[expectations.serverName] = {
      // Old enough that no verdict treats it as a new server still waiting for its first backup.
      createdAt: new Date(earliest - 30 * 24 * HOUR).toISOString(),
      ltrBackupOperations: all,
    };
  }
  return { subscriptions, accessTokens: [COMPLIANT_STATE_TOKEN] } as EmulatorState;
}

/** An end time within every one of the server's maxAges: an hour ago, or half the shortest maxAge. */
function recentEnd(now: Date, maxAges: readonly string[]): Date {
  let end = now.getTime() - HOUR;
  for (const maxAge of maxAges) {
    const cutoff = subtractDuration(now, parseDuration(maxAge)).getTime();
    end = Math.max(end, now.getTime() - (now.getTime() - cutoff) / 2);
  }
  return new Date(Math.floor(end / 1000) * 1000);
}

/**
 * A name of the kind the Backup service gives the operations it starts: nothing a user chose or could
 * predict, so only the start time ties it to its scheduled run. Deterministic, so a written state
 * reads the same on every run.
 */
function backupServiceName(serverName: string, scheduledAt: Date): string {
  const digest = createHash("sha256").update(`${serverName}/${scheduledAt.toISOString()}`).digest("hex");
  return `pgflex-ltr-${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}`;
}

function succeeded(backupName: string, endsAt: Date, startsAt?: Date): EmulatorLtrOperation {
  const start = startsAt ?? new Date(endsAt.getTime() - Math.min(BACKUP_RUN, 12 * 60_000));
  return {
    backupName,
    status: "Succeeded",
    startTime: iso(start),
    endTime: iso(endsAt),
    percentComplete: 100,
    datasourceSizeInBytes: 8 * 1024 ** 3,
    dataTransferredInBytes: 3 * 1024 ** 3,
  };
}

function iso(instant: Date): string {
  return `${instant.toISOString().slice(0, 19)}Z`;
}

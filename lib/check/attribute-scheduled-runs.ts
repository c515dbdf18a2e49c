import { parseTime } from "./judges/operation-times";
import type { OperationAnswer } from "./validate-answer";

/** A server's listing sorted onto the scheduled runs of its vault policies. */
export interface ScheduledAttribution {
  /** By scheduled instant (ms since the epoch): the operations that started at or after it and before the next one, by start. */
  readonly started: ReadonlyMap<number, readonly OperationAnswer[]>;
  /** Operations without a readable `properties.startTime`: any run could be theirs. */
  readonly unplaced: readonly OperationAnswer[];
}

/**
 * Attributes each operation of a listing to the most recent scheduled run at or before its start: the
 * run it can only be (the Backup service names operations itself, so time is all that ties an
 * operation to a schedule). Each operation goes to at most one run, so one backup never counts for
 * two; one that started before the oldest run checked belongs to none. Runs at the same instant (one
 * policy declared in two stacks) share their operations. Pure; O(operations × log runs).
 */
export function attributeScheduledRuns(
  operations: readonly OperationAnswer[],
  instants: readonly Date[],
): ScheduledAttribution {
  const times = [...new Set(instants.map((instant) => instant.getTime()))].sort((a, b) => a - b);
  const started = new Map<number, OperationAnswer[]>(times.map((time) => [time, []]));
  const unplaced: OperationAnswer[] = [];
  for (const operation of operations) {
    const start = parseTime(operation.observed.startTime)?.getTime();
    if (start === undefined) {
      unplaced.push(operation);
      continue;
    }
    const run = latestAtOrBefore(times, start);
    if (run !== undefined) (started.get(run) as OperationAnswer[]).push(operation);
  }
  for (const list of started.values()) list.sort((a, b) => startOf(a) - startOf(b));
  return { started, unplaced };
}

/** The greatest of the sorted `times` that is ≤ `time`, by binary search. */
function latestAtOrBefore(times: readonly number[], time: number): number | undefined {
  let low = 0;
  let high = times.length - 1;
  let found: number | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate = times[middle] as number;
    if (candidate <= time) {
      found = candidate;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

function startOf(operation: OperationAnswer): number {
  return parseTime(operation.observed.startTime)?.getTime() ?? 0;
}

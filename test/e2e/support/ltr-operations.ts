import type { EmulatorLtrOperation } from "cdktf-pg-ltr/emulator";

/**
 * LTR backup operations as Azure reports them (the `properties` object the emulator serves), named by
 * what a reader of a test needs to see: the status and the times that decide a verdict.
 */

const SIZE = 53_687_091_200;

export function succeeded(backupName: string, endTime: string): EmulatorLtrOperation {
  const end = new Date(endTime);
  return {
    backupName,
    status: "Succeeded",
    startTime: new Date(end.getTime() - 30 * 60_000).toISOString().replace(".000Z", "Z"),
    endTime,
    percentComplete: 100,
    datasourceSizeInBytes: SIZE,
    dataTransferredInBytes: SIZE / 2,
  };
}

export function failed(
  backupName: string,
  endTime: string,
  errorCode: string,
  errorMessage: string,
): EmulatorLtrOperation {
  return {
    ...succeeded(backupName, endTime),
    status: "Failed",
    percentComplete: 37,
    errorCode,
    errorMessage,
  };
}

export function running(
  backupName: string,
  startTime: string,
  percentComplete: number,
): EmulatorLtrOperation {
  return { backupName, status: "Running", startTime, percentComplete, datasourceSizeInBytes: SIZE };
}

/** An operation in a state this API version does not document (the enum is extensible). */
export function withStatus(backupName: string, status: string, startTime: string): EmulatorLtrOperation {
  return { backupName, status, startTime, percentComplete: 0, datasourceSizeInBytes: SIZE };
}

/** One succeeded backup a day, `daily-YYYY-MM-DD`, ending 01:30 UTC, from `first` to `last` inclusive. */
export function dailyBackups(first: string, last: string): EmulatorLtrOperation[] {
  const operations: EmulatorLtrOperation[] = [];
  for (let day = new Date(`${first}T00:00:00Z`); day <= new Date(`${last}T00:00:00Z`);) {
    const date = day.toISOString().slice(0, 10);
    operations.push(succeeded(`daily-${date}`, `${date}T01:30:00Z`));
    day = new Date(day.getTime() + 86_400_000);
  }
  return operations;
}

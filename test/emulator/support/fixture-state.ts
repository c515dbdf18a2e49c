import type { EmulatorState } from "../../../lib/emulator/start-emulator";

export const SUBSCRIPTION = "11111111-2222-4333-8444-555555555555";
export const DENIED_SUBSCRIPTION = "99999999-8888-4777-8666-555555555555";
export const RESOURCE_GROUP = "rg-test";
export const ACCESS_TOKEN = "test-access-token";

/** A day's backup of orders-db, numbered from 1 (2026-10-01) upwards. */
export function dailyBackup(day: number) {
  const date = new Date(Date.UTC(2026, 9, day));
  const stamp = date.toISOString().slice(0, 10);
  return {
    backupName: `daily-${stamp}`,
    status: "Succeeded",
    startTime: `${stamp}T01:00:00Z`,
    endTime: `${stamp}T01:20:00Z`,
    percentComplete: 100,
    datasourceSizeInBytes: 1000 + day,
  };
}

/** orders-db holds 23 operations (three pages of 10), empty-db none; one subscription is denied. */
export function fixtureState(): EmulatorState {
  return {
    subscriptions: {
      [SUBSCRIPTION]: {
        resourceGroups: {
          [RESOURCE_GROUP]: {
            servers: {
              "orders-db": {
                ltrBackupOperations: [
                  ...Array.from({ length: 21 }, (_, i) => dailyBackup(i + 1)),
                  {
                    backupName: "quarter-end-2026-q3",
                    status: "Failed",
                    startTime: "2026-10-01T00:00:00Z",
                    endTime: "2026-10-01T00:05:00Z",
                    errorCode: "LtrBackupStorageUnreachable",
                    errorMessage: "The storage container could not be reached.",
                  },
                  {
                    backupName: "broken-one",
                    status: "Succeeded",
                    startTime: "yesterday",
                    percentComplete: 150,
                  },
                ],
              },
              "empty-db": {},
            },
          },
        },
      },
      [DENIED_SUBSCRIPTION]: {
        denied: true,
        resourceGroups: { [RESOURCE_GROUP]: { servers: { "secret-db": {} } } },
      },
    },
    accessTokens: [ACCESS_TOKEN],
  };
}

import type { EmulatorLtrOperation, EmulatorState } from "../../lib/emulator/state/emulator-state";
import { Fleet, FleetOperation } from "./fleet";

/** Bearer token the bench's emulator accepts; passed to the checker as PG_LTR_ACCESS_TOKEN. */
export const BENCH_ACCESS_TOKEN = "pg-ltr-bench-token";

/** The emulator state holding the fleet's backup operations, in the fleet's subscriptions. */
export function fleetEmulatorState(fleet: Fleet): EmulatorState {
  type ResourceGroups = Record<
    string,
    { servers: Record<string, { ltrBackupOperations: EmulatorLtrOperation[] }> }
  >;
  const subscriptions: Record<string, { resourceGroups: ResourceGroups }> = {};
  for (const server of fleet.servers) {
    const { resourceGroups } = (subscriptions[server.subscriptionId] ??= { resourceGroups: {} });
    const group = (resourceGroups[server.resourceGroupName] ??= { servers: {} });
    group.servers[server.serverName] = { ltrBackupOperations: server.operations.map(operationProperties) };
  }
  return { subscriptions, accessTokens: [BENCH_ACCESS_TOKEN] };
}

/** The `properties` of an operation as Azure sends them; a malformed one reports 150 % complete. */
function operationProperties(operation: FleetOperation): EmulatorLtrOperation {
  return {
    backupName: operation.backupName,
    status: operation.status,
    startTime: operation.startTime,
    ...(operation.endTime === null ? {} : { endTime: operation.endTime }),
    percentComplete: operation.malformed ? 150 : operation.percentComplete,
    datasourceSizeInBytes: 53_687_091_200,
    dataTransferredInBytes: 21_474_836_480,
    ...(operation.errorCode === null ? {} : { errorCode: operation.errorCode }),
    ...(operation.errorMessage === null ? {} : { errorMessage: operation.errorMessage }),
  };
}

import type { EmulatorLtrOperation, EmulatorState, EmulatorStateServer } from "cdktf-pg-ltr/emulator";

/** An emulator state of one resource group in one subscription; `token` is accepted under strict auth. */
export function resourceGroupState(
  token: string,
  subscriptionId: string,
  resourceGroupName: string,
  servers: Record<string, EmulatorStateServer>,
): EmulatorState {
  return {
    accessTokens: [token],
    subscriptions: { [subscriptionId]: { resourceGroups: { [resourceGroupName]: { servers } } } },
  };
}

/** Servers that each hold the same LTR backup operations (copies: no server shares another's). */
export function serversWith(
  names: readonly string[],
  operations: readonly EmulatorLtrOperation[],
): Record<string, EmulatorStateServer> {
  return Object.fromEntries(
    names.map((name) => [name, { ltrBackupOperations: operations.map((operation) => ({ ...operation })) }]),
  );
}

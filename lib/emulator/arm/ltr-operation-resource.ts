import type { BackupsLongTermRetentionOperation, SystemData } from "../../schema/ltr-api.generated";
import type { OperationProperties, StoredServer } from "../state/ltr-store";

export const LTR_OPERATION_TYPE = "Microsoft.DBforPostgreSQL/flexibleServers/ltrBackupOperations";

/** The ARM id of a flexible server, in the casing the state gives it. */
export function serverId(server: StoredServer): string {
  return `/subscriptions/${server.subscriptionId}/resourceGroups/${server.resourceGroupName}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${server.serverName}`;
}

/**
 * One operation as the API answers it: the stored `properties` verbatim (malformed on purpose or
 * not), wrapped in the resource envelope ARM adds.
 */
export function ltrOperationResource(
  server: StoredServer,
  properties: OperationProperties,
): BackupsLongTermRetentionOperation {
  return {
    id: `${serverId(server)}/ltrBackupOperations/${properties.backupName}`,
    name: properties.backupName,
    type: LTR_OPERATION_TYPE,
    systemData: systemDataOf(properties),
    properties,
  };
}

function systemDataOf(properties: OperationProperties): SystemData {
  // systemData must stay valid even when the properties are malformed on purpose, so it only takes
  // times that parse and otherwise leaves them out.
  const createdAt = validInstant(properties.startTime);
  const lastModifiedAt = validInstant(properties.endTime) ?? createdAt;
  return {
    createdBy: "pg-ltr-emulator",
    createdByType: "Application",
    ...(createdAt === undefined ? {} : { createdAt }),
    lastModifiedBy: "pg-ltr-emulator",
    lastModifiedByType: "Application",
    ...(lastModifiedAt === undefined ? {} : { lastModifiedAt }),
  };
}

function validInstant(value: unknown): string | undefined {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

import type { StoredServer } from "../state/ltr-store";
import { serverId } from "./ltr-operation-resource";

/** Region the emulated servers report; the state does not model regions. */
const LOCATION = "westeurope";

/**
 * A flexible server as `GET .../flexibleServers/{server}` answers it: the tracked resource with the
 * `systemData.createdAt` a checker reads to tell a new server from one that lost its backups.
 * Properties are the few a reader of this API family looks at, not the whole server model.
 */
export function flexibleServerResource(server: StoredServer): Record<string, unknown> {
  return {
    id: serverId(server),
    name: server.serverName,
    type: "Microsoft.DBforPostgreSQL/flexibleServers",
    location: LOCATION,
    sku: { name: "Standard_D2ds_v5", tier: "GeneralPurpose" },
    systemData: {
      createdBy: "pg-ltr-emulator",
      createdByType: "Application",
      createdAt: server.createdAt,
      lastModifiedBy: "pg-ltr-emulator",
      lastModifiedByType: "Application",
      lastModifiedAt: server.createdAt,
    },
    properties: {
      state: "Ready",
      version: "16",
      fullyQualifiedDomainName: `${server.serverName.toLowerCase()}.postgres.database.azure.com`,
      storage: { storageSizeGB: 64 },
      backup: { backupRetentionDays: 7, geoRedundantBackup: "Disabled" },
    },
  };
}

import { randomUUID } from "node:crypto";
import type {
  EmulatorLtrOperation,
  EmulatorState,
  StartLtrBackupBehaviour,
  StartOutcome,
} from "./emulator-state";

/** Properties of an operation as served at one instant; state operations never change. */
export type OperationProperties = Readonly<Record<string, unknown>> & { readonly backupName: string };

/** A backup started through `startLtrBackup`: Running until `completesAt`, then its `outcome`. */
export interface StartedOperation {
  /** Id of the long-running operation, the last segment of its status URLs. */
  readonly operationId: string;
  readonly subscriptionId: string;
  readonly backupName: string;
  readonly server: StoredServer;
  readonly startedAt: number;
  readonly completesAt: number;
  readonly outcome: StartOutcome;
}

type StoredOperation =
  | { readonly kind: "state"; readonly properties: EmulatorLtrOperation }
  | { readonly kind: "started"; readonly started: StartedOperation };

/**
 * Creation time of a server whose state gives none: long ago, so that without `createdAt` a server is
 * an established one, never a new one still waiting for its first backup.
 */
export const DEFAULT_SERVER_CREATED_AT = "2020-01-01T00:00:00.000Z";

/** A flexible server with its names as the state spells them (ARM answers with the stored casing). */
export class StoredServer {
  private readonly operations: StoredOperation[];

  constructor(
    readonly subscriptionId: string,
    readonly resourceGroupName: string,
    readonly serverName: string,
    operations: readonly EmulatorLtrOperation[],
    /** When the server was created (ISO 8601), served as its `systemData.createdAt`. */
    readonly createdAt: string = DEFAULT_SERVER_CREATED_AT,
    /** How `startLtrBackup` behaves here, as the state says. */
    readonly startBehaviour: StartLtrBackupBehaviour = {},
  ) {
    this.operations = operations.map((properties) => ({ kind: "state", properties }));
  }

  /** Every operation in listing order, as it looks at `now`. */
  operationsAt(now: number): OperationProperties[] {
    return this.operations.map((operation) => propertiesAt(operation, now));
  }

  /** One operation by name (case-insensitive), as it looks at `now`. */
  operationAt(backupName: string, now: number): OperationProperties | undefined {
    const wanted = backupName.toLowerCase();
    const found = this.operations.find((operation) => nameOf(operation).toLowerCase() === wanted);
    return found && propertiesAt(found, now);
  }

  /** Starts a backup; undefined when an operation of that name exists already. */
  start(
    backupName: string,
    now: number,
    durationMs: number,
    outcome: StartOutcome,
  ): StartedOperation | undefined {
    if (this.operationAt(backupName, now)) return undefined;
    const started: StartedOperation = {
      operationId: randomUUID(),
      subscriptionId: this.subscriptionId,
      backupName,
      server: this,
      startedAt: now,
      completesAt: now + durationMs,
      outcome,
    };
    this.operations.push({ kind: "started", started });
    return started;
  }
}

function nameOf(operation: StoredOperation): string {
  return operation.kind === "state" ? operation.properties.backupName : operation.started.backupName;
}

/** Size the emulator reports for backups it runs itself: 8 GiB of data, compressed to 3 GiB. */
const STARTED_SOURCE_BYTES = 8 * 1024 ** 3;
const STARTED_TRANSFERRED_BYTES = 3 * 1024 ** 3;

/** How far a started backup that ends Failed or Cancelled got. */
const STOPPED_AT_PERCENT = 40;

/** The error of a started backup made to fail. */
export const STARTED_FAILURE = {
  code: "LtrBackupFailed",
  message:
    "The long term retention backup failed: the emulator was asked to fail it (startLtrBackup outcome Failed).",
} as const;

function propertiesAt(operation: StoredOperation, now: number): OperationProperties {
  if (operation.kind === "state") return operation.properties;
  const { backupName, startedAt, completesAt, outcome } = operation.started;
  const startTime = new Date(startedAt).toISOString();
  if (now < completesAt) {
    const share = (now - startedAt) / Math.max(1, completesAt - startedAt);
    return {
      backupName,
      status: "Running",
      startTime,
      percentComplete: Math.min(99, Math.floor(share * 100)),
      datasourceSizeInBytes: STARTED_SOURCE_BYTES,
      dataTransferredInBytes: Math.floor(share * STARTED_TRANSFERRED_BYTES),
    };
  }
  if (outcome !== "Succeeded") {
    // It stopped partway: what was written so far is reported, as for a backup that broke off.
    return {
      backupName,
      status: outcome,
      startTime,
      endTime: new Date(completesAt).toISOString(),
      percentComplete: STOPPED_AT_PERCENT,
      datasourceSizeInBytes: STARTED_SOURCE_BYTES,
      dataTransferredInBytes: Math.floor((STOPPED_AT_PERCENT / 100) * STARTED_TRANSFERRED_BYTES),
      ...(outcome === "Failed"
        ? { errorCode: STARTED_FAILURE.code, errorMessage: STARTED_FAILURE.message }
        : {}),
    };
  }
  return {
    backupName,
    status: "Succeeded",
    startTime,
    endTime: new Date(completesAt).toISOString(),
    percentComplete: 100,
    datasourceSizeInBytes: STARTED_SOURCE_BYTES,
    dataTransferredInBytes: STARTED_TRANSFERRED_BYTES,
    backupMetadata: JSON.stringify({ engine: "PostgreSQL", format: "pg_dump-directory", emulated: true }),
  };
}

interface StoredSubscription {
  readonly subscriptionId: string;
  readonly denied: boolean;
  /** Resource groups by lower-cased name. */
  readonly resourceGroups: Map<
    string,
    { readonly name: string; readonly servers: Map<string, StoredServer> }
  >;
}

/**
 * The emulator's in-memory copy of the state: lookups ignore case, as ARM's do, and `startLtrBackup`
 * adds operations that exist until the emulator stops.
 */
export class LtrStore {
  private readonly subscriptions = new Map<string, StoredSubscription>();
  private readonly started = new Map<string, StartedOperation>();

  constructor(state: EmulatorState) {
    for (const [subscriptionId, subscription] of Object.entries(state.subscriptions)) {
      const resourceGroups: StoredSubscription["resourceGroups"] = new Map();
      for (const [rgName, group] of Object.entries(subscription.resourceGroups)) {
        const servers = new Map<string, StoredServer>();
        for (const [serverName, server] of Object.entries(group.servers)) {
          servers.set(
            serverName.toLowerCase(),
            new StoredServer(
              subscriptionId,
              rgName,
              serverName,
              server.ltrBackupOperations ?? [],
              server.createdAt === undefined ? undefined : new Date(server.createdAt).toISOString(),
              server.startLtrBackup,
            ),
          );
        }
        resourceGroups.set(rgName.toLowerCase(), { name: rgName, servers });
      }
      this.subscriptions.set(subscriptionId.toLowerCase(), {
        subscriptionId,
        denied: subscription.denied === true,
        resourceGroups,
      });
    }
  }

  subscription(
    subscriptionId: string,
  ): { readonly subscriptionId: string; readonly denied: boolean } | undefined {
    return this.subscriptions.get(subscriptionId.toLowerCase());
  }

  hasResourceGroup(subscriptionId: string, resourceGroupName: string): boolean {
    return (
      this.subscriptions
        .get(subscriptionId.toLowerCase())
        ?.resourceGroups.has(resourceGroupName.toLowerCase()) ?? false
    );
  }

  server(subscriptionId: string, resourceGroupName: string, serverName: string): StoredServer | undefined {
    return this.subscriptions
      .get(subscriptionId.toLowerCase())
      ?.resourceGroups.get(resourceGroupName.toLowerCase())
      ?.servers.get(serverName.toLowerCase());
  }

  /** Starts a backup on a server; undefined when the name is taken. */
  start(
    server: StoredServer,
    backupName: string,
    now: number,
    durationMs: number,
    outcome: StartOutcome,
  ): StartedOperation | undefined {
    const started = server.start(backupName, now, durationMs, outcome);
    if (started) this.started.set(started.operationId.toLowerCase(), started);
    return started;
  }

  /** A started operation by the id in its status URLs, within its subscription. */
  startedOperation(subscriptionId: string, operationId: string): StartedOperation | undefined {
    const started = this.started.get(operationId.toLowerCase());
    return started && started.subscriptionId.toLowerCase() === subscriptionId.toLowerCase()
      ? started
      : undefined;
  }
}

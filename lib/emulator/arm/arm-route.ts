/**
 * The ARM paths the emulator serves. Segment names (`resourceGroups`, `providers`, the namespace) are
 * matched case-insensitively, as ARM does; names keep the caller's spelling.
 */
export type ArmRoute =
  /** The flexible server resource itself (its `systemData.createdAt` says how old it is). */
  | ({ readonly kind: "flexibleServer" } & ServerPath)
  | ({ readonly kind: "ltrOperation"; readonly backupName: string } & ServerPath)
  | ({ readonly kind: "ltrOperations" } & ServerPath)
  | ({ readonly kind: "startLtrBackup" } & ServerPath)
  | ({ readonly kind: "ltrPreBackup" } & ServerPath)
  | ({ readonly kind: "asyncOperation"; readonly operationId: string } & LocationPath)
  | ({ readonly kind: "operationResult"; readonly operationId: string } & LocationPath)
  /** Under a subscription, but not something the emulator serves. */
  | { readonly kind: "unsupported"; readonly subscriptionId: string }
  | { readonly kind: "unknown" };

export interface ServerPath {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly serverName: string;
}

export interface LocationPath {
  readonly subscriptionId: string;
  readonly location: string;
}

/** The HTTP method each served route answers. */
export const ROUTE_METHODS: Readonly<Record<Exclude<ArmRoute["kind"], "unsupported" | "unknown">, string>> = {
  flexibleServer: "GET",
  ltrOperation: "GET",
  ltrOperations: "GET",
  startLtrBackup: "POST",
  ltrPreBackup: "POST",
  asyncOperation: "GET",
  operationResult: "GET",
};

const NAMESPACE = "Microsoft.DBforPostgreSQL";
const SEGMENT = "([^/]+)";
const SERVER_PREFIX = `^/subscriptions/${SEGMENT}/resourceGroups/${SEGMENT}/providers/${escape(NAMESPACE)}/flexibleServers/${SEGMENT}`;
const SERVER_ROUTES: ReadonlyArray<
  [RegExp, "flexibleServer" | "ltrOperation" | "ltrOperations" | "startLtrBackup" | "ltrPreBackup"]
> = [
  [new RegExp(`${SERVER_PREFIX}/?$`, "i"), "flexibleServer"],
  [new RegExp(`${SERVER_PREFIX}/ltrBackupOperations/${SEGMENT}/?$`, "i"), "ltrOperation"],
  [new RegExp(`${SERVER_PREFIX}/ltrBackupOperations/?$`, "i"), "ltrOperations"],
  [new RegExp(`${SERVER_PREFIX}/startLtrBackup/?$`, "i"), "startLtrBackup"],
  [new RegExp(`${SERVER_PREFIX}/ltrPreBackup/?$`, "i"), "ltrPreBackup"],
];
const LOCATION_ROUTE = new RegExp(
  `^/subscriptions/${SEGMENT}/providers/${escape(NAMESPACE)}/locations/${SEGMENT}/(azureAsyncOperation|operationResults)/${SEGMENT}/?$`,
  "i",
);
const SUBSCRIPTION_PREFIX = new RegExp(`^/subscriptions/${SEGMENT}(/|$)`, "i");

/** Where an ARM request goes, from its (percent-encoded) path. */
export function parseArmRoute(pathname: string): ArmRoute {
  for (const [pattern, kind] of SERVER_ROUTES) {
    const match = pattern.exec(pathname);
    if (!match) continue;
    const [, subscriptionId, resourceGroupName, serverName, backupName] = match.map(decode);
    const server = { subscriptionId, resourceGroupName, serverName };
    return kind === "ltrOperation" ? { kind, backupName, ...server } : { kind, ...server };
  }
  const location = LOCATION_ROUTE.exec(pathname);
  if (location) {
    const [, subscriptionId, locationName, which, operationId] = location.map(decode);
    const path = { subscriptionId, location: locationName, operationId };
    return which.toLowerCase() === "azureasyncoperation"
      ? { kind: "asyncOperation", ...path }
      : { kind: "operationResult", ...path };
  }
  const subscription = SUBSCRIPTION_PREFIX.exec(pathname);
  if (subscription) return { kind: "unsupported", subscriptionId: decode(subscription[1]) };
  return { kind: "unknown" };
}

/** The subscription a route is in, for throttling and authorization. */
export function routeSubscription(route: ArmRoute): string | undefined {
  return route.kind === "unknown" ? undefined : route.subscriptionId;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

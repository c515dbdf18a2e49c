import type { AccessTokens, TokenPrincipal } from "../entra/access-tokens";
import { type Answer, withHeaders } from "../http/answer";
import type { MissingServerCode, StartLtrBackupBehaviour } from "../state/emulator-state";
import { type LtrStore, STARTED_FAILURE, type StartedOperation, type StoredServer } from "../state/ltr-store";
import type { SubscriptionThrottle } from "../throttling/subscription-throttle";
import { apiVersionProblem } from "./api-version";
import { armError } from "./arm-error";
import { backupRequestName } from "./ltr-backup-request";
import { type ArmRoute, type ServerPath, ROUTE_METHODS, routeSubscription } from "./arm-route";
import { flexibleServerResource } from "./flexible-server-resource";
import { LTR_OPERATION_TYPE, ltrOperationResource, serverId } from "./ltr-operation-resource";

export interface ArmContext {
  readonly store: LtrStore;
  /** ARM's buckets for reads (GET) and writes (POST); undefined when that throttling is off. */
  readonly throttles: {
    readonly reads: SubscriptionThrottle | undefined;
    readonly writes: SubscriptionThrottle | undefined;
  };
  readonly tokens: AccessTokens;
  /** `https://127.0.0.1:<port>`, the base of nextLink and status URLs. */
  readonly baseUrl: string;
  readonly pageSize: number;
  readonly opDurationMs: number;
  /** How requests under a missing server are answered. */
  readonly missingServerCode: MissingServerCode;
  /** How a startLtrBackup of this request behaves, as faults ask, over the server's state. */
  readonly startLtrBackup: StartLtrBackupBehaviour;
  readonly now: number;
}

export interface ArmRequest {
  readonly method: string;
  readonly url: URL;
  readonly authorization: string | undefined;
  readonly body: string;
}

/** Region in the status URLs of started backups; the state does not model regions. */
const LOCATION = "westeurope";
const MAX_POLL_SECONDS = 10;

/**
 * Answers one ARM request in the order ARM checks it: authentication, throttling, api-version,
 * method, subscription and permission, then the resource path from the outside in.
 */
export function answerArmRequest(route: ArmRoute, request: ArmRequest, context: ArmContext): Answer {
  const subscriptionId = routeSubscription(route);
  const principal = authenticate(request.authorization, context);
  if (!("principal" in principal)) return principal;
  if (subscriptionId === undefined) return answerAuthenticated(route, request, context, principal.principal);

  // ARM counts every request of a principal in a subscription against one of its buckets: GETs
  // against reads, PUT, PATCH, DELETE and POST against writes.
  const kind = request.method === "GET" || request.method === "HEAD" ? "reads" : "writes";
  const throttle = context.throttles[kind];
  if (!throttle) return answerAuthenticated(route, request, context, principal.principal);
  const actor = principal.principal.objectId;
  const decision = throttle.take(subscriptionId, actor, context.now);
  const remainingHeader = { [`x-ms-ratelimit-remaining-subscription-${kind}`]: String(decision.remaining) };
  if (!decision.allowed) {
    return withHeaders(
      armError(
        429,
        "SubscriptionRequestsThrottled",
        `Number of '${kind === "reads" ? "read" : "write"}' requests for subscription '${subscriptionId}' actor '${actor}' exceeded. Please try again after '${decision.retryAfterSeconds}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`,
      ),
      { ...remainingHeader, "retry-after": String(decision.retryAfterSeconds) },
    );
  }
  return withHeaders(answerAuthenticated(route, request, context, principal.principal), remainingHeader);
}

function authenticate(
  authorization: string | undefined,
  context: ArmContext,
): { principal: TokenPrincipal } | Answer {
  const challenge = (description: string) => ({
    "www-authenticate": `Bearer authorization_uri="${context.baseUrl}/", error="invalid_token", error_description="${description}"`,
  });
  if (authorization === undefined || authorization.trim() === "") {
    return withHeaders(
      armError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing."),
      challenge("The authentication failed because of missing 'Authorization' header."),
    );
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match || !context.tokens.isWellFormed(match[1])) {
    return withHeaders(
      armError(
        401,
        "AuthenticationFailed",
        "Authentication failed. The 'Authorization' header is provided in an invalid format.",
      ),
      challenge("The authentication failed because of invalid 'Authorization' header format."),
    );
  }
  const check = context.tokens.check(match[1], context.now);
  if (!check.valid) return withHeaders(armError(401, check.code, check.message), challenge(check.message));
  return { principal: check.principal };
}

function answerAuthenticated(
  route: ArmRoute,
  request: ArmRequest,
  context: ArmContext,
  principal: TokenPrincipal,
): Answer {
  const apiVersion = request.url.searchParams.get("api-version");
  const versionProblem = apiVersionProblem(apiVersion, {
    resourceType:
      route.kind === "unknown" || route.kind === "unsupported"
        ? "flexibleServers"
        : RESOURCE_TYPES[route.kind],
    location: LOCATION,
  });
  if (versionProblem) return versionProblem;

  if (route.kind === "unknown") {
    return armError(
      404,
      "NotFound",
      `The requested path '${request.url.pathname}' is not served by the emulator.`,
    );
  }
  if (route.kind === "unsupported") {
    return armError(
      404,
      "InvalidResourceType",
      `The resource type at '${request.url.pathname}' could not be found: the emulator serves only flexible servers and their LTR backup API (ltrBackupOperations, startLtrBackup, ltrPreBackup).`,
    );
  }
  const allowed = ROUTE_METHODS[route.kind];
  if (request.method !== allowed) {
    return withHeaders(
      armError(
        405,
        "MethodNotAllowed",
        `The requested HTTP method '${request.method}' is not supported for the path '${request.url.pathname}'; use ${allowed}.`,
      ),
      { allow: allowed },
    );
  }

  const subscription = context.store.subscription(route.subscriptionId);
  if (!subscription) {
    return armError(
      404,
      "SubscriptionNotFound",
      `The subscription '${route.subscriptionId}' could not be found.`,
    );
  }
  if (subscription.denied) {
    const scope =
      "serverName" in route
        ? serverScope(route)
        : `/subscriptions/${route.subscriptionId}/providers/Microsoft.DBforPostgreSQL/locations/${route.location}`;
    return armError(
      403,
      "AuthorizationFailed",
      `The client '${principal.clientId}' with object id '${principal.objectId}' does not have authorization to perform action '${ACTIONS[route.kind]}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
  }

  if (route.kind === "asyncOperation" || route.kind === "operationResult") {
    const started = context.store.startedOperation(route.subscriptionId, route.operationId);
    if (!started) {
      return armError(404, "NotFound", `The operation '${route.operationId}' could not be found.`);
    }
    return route.kind === "asyncOperation"
      ? asyncOperationStatus(started, request.url, context)
      : operationResult(started, request.url, context);
  }

  if (!context.store.hasResourceGroup(route.subscriptionId, route.resourceGroupName)) {
    return armError(
      404,
      "ResourceGroupNotFound",
      `Resource group '${route.resourceGroupName}' could not be found.`,
    );
  }
  const server = context.store.server(route.subscriptionId, route.resourceGroupName, route.serverName);
  if (!server && context.missingServerCode === "ParentResourceNotFound" && isChildRoute(route.kind)) {
    return armError(
      404,
      "ParentResourceNotFound",
      `Can not perform requested operation on nested resource. Parent resource '${route.serverName}' not found.`,
    );
  }
  if (!server) {
    return armError(
      404,
      "ResourceNotFound",
      `The Resource 'Microsoft.DBforPostgreSQL/flexibleServers/${route.serverName}' under resource group '${route.resourceGroupName}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  }

  switch (route.kind) {
    case "flexibleServer":
      return { status: 200, body: flexibleServerResource(server) };
    case "ltrOperation": {
      const properties = server.operationAt(route.backupName, context.now);
      if (!properties) {
        return armError(
          404,
          "NotFound",
          `The requested long term retention backup operation '${route.backupName}' was not found on server '${server.serverName}'.`,
        );
      }
      return { status: 200, body: ltrOperationResource(server, properties) };
    }
    case "ltrOperations":
      return listPage(server, request.url, apiVersion as string, context);
    case "ltrPreBackup":
      return preBackup(request.body);
    case "startLtrBackup":
      return startBackup(server, request, apiVersion as string, context);
  }
}

const ACTIONS: Readonly<Record<Exclude<ArmRoute["kind"], "unknown" | "unsupported">, string>> = {
  flexibleServer: "Microsoft.DBforPostgreSQL/flexibleServers/read",
  ltrOperation: "Microsoft.DBforPostgreSQL/flexibleServers/ltrBackupOperations/read",
  ltrOperations: "Microsoft.DBforPostgreSQL/flexibleServers/ltrBackupOperations/read",
  startLtrBackup: "Microsoft.DBforPostgreSQL/flexibleServers/startLtrBackup/action",
  ltrPreBackup: "Microsoft.DBforPostgreSQL/flexibleServers/ltrPreBackup/action",
  asyncOperation: "Microsoft.DBforPostgreSQL/locations/azureAsyncOperation/read",
  operationResult: "Microsoft.DBforPostgreSQL/locations/operationResults/read",
};

/** Routes to the server's child resources; ARM answers ParentResourceNotFound there, not for the server's own actions. */
function isChildRoute(kind: ArmRoute["kind"]): boolean {
  return kind === "ltrOperation" || kind === "ltrOperations";
}

/** The resource type each route is about, under the namespace, as ARM names it in its errors. */
const RESOURCE_TYPES: Readonly<Record<Exclude<ArmRoute["kind"], "unknown" | "unsupported">, string>> = {
  flexibleServer: "flexibleServers",
  ltrOperation: "flexibleServers/ltrBackupOperations",
  ltrOperations: "flexibleServers/ltrBackupOperations",
  startLtrBackup: "flexibleServers",
  ltrPreBackup: "flexibleServers",
  asyncOperation: "locations/azureAsyncOperation",
  operationResult: "locations/operationResults",
};

function serverScope(route: ServerPath): string {
  return `/subscriptions/${route.subscriptionId}/resourceGroups/${route.resourceGroupName}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${route.serverName}`;
}

/** One page of the listing; `$skipToken` carries the offset, nextLink is absolute, as ARM's are. */
function listPage(server: StoredServer, url: URL, apiVersion: string, context: ArmContext): Answer {
  const all = server.operationsAt(context.now);
  const skipToken = url.searchParams.get("$skipToken");
  let offset = 0;
  if (skipToken !== null) {
    const decoded = /^offset:(\d+)$/.exec(Buffer.from(skipToken, "base64url").toString("utf8"));
    if (!decoded || Number(decoded[1]) > all.length) {
      return armError(
        400,
        "InvalidSkipToken",
        `The $skipToken '${skipToken}' is not valid; start the listing again without it.`,
      );
    }
    offset = Number(decoded[1]);
  }
  const end = offset + context.pageSize;
  const value = all.slice(offset, end).map((properties) => ltrOperationResource(server, properties));
  if (end >= all.length) return { status: 200, body: { value } };
  const next = new URL(url.pathname, context.baseUrl);
  next.searchParams.set("api-version", apiVersion);
  next.searchParams.set("$skipToken", Buffer.from(`offset:${end}`, "utf8").toString("base64url"));
  return { status: 200, body: { value, nextLink: next.toString() } };
}

function preBackup(body: string): Answer {
  const parsed = backupRequestName(body, "ltrPreBackupRequest");
  if ("status" in parsed) return parsed;
  return { status: 200, body: { properties: { numberOfContainers: 1 } } };
}

function startBackup(
  server: StoredServer,
  request: ArmRequest,
  apiVersion: string,
  context: ArmContext,
): Answer {
  const parsed = backupRequestName(request.body, "ltrBackupRequest");
  if ("status" in parsed) return parsed;
  const behaviour = { ...server.startBehaviour, ...context.startLtrBackup };
  const synchronous = behaviour.synchronous === true;
  const started = context.store.start(
    server,
    parsed.backupName,
    context.now,
    synchronous ? 0 : context.opDurationMs,
    behaviour.outcome ?? "Succeeded",
  );
  if (!started) {
    return armError(
      409,
      "Conflict",
      `A long term retention backup operation named '${parsed.backupName}' already exists on server '${server.serverName}'; choose another backup name.`,
      "backupSettings.backupName",
    );
  }
  if (synchronous) {
    // Done within the request: 200 with the LtrBackupResponse, as a long-running operation may end.
    return { status: 200, body: { properties: server.operationAt(started.backupName, context.now) } };
  }
  const urls = statusUrls(started, apiVersion, context.baseUrl);
  return {
    status: 202,
    headers: {
      "azure-asyncoperation": urls.asyncOperation,
      location: urls.operationResult,
      "retry-after": String(pollSeconds(started, context.now)),
    },
  };
}

function statusUrls(started: StartedOperation, apiVersion: string, baseUrl: string) {
  const base = `${baseUrl}/subscriptions/${started.subscriptionId}/providers/Microsoft.DBforPostgreSQL/locations/${LOCATION}`;
  const query = `?api-version=${encodeURIComponent(apiVersion)}`;
  return {
    asyncOperation: `${base}/azureAsyncOperation/${started.operationId}${query}`,
    operationResult: `${base}/operationResults/${started.operationId}${query}`,
  };
}

/** Seconds until the operation is due to finish, as Retry-After: whole seconds, 1 to 10. */
function pollSeconds(started: StartedOperation, now: number): number {
  return Math.min(MAX_POLL_SECONDS, Math.max(1, Math.ceil((started.completesAt - now) / 1000)));
}

/**
 * ARM's status of a finished asynchronous operation (spelled as ARM's async-operation contract spells
 * it, `Canceled`), and the error a failed or cancelled one carries.
 */
const FINAL_STATUS = {
  Succeeded: { status: "Succeeded", error: undefined },
  Failed: { status: "Failed", error: STARTED_FAILURE },
  Cancelled: {
    status: "Canceled",
    error: { code: "OperationCanceled", message: "The long term retention backup was cancelled." },
  },
} as const;

/** The Azure-AsyncOperation status resource: InProgress, then Succeeded, Failed or Canceled. */
function asyncOperationStatus(started: StartedOperation, url: URL, context: ArmContext): Answer {
  const running = context.now < started.completesAt;
  const properties = started.server.operationAt(started.backupName, context.now);
  const final = FINAL_STATUS[started.outcome];
  const body = {
    id: url.pathname,
    name: started.operationId,
    status: running ? "InProgress" : final.status,
    startTime: new Date(started.startedAt).toISOString(),
    ...(running ? {} : { endTime: new Date(started.completesAt).toISOString() }),
    percentComplete: properties?.percentComplete,
    ...(running || final.error === undefined ? {} : { error: { ...final.error } }),
  };
  return running
    ? { status: 200, headers: { "retry-after": String(pollSeconds(started, context.now)) }, body }
    : { status: 200, body };
}

/**
 * The Location URL: 202 while the backup runs, then 200 with the operation's final properties, or,
 * for a backup that failed or was cancelled, the error it ended with (400).
 */
function operationResult(started: StartedOperation, url: URL, context: ArmContext): Answer {
  if (context.now < started.completesAt) {
    return {
      status: 202,
      headers: {
        location: new URL(`${url.pathname}${url.search}`, context.baseUrl).toString(),
        "retry-after": String(pollSeconds(started, context.now)),
      },
    };
  }
  const { error } = FINAL_STATUS[started.outcome];
  if (error !== undefined) return armError(400, error.code, error.message);
  const properties = started.server.operationAt(started.backupName, context.now);
  return {
    status: 200,
    body: {
      id: `${serverId(started.server)}/ltrBackupOperations/${started.backupName}`,
      name: started.backupName,
      type: LTR_OPERATION_TYPE,
      properties,
    },
  };
}

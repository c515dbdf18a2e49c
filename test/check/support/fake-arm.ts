import type { Responder, SeenRequest, TestAnswer } from "./arm-test-server";

/** An LTR backup operation as ARM's body carries it. */
export interface LtrOperationBody {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
}

export const SUBSCRIPTION = "00000000-0000-4000-8000-000000000001";

/** Builds an operation body the way Azure's published examples look (the id is the server's). */
export function ltrOperation(
  name: string,
  properties: Record<string, unknown>,
  server = { resourceGroup: "rg-data", server: "pg-orders" },
): LtrOperationBody {
  return {
    id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${server.resourceGroup}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${server.server}`,
    name,
    type: "Microsoft.DBforPostgreSQL/flexibleServers/ltrbackupOperations",
    properties: { backupName: name, ...properties },
  };
}

export function armError(status: number, code: string, message: string): TestAnswer {
  return { status, body: { error: { code, message } } };
}

/** Servers by resource group, each with its LTR backup operations. */
export interface FakeArmState {
  readonly subscriptionId?: string;
  readonly resourceGroups: Record<string, Record<string, LtrOperationBody[]>>;
  /** Operations per listing page. @default 2 */
  readonly pageSize?: number;
  /** Code of the 404 for an unknown backup on an existing server. @default "ResourceNotFound", as ambiguous as Azure gets */
  readonly unknownBackupCode?: string;
  /** Extra headers on every answer, e.g. the remaining-reads header. */
  readonly headers?: Readonly<Record<string, string>>;
}

const PATH =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.DBforPostgreSQL\/flexibleServers\/([^/]+)\/ltrBackupOperations(?:\/([^/?]+))?$/i;

/** Answers GETs and listings (paged through absolute `nextLink`s on `baseUrl`) from `state`, like ARM. */
export function fakeArm(baseUrl: string, state: FakeArmState): Responder {
  return (request: SeenRequest): TestAnswer => {
    const url = new URL(request.path, baseUrl);
    const match = PATH.exec(url.pathname);
    const withHeaders = (answer: TestAnswer): TestAnswer =>
      "status" in answer ? { ...answer, headers: { ...state.headers, ...answer.headers } } : answer;
    if (!match) return withHeaders(armError(404, "InvalidResourceType", `No route for ${url.pathname}.`));
    const [, subscription, resourceGroup, server, backupName] = match.map((part) =>
      part === undefined ? undefined : decodeURIComponent(part),
    );
    if (subscription !== (state.subscriptionId ?? SUBSCRIPTION)) {
      return withHeaders(
        armError(404, "SubscriptionNotFound", `The subscription '${subscription}' could not be found.`),
      );
    }
    const group = state.resourceGroups[resourceGroup as string];
    if (!group) {
      return withHeaders(
        armError(404, "ResourceGroupNotFound", `Resource group '${resourceGroup}' could not be found.`),
      );
    }
    const operations = group[server as string];
    if (!operations) {
      return withHeaders(
        armError(
          404,
          "ResourceNotFound",
          `The Resource 'Microsoft.DBforPostgreSQL/flexibleServers/${server}' under resource group '${resourceGroup}' was not found.`,
        ),
      );
    }
    if (backupName !== undefined) {
      // ARM names ignore case, in GETs as in listings.
      const operation = operations.find((o) => o.name.toLowerCase() === backupName.toLowerCase());
      return withHeaders(
        operation
          ? { status: 200, body: operation }
          : armError(
              404,
              state.unknownBackupCode ?? "ResourceNotFound",
              `The Resource '${backupName}' was not found.`,
            ),
      );
    }
    const pageSize = state.pageSize ?? 2;
    const skip = Number(url.searchParams.get("$skipToken") ?? "0");
    const page = operations.slice(skip, skip + pageSize);
    const next = new URL(url.href);
    next.searchParams.set("$skipToken", String(skip + pageSize));
    return withHeaders({
      status: 200,
      body: { value: page, ...(skip + pageSize < operations.length ? { nextLink: next.href } : {}) },
    });
  };
}

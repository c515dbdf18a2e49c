import { TerraformProvider, TerraformResource, TerraformStack, Token } from "cdktf";
import type { IConstruct } from "constructs";
import type { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import type { ResolvedServer } from "./declaration";
import { uriParameterProblem } from "../names/uri-parameter-rules";

/** Terraform type of the resource `PostgresLtrBackups` and `RequireLtrBackups` are about. */
export const FLEXIBLE_SERVER_RESOURCE_TYPE = "azurerm_postgresql_flexible_server";

const AZURERM_PROVIDER_TYPE = "azurerm";

/** A flexible server named by its coordinates instead of by a cdktf resource. */
export interface ServerCoordinates {
  /** Subscription of the server (a UUID). @default - the literal subscriptionId of the stack's AzurermProvider, else chosen at check time (--subscription, ARM_SUBSCRIPTION_ID, AZURE_SUBSCRIPTION_ID) */
  readonly subscriptionId?: string;
  /** Resource group of the server, 1-90 characters. */
  readonly resourceGroupName: string;
  /** Name of the flexible server, 3-63 characters. */
  readonly serverName: string;
}

/** The server a declaration is about: a flexible server resource of this app, or plain coordinates. */
export type ServerReference = PostgresqlFlexibleServer | ServerCoordinates;

/** True for any `azurerm_postgresql_flexible_server` resource, whichever provider build created it. */
export function isFlexibleServerResource(x: unknown): x is TerraformResource {
  return (
    TerraformResource.isTerraformResource(x) && x.terraformResourceType === FLEXIBLE_SERVER_RESOURCE_TYPE
  );
}

/** Literal name and resource group of a flexible server resource; tokens stay as they are. */
export function resourceCoordinates(resource: TerraformResource): {
  name: unknown;
  resourceGroupName: unknown;
} {
  // The generated class keeps its configuration in `<attribute>Input`; the plain getters return tokens.
  const config = resource as unknown as { nameInput?: unknown; resourceGroupNameInput?: unknown };
  return { name: config.nameInput, resourceGroupName: config.resourceGroupNameInput };
}

/** Terraform address of a resource, e.g. `azurerm_postgresql_flexible_server.orders`. */
export function terraformAddress(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/** Where a server's coordinates come from, for messages. */
function sourceOf(resource: TerraformResource | undefined): string {
  return resource ? ` of ${resource.node.path}` : "";
}

/**
 * Reads and validates the coordinates of the server a `PostgresLtrBackups` at `owner` is about.
 * Problems are message tails (`server name "ab" must be 3-63 characters`) the caller prefixes with the path.
 */
export function resolveServer(
  owner: IConstruct,
  server: ServerReference | undefined,
  subscriptionId: string | undefined,
): { server: ResolvedServer | undefined; problems: string[] } {
  if (server === undefined || server === null || typeof server !== "object") {
    return {
      server: undefined,
      problems: ["server is required: pass a PostgresqlFlexibleServer or { resourceGroupName, serverName }"],
    };
  }
  const problems: string[] = [];
  const resource = TerraformResource.isTerraformResource(server) ? server : undefined;
  if (resource && resource.terraformResourceType !== FLEXIBLE_SERVER_RESOURCE_TYPE) {
    return {
      server: undefined,
      problems: [
        `server ${resource.node.path} is a ${resource.terraformResourceType}, not an ${FLEXIBLE_SERVER_RESOURCE_TYPE}`,
      ],
    };
  }
  const coordinates = resource
    ? resourceCoordinates(resource)
    : {
        name: (server as ServerCoordinates).serverName,
        resourceGroupName: (server as ServerCoordinates).resourceGroupName,
      };

  const serverName = literal("server name", coordinates.name, resource, "name", problems);
  const resourceGroupName = literal(
    "resource group name",
    coordinates.resourceGroupName,
    resource,
    "resourceGroupName",
    problems,
  );
  if (serverName !== undefined) check("serverName", "server name", serverName, problems);
  if (resourceGroupName !== undefined) {
    check("resourceGroupName", "resource group name", resourceGroupName, problems);
  }

  const subscription = resolveSubscription(owner, server, resource, subscriptionId, problems);
  if (problems.length > 0 || serverName === undefined || resourceGroupName === undefined) {
    return { server: undefined, problems };
  }
  return {
    server: { subscriptionId: subscription, resourceGroupName, serverName, resource },
    problems,
  };
}

function literal(
  field: string,
  value: unknown,
  resource: TerraformResource | undefined,
  attribute: string,
  problems: string[],
): string | undefined {
  if (typeof value === "string" && Token.isUnresolved(value)) {
    problems.push(
      resource
        ? `${field}${sourceOf(resource)} is not known at synth time (it is a token, such as a reference to ` +
            `another resource's attribute or a variable); give the ${resource.terraformResourceType} a literal ` +
            `${attribute}, or pass plain coordinates { resourceGroupName, serverName } as server`
        : `${field} is not known at synth time (it is a token, such as a reference to another resource's ` +
            `attribute or a variable); pass a literal string`,
    );
    return undefined;
  }
  if (typeof value !== "string") {
    problems.push(`${field}${sourceOf(resource)} is missing: it must be a string`);
    return undefined;
  }
  return value;
}

function check(
  parameter: "serverName" | "resourceGroupName" | "subscriptionId",
  field: string,
  value: string,
  problems: string[],
): void {
  const problem = uriParameterProblem(parameter, value);
  if (problem) problems.push(`${field} ${JSON.stringify(value)} ${problem}`);
}

/** Props first, then plain coordinates, then the literal subscription of the AzurermProvider in charge. */
function resolveSubscription(
  owner: IConstruct,
  server: ServerReference,
  resource: TerraformResource | undefined,
  fromProps: string | undefined,
  problems: string[],
): string | null {
  const fromCoordinates = resource ? undefined : (server as ServerCoordinates).subscriptionId;
  const declared: Array<[string, unknown]> = [];
  if (fromProps !== undefined) declared.push(["subscriptionId", fromProps]);
  if (fromCoordinates !== undefined) declared.push(["server.subscriptionId", fromCoordinates]);
  for (const [field, value] of declared) {
    if (typeof value === "string" && Token.isUnresolved(value)) {
      problems.push(
        `${field} is not known at synth time (it is a token); pass a literal UUID, or leave it out to use ` +
          `the provider's or the one given to pg-ltr check`,
      );
      return null;
    }
    if (typeof value !== "string") {
      problems.push(`${field} ${JSON.stringify(value)} must be a string`);
      return null;
    }
    check("subscriptionId", field === "subscriptionId" ? "subscription ID" : field, value, problems);
  }
  if (
    declared.length === 2 &&
    (declared[0][1] as string).toLowerCase() !== (declared[1][1] as string).toLowerCase()
  ) {
    problems.push(
      `subscriptionId ${JSON.stringify(declared[0][1])} differs from server.subscriptionId ` +
        `${JSON.stringify(declared[1][1])}; give the subscription once`,
    );
  }
  if (declared.length > 0) return declared[0][1] as string;

  const provider = providerInCharge(resource ?? owner, resource);
  if (!provider) return null;
  const value = (provider as unknown as { subscriptionId?: unknown }).subscriptionId;
  // A subscription that is a variable or a reference is only known at plan time: check time decides.
  if (typeof value !== "string" || Token.isUnresolved(value)) return null;
  const problem = uriParameterProblem("subscriptionId", value);
  if (problem) {
    problems.push(
      `subscription ID ${JSON.stringify(value)} of the provider ${provider.node.path} ${problem}`,
    );
    return null;
  }
  return value;
}

/** The resource's own provider if it names one, else the stack's default (unaliased) azurerm provider. */
function providerInCharge(
  scope: IConstruct,
  resource: TerraformResource | undefined,
): TerraformProvider | undefined {
  if (resource?.provider) {
    return resource.provider.terraformResourceType === AZURERM_PROVIDER_TYPE ? resource.provider : undefined;
  }
  const stack = TerraformStack.of(scope);
  // Searching the stack for every declaration made synth of large apps quadratic. A stack has at most
  // one default azurerm provider, so once found it stays the answer; "none yet" is never remembered.
  const known = defaultProviders.get(stack);
  if (known) return known;
  const found = stack.node
    .findAll()
    .find(
      (c): c is TerraformProvider =>
        TerraformProvider.isTerraformProvider(c) &&
        c.terraformResourceType === AZURERM_PROVIDER_TYPE &&
        c.alias === undefined,
    );
  if (found) defaultProviders.set(stack, found);
  return found;
}

const defaultProviders = new WeakMap<TerraformStack, TerraformProvider>();

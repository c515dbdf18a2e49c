import type { IConstruct } from "constructs";
import type { DeferredName } from "../expectations/document";
import type { ResolvedServer } from "./declaration";
import { frameworkOf, FrameworkProvider, FrameworkResource, FrameworkStack } from "./framework";
import { resolveName } from "./name-resolution";
import { uriParameterProblem } from "../names/uri-parameter-rules";
/** Terraform type of the resource `PostgresLtrBackups` and `RequireLtrBackups` are about. */
export const FLEXIBLE_SERVER_RESOURCE_TYPE = "azurerm_postgresql_flexible_server";

const AZURERM_PROVIDER_TYPE = "azurerm";

/** A flexible server named by its coordinates instead of by a cdktf resource. */
export interface ServerCoordinates {
  /**
   * Subscription of the server (a UUID).
   *
   * @default - the `subscriptionId` of the stack's AzurermProvider, else chosen at check time
   * (`--subscription`, `ARM_SUBSCRIPTION_ID`, `AZURE_SUBSCRIPTION_ID`)
   */
  readonly subscriptionId?: string;
  /**
   * Resource group of the server.
   *
   * 1-90 characters. A literal, or a reference to a literal attribute of another construct of the app
   * (`rg.name`), resolved at synth.
   *
   * @see https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
   */
  readonly resourceGroupName: string;
  /**
   * Name of the flexible server.
   *
   * 3-63 letters, digits and single hyphens, not at either end. A literal, a
   * reference resolved at synth, or one to a value Terraform knows only once it has applied (a
   * `random_string`'s `result`), read at check time from `terraform show -json`.
   *
   * @see https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
   */
  readonly serverName: string;
}

/**
 * The server a declaration is about: a `PostgresqlFlexibleServer` (of `@cdktf/provider-azurerm`, or of
 * `@cdktn/provider-azurerm` with `cdktf-pg-ltr/cdktn`), or plain coordinates.
 */
export type ServerReference = FrameworkResource | ServerCoordinates;

/** True for any `azurerm_postgresql_flexible_server` resource, whichever provider build created it. */
export function isFlexibleServerResource(x: unknown): x is FrameworkResource {
  return isResource(x) && x.terraformResourceType === FLEXIBLE_SERVER_RESOURCE_TYPE;
}

/** Literal name and resource group of a flexible server resource; tokens stay as they are. */
export function resourceCoordinates(resource: FrameworkResource): {
  name: unknown;
  resourceGroupName: unknown;
} {
  // The generated class keeps its configuration in `<attribute>Input`; the plain getters return tokens.
  const config = resource as unknown as { nameInput?: unknown; resourceGroupNameInput?: unknown };
  return { name: config.nameInput, resourceGroupName: config.resourceGroupNameInput };
}

/** Terraform address of a resource, e.g. `azurerm_postgresql_flexible_server.orders`. */
export function terraformAddress(resource: FrameworkResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/** Where a server's coordinates come from, for messages. */
function sourceOf(resource: FrameworkResource | undefined): string {
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
  const resource = isResource(server) ? server : undefined;
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
  const scope = resource ?? owner;
  const serverName = readName(scope, "serverName", coordinates.name, resource, problems);
  const resourceGroupName = readName(
    scope,
    "resourceGroupName",
    coordinates.resourceGroupName,
    resource,
    problems,
  );
  const subscription = resolveSubscription(owner, server, resource, subscriptionId, problems);
  if (problems.length > 0 || serverName === undefined || resourceGroupName === undefined) {
    return { server: undefined, problems };
  }
  return {
    server: {
      subscriptionId: subscription.value,
      resourceGroupName: resourceGroupName.value,
      serverName: serverName.value,
      expressions: {
        ...(serverName.expression === undefined ? {} : { serverName: serverName.expression }),
        ...(resourceGroupName.expression === undefined
          ? {}
          : { resourceGroupName: resourceGroupName.expression }),
        ...(subscription.expression === undefined ? {} : { subscriptionId: subscription.expression }),
      },
      deferred: {
        ...(serverName.deferred ? { serverName: serverName.deferred } : {}),
        ...(resourceGroupName.deferred ? { resourceGroupName: resourceGroupName.deferred } : {}),
      },
      resource,
    },
    problems,
  };
}

const NAME_FIELDS = {
  serverName: { field: "server name", attribute: "name", terraform: "name" },
  resourceGroupName: {
    field: "resource group name",
    attribute: "resourceGroupName",
    terraform: "resource_group_name",
  },
} as const;

interface ReadName {
  /** The name, or its expression when deferred. */
  readonly value: string;
  readonly expression?: string;
  readonly deferred?: DeferredName;
}

/**
 * A server name or resource group: a literal, a reference resolved now, or (when only Terraform will know
 * it) deferred to check time. A server given as its resource defers to the resource's own attribute in the
 * state, whatever expression names it; plain coordinates defer to the resources their expression reads.
 */
function readName(
  scope: IConstruct,
  parameter: keyof typeof NAME_FIELDS,
  value: unknown,
  resource: FrameworkResource | undefined,
  problems: string[],
): ReadName | undefined {
  const { field, attribute, terraform } = NAME_FIELDS[parameter];
  if (typeof value !== "string") {
    problems.push(`${field}${sourceOf(resource)} is missing: it must be a string`);
    return undefined;
  }
  const name = resolveName(scope, value);
  if (name.kind === "literal" || name.kind === "resolved") {
    const expression = name.kind === "resolved" ? name.expression : undefined;
    const problem = uriParameterProblem(parameter, name.value);
    if (problem) {
      const from = expression === undefined ? "" : ` (from ${expression}${sourceOf(resource)})`;
      problems.push(`${field} ${JSON.stringify(name.value)}${from} ${problem}`);
      return undefined;
    }
    return { value: name.value, ...(expression === undefined ? {} : { expression }) };
  }
  if (resource) {
    const address = terraformAddress(resource);
    const deferred: DeferredName = {
      expression: name.expression,
      template: `\${${address}.${terraform}}`,
      reads: [{ address, attribute: terraform }],
    };
    return { value: name.expression, expression: name.expression, deferred };
  }
  if (name.kind === "deferred" && name.variables.length === 0) {
    const deferred: DeferredName = {
      expression: name.expression,
      template: name.expression,
      reads: [...name.reads],
    };
    return { value: name.expression, expression: name.expression, deferred };
  }
  const why =
    name.kind === "deferred"
      ? `${name.variables.join(", ")} ${name.variables.length === 1 ? "is a variable" : "are variables"} without ` +
        "default, and a Terraform state does not record variables"
      : name.why;
  problems.push(
    `${field} is ${name.expression}, which is not known at synth time (${why}); give it a literal or a ` +
      `reference to another construct's literal ${attribute}, or pass the PostgresqlFlexibleServer as server ` +
      `so that pg-ltr check can read its ${terraform} from \`terraform show -json\``,
  );
  return undefined;
}

/** Props first, then plain coordinates, then the subscription of the AzurermProvider in charge. */
function resolveSubscription(
  owner: IConstruct,
  server: ServerReference,
  resource: FrameworkResource | undefined,
  fromProps: string | undefined,
  problems: string[],
): { value: string | null; expression?: string } {
  const fromCoordinates = resource ? undefined : (server as ServerCoordinates).subscriptionId;
  const declared: Array<[string, unknown]> = [];
  if (fromProps !== undefined) declared.push(["subscriptionId", fromProps]);
  if (fromCoordinates !== undefined) declared.push(["server.subscriptionId", fromCoordinates]);
  const values: Array<{ field: string; value: string; expression?: string }> = [];
  for (const [field, value] of declared) {
    if (typeof value !== "string") {
      problems.push(`${field} ${JSON.stringify(value)} must be a string`);
      return { value: null };
    }
    const name = resolveName(owner, value);
    if (name.kind === "deferred" || name.kind === "unusable") {
      problems.push(
        `${field} is ${name.expression}, which is not known at synth time; pass a literal UUID or a reference ` +
          `to one, or leave it out to use the provider's or the one given to pg-ltr check`,
      );
      return { value: null };
    }
    const label = field === "subscriptionId" ? "subscription ID" : field;
    const from = name.kind === "resolved" ? ` (from ${name.expression})` : "";
    const problem = uriParameterProblem("subscriptionId", name.value);
    if (problem) problems.push(`${label} ${JSON.stringify(name.value)}${from} ${problem}`);
    values.push({
      field,
      value: name.value,
      ...(name.kind === "resolved" ? { expression: name.expression } : {}),
    });
  }
  if (values.length === 2 && values[0].value.toLowerCase() !== values[1].value.toLowerCase()) {
    problems.push(
      `subscriptionId ${JSON.stringify(values[0].value)} differs from server.subscriptionId ` +
        `${JSON.stringify(values[1].value)}; give the subscription once`,
    );
  }
  if (values.length > 0) {
    const { value, expression } = values[0];
    return { value, ...(expression === undefined ? {} : { expression }) };
  }

  const provider = providerInCharge(resource ?? owner, resource);
  if (!provider) return { value: null };
  const value = (provider as unknown as { subscriptionId?: unknown }).subscriptionId;
  if (typeof value !== "string") return { value: null };
  const name = resolveName(provider, value);
  // A subscription only Terraform knows (a variable without default) is left to check time.
  if (name.kind === "deferred" || name.kind === "unusable")
    return { value: null, expression: name.expression };
  const problem = uriParameterProblem("subscriptionId", name.value);
  if (problem) {
    const from = name.kind === "resolved" ? ` (from ${name.expression})` : "";
    problems.push(
      `subscription ID ${JSON.stringify(name.value)}${from} of the provider ${provider.node.path} ${problem}`,
    );
    return { value: null };
  }
  return { value: name.value, ...(name.kind === "resolved" ? { expression: name.expression } : {}) };
}

/** The resource's own provider if it names one, else the stack's default (unaliased) azurerm provider. */
function providerInCharge(
  scope: IConstruct,
  resource: FrameworkResource | undefined,
): FrameworkProvider | undefined {
  if (resource?.provider) {
    return resource.provider.terraformResourceType === AZURERM_PROVIDER_TYPE ? resource.provider : undefined;
  }
  const framework = frameworkOf(scope);
  const stack = framework.stackOf(scope);
  // Searching the stack for every declaration made synth of large apps quadratic. A stack has at most
  // one default azurerm provider, so once found it stays the answer; "none yet" is never remembered.
  const known = defaultProviders.get(stack);
  if (known) return known;
  const found = stack.node
    .findAll()
    .find(
      (c): c is FrameworkProvider =>
        framework.isProvider(c) && c.terraformResourceType === AZURERM_PROVIDER_TYPE && c.alias === undefined,
    );
  if (found) defaultProviders.set(stack, found);
  return found;
}

const defaultProviders = new WeakMap<FrameworkStack, FrameworkProvider>();

/** A resource of any construct tree: the framework of its own app says, so a token-free check needs no scope. */
function isResource(x: unknown): x is FrameworkResource {
  const construct = x as Partial<IConstruct> | null;
  return (
    typeof x === "object" &&
    construct !== null &&
    typeof construct.node === "object" &&
    frameworkOf(x as IConstruct).isResource(x)
  );
}

import type { ServerExpectations } from "../expectations/document";
import { PgLtrInputError } from "../errors/input-error";
import type { StackExpectations } from "./read-cdktf-out";

/** A server's expectations with the subscription it is checked in. */
export interface CheckedServer {
  readonly stack: string;
  readonly subscriptionId: string;
  readonly expectations: ServerExpectations;
}

export interface SubscriptionFallback {
  /** `--subscription` / `CheckOptions.subscriptionId`. */
  readonly subscriptionId?: string;
  /** Where ARM_SUBSCRIPTION_ID and AZURE_SUBSCRIPTION_ID are read from. */
  readonly env: NodeJS.ProcessEnv;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Gives every server a subscription: the one declared with it, else `--subscription`, else
 * ARM_SUBSCRIPTION_ID (what the azurerm provider reads), else AZURE_SUBSCRIPTION_ID.
 */
export function resolveSubscriptions(
  stacks: readonly StackExpectations[],
  fallback: SubscriptionFallback,
): CheckedServer[] {
  const given = fallback.subscriptionId?.trim();
  if (given !== undefined && given !== "" && !UUID.test(given)) {
    throw new PgLtrInputError(
      `--subscription "${given}" is not a subscription id: pass a UUID such as 00000000-0000-0000-0000-000000000000`,
    );
  }
  const fromDefault = lazyDefault(given, fallback.env);
  const servers: CheckedServer[] = [];
  const lacking: string[] = [];
  for (const { stack, document } of stacks) {
    for (const expectations of document.servers) {
      const subscriptionId = expectations.subscriptionId ?? fromDefault();
      if (subscriptionId === undefined) {
        lacking.push(`${expectations.resourceGroupName}/${expectations.serverName} (stack ${stack})`);
        continue;
      }
      servers.push({ stack, subscriptionId, expectations });
    }
  }
  if (lacking.length > 0) {
    const shown = lacking.slice(0, 5).join(", ");
    const more = lacking.length > 5 ? ` and ${lacking.length - 5} more` : "";
    throw new PgLtrInputError(
      `no subscription for server${lacking.length > 1 ? "s" : ""} ${shown}${more}: set subscriptionId on ` +
        "PostgresLtrBackups, pass --subscription, or set ARM_SUBSCRIPTION_ID (or AZURE_SUBSCRIPTION_ID)",
    );
  }
  return servers;
}

/** The fallback subscription, looked up and checked only when a server needs it. */
function lazyDefault(given: string | undefined, env: NodeJS.ProcessEnv): () => string | undefined {
  let resolved: { value: string | undefined } | undefined;
  return () => {
    if (resolved) return resolved.value;
    let value: string | undefined = given || undefined;
    for (const variable of ["ARM_SUBSCRIPTION_ID", "AZURE_SUBSCRIPTION_ID"]) {
      if (value !== undefined) break;
      const text = env[variable]?.trim();
      if (!text) continue;
      if (!UUID.test(text)) {
        throw new PgLtrInputError(
          `${variable} "${text}" is not a subscription id: set it to a UUID such as 00000000-0000-0000-0000-000000000000`,
        );
      }
      value = text;
    }
    resolved = { value };
    return value;
  };
}

import type { ServerExpectations } from "../expectations/document";
import { PgLtrInputError } from "../errors/input-error";
import type { StackExpectations } from "./read-cdktf-out";

/** A server's expectations with the subscription it is checked in. */
export interface CheckedServer {
  readonly stack: string;
  readonly subscriptionId: string;
  readonly expectations: ServerExpectations;
}

/** A server whose subscription could not be told: its expectations become `error` findings. */
export interface UnresolvedServer extends Omit<CheckedServer, "subscriptionId"> {
  readonly subscriptionId: null;
  /** Why, and how to give the subscription. */
  readonly reason: string;
}

export interface ResolvedSubscriptions {
  readonly servers: CheckedServer[];
  readonly unresolved: UnresolvedServer[];
}

export interface SubscriptionFallback {
  /** `--subscription` / `CheckOptions.subscriptionId`. */
  readonly subscriptionId?: string;
  /** Where ARM_SUBSCRIPTION_ID and AZURE_SUBSCRIPTION_ID are read from. */
  readonly env: NodeJS.ProcessEnv;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Gives every server a subscription, one stack at a time as stacks are read: the one declared with
 * it, else `--subscription`, else ARM_SUBSCRIPTION_ID (what the azurerm provider reads), else
 * AZURE_SUBSCRIPTION_ID. A server left without one (or whose fallback variable is not a subscription
 * id) is that server's problem, not the whole check's: it is returned as unresolved with the reason,
 * and the others are checked. Only a bad `--subscription` flag stops the check: the constructor
 * throws for it. The environment is looked up once, when a server first needs it.
 */
export class SubscriptionResolver {
  private readonly fromDefault: () => Fallback;

  constructor(fallback: SubscriptionFallback) {
    const given = fallback.subscriptionId?.trim();
    if (given !== undefined && given !== "" && !UUID.test(given)) {
      throw new PgLtrInputError(
        `--subscription "${given}" is not a subscription id: pass a UUID such as 00000000-0000-0000-0000-000000000000`,
      );
    }
    this.fromDefault = lazyDefault(given, fallback.env);
  }

  resolve({ stack, document }: StackExpectations): ResolvedSubscriptions {
    const servers: CheckedServer[] = [];
    const unresolved: UnresolvedServer[] = [];
    for (const expectations of document.servers) {
      const resolved = expectations.subscriptionId ?? this.fromDefault();
      if (typeof resolved === "string") {
        servers.push({ stack, subscriptionId: resolved, expectations });
        continue;
      }
      const where = `server ${expectations.resourceGroupName}/${expectations.serverName} (stack ${stack})`;
      const reason =
        resolved === undefined
          ? `no subscription for ${where}: set subscriptionId on PostgresLtrBackups, pass --subscription, ` +
            "or set ARM_SUBSCRIPTION_ID (or AZURE_SUBSCRIPTION_ID)"
          : `no subscription for ${where}: ${resolved.problem}`;
      unresolved.push({ stack, subscriptionId: null, expectations, reason });
    }
    return { servers, unresolved };
  }
}

type Fallback = string | undefined | { readonly problem: string };

/** The fallback subscription, looked up and checked only when a server needs it. */
function lazyDefault(given: string | undefined, env: NodeJS.ProcessEnv): () => Fallback {
  let resolved: { value: Fallback } | undefined;
  return () => {
    if (resolved) return resolved.value;
    let value: Fallback = given || undefined;
    for (const variable of ["ARM_SUBSCRIPTION_ID", "AZURE_SUBSCRIPTION_ID"]) {
      if (value !== undefined) break;
      const text = env[variable]?.trim();
      if (!text) continue;
      value = UUID.test(text)
        ? text
        : {
            problem: `${variable} "${text}" is not a subscription id: set it to a UUID such as 00000000-0000-0000-0000-000000000000`,
          };
    }
    resolved = { value };
    return value;
  };
}

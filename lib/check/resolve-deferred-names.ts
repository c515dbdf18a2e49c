import type {
  DeferredName,
  DeferredServerExpectations,
  ServerExpectations,
  StateRead,
} from "../expectations/document";
import { uriParameterProblem } from "../names/uri-parameter-rules";
import { planServer, type PlanContext } from "./plan-requests";
import type { StackExpectations } from "./read-cdktf-out";
import type { Finding } from "./result";
import type { TerraformState } from "./terraform-state";

/** A server whose names could not be read from any Terraform state given, and why, as a sentence tail. */
export interface UnnamedServer {
  readonly stack: string;
  readonly expectations: DeferredServerExpectations;
  /** e.g. `server name orders-${random_string.suffix.result} could not be resolved: ...; pass ...`. */
  readonly reason: string;
}

export interface DeferredNamesResolution {
  /** The stacks with every deferred server that could be named added to `document.servers`. */
  readonly stacks: StackExpectations[];
  /** Deferred servers that stay unnamed; each of their expectations becomes an `error` finding. */
  readonly unnamed: UnnamedServer[];
}

const READ = /\$\{([^{}]+)\.([a-z][a-z0-9_]*)\}/g;
const SUBSCRIPTION_IN_ID =
  /^\/subscriptions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\//i;

/**
 * Names the servers synthesis could only write as Terraform expressions (`deferredServers`), from the
 * states given with `--terraform-state`. A state belongs to a stack when it holds every resource the
 * stack's deferred names read; when several do, those whose servers contradict the stack's literal names
 * are dropped. A server given as its resource with no subscription takes the one of its `id` in the state.
 */
export function resolveDeferredNames(
  stacks: readonly StackExpectations[],
  states: readonly TerraformState[],
): DeferredNamesResolution {
  const unnamed: UnnamedServer[] = [];
  const resolved = stacks.map((stack): StackExpectations => {
    const deferred = stack.document.deferredServers ?? [];
    const state = stateOf(stack, states);
    const servers: ServerExpectations[] = stack.document.servers.map((server) =>
      withStateSubscription(server, typeof state === "string" ? undefined : state),
    );
    for (const server of deferred) {
      const named = nameServer(server, state);
      if (typeof named === "string")
        unnamed.push({ stack: stack.stack, expectations: server, reason: named });
      else servers.push(withStateSubscription(named, typeof state === "string" ? undefined : state));
    }
    if (deferred.length === 0 && servers.every((s, i) => s === stack.document.servers[i])) return stack;
    return { ...stack, document: { ...stack.document, servers } };
  });
  return { stacks: resolved, unnamed };
}

/** The state of a stack, or why there is none (a sentence tail naming what to pass). */
function stateOf(stack: StackExpectations, states: readonly TerraformState[]): TerraformState | string {
  const deferred = stack.document.deferredServers ?? [];
  const reads = deferred.flatMap((server) => [server.serverName, server.resourceGroupName]).flatMap(readsOf);
  const addresses = [...new Set(reads.map((read) => read.address))];
  const pass =
    `pass --terraform-state FILE with the output of \`terraform show -json\` run in the stack's folder ` +
    `(cdktf.out/stacks/${stack.stack}) after \`terraform apply\``;
  if (addresses.length === 0) {
    // Only subscriptions may come from a state here; take one when exactly one state names these servers.
    const holding = states.filter((state) =>
      stack.document.servers.some((server) => server.address !== null && state.resources.has(server.address)),
    );
    return holding.length === 1 ? (holding[0] as TerraformState) : "no state";
  }
  if (states.length === 0) return `no --terraform-state was given; ${pass}`;
  let candidates = states.filter((state) => addresses.every((address) => state.resources.has(address)));
  if (candidates.length > 1) candidates = candidates.filter((state) => agreesWithLiterals(stack, state));
  if (candidates.length === 1) return candidates[0] as TerraformState;
  if (candidates.length === 0) {
    return `none of the --terraform-state files (${states.map((s) => s.file).join(", ")}) holds ${addresses.join(", ")}; ${pass}`;
  }
  return (
    `${candidates.length} --terraform-state files hold ${addresses.join(", ")} ` +
    `(${candidates.map((s) => s.file).join(", ")}); pass only the one of stack ${stack.stack}`
  );
}

/** False when the state's server resources carry other names than the stack's literal ones. */
function agreesWithLiterals(stack: StackExpectations, state: TerraformState): boolean {
  return stack.document.servers.every((server) => {
    const values = server.address === null ? undefined : state.resources.get(server.address);
    if (!values) return true;
    const same = (a: unknown, b: string): boolean =>
      typeof a !== "string" || a.toLowerCase() === b.toLowerCase();
    return same(values.name, server.serverName) && same(values.resource_group_name, server.resourceGroupName);
  });
}

function readsOf(name: string | DeferredName): StateRead[] {
  return typeof name === "string" ? [] : name.reads;
}

function nameServer(
  server: DeferredServerExpectations,
  state: TerraformState | string,
): ServerExpectations | string {
  const serverName = nameFrom("server name", "serverName", server.serverName, state);
  if (serverName.problem !== undefined) return serverName.problem;
  const resourceGroupName = nameFrom(
    "resource group name",
    "resourceGroupName",
    server.resourceGroupName,
    state,
  );
  if (resourceGroupName.problem !== undefined) return resourceGroupName.problem;
  return { ...server, serverName: serverName.value, resourceGroupName: resourceGroupName.value };
}

function nameFrom(
  label: string,
  parameter: "serverName" | "resourceGroupName",
  name: string | DeferredName,
  state: TerraformState | string,
): { value: string; problem?: undefined } | { value?: undefined; problem: string } {
  if (typeof name === "string") return { value: name };
  const unresolved = `${label} ${name.expression} could not be resolved`;
  if (typeof state === "string") return { problem: `${unresolved}: ${state}` };
  let problem: string | undefined;
  const value = name.template.replace(READ, (whole, address: string, attribute: string) => {
    const found = state.resources.get(address)?.[attribute];
    if (typeof found !== "string" || found === "") {
      problem ??=
        `${unresolved}: ${address} in ${state.file} has no ${attribute}` +
        `; run \`terraform apply\` for the stack and \`terraform show -json\` again`;
      return whole;
    }
    return found;
  });
  if (problem) return { problem };
  const rule = uriParameterProblem(parameter, value);
  if (rule) return { problem: `${unresolved}: ${state.file} gives ${JSON.stringify(value)}, which ${rule}` };
  return { value };
}

/** A server resource with no subscription declared takes it from its `id` in the state. */
function withStateSubscription(
  server: ServerExpectations,
  state: TerraformState | undefined,
): ServerExpectations {
  if (server.subscriptionId !== null || server.address === null || !state) return server;
  const id = state.resources.get(server.address)?.id;
  const match = typeof id === "string" ? SUBSCRIPTION_IN_ID.exec(id) : null;
  return match ? { ...server, subscriptionId: match[1] as string } : server;
}

/**
 * One `error` finding per expectation of each unnamed server, planned as a named server would be (so
 * the counts match what a named one would get), about the server's Terraform expressions.
 */
export function unnamedServerFindings(unnamed: readonly UnnamedServer[], context: PlanContext): Finding[] {
  return unnamed.flatMap(({ stack, expectations, reason }) => {
    const text = (name: string | DeferredName): string => (typeof name === "string" ? name : name.expression);
    const plan = planServer(
      [
        {
          stack,
          subscriptionId: expectations.subscriptionId ?? "",
          expectations: {
            ...expectations,
            serverName: text(expectations.serverName),
            resourceGroupName: text(expectations.resourceGroupName),
          },
        },
      ],
      context,
    );
    return plan.checks.map((check): Finding => ({
      ...check.target,
      verdict: "error",
      reason,
      observed: null,
      schemaErrors: [],
      http: null,
    }));
  });
}

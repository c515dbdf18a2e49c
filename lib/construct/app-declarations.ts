import type { IConstruct } from "constructs";
import type {
  DeferredServerExpectations,
  ScheduledRunsExpectation,
  ServerExpectations,
} from "../expectations/document";
import { parseDuration } from "../time/duration";
import { DeclarationResult, declarationSourcesIn, LtrDeclaration, ResolvedServer } from "./declaration";
import { sameDuration } from "./duration-order";
import { terraformAddress } from "./server-reference";

/**
 * Identity of a server across declarations. Azure compares resource group and resource names without
 * regard to case; a server whose subscription is left to check time is kept apart from one that names it.
 */
export function serverKey(server: ResolvedServer): string {
  return [
    server.subscriptionId?.toLowerCase() ?? "",
    server.resourceGroupName.toLowerCase(),
    server.serverName.toLowerCase(),
  ].join("/");
}

/** How a server is named in messages: `rg-data-prod/orders-db`. */
export function serverLabel(server: ResolvedServer): string {
  return `${server.resourceGroupName}/${server.serverName}`;
}

/** Everything declared in an app, with the messages of declarations that contradict an earlier one. */
export interface AppDeclarations {
  /** What every declaring construct of the app declares, valid or not: PostgresLtrBackups in construct-tree order, then policies. */
  readonly results: readonly DeclarationResult[];
  readonly declarations: readonly LtrDeclaration[];
  /** Messages keyed by the construct path of the later, conflicting declaration. */
  readonly conflicts: ReadonlyMap<string, readonly string[]>;
}

/** Reads every declaration under `root` (the app) and finds the conflicts between them. */
export function readAppDeclarations(root: IConstruct): AppDeclarations {
  const sources = declarationSourcesIn(root);
  const direct = sources.filter((s) => s.reader.phase === "direct").flatMap((s) => s.reader.read([]));
  // Each derived source sees the ones before it too, so that two never derive from one backup instance.
  const derived: DeclarationResult[] = [];
  for (const source of sources.filter((s) => s.reader.phase === "derived")) {
    derived.push(...source.reader.read([...direct, ...derived]));
  }
  const declared = [...direct, ...derived];
  const defaults = sources
    .filter((s) => s.reader.phase === "defaults")
    .flatMap((s) => s.reader.read(declared));
  const results = [...declared, ...defaults];
  const declarations = results.map((r) => r.declaration).filter((d): d is LtrDeclaration => d !== undefined);
  return { results, declarations, conflicts: findConflicts(declarations) };
}

// Each stack's validation starts by reading the whole app once; the declarations' own validations then
// look their conflicts up here instead of each reading the whole app again.
const validationPass = new WeakMap<IConstruct, AppDeclarations>();

/** Reads the app for the validation pass of one stack; `appDeclarations` answers from it until `endPass`. */
export function beginPass(root: IConstruct): void {
  validationPass.set(root, readAppDeclarations(root));
}

export function endPass(root: IConstruct): void {
  validationPass.delete(root);
}

/** The app's declarations: those of the current validation pass, else read now. */
export function appDeclarations(root: IConstruct): AppDeclarations {
  return validationPass.get(root) ?? readAppDeclarations(root);
}

interface FirstDeclared {
  readonly constructPath: string;
  readonly field: string;
}

/**
 * A backup name may be declared once per server in the whole app (across constructs and stacks), a
 * series template likewise, `latest` once or with the same maxAge, and the server must be one resource.
 */
export function findConflicts(declarations: readonly LtrDeclaration[]): Map<string, string[]> {
  const conflicts = new Map<string, string[]>();
  const report = (declaration: LtrDeclaration, message: string): void => {
    const list = conflicts.get(declaration.constructPath) ?? [];
    list.push(message);
    conflicts.set(declaration.constructPath, list);
  };
  const byServer = new Map<
    string,
    {
      names: Map<string, FirstDeclared>;
      templates: Map<string, FirstDeclared>;
      latest?: { maxAge: string; constructPath: string };
      resource?: { path: string; constructPath: string };
    }
  >();

  for (const declaration of declarations) {
    const key = serverKey(declaration.server);
    const label = serverLabel(declaration.server);
    let seen = byServer.get(key);
    if (!seen) {
      seen = { names: new Map(), templates: new Map() };
      byServer.set(key, seen);
    }
    const resource = declaration.server.resource;
    if (resource) {
      if (seen.resource && seen.resource.path !== resource.node.path) {
        report(
          declaration,
          `server ${label} is the resource ${resource.node.path}, but ${seen.resource.constructPath} declares it ` +
            `as the resource ${seen.resource.path}; two resources cannot be one server, so rename one of them`,
        );
      } else {
        seen.resource ??= { path: resource.node.path, constructPath: declaration.constructPath };
      }
    }
    declaration.backups.forEach((backup, i) => {
      const first = seen.names.get(backup.name.toLowerCase());
      const field = `backups[${i}]`;
      if (first) {
        report(
          declaration,
          `${field}.name ${JSON.stringify(backup.name)} is already declared for server ${label} by ` +
            `${first.constructPath} (${first.field}); declare each backup once`,
        );
      } else {
        seen.names.set(backup.name.toLowerCase(), { constructPath: declaration.constructPath, field });
      }
    });
    declaration.series.forEach((series, i) => {
      const first = seen.templates.get(series.name.toLowerCase());
      const field = `series[${i}]`;
      if (first) {
        report(
          declaration,
          `${field}.name ${JSON.stringify(series.name)} is already declared for server ${label} by ` +
            `${first.constructPath} (${first.field}); declare each series once`,
        );
      } else {
        seen.templates.set(series.name.toLowerCase(), { constructPath: declaration.constructPath, field });
      }
    });
    if (declaration.latest) {
      const first = seen.latest;
      if (!first) {
        seen.latest = { ...declaration.latest };
      } else if (!sameDuration(parseDuration(first.maxAge), parseDuration(declaration.latest.maxAge))) {
        report(
          declaration,
          `latest.maxAge ${JSON.stringify(declaration.latest.maxAge)} contradicts latest.maxAge ` +
            `${JSON.stringify(first.maxAge)} declared for server ${label} by ${first.constructPath}; ` +
            `declare latest once per server`,
        );
      }
    }
  }
  return conflicts;
}

/**
 * The document's server entries for the declarations of one stack: one entry per server, with the
 * expectations of every declaration merged, sorted by server, then by name, so output is deterministic.
 * Servers with a name only Terraform knows go to `deferred`, for check time to name from the state.
 */
export function mergeDeclarations(declarations: readonly LtrDeclaration[]): {
  servers: ServerExpectations[];
  deferred: DeferredServerExpectations[];
} {
  const groups = new Map<string, LtrDeclaration[]>();
  for (const declaration of declarations) {
    const key = serverKey(declaration.server);
    groups.set(key, [...(groups.get(key) ?? []), declaration]);
  }
  const byName = (a: { name: string }, b: { name: string }): number => compareText(a.name, b.name);
  const servers: ServerExpectations[] = [];
  const deferred: DeferredServerExpectations[] = [];
  for (const group of groups.values()) {
    const first = group[0].server;
    const resource = group.find((d) => d.server.resource)?.server.resource;
    const expressions = Object.keys(first.expressions).length > 0 ? { expressions: first.expressions } : {};
    const entry = {
      constructPaths: [...new Set(group.map((d) => d.constructPath))].sort(compareText),
      address: resource ? terraformAddress(resource) : null,
      subscriptionId: first.subscriptionId,
      resourceGroupName: first.resourceGroupName,
      serverName: first.serverName,
      ...expressions,
      backups: group.flatMap((d) => d.backups).sort(byName),
      latest: group.find((d) => d.latest)?.latest ?? null,
      series: group.flatMap((d) => d.series).sort(byName),
      // Written only when there are some, so a server without vault protection reads as before.
      ...scheduledOf(group),
    };
    if (first.deferred.serverName || first.deferred.resourceGroupName) {
      deferred.push({
        ...entry,
        serverName: first.deferred.serverName ?? first.serverName,
        resourceGroupName: first.deferred.resourceGroupName ?? first.resourceGroupName,
      });
    } else {
      servers.push(entry);
    }
  }
  const order = (
    a: Pick<ServerExpectations, "serverName" | "resourceGroupName" | "subscriptionId">,
    b: Pick<ServerExpectations, "serverName" | "resourceGroupName" | "subscriptionId">,
  ): number =>
    compareText(a.serverName, b.serverName) ||
    compareText(a.resourceGroupName, b.resourceGroupName) ||
    compareText(a.subscriptionId ?? "", b.subscriptionId ?? "");
  const text = (name: string | { expression: string }): string =>
    typeof name === "string" ? name : name.expression;
  return {
    servers: servers.sort(order),
    deferred: deferred.sort((a, b) =>
      order(
        { ...a, serverName: text(a.serverName), resourceGroupName: text(a.resourceGroupName) },
        { ...b, serverName: text(b.serverName), resourceGroupName: text(b.resourceGroupName) },
      ),
    ),
  };
}

function scheduledOf(group: readonly LtrDeclaration[]): { scheduled?: ScheduledRunsExpectation[] } {
  const scheduled = group
    .flatMap((d) => d.scheduled)
    .sort((a, b) => compareText(a.instanceAddress, b.instanceAddress));
  return scheduled.length > 0 ? { scheduled } : {};
}

// Code-unit order, not locale order: the document must not depend on the machine's locale.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

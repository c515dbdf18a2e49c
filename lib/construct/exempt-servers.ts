import { frameworkOf, FrameworkResource, FrameworkStack } from "./framework";
import type { ServerExemption } from "../expectations/document";
import { applyingExemption, exemptedScopesOf, isWellFormed } from "./exemption";
import { isFlexibleServerResource, resourceCoordinates, terraformAddress } from "./server-reference";
import { resolveName } from "./name-resolution";
import { creationSiteOf } from "./source-location";
import type { IConstruct } from "constructs";

/**
 * The exempt flexible servers of a stack, for its expectations document, so that every report shows
 * them with their reason and expiry. Only the exempted scopes are searched, not the whole app; a server
 * under several exempted scopes has the nearest one's exemption, as the policy judges it. A malformed
 * exemption fails synth on its own and is left out here.
 */
export function stackExemptions(stack: FrameworkStack): ServerExemption[] {
  const framework = frameworkOf(stack);
  const servers = new Set<FrameworkResource>();
  for (const scope of exemptedScopesOf(stack.node.root)) {
    for (const node of scope.node.findAll()) {
      if (isFlexibleServerResource(node) && framework.stackOf(node) === stack) servers.add(node);
    }
  }
  const entries: ServerExemption[] = [];
  for (const server of servers) {
    const applying = applyingExemption(server);
    if (!applying || !isWellFormed(applying.exemption)) continue;
    const { name, resourceGroupName } = resourceCoordinates(server);
    const declaredAt = creationSiteOf(applying.exemption);
    entries.push({
      constructPath: server.node.path,
      address: terraformAddress(server),
      resourceGroupName: literalOrNull(server, resourceGroupName),
      serverName: literalOrNull(server, name),
      reason: applying.exemption.reason,
      expires: applying.exemption.expires ?? null,
      exemptedScope: applying.scope.node.path,
      ...(declaredAt ? { declaredAt } : {}),
    });
  }
  // Code-unit order, not locale order: the document must not depend on the machine's locale.
  return entries.sort((a, b) =>
    a.constructPath < b.constructPath ? -1 : a.constructPath > b.constructPath ? 1 : 0,
  );
}

/** The literal, or the name a reference resolves to at synth (`rg.name` of a resource with a literal name). */
function literalOrNull(scope: IConstruct, value: unknown): string | null {
  if (typeof value !== "string") return null;
  if (!frameworkOf(scope).isUnresolved(value)) return value;
  const resolved = resolveName(scope, value);
  return resolved.kind === "literal" || resolved.kind === "resolved" ? resolved.value : null;
}

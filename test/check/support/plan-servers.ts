import { DeclaredServers } from "../../../lib/check/declared-servers";
import { planServer, type PlanContext, type ServerPlan } from "../../../lib/check/plan-requests";
import type { CheckedServer } from "../../../lib/check/resolve-subscriptions";
import { layOut } from "../../../lib/check/result-layout";

/**
 * The servers' plans as the check makes them (check-ltr-backups.ts): the declarations held compactly,
 * laid out (one group per server, however many stacks declare it and however they spell it), then
 * each group planned, in the order the check takes them. Refuses, as the check does, a plan whose
 * checks disagree with the size the layout counted.
 */
export function planServers(
  servers: readonly CheckedServer[],
  context: Pick<PlanContext, "now" | "strategy"> & Partial<PlanContext>,
): ServerPlan[] {
  const planContext: PlanContext = {
    endpoint: "https://management.azure.com",
    apiVersion: "2025-08-01",
    ...context,
  };
  const declared = new DeclaredServers();
  for (const server of servers) declared.add(server);
  const layout = layOut(declared, [], planContext, null);
  return layout.groups.map((id) => {
    const group = layout.group(id);
    const plan = planServer(group.members, planContext);
    if (plan.checks.length !== group.checks) {
      throw new Error(
        `${plan.serverName} was sized at ${group.checks} checks but planned with ${plan.checks.length}`,
      );
    }
    return plan;
  });
}

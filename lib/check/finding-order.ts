import type { ExpectationTarget } from "./result";

/**
 * Where a finding goes in a result: stack, then resource group and server (ARM names are case blind),
 * then subscription; ties keep the order the expectations were declared in. A check and a merge of
 * its shards sort alike, so both print the same report.
 */
export function findingSortKey(
  target: Pick<ExpectationTarget, "stack" | "resourceGroupName" | "serverName" | "subscriptionId">,
): string[] {
  return [
    target.stack,
    target.resourceGroupName.toLowerCase(),
    target.serverName.toLowerCase(),
    (target.subscriptionId ?? "").toLowerCase(),
  ];
}

/** Compares sort keys in code-unit order, never the machine's locale, so every runner agrees. */
export function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

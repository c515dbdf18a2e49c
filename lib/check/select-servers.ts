import { didYouMean } from "../text/closest-name";
import { PgLtrInputError } from "../errors/input-error";
import type { StackExpectations } from "./read-cdktf-out";

/**
 * Keeps only the servers named (`--server`, case-insensitive as ARM names are) in each stack; stacks
 * left without a server drop out. A name that no stack declares stops the check with the declared
 * names, so a typo never passes as "nothing to check".
 */
export function selectServers(
  stacks: readonly StackExpectations[],
  names: readonly string[] | undefined,
): StackExpectations[] {
  if (names === undefined || names.length === 0) return [...stacks];
  const wanted = new Set(names.map((name) => name.trim().toLowerCase()));
  const declared = [...new Set(stacks.flatMap((s) => s.document.servers.map((server) => server.serverName)))];
  const known = new Set(declared.map((name) => name.toLowerCase()));
  const unknown = names.filter((name) => !known.has(name.trim().toLowerCase()));
  if (unknown.length > 0) {
    const first = unknown[0] as string;
    throw new PgLtrInputError(
      `unknown server ${unknown.map((name) => `"${name}"`).join(", ")} (--server): the servers with LTR ` +
        `backup expectations are ${declared.join(", ")}${didYouMean(first, declared)}`,
    );
  }
  const selected: StackExpectations[] = [];
  for (const stack of stacks) {
    const servers = stack.document.servers.filter((server) => wanted.has(server.serverName.toLowerCase()));
    if (servers.length > 0) selected.push({ ...stack, document: { ...stack.document, servers } });
  }
  return selected;
}

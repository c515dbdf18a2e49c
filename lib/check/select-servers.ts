import { didYouMean } from "../text/closest-name";
import { PgLtrInputError } from "../errors/input-error";
import type { StackExpectations } from "./read-cdktf-out";

/**
 * Keeps only the servers named (`--server`, case-insensitive as ARM names are), one stack at a time
 * as the stacks are read; a stack left without a server drops out. A name that no stack declares
 * stops the check with the declared names (`finish`, once every stack was seen), so a typo never
 * passes as "nothing to check".
 */
export class ServerSelection {
  private readonly wanted: Set<string> | undefined;
  /** Declared names in order of first declaration, kept only when names were given. */
  private readonly declared = new Map<string, string>();

  constructor(private readonly names: readonly string[] | undefined) {
    this.wanted =
      names === undefined || names.length === 0
        ? undefined
        : new Set(names.map((name) => name.trim().toLowerCase()));
  }

  /** The stack with only the servers named, or undefined when none of its servers is. */
  filter(stack: StackExpectations): StackExpectations | undefined {
    const wanted = this.wanted;
    if (wanted === undefined) return stack;
    for (const server of stack.document.servers) {
      if (!this.declared.has(server.serverName))
        this.declared.set(server.serverName, server.serverName.toLowerCase());
    }
    const servers = stack.document.servers.filter((server) => wanted.has(server.serverName.toLowerCase()));
    return servers.length > 0 ? { ...stack, document: { ...stack.document, servers } } : undefined;
  }

  /** Throws for a name no stack declared. */
  finish(): void {
    if (this.wanted === undefined) return;
    const known = new Set(this.declared.values());
    const unknown = (this.names ?? []).filter((name) => !known.has(name.trim().toLowerCase()));
    if (unknown.length === 0) return;
    const declared = [...this.declared.keys()];
    const first = unknown[0] as string;
    throw new PgLtrInputError(
      `unknown server ${unknown.map((name) => `"${name}"`).join(", ")} (--server): the servers with LTR ` +
        `backup expectations are ${declared.join(", ")}${didYouMean(first, declared)}`,
    );
  }
}

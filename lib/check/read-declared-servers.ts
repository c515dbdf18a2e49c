import { DeclaredServers } from "./declared-servers";
import { exemptServers } from "./exempt-servers";
import { ExpectationsFingerprint } from "./expectations-fingerprint";
import { readStacks, type ReadCdktfOutOptions } from "./read-cdktf-out";
import { resolveDeferredNames, type UnnamedServer } from "./resolve-deferred-names";
import {
  SubscriptionResolver,
  type SubscriptionFallback,
  type UnresolvedServer,
} from "./resolve-subscriptions";
import type { ExemptServer } from "./result";
import { ServerSelection } from "./select-servers";
import type { TerraformState } from "./terraform-state";

export interface ReadDeclaredServersOptions extends Pick<
  ReadCdktfOutOptions,
  "outDir" | "namedBy" | "stacks"
> {
  /** `--terraform-state` files, for the servers synthesis could only name by expression. */
  readonly terraformStates: readonly TerraformState[];
  /** `--server`: only these servers. @default every server */
  readonly servers?: readonly string[];
  readonly subscription: SubscriptionFallback;
  /** The check's instant, which exemptions are judged at. */
  readonly now: Date;
}

/** What a check needs from cdktf.out, read one stack at a time. */
export interface DeclaredInput {
  /** The servers to ask ARM about, compactly, in stack order. */
  readonly servers: DeclaredServers;
  /** Servers whose subscription could not be told. */
  readonly unresolved: UnresolvedServer[];
  /** Deferred servers no Terraform state named. */
  readonly unnamed: UnnamedServer[];
  /** expectationsFingerprint of the servers and of those that cannot be checked. */
  readonly fingerprint: string;
  /** The exempt servers of every stack read. */
  readonly exempt: ExemptServer[];
}

/**
 * Reads cdktf.out one stack at a time: each document is parsed and validated, its deferred names
 * resolved, its servers selected (`--server`) and given their subscription, fed to the fingerprint
 * and kept only in compact form before the next document is read, so a check holds one parsed
 * document at a time however large the estate. The errors are those of reading everything first:
 * a bad document, then an unknown `--server`, then a bad `--subscription`.
 */
export function readDeclaredServers(options: ReadDeclaredServersOptions): DeclaredInput {
  const selection = new ServerSelection(options.servers);
  let resolver: SubscriptionResolver | undefined;
  let badFlag: unknown;
  try {
    resolver = new SubscriptionResolver(options.subscription);
  } catch (error) {
    badFlag = error;
  }
  const servers = new DeclaredServers();
  const fingerprint = new ExpectationsFingerprint();
  const unresolved: UnresolvedServer[] = [];
  const unnamed: UnnamedServer[] = [];
  const exempt: ExemptServer[] = [];
  readStacks(
    {
      ...(options.outDir === undefined ? {} : { outDir: options.outDir }),
      ...(options.namedBy === undefined ? {} : { namedBy: options.namedBy }),
      ...(options.stacks === undefined ? {} : { stacks: options.stacks }),
    },
    (read) => {
      for (const server of exemptServers([read], options.now)) exempt.push(server);
      const named = resolveDeferredNames([read], options.terraformStates);
      for (const server of named.unnamed) unnamed.push(server);
      const stack = named.stacks[0] && selection.filter(named.stacks[0]);
      if (!stack || !resolver) return;
      const resolved = resolver.resolve(stack);
      for (const server of resolved.servers) {
        fingerprint.addChecked(server);
        servers.add(server);
      }
      for (const server of resolved.unresolved) unresolved.push(server);
    },
  );
  selection.finish();
  if (badFlag !== undefined) throw badFlag;
  return {
    servers,
    unresolved,
    unnamed,
    fingerprint: fingerprint.digest([...unresolved, ...unnamed]),
    exempt,
  };
}

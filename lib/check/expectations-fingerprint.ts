import { createHash } from "node:crypto";
import type { CheckedServer } from "./resolve-subscriptions";

/**
 * A fingerprint of what a check was asked to check: every selected stack's server expectations as
 * synthesized, with the subscription each server is checked in, and the servers that cannot be
 * checked (names or subscription unresolved). Shards of one check share it, so `pg-ltr merge` can
 * refuse reports made from different `cdktf.out` folders, stacks or subscriptions. Written as
 * `sha256:<hex>`.
 */
export function expectationsFingerprint(
  servers: readonly CheckedServer[],
  unchecked: readonly { readonly stack: string; readonly expectations: unknown }[] = [],
): string {
  const hash = createHash("sha256");
  for (const server of servers) {
    // One line per server: stack and subscription cannot contain NUL, the JSON cannot contain a raw newline.
    hash.update(
      `${server.stack}\0${server.subscriptionId.toLowerCase()}\0${JSON.stringify(server.expectations)}\n`,
    );
  }
  for (const server of unchecked) {
    hash.update(`${server.stack}\0unchecked\0${JSON.stringify(server.expectations)}\n`);
  }
  return `sha256:${hash.digest("hex")}`;
}

import { createHash, type Hash } from "node:crypto";
import type { CheckedServer } from "./resolve-subscriptions";

/** A server that cannot be checked (names or subscription unresolved), as the fingerprint sees it. */
export interface UncheckedServer {
  readonly stack: string;
  readonly expectations: unknown;
}

/**
 * A fingerprint of what a check was asked to check: every selected stack's server expectations as
 * synthesized, with the subscription each server is checked in, and the servers that cannot be
 * checked (names or subscription unresolved). Shards of one check share it, so `pg-ltr merge` can
 * refuse reports made from different `cdktf.out` folders, stacks or subscriptions. Written as
 * `sha256:<hex>`.
 *
 * Fed one server at a time as stacks are read, so the expectations need not be held for it: the
 * checked servers in order, then the unchecked ones at the end.
 */
export class ExpectationsFingerprint {
  private readonly hash: Hash = createHash("sha256");

  addChecked(server: CheckedServer): void {
    // One line per server: stack and subscription cannot contain NUL, the JSON cannot contain a raw newline.
    this.hash.update(
      `${server.stack}\0${server.subscriptionId.toLowerCase()}\0${JSON.stringify(server.expectations)}\n`,
    );
  }

  digest(unchecked: readonly UncheckedServer[]): string {
    for (const server of unchecked) {
      this.hash.update(`${server.stack}\0unchecked\0${JSON.stringify(server.expectations)}\n`);
    }
    return `sha256:${this.hash.digest("hex")}`;
  }
}

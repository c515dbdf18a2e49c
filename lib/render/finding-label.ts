import type { ExpectationTarget } from "../check/result";

/**
 * How every format names the backup an expectation is about: `orders-db/pre-upgrade-2026-11`, or
 * `billing-db/(latest)` for a freshness check of the newest backup. A `latest` expectation keeps that
 * name even when a backup was found, so a JUnit test case or a Markdown row stays the same run after run.
 */
export function backupLabel(target: ExpectationTarget): string {
  const backup = target.expectation.kind === "latest" ? "(latest)" : (target.backupName ?? "(unnamed)");
  return `${target.serverName}/${backup}`;
}

/** The label with its stack in front (`data-platform/orders-db/pre-upgrade-2026-11`), unique across stacks. */
export function qualifiedLabel(target: ExpectationTarget): string {
  return `${target.stack}/${backupLabel(target)}`;
}

/** Where the expectation was declared: `<constructPath> (<address>)`, the address only when known. */
export function declaredAt(target: ExpectationTarget): string {
  return target.address ? `${target.constructPath} (${target.address})` : target.constructPath;
}

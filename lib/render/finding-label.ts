import type { ExpectationTarget } from "../check/result";

/** The subject with its stack in front (`data-platform/orders-db/pre-upgrade-2026-11`), unique across stacks. */
export function qualifiedLabel(target: Pick<ExpectationTarget, "stack" | "subject">): string {
  return `${target.stack}/${target.subject}`;
}

/**
 * Where the expectation was declared: `main.ts:42 (data-platform/orders-ltr)` when synthesis recorded
 * the source line, else `<constructPath> (<address>)`, the address only when known.
 */
export function declaredAt(target: ExpectationTarget): string {
  if (target.declaredAt)
    return `${target.declaredAt.file}:${target.declaredAt.line} (${target.constructPath})`;
  return target.address ? `${target.constructPath} (${target.address})` : target.constructPath;
}

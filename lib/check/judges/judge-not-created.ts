import type { Evidence } from "../evidence";
import type { ExpectationTarget } from "../result";
import type { ClassifyContext, Judgement } from "./judgement";

/**
 * A server (or its resource group) that ARM does not know, while the server is a resource of the
 * synthesized stack (the expectation has its Terraform address): this deploy will create it, so its
 * backups are `pending`, not drift and not an error. With `--require-existing` (after a deploy) it
 * must exist: `error`. A server known only by coordinates stays an `error`: nothing will create it.
 * Undefined when the evidence is not about such a server.
 */
export function judgeNotCreated(
  target: ExpectationTarget,
  evidence: Extract<Evidence, { kind: "parent-missing" }>,
  context: Pick<ClassifyContext, "requireExisting">,
): Judgement | undefined {
  if (target.address === null) return undefined;
  if (evidence.parent !== "server" && evidence.parent !== "resource-group") return undefined;
  const why = { kind: "not-created", parent: evidence.parent, address: target.address } as const;
  return context.requireExisting
    ? { verdict: "error", why: { ...why, required: true }, http: evidence.http }
    : { verdict: "pending", why: { ...why, required: false }, http: evidence.http };
}

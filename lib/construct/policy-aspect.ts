import type { ConstructAspect } from "./framework";
import type { IConstruct } from "constructs";

/**
 * What the stack support needs of a `RequireLtrBackups` besides `visit`: the errors for one construct,
 * without annotating it (see ancestor-policies.ts).
 */
export interface LtrPolicyAspect extends ConstructAspect {
  problemsFor(node: IConstruct): string[];
}

/**
 * Where the policy's `problemsFor` is kept: a `Symbol.for` key, so the stack support finds it whichever
 * copy of this library created the aspect, on a non-enumerable property set by the constructor, so that it
 * is no part of `RequireLtrBackups`' public type.
 */
const POLICY_PROBLEMS = Symbol.for("cdktf-pg-ltr.policyProblems");

export function registerPolicyAspect(
  aspect: ConstructAspect,
  problemsFor: (node: IConstruct) => string[],
): void {
  Object.defineProperty(aspect, POLICY_PROBLEMS, { value: problemsFor });
}

/** The aspect as a policy, or undefined for any other aspect. */
export function policyAspectOf(x: unknown): LtrPolicyAspect | undefined {
  if (typeof x !== "object" || x === null) return undefined;
  const aspect = x as Partial<ConstructAspect> & Record<symbol, unknown>;
  const problemsFor = aspect[POLICY_PROBLEMS];
  if (typeof problemsFor !== "function" || typeof aspect.visit !== "function") return undefined;
  return {
    visit: (node) => aspect.visit!(node),
    // Called on the aspect: an older copy of this library keeps it as a method under the same key.
    problemsFor: (node) => (problemsFor as (node: IConstruct) => string[]).call(aspect, node),
  };
}

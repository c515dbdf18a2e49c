import type { ConstructAspect } from "./framework";
import type { IConstruct } from "constructs";

/**
 * Brand of `RequireLtrBackups`, keyed by `Symbol.for` so the stack support finds it whichever copy of
 * this library created it. The method returns the errors for one construct without annotating it.
 */
export const POLICY_PROBLEMS = Symbol.for("cdktf-pg-ltr.policyProblems");

export interface LtrPolicyAspect extends ConstructAspect {
  [POLICY_PROBLEMS](node: IConstruct): string[];
}

export function isLtrPolicyAspect(x: unknown): x is LtrPolicyAspect {
  return (
    typeof x === "object" &&
    x !== null &&
    typeof (x as Partial<LtrPolicyAspect>)[POLICY_PROBLEMS] === "function"
  );
}

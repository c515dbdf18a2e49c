import type { IConstruct } from "constructs";
import { frameworkOf, FrameworkStack } from "./framework";
import { LtrPolicyAspect, policyAspectOf } from "./policy-aspect";

/**
 * cdktf 0.21 invokes only the aspects of a stack and of the constructs inside it: an aspect added to the
 * App (`Aspects.of(app).add(...)`), or to a plain construct above a stack, is never visited. For
 * `RequireLtrBackups` that would be a silent pass, so each stack's synth support runs those policies
 * itself. Policies remember what they visited, so a framework that does invoke them is not doubled.
 */
function policiesAbove(stack: IConstruct): LtrPolicyAspect[] {
  const above = stack.node.scopes.slice(0, -1);
  const framework = frameworkOf(stack);
  return above
    .flatMap((scope) => framework.aspectsOf(scope))
    .map(policyAspectOf)
    .filter((policy): policy is LtrPolicyAspect => policy !== undefined);
}

/**
 * Visits the stack with the policies above it (they annotate errors, which fail the stack's synth) and
 * returns, as validation errors, what they find in stacks of the app that have no synth support of their
 * own: those may already be written, so an annotation there could come too late.
 */
export function applyAncestorPolicies(
  stack: FrameworkStack,
  hasSupport: (stack: FrameworkStack) => boolean,
): string[] {
  for (const policy of policiesAbove(stack)) {
    for (const node of stack.node.findAll()) policy.visit(node);
  }
  const problems: string[] = [];
  for (const other of stack.node.root.node.findAll().filter(frameworkOf(stack).isStack)) {
    if (other === stack || hasSupport(other)) continue;
    for (const policy of policiesAbove(other)) {
      for (const node of other.node.findAll()) {
        problems.push(...policy.problemsFor(node).map((message) => `[${node.node.path}] ${message}`));
      }
    }
  }
  return problems;
}

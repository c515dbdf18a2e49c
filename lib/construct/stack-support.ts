import { frameworkOf, FrameworkStack } from "./framework";
import { Construct, IConstruct } from "constructs";
import { appDeclarations, beginPass, endPass } from "./app-declarations";
import { applyAncestorPolicies } from "./ancestor-policies";
import { stackOf, writeStackExpectations } from "./expectations-writer";

/** Construct id of the support construct; it adds nothing to cdk.tf.json. */
export const STACK_SUPPORT_ID = "cdktf-pg-ltr";

const STACK_SUPPORT = Symbol.for("cdktf-pg-ltr.stackSupport");

/**
 * What this library does once per stack at synth: read the app's declarations at the start of the
 * stack's validation, run `RequireLtrBackups` aspects that cdktf skips (see ancestor-policies.ts), and
 * write the stack's expectations document during custom synthesis.
 */
class StackSupport extends Construct {
  constructor(stack: FrameworkStack) {
    super(stack, STACK_SUPPORT_ID);
    Object.defineProperty(this, STACK_SUPPORT, { value: true });
    // On the stack node itself: cdktf validates in pre-order, so this runs before every declaration.
    stack.node.addValidation({
      validate: () => {
        beginPass(stack.node.root);
        return [...applyAncestorPolicies(stack, hasStackSupport), ...policyProblems(stack)];
      },
    });
    frameworkOf(stack).onSynthesize(this, (session) => {
      try {
        writeStackExpectations(stack, session);
      } finally {
        endPass(stack.node.root);
      }
    });
  }
}

/**
 * What the policies (LtrBackupPolicy) declare for this stack's servers and cannot: a policy outside every
 * stack has no validation of its own that cdktf runs, so each covered stack reports its part, and the
 * policy's conflicts are reported by the first stack it covers. Stacks that will be synthesized later and
 * hold covered servers get the synth support now, so their documents are written.
 */
function policyProblems(stack: FrameworkStack): string[] {
  const { results, conflicts } = appDeclarations(stack.node.root);
  const problems: string[] = [];
  const firstStackOf = new Map<IConstruct, FrameworkStack | undefined>();
  for (const result of results) {
    if (result.placement === result.source) continue;
    const placed = stackOf(result.placement);
    if (placed && !hasStackSupport(placed)) ensureStackSupport(placed);
    if (!firstStackOf.has(result.source)) firstStackOf.set(result.source, placed);
    if (placed !== stack) continue;
    problems.push(...result.problems.map((p) => `[${result.source.node.path}] ${p}`));
  }
  for (const [source, first] of firstStackOf) {
    if (first !== stack) continue;
    problems.push(...(conflicts.get(source.node.path) ?? []).map((c) => `[${source.node.path}] ${c}`));
  }
  return problems;
}

/** True when the stack has this library's synth support. */
export function hasStackSupport(stack: FrameworkStack): boolean {
  const child = stack.node.tryFindChild(STACK_SUPPORT_ID);
  return child !== undefined && (child as unknown as Record<symbol, unknown>)[STACK_SUPPORT] === true;
}

/** Adds the synth support to the stack of `scope` once; a scope outside any stack (the app) needs none. */
export function ensureStackSupport(scope: IConstruct): void {
  const stack = [...scope.node.scopes].reverse().find(frameworkOf(scope).isStack);
  if (!stack || hasStackSupport(stack)) return;
  new StackSupport(stack);
}

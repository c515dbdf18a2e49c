import { addCustomSynthesis, ISynthesisSession, TerraformStack } from "./framework";
import { Construct, IConstruct } from "constructs";
import { beginPass, endPass } from "./app-declarations";
import { applyAncestorPolicies } from "./ancestor-policies";
import { writeStackExpectations } from "./expectations-writer";

/** Construct id of the support construct; it adds nothing to cdk.tf.json. */
export const STACK_SUPPORT_ID = "cdktf-pg-ltr";

const STACK_SUPPORT = Symbol.for("cdktf-pg-ltr.stackSupport");

/**
 * What this library does once per stack at synth: read the app's declarations at the start of the
 * stack's validation, run `RequireLtrBackups` aspects that cdktf skips (see ancestor-policies.ts), and
 * write the stack's expectations document during custom synthesis.
 */
class StackSupport extends Construct {
  constructor(stack: TerraformStack) {
    super(stack, STACK_SUPPORT_ID);
    Object.defineProperty(this, STACK_SUPPORT, { value: true });
    // On the stack node itself: cdktf validates in pre-order, so this runs before every declaration.
    stack.node.addValidation({
      validate: () => {
        beginPass(stack.node.root);
        return applyAncestorPolicies(stack, hasStackSupport);
      },
    });
    addCustomSynthesis(this, {
      onSynthesize: (session: ISynthesisSession) => {
        try {
          writeStackExpectations(stack, session);
        } finally {
          endPass(stack.node.root);
        }
      },
    });
  }
}

/** True when the stack has this library's synth support. */
export function hasStackSupport(stack: TerraformStack): boolean {
  const child = stack.node.tryFindChild(STACK_SUPPORT_ID);
  return child !== undefined && (child as unknown as Record<symbol, unknown>)[STACK_SUPPORT] === true;
}

/** Adds the synth support to the stack of `scope` once; a scope outside any stack (the app) needs none. */
export function ensureStackSupport(scope: IConstruct): void {
  const stack = [...scope.node.scopes].reverse().find(TerraformStack.isStack);
  if (!stack || hasStackSupport(stack)) return;
  new StackSupport(stack);
}

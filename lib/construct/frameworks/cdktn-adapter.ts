/**
 * The cdktn adapter: the only module of `lib/construct/` that imports `cdktn`. `cdktf-pg-ltr/cdktn` loads it;
 * `frameworks/cdktf-adapter.ts` is the same for cdktf, and the two must stay line-for-line alike.
 */
import {
  Annotations,
  App,
  Aspects,
  DefaultTokenResolver,
  IPostProcessor,
  IResolvable,
  IResolveContext,
  Manifest,
  StringConcat,
  TerraformDataSource,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Token,
  Tokenization,
} from "cdktn";
// Private, and cdktn's sources say so: "intended for use by the CDKTN only; 3rd party library authors
// ... should not use". No public API writes a file beside cdk.tf.json during synth, so the adapter is its
// only user; test/construct/framework-hooks.test.ts fails loudly when a cdktn release moves or changes it.
import { addCustomSynthesis } from "cdktn/lib/synthesize/synthesizer";
import type { IConstruct } from "constructs";
import { Framework, MetReference, registerFramework, SynthesisSession } from "../framework";

/**
 * Resolves a token to the text cdk.tf.json would hold, e.g. `pg-${azurerm_resource_group.rg.name}`, and
 * lists the references it met. A reference to a resource of another stack resolves to its own identifier
 * rather than the `terraform_remote_state` expression cdktf substitutes, so it can be traced to its
 * construct; the resolution never prepares (it adds no cross-stack outputs to the app).
 */
function resolveReferences(scope: IConstruct, value: string): { text: unknown; references: MetReference[] } {
  const references: MetReference[] = [];
  class Resolver extends DefaultTokenResolver {
    public override resolveToken(
      t: IResolvable,
      context: IResolveContext,
      postProcessor: IPostProcessor,
    ): unknown {
      // The framework's Reference (tfExpression.ts) keeps what it points at in these two fields.
      const candidate = t as unknown as { identifier?: unknown; originStack?: unknown };
      if (typeof candidate.identifier === "string" && "crossStackIdentifier" in candidate) {
        const originStack = TerraformStack.isStack(candidate.originStack) ? candidate.originStack : undefined;
        references.push({ identifier: candidate.identifier, originStack });
        // As Reference.resolve does: inside a function call the caller adds the braces.
        return context.suppressBraces ? candidate.identifier : `\${${candidate.identifier}}`;
      }
      return super.resolveToken(t, context, postProcessor);
    }
  }
  const text: unknown = Tokenization.resolve(value, {
    scope,
    preparing: false,
    resolver: new Resolver(new StringConcat()),
  });
  return { text, references };
}

/** cdktn 0.24. */
export const cdktnFramework: Framework = {
  name: "cdktn",
  ownsRoot: (root) => root instanceof App,
  isStack: (x): x is TerraformStack => TerraformStack.isStack(x),
  stackOf: (construct) => TerraformStack.of(construct),
  isResource: (x): x is TerraformResource => TerraformResource.isTerraformResource(x),
  isDataSource: (x): x is TerraformDataSource => TerraformDataSource.isTerraformDataSource(x),
  isProvider: (x): x is TerraformProvider => TerraformProvider.isTerraformProvider(x),
  isVariable: (x): x is TerraformVariable => x instanceof TerraformVariable,
  isUnresolved: (value) => Token.isUnresolved(value),
  aspectsOf: (scope) => Aspects.of(scope).all,
  addError: (scope, message) => Annotations.of(scope).addError(message),
  addWarning: (scope, message) => {
    if (!scope.node.metadata.some((entry) => entry.data === message))
      Annotations.of(scope).addWarning(message);
  },
  stacksFolder: Manifest.stacksFolder,
  onSynthesize: (construct, write) =>
    addCustomSynthesis(construct, {
      onSynthesize: (session) => write(session as unknown as SynthesisSession),
    }),
  resolveReferences,
};

registerFramework(cdktnFramework);

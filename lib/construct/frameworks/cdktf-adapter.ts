/**
 * The cdktf adapter: the only module of `lib/construct/` that imports `cdktf`. The package root loads it;
 * `frameworks/cdktn-adapter.ts` is the same for cdktn, and the two must stay line-for-line alike.
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
} from "cdktf";
// Private: not re-exported by the package root. It is the hook cdktf's own TerraformAsset writes files
// with, and no public API writes a file beside cdk.tf.json during synth. cdktf 0.21 is the last release, so
// the path cannot move under us; test/construct/framework-hooks.test.ts fails loudly if it does.
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
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

/** cdktf 0.21. */
export const cdktfFramework: Framework = {
  name: "cdktf",
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

registerFramework(cdktfFramework);

/**
 * The cdktf adapter: the only module of `lib/construct/` that imports `cdktf` or `@cdktf/provider-azurerm`.
 * Everything the constructs need from the framework (its classes, its token resolution and its one private
 * hook) is named here, so a build for another framework (cdktn) swaps this module and nothing else.
 */
import {
  Annotations,
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
// Not re-exported by the package root; it is the hook cdktf's own TerraformAsset writes files with. cdktf
// 0.21 is the last release, so the module path cannot move under us; test/construct pins its behaviour.
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
import type { IConstruct } from "constructs";

export {
  addCustomSynthesis,
  Annotations,
  Aspects,
  Manifest,
  TerraformDataSource,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Token,
};
export type { IAspect, ISynthesisSession } from "cdktf";
export type { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";

/** Marker cdktf puts on every App (also one created by another copy of cdktf). */
const APP_SYMBOL = Symbol.for("cdktf/App");

/** True for the framework's App, the root that cdktf never visits with aspects. */
export function isApp(x: unknown): boolean {
  return typeof x === "object" && x !== null && APP_SYMBOL in x;
}

/** A reference met while resolving a token: `azurerm_resource_group.rg.name` in the stack that owns it. */
export interface MetReference {
  readonly identifier: string;
  readonly originStack: TerraformStack | undefined;
}

/**
 * Resolves a token to the text cdk.tf.json would hold, e.g. `pg-${azurerm_resource_group.rg.name}`, and
 * lists the references it met. A reference to a resource of another stack resolves to its own identifier
 * rather than the `terraform_remote_state` expression cdktf substitutes, so it can be traced to its
 * construct; the resolution never prepares (it adds no cross-stack outputs to the app).
 */
export function resolveReferences(
  scope: IConstruct,
  value: string,
): { text: unknown; references: MetReference[] } {
  const references: MetReference[] = [];
  class Resolver extends DefaultTokenResolver {
    public override resolveToken(
      t: IResolvable,
      context: IResolveContext,
      postProcessor: IPostProcessor,
    ): unknown {
      // cdktf's Reference (tfExpression.ts) keeps what it points at in these two fields.
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

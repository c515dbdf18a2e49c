/**
 * Builds a framework adapter from the modules of cdktf or cdktn, which have the same API under other
 * package names. It imports neither framework: each adapter file (`cdktf-adapter.ts`, `cdktn-adapter.ts`)
 * is the only place that imports its framework, and hands its modules in here, so the two adapters
 * cannot drift apart and a third framework release with the same API needs no new copy.
 */
import type { IConstruct } from "constructs";
import type {
  ConstructAspect,
  Framework,
  FrameworkProvider,
  FrameworkResource,
  FrameworkStack,
  FrameworkVariable,
  MetReference,
  SynthesisSession,
} from "../framework";

/** What resolving a token is given by the framework (its IResolveContext), as far as the adapter reads it. */
interface ResolveContext {
  readonly suppressBraces?: boolean;
}

/** The framework's DefaultTokenResolver, which the adapter extends to record references. */
interface TokenResolver {
  resolveToken(token: unknown, context: ResolveContext, postProcessor: unknown): unknown;
}

/** The public classes of the framework's package root (`import * as cdktf from "cdktf"`) the adapter uses. */
export interface FrameworkModules {
  readonly App: abstract new (...args: never[]) => IConstruct;
  readonly TerraformStack: {
    isStack(x: unknown): boolean;
    of(construct: IConstruct): FrameworkStack;
  };
  readonly TerraformResource: { isTerraformResource(x: unknown): boolean };
  readonly TerraformDataSource: { isTerraformDataSource(x: unknown): boolean };
  readonly TerraformProvider: { isTerraformProvider(x: unknown): boolean };
  readonly TerraformVariable: abstract new (...args: never[]) => IConstruct;
  readonly Token: { isUnresolved(value: unknown): boolean };
  readonly Aspects: { of(scope: IConstruct): { readonly all: readonly ConstructAspect[] } };
  readonly Annotations: {
    of(scope: IConstruct): { addError(message: string): void; addWarning(message: string): void };
  };
  readonly Manifest: { readonly stacksFolder: string };
  readonly DefaultTokenResolver: new (concat: never) => TokenResolver;
  readonly StringConcat: new () => object;
  readonly Tokenization: {
    resolve(value: unknown, options: { scope: IConstruct; preparing: boolean; resolver: never }): unknown;
  };
}

/**
 * The framework's custom-synthesis hook, `addCustomSynthesis` of `<framework>/lib/synthesize/synthesizer`:
 * private in both, see the adapter files for why it is used anyway.
 */
export type AddCustomSynthesis = (
  construct: IConstruct,
  synthesis: { onSynthesize(session: unknown): void },
) => void;

/**
 * The adapter of framework `name` (`cdktf` or `cdktn`) over its modules. Throws, naming the framework
 * and the module, when the private hook is not there: a release that moved or renamed it must fail when
 * the library loads, not by writing no expectations file.
 */
export function buildFramework(
  name: string,
  modules: FrameworkModules,
  addCustomSynthesis: AddCustomSynthesis,
): Framework {
  if (typeof addCustomSynthesis !== "function") {
    throw new Error(
      `cdktf-pg-ltr: ${name}/lib/synthesize/synthesizer no longer exports addCustomSynthesis, which this ` +
        `library writes pg-ltr.expectations.json with; this release of ${name} is not supported`,
    );
  }
  const { TerraformStack, Tokenization } = modules;

  /**
   * Resolves a token to the text cdk.tf.json would hold, e.g. `pg-${azurerm_resource_group.rg.name}`, and
   * lists the references it met. A reference to a resource of another stack resolves to its own
   * identifier rather than the `terraform_remote_state` expression the framework substitutes, so it can
   * be traced to its construct; the resolution never prepares (it adds no cross-stack outputs to the app).
   */
  function resolveReferences(
    scope: IConstruct,
    value: string,
  ): { text: unknown; references: MetReference[] } {
    const references: MetReference[] = [];
    class Resolver extends modules.DefaultTokenResolver {
      public override resolveToken(t: unknown, context: ResolveContext, postProcessor: unknown): unknown {
        // The framework's Reference (tfExpression.ts) keeps what it points at in these two fields.
        const candidate = t as { identifier?: unknown; originStack?: unknown };
        if (typeof candidate.identifier === "string" && "crossStackIdentifier" in candidate) {
          const originStack = TerraformStack.isStack(candidate.originStack)
            ? (candidate.originStack as FrameworkStack)
            : undefined;
          references.push({ identifier: candidate.identifier, originStack });
          // As Reference.resolve does: inside a function call the caller adds the braces.
          return context.suppressBraces ? candidate.identifier : `\${${candidate.identifier}}`;
        }
        return super.resolveToken(t, context, postProcessor);
      }
    }
    // The framework's own StringConcat and resolver: their types are the framework's, unknown here.
    const resolver = new Resolver(new modules.StringConcat() as never) as never;
    const text = Tokenization.resolve(value, { scope, preparing: false, resolver });
    return { text, references };
  }

  return {
    name,
    ownsRoot: (root) => root instanceof modules.App,
    isStack: (x): x is FrameworkStack => TerraformStack.isStack(x),
    stackOf: (construct) => TerraformStack.of(construct),
    isResource: (x): x is FrameworkResource => modules.TerraformResource.isTerraformResource(x),
    isDataSource: (x): x is FrameworkResource => modules.TerraformDataSource.isTerraformDataSource(x),
    isProvider: (x): x is FrameworkProvider => modules.TerraformProvider.isTerraformProvider(x),
    isVariable: (x): x is FrameworkVariable => x instanceof modules.TerraformVariable,
    isUnresolved: (value) => modules.Token.isUnresolved(value),
    aspectsOf: (scope) => modules.Aspects.of(scope).all,
    addError: (scope, message) => modules.Annotations.of(scope).addError(message),
    addWarning: (scope, message) => {
      if (!scope.node.metadata.some((entry) => entry.data === message))
        modules.Annotations.of(scope).addWarning(message);
    },
    stacksFolder: modules.Manifest.stacksFolder,
    onSynthesize: (construct, write) =>
      addCustomSynthesis(construct, {
        onSynthesize: (session) => write(session as SynthesisSession),
      }),
    resolveReferences,
  };
}

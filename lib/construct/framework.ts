import type { IConstruct } from "constructs";

/**
 * What the constructs need from the framework (cdktf or cdktn), and the only thing of it the rest of
 * `lib/construct/` sees. The two frameworks differ where their classes are nominal or package-private:
 * cdktn 0.24 keeps aspects under its own `Symbol("cdktf-aspects")`, so cdktf's `Aspects.of()` does not see
 * them, and each framework resolves only its own tokens. One adapter per framework implements this
 * (`frameworks/cdktf-adapter.ts`, `frameworks/cdktn-adapter.ts`, both made by
 * `frameworks/adapter-builder.ts`); each package entry loads the one it is built for, and the
 * constructs find it from the App they are placed in, so both builds share one implementation.
 */
export interface Framework {
  /** Package name, for messages: `cdktf` or `cdktn`. */
  readonly name: string;
  /** True for a tree root created by this framework (its App). */
  ownsRoot(root: IConstruct): boolean;
  isStack(x: unknown): x is FrameworkStack;
  /** The stack of a construct; throws, as `TerraformStack.of` does, when it is in none. */
  stackOf(construct: IConstruct): FrameworkStack;
  isResource(x: unknown): x is FrameworkResource;
  isDataSource(x: unknown): x is FrameworkResource;
  isProvider(x: unknown): x is FrameworkProvider;
  isVariable(x: unknown): x is FrameworkVariable;
  /** True for a token (or a value holding one), as `Token.isUnresolved`. */
  isUnresolved(value: unknown): boolean;
  /** The aspects added to a scope with this framework's `Aspects`. */
  aspectsOf(scope: IConstruct): readonly ConstructAspect[];
  /** An error annotation: it fails the stack's synth. */
  addError(scope: IConstruct, message: string): void;
  /** A warning annotation, added once however often synth validates. */
  addWarning(scope: IConstruct, message: string): void;
  /** Folder of `cdktf.out` that holds one folder per stack (`Manifest.stacksFolder`). */
  readonly stacksFolder: string;
  /** Runs `write` when the stack of `construct` is synthesized, after validation, before cdk.tf.json. */
  onSynthesize(construct: IConstruct, write: (session: SynthesisSession) => void): void;
  /** See `resolveReferences` in frameworks/adapter-builder.ts. */
  resolveReferences(scope: IConstruct, value: string): { text: unknown; references: MetReference[] };
}

/** A TerraformStack of either framework. */
export type FrameworkStack = IConstruct;

/** A TerraformProvider of either framework: its type and alias. */
export interface FrameworkProvider extends IConstruct {
  readonly terraformResourceType: string;
  readonly alias?: string;
}

/** A TerraformResource (or data source) of either framework, e.g. a `PostgresqlFlexibleServer`. */
export interface FrameworkResource extends IConstruct {
  readonly terraformResourceType: string;
  readonly friendlyUniqueId: string;
  readonly provider?: FrameworkProvider;
}

/** A TerraformVariable of either framework. */
export interface FrameworkVariable extends IConstruct {
  readonly friendlyUniqueId: string;
  readonly default?: unknown;
}

/** An aspect (IAspect) of either framework. */
export interface ConstructAspect {
  visit(node: IConstruct): void;
}

/** What custom synthesis is given: where the app is written, and the stack's manifest entry. */
export interface SynthesisSession {
  readonly outdir: string;
  readonly manifest: {
    forStack(stack: FrameworkStack): { readonly name: string; readonly workingDirectory: string };
  };
}

/** A reference met while resolving a token: `azurerm_resource_group.rg.name` in the stack that owns it. */
export interface MetReference {
  readonly identifier: string;
  readonly originStack: FrameworkStack | undefined;
}

const adapters: Framework[] = [];
const byRoot = new WeakMap<IConstruct, Framework>();

/** Makes an adapter available; each package entry registers the one of its framework when loaded. */
export function registerFramework(framework: Framework): void {
  if (!adapters.includes(framework)) adapters.push(framework);
}

/**
 * The framework of the app `scope` is in: the one whose App is the root, else the only one loaded (a
 * root that is not an App, e.g. a bare Construct in a test, or an App from another copy of the package).
 */
export function frameworkOf(scope: IConstruct): Framework {
  const root = scope.node.root;
  const known = byRoot.get(root);
  if (known) return known;
  const found = adapters.find((a) => a.ownsRoot(root)) ?? (adapters.length === 1 ? adapters[0] : undefined);
  if (!found) {
    throw new Error(
      `cdktf-pg-ltr: cannot tell whether ${root.node.path || "the app"} is a cdktf or a cdktn app (loaded: ` +
        `${adapters.map((a) => a.name).join(", ") || "none"}); create the constructs under the framework's App`,
    );
  }
  byRoot.set(root, found);
  return found;
}

import type { IConstruct } from "constructs";
import type { StateRead } from "../expectations/document";
import { frameworkOf, FrameworkStack, MetReference } from "./framework";

/**
 * What synthesis knows of a name (server, resource group, subscription) given as a token:
 * - `literal`: not a token at all;
 * - `resolved`: a reference (or a template of literals and references) to literal attributes of other
 *   constructs of the app, read now; `expression` is what cdk.tf.json holds;
 * - `deferred`: it depends on values Terraform knows only once it has applied (a `random_string`'s
 *   `result`, a variable without default); check time reads them from `terraform show -json`;
 * - `unusable`: an expression neither synthesis nor a Terraform state can evaluate (functions, locals).
 */
export type NameValue =
  | { readonly kind: "literal"; readonly value: string }
  | { readonly kind: "resolved"; readonly value: string; readonly expression: string }
  | {
      readonly kind: "deferred";
      readonly expression: string;
      /** The attributes of resources (as in `terraform show -json`) the expression needs. */
      readonly reads: readonly StateRead[];
      /** Variables without a default it needs: a Terraform state does not record those. */
      readonly variables: readonly string[];
    }
  | { readonly kind: "unusable"; readonly expression: string; readonly why: string };

// A reference to one attribute of one resource or data source: `[data.]<type>.<name>.<attribute>`.
const ATTRIBUTE_REFERENCE =
  /^((?:data\.)?[A-Za-z][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)\.([a-z][a-z0-9_]*)$/;
const VARIABLE_REFERENCE = /^var\.([A-Za-z_][A-Za-z0-9_-]*)$/;
const INTERPOLATION = /\$\{([^{}]*)\}/g;
// References that refer on (a server's resourceGroupName = rg.name) are followed this deep, no deeper.
const MAX_DEPTH = 8;

/** Reads a name: literal, resolved from the app, deferred to check time, or unusable. */
export function resolveName(scope: IConstruct, value: string): NameValue {
  return resolveAt(scope, value, 0);
}

function resolveAt(scope: IConstruct, value: string, depth: number): NameValue {
  const framework = frameworkOf(scope);
  if (!framework.isUnresolved(value)) return { kind: "literal", value };
  const { text, references } = framework.resolveReferences(scope, value);
  if (typeof text !== "string") {
    return { kind: "unusable", expression: String(text), why: "it does not resolve to a string" };
  }
  const byIdentifier = new Map(references.map((r) => [r.identifier, r]));
  const parts: string[] = [];
  const reads: StateRead[] = [];
  const variables: string[] = [];
  let deferred = false;
  let last = 0;
  for (const match of text.matchAll(INTERPOLATION)) {
    parts.push(text.slice(last, match.index));
    last = (match.index ?? 0) + match[0].length;
    const reference = byIdentifier.get(match[1]);
    if (!reference) {
      return {
        kind: "unusable",
        expression: text,
        why: `\${${match[1]}} is a Terraform expression, not a reference to an attribute`,
      };
    }
    const part = referencedValue(reference, depth);
    if (part.kind === "unusable") return { ...part, expression: text };
    if (part.kind === "deferred") {
      deferred = true;
      reads.push(...part.reads);
      variables.push(...part.variables);
      parts.push(match[0]);
    } else {
      parts.push(part.value);
    }
  }
  parts.push(text.slice(last));
  // What is left between references must be plain text: `${lower(${...})}` leaves `${lower(` behind.
  if (text.replace(INTERPOLATION, "").includes("${")) {
    return { kind: "unusable", expression: text, why: "it is a Terraform expression synthesis cannot read" };
  }
  if (deferred)
    return { kind: "deferred", expression: text, reads: unique(reads), variables: [...new Set(variables)] };
  return { kind: "resolved", value: parts.join(""), expression: text };
}

/**
 * The construct an attribute reference points at, when `value` is exactly one reference such as
 * `${azurerm_postgresql_flexible_server.orders.id}` (what `server.id` synthesizes to); otherwise why not.
 */
export function referencedConstruct(
  scope: IConstruct,
  value: unknown,
):
  | {
      readonly kind: "reference";
      readonly construct: IConstruct;
      readonly address: string;
      readonly attribute: string;
    }
  | { readonly kind: "not-followed"; readonly why: string } {
  if (typeof value !== "string") {
    return { kind: "not-followed", why: value === undefined ? "it is not set" : "it is not a string" };
  }
  const framework = frameworkOf(scope);
  if (!framework.isUnresolved(value))
    return { kind: "not-followed", why: `it is the literal ${JSON.stringify(value)}` };
  const { text, references } = framework.resolveReferences(scope, value);
  const [reference] = references;
  if (typeof text !== "string" || references.length !== 1 || text !== `\${${reference.identifier}}`) {
    return { kind: "not-followed", why: `it is the expression ${String(text)}, not one reference` };
  }
  const attribute = ATTRIBUTE_REFERENCE.exec(reference.identifier);
  if (!attribute)
    return { kind: "not-followed", why: `${reference.identifier} is not an attribute of one resource` };
  const construct = constructAt(reference.originStack, attribute[1]);
  if (!construct) return { kind: "not-followed", why: `${attribute[1]} is not a construct of this app` };
  return { kind: "reference", construct, address: attribute[1], attribute: attribute[2] };
}

/** The value of one reference: the literal configuration of the construct it points at. */
function referencedValue(reference: MetReference, depth: number): NameValue {
  const { identifier } = reference;
  if (depth >= MAX_DEPTH) {
    return { kind: "unusable", expression: identifier, why: `it refers on more than ${MAX_DEPTH} times` };
  }
  const variable = VARIABLE_REFERENCE.exec(identifier);
  if (variable) {
    const construct = constructAt(reference.originStack, identifier);
    if (!construct || !frameworkOf(construct).isVariable(construct)) {
      return { kind: "unusable", expression: identifier, why: `${identifier} is not a variable of this app` };
    }
    const fallback: unknown = construct.default;
    if (typeof fallback === "string") return resolveAt(construct, fallback, depth + 1);
    if (fallback === undefined) {
      return { kind: "deferred", expression: `\${${identifier}}`, reads: [], variables: [identifier] };
    }
    return { kind: "unusable", expression: identifier, why: `the default of ${identifier} is not a string` };
  }
  const attribute = ATTRIBUTE_REFERENCE.exec(identifier);
  if (!attribute) {
    return {
      kind: "unusable",
      expression: identifier,
      why: `${identifier} is not an attribute of one resource`,
    };
  }
  const [, address, name] = attribute;
  const construct = constructAt(reference.originStack, address);
  if (!construct) {
    return { kind: "unusable", expression: identifier, why: `${address} is not a construct of this app` };
  }
  const configured = configuredAttribute(construct, name);
  if (typeof configured === "string") return resolveAt(construct, configured, depth + 1);
  if (configured !== undefined) {
    return { kind: "unusable", expression: identifier, why: `${identifier} is not a string` };
  }
  // Not configured: computed by the provider (random_string.result, an id), known once applied.
  return {
    kind: "deferred",
    expression: `\${${identifier}}`,
    reads: [{ address, attribute: name }],
    variables: [],
  };
}

/** The configured value of a Terraform attribute: generated classes keep it in `<camelCase>Input`. */
function configuredAttribute(construct: IConstruct, attribute: string): unknown {
  const getter = `${attribute.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())}Input`;
  return (construct as unknown as Record<string, unknown>)[getter];
}

// Address → construct for each stack, built when a reference is first followed into it (apps that name
// everything literally never pay for it) and rebuilt when an address is not found (constructs added since).
const indexes = new WeakMap<FrameworkStack, Map<string, IConstruct>>();

function constructAt(stack: FrameworkStack | undefined, address: string): IConstruct | undefined {
  if (!stack) return undefined;
  const framework = frameworkOf(stack);
  const known = indexes.get(stack)?.get(address);
  if (known) return known;
  const index = new Map<string, IConstruct>();
  for (const construct of stack.node.findAll()) {
    const at = addressOf(construct);
    if (at !== undefined && framework.stackOf(construct) === stack) index.set(at, construct);
  }
  indexes.set(stack, index);
  return index.get(address);
}

/** The Terraform address of a resource, data source or variable, as references spell it. */
export function addressOf(construct: IConstruct): string | undefined {
  const framework = frameworkOf(construct);
  if (framework.isResource(construct)) {
    return `${construct.terraformResourceType}.${construct.friendlyUniqueId}`;
  }
  if (framework.isDataSource(construct)) {
    return `data.${construct.terraformResourceType}.${construct.friendlyUniqueId}`;
  }
  if (framework.isVariable(construct)) return `var.${construct.friendlyUniqueId}`;
  return undefined;
}

function unique(reads: readonly StateRead[]): StateRead[] {
  const seen = new Map<string, StateRead>();
  for (const read of reads) seen.set(`${read.address}.${read.attribute}`, read);
  return [...seen.values()];
}

/**
 * What the generator knows about the API after reading the reference page; every output is written
 * from this model.
 */
import type { TypeConstraints } from "../page/type-expression";

export type TypeModel =
  | {
      readonly kind: "primitive";
      readonly type: "string" | "integer" | "number" | "boolean";
      readonly format?: string;
      readonly constraints: TypeConstraints;
    }
  /** `object` on the page: any JSON object. */
  | { readonly kind: "free-form-object" }
  | { readonly kind: "array"; readonly items: TypeModel }
  | { readonly kind: "definition"; readonly name: string };

export interface PropertyModel {
  /** `["properties", "status"]` for the page's flattened `properties.status`. */
  readonly path: readonly string[];
  readonly description: string;
  readonly type: TypeModel;
}

export interface ObjectDefinition {
  readonly kind: "object";
  readonly name: string;
  readonly description: string;
  /** In page order. */
  readonly properties: readonly PropertyModel[];
}

/**
 * Every enum of the page is extensible: ARM's API guidelines require enums to be modelled as strings
 * that may gain values, and the page does not show the difference.
 */
export interface EnumDefinition {
  readonly kind: "enum";
  readonly name: string;
  readonly description: string;
  readonly values: readonly { readonly value: string; readonly description: string }[];
}

export type DefinitionModel = ObjectDefinition | EnumDefinition;

export interface UriParameterModel {
  /** The `{placeholder}` of the request URL, or the query parameter's name. */
  readonly name: string;
  /** The name as the page's URI Parameters table gives it (the page truncates path parameter names). */
  readonly nameOnPage: string;
  readonly in: "path" | "query";
  readonly required: boolean;
  readonly type: "string" | "integer" | "number" | "boolean";
  readonly format?: string;
  readonly constraints: TypeConstraints;
  readonly description: string;
}

/** A name the request URL carries, with the rule this project validates it with (page + overlay). */
export interface NameRuleModel {
  /** The `{placeholder}` of the request URL. */
  readonly name: string;
  readonly description: string;
  readonly format?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Anchored at both ends: matched against the whole name. */
  readonly pattern?: string;
  /** Values refused although the pattern allows them, with the rule in words. */
  readonly forbidden?: { readonly pattern: string; readonly rule: string };
  /** Where the rule departs from the page, and on whose authority. */
  readonly source?: string;
}

export interface ApiModel {
  /** The page as the outputs name it, e.g. `spec/backups-long-term-retention-get.txt`. */
  readonly source: string;
  /** Operation title, e.g. "Backups Long Term Retention - Get". */
  readonly title: string;
  readonly summary: string;
  readonly method: string;
  /** The request URL without its query, placeholders kept: `https://management.azure.com/subscriptions/{subscriptionId}/...`. */
  readonly urlTemplate: string;
  /** `urlTemplate` without scheme and host. */
  readonly pathTemplate: string;
  readonly apiVersion: string;
  /** Path parameters in URL order, then query parameters in page order. */
  readonly uriParameters: readonly UriParameterModel[];
  /** The path parameters' rules as this project applies them (codegen/model/arm-conventions.ts). */
  readonly nameRules: readonly NameRuleModel[];
  /** In page order. */
  readonly definitions: readonly DefinitionModel[];
  /** The definition of the 200 response body. */
  readonly okBody: string;
  /** The definition of every other response's body. */
  readonly errorBody: string;
}

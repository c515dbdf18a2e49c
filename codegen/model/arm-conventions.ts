/**
 * ARM facts the reference page cannot express or states wrongly, kept here and nowhere else: the
 * generator's documented overlay on the page.
 *
 * The text copy of the page drops a type cell that links to a definition, and with it the `[]` that
 * says "array of that definition"; the generator finds the definition from the row's words
 * (`resolve-definition.ts`), but not that it is an array. ARM's common error types
 * (common-types/resource-management/v5/types.json, which every resource provider's ErrorResponse
 * references) declare these properties as arrays.
 */
export const ARM_ARRAY_PROPERTIES: readonly { readonly definition: string; readonly property: string }[] = [
  // ErrorDetail.details: ErrorDetail[], the nested errors.
  { definition: "ErrorDetail", property: "details" },
  // ErrorDetail.additionalInfo: ErrorAdditionalInfo[].
  { definition: "ErrorDetail", property: "additionalInfo" },
];

export function isArmArrayProperty(definition: string, property: string): boolean {
  return ARM_ARRAY_PROPERTIES.some((entry) => entry.definition === definition && entry.property === property);
}

/** A value a name must not match, with the rule in words (the end of a sentence about the name). */
export interface ForbiddenNames {
  readonly pattern: string;
  readonly rule: string;
}

/** Where the project's rule for one name parameter departs from the page, and on whose authority. */
export interface NameRuleCorrection {
  /** The `{placeholder}` of the request URL. */
  readonly parameter: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Replaces the page's pattern; matched against the whole name. */
  readonly pattern?: string;
  readonly forbidden?: ForbiddenNames;
  /** Why, citing the source. */
  readonly source: string;
}

/**
 * `.` and `..` are collapsed by every URL parser (a request for resource group `..` goes to another
 * path), so they are never names, whatever a pattern allows.
 */
const DOT_SEGMENTS: ForbiddenNames = {
  pattern: "^\\.\\.?$",
  rule: 'must not be "." or "..", which URLs collapse',
};

/**
 * Corrections to the URI Parameters table of spec/backups-long-term-retention-get.txt. The page stays
 * verbatim (and uri-parameters.json keeps its values, for the record); names.schema.json holds the
 * page's rules with these applied, and is what synthesis, the checker and the emulator validate with.
 * Every pattern there matches the whole name (a project decision: the page's patterns have no `$`).
 */
export const NAME_RULE_CORRECTIONS: readonly NameRuleCorrection[] = [
  {
    parameter: "backupName",
    minLength: 1,
    maxLength: 128,
    pattern: "^[-\\w\\._]+$",
    forbidden: DOT_SEGMENTS,
    source:
      "Azure's current rule, from azure-rest-api-specs specification/postgresql/resource-manager/" +
      "Microsoft.DBforPostgreSQL/stable/2025-08-01/openapi.json (the TypeSpec output; parameter " +
      "backupName: minLength 1, maxLength 128, pattern ^[-\\w\\._]+$) and the 2026-10-01 reference; the " +
      "reference page in spec/ gives the older hand-written swagger's ^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)* " +
      "and no length",
  },
  {
    parameter: "resourceGroupName",
    pattern: "^[-\\w\\._\\(\\)]+$",
    forbidden: { pattern: "\\.$", rule: 'must not end in "."' },
    source:
      "ARM common types v6 (common-types/resource-management/v6/types.json, parameter " +
      "ResourceGroupNameParameter: 1-90 characters, pattern ^[-\\w\\._\\(\\)]+$); ARM refuses a name " +
      'ending in "." (which also rules out "." and "..")',
  },
  {
    parameter: "serverName",
    source: 'the page\'s rule, its pattern matched against the whole name (which rules out "." and "..")',
  },
];

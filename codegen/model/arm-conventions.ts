/**
 * ARM common-types facts the reference page cannot express, kept here and nowhere else.
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

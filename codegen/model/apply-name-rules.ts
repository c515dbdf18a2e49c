/**
 * The rules this project validates names with: the page's URI parameter rules with the overlay of
 * arm-conventions.ts applied, every pattern matching the whole name.
 */
import { GeneratorError } from "../generator-error";
import type { NameRuleModel, UriParameterModel } from "./api-model";
import { NAME_RULE_CORRECTIONS } from "./arm-conventions";

export function applyNameRules(uriParameters: readonly UriParameterModel[]): NameRuleModel[] {
  const paths = uriParameters.filter((parameter) => parameter.in === "path");
  for (const correction of NAME_RULE_CORRECTIONS) {
    if (!paths.some((parameter) => parameter.name === correction.parameter)) {
      throw new GeneratorError(
        `codegen/model/arm-conventions.ts corrects the URI parameter {${correction.parameter}}, which the ` +
          `request URL does not have`,
      );
    }
  }
  return paths.map((parameter): NameRuleModel => {
    const correction = NAME_RULE_CORRECTIONS.find((entry) => entry.parameter === parameter.name);
    const { minLength, maxLength, pattern } = parameter.constraints;
    const effectivePattern = correction?.pattern ?? pattern;
    return {
      name: parameter.name,
      description: parameter.description,
      ...(parameter.format !== undefined ? { format: parameter.format } : {}),
      ...((correction?.minLength ?? minLength) !== undefined
        ? { minLength: correction?.minLength ?? minLength }
        : {}),
      ...((correction?.maxLength ?? maxLength) !== undefined
        ? { maxLength: correction?.maxLength ?? maxLength }
        : {}),
      ...(effectivePattern !== undefined ? { pattern: wholePattern(effectivePattern) } : {}),
      ...(correction?.forbidden !== undefined ? { forbidden: correction.forbidden } : {}),
      ...(correction !== undefined ? { source: correction.source } : {}),
    };
  });
}

/**
 * The pattern anchored at both ends, so that it constrains the whole name and not only how it starts
 * (JSON Schema's `pattern` searches the string). Alternatives are grouped before anchoring.
 */
export function wholePattern(pattern: string): string {
  const start = pattern.startsWith("^");
  const end = pattern.endsWith("$") && !pattern.endsWith("\\$");
  if (start && end) return pattern;
  const body = pattern.slice(start ? 1 : 0, end ? -1 : undefined);
  return body.includes("|") ? `^(?:${body})$` : `^${body}$`;
}

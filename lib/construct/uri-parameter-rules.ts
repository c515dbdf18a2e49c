import type { ErrorObject, ValidateFunction } from "ajv";
import uriParameters from "../schema/uri-parameters.json";
import { createAjv } from "../schema-validation/create-ajv";

/** The URI parameters of the LTR backup API whose values the construct declares. */
export type UriParameter = "subscriptionId" | "resourceGroupName" | "serverName" | "backupName";

/** The JSON Schema keywords the generator writes for a URI parameter of the API reference page. */
interface ParameterRule {
  readonly type?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly format?: string;
}

const RULE_KEYWORDS = ["type", "pattern", "minLength", "maxLength", "format"] as const;

const FORMAT_EXAMPLES: Readonly<Record<string, string>> = {
  uuid: "a UUID such as 00000000-0000-0000-0000-000000000000",
};

const rules = uriParameters as unknown as Readonly<Record<string, ParameterRule | undefined>>;

/** The rule the API reference page gives for a parameter, reduced to the keywords validation uses. */
export function uriParameterRule(parameter: UriParameter): ParameterRule {
  const rule = rules[parameter];
  if (!rule) {
    // The generated file is part of this package; a missing entry is a build defect, not user input.
    throw new Error(`lib/schema/uri-parameters.json has no rule for the URI parameter "${parameter}"`);
  }
  const picked: Record<string, unknown> = {};
  for (const keyword of RULE_KEYWORDS) if (rule[keyword] !== undefined) picked[keyword] = rule[keyword];
  return picked as ParameterRule;
}

const validators = new Map<UriParameter, ValidateFunction>();
let ajv: ReturnType<typeof createAjv> | undefined;

function validatorFor(parameter: UriParameter): ValidateFunction {
  let validate = validators.get(parameter);
  if (!validate) {
    // ajv applies `pattern` and `format` with JSON Schema's semantics, exactly as the reference page means them.
    ajv ??= createAjv();
    validate = ajv.compile({ ...uriParameterRule(parameter) });
    validators.set(parameter, validate);
  }
  return validate;
}

/**
 * Why a value breaks the API reference page's rule for a URI parameter, as the end of a sentence
 * (`must be 3-63 characters`); undefined when it follows the rule.
 */
export function uriParameterProblem(parameter: UriParameter, value: unknown): string | undefined {
  const validate = validatorFor(parameter);
  if (validate(value)) return undefined;
  return describe(uriParameterRule(parameter), firstError(validate.errors ?? []));
}

// Length before format before pattern: "must be 3-63 characters" is the clearest thing to fix first.
const KEYWORD_ORDER = ["type", "minLength", "maxLength", "format", "pattern"];

function firstError(errors: readonly ErrorObject[]): ErrorObject | undefined {
  return [...errors].sort((a, b) => KEYWORD_ORDER.indexOf(a.keyword) - KEYWORD_ORDER.indexOf(b.keyword))[0];
}

function describe(rule: ParameterRule, error: ErrorObject | undefined): string {
  switch (error?.keyword) {
    case "type":
      return `must be a ${rule.type ?? "string"}`;
    case "minLength":
    case "maxLength":
      return lengthRule(rule.minLength, rule.maxLength);
    case "format":
      return `must be ${FORMAT_EXAMPLES[rule.format ?? ""] ?? `in the format ${rule.format ?? ""}`}`;
    case "pattern":
      return `must match the pattern ${rule.pattern ?? ""}`;
    default:
      return error?.message ?? "is not valid";
  }
}

function lengthRule(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `must be ${min}-${max} characters`;
  if (min !== undefined) return min === 1 ? "must not be empty" : `must be at least ${min} characters`;
  return `must be at most ${max ?? 0} characters`;
}

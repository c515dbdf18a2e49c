import uriParameters from "../schema/uri-parameters.json";

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

/**
 * The `format` values the generator can write for a URI parameter, checked as ajv-formats checks them.
 * Kept here rather than going through ajv because every `cdktf synth` runs these rules and creating
 * and compiling an ajv instance would cost it more than a tenth of a second.
 */
const FORMATS: Readonly<Record<string, RegExp>> = {
  uuid: /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i,
};

const patterns = new Map<string, RegExp>();

/**
 * Why a value breaks the API reference page's rule for a URI parameter, as the end of a sentence
 * (`must be 3-63 characters`); undefined when it follows the rule. The keywords keep JSON Schema's
 * meaning: lengths count code points, `pattern` is an unanchored ECMAScript (u) regular expression.
 * Length is reported before format before pattern: "must be 3-63 characters" is the clearest thing to
 * fix first.
 */
export function uriParameterProblem(parameter: UriParameter, value: unknown): string | undefined {
  const rule = uriParameterRule(parameter);
  if (rule.type !== undefined && rule.type !== "string") {
    throw new Error(
      `lib/schema/uri-parameters.json gives "${parameter}" the unsupported type "${rule.type}"`,
    );
  }
  if (typeof value !== "string") return "must be a string";
  const length = [...value].length;
  if (
    (rule.minLength !== undefined && length < rule.minLength) ||
    (rule.maxLength !== undefined && length > rule.maxLength)
  ) {
    return lengthRule(rule.minLength, rule.maxLength);
  }
  if (rule.format !== undefined) {
    const format = FORMATS[rule.format];
    if (!format)
      throw new Error(`lib/schema/uri-parameters.json uses the unsupported format "${rule.format}"`);
    if (!format.test(value))
      return `must be ${FORMAT_EXAMPLES[rule.format] ?? `in the format ${rule.format}`}`;
  }
  if (rule.pattern !== undefined) {
    let pattern = patterns.get(rule.pattern);
    if (!pattern) {
      pattern = new RegExp(rule.pattern, "u");
      patterns.set(rule.pattern, pattern);
    }
    if (!pattern.test(value)) return `must match the pattern ${rule.pattern}`;
  }
  return undefined;
}

function lengthRule(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `must be ${min}-${max} characters`;
  if (min !== undefined) return min === 1 ? "must not be empty" : `must be at least ${min} characters`;
  return `must be at most ${max ?? 0} characters`;
}

import namesSchema from "../schema/names.schema.json";

/**
 * The names the LTR backup API's request URL carries. Their rules are generated into
 * lib/schema/names.schema.json (the reference page with the corrections of
 * codegen/model/arm-conventions.ts); synthesis, the checker's reading of cdktf.out and the emulator's
 * state all validate with them, and no other copy of a pattern exists.
 */
export type UriParameter = "subscriptionId" | "resourceGroupName" | "serverName" | "backupName";

/** The JSON Schema keywords of a name's definition in names.schema.json. */
export interface ParameterRule {
  readonly type?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly format?: string;
  /** A pattern the name must not match, with the rule in words as its description. */
  readonly not?: { readonly pattern: string; readonly description: string };
}

const RULE_KEYWORDS = ["type", "pattern", "minLength", "maxLength", "format", "not"] as const;

const FORMAT_EXAMPLES: Readonly<Record<string, string>> = {
  uuid: "a UUID such as 00000000-0000-0000-0000-000000000000",
};

const rules = namesSchema.$defs as unknown as Readonly<Record<string, ParameterRule | undefined>>;

/** `$ref` of a name's definition, for JSON Schemas that hold names (expectations, emulator state). */
export function uriParameterSchemaRef(parameter: UriParameter): string {
  return `${namesSchema.$id}#/$defs/${parameter}`;
}

/** The rule for a name, reduced to the keywords validation uses. */
export function uriParameterRule(parameter: UriParameter): ParameterRule {
  const rule = rules[parameter];
  if (!rule) {
    // The generated file is part of this package; a missing entry is a build defect, not user input.
    throw new Error(`lib/schema/names.schema.json has no rule for the URI parameter "${parameter}"`);
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

function compiled(pattern: string): RegExp {
  let regExp = patterns.get(pattern);
  if (!regExp) {
    regExp = new RegExp(pattern, "u");
    patterns.set(pattern, regExp);
  }
  return regExp;
}

/**
 * Why a value breaks the rule for a name, as the end of a sentence (`must be 3-63 characters`);
 * undefined when it follows the rule. The keywords keep JSON Schema's meaning: lengths count code
 * points, `pattern` is an ECMAScript (u) regular expression (the generated ones are anchored at both
 * ends). Length is reported before format before pattern: "must be 3-63 characters" is the clearest
 * thing to fix first.
 */
export function uriParameterProblem(parameter: UriParameter, value: unknown): string | undefined {
  const rule = uriParameterRule(parameter);
  if (rule.type !== undefined && rule.type !== "string") {
    throw new Error(`lib/schema/names.schema.json gives "${parameter}" the unsupported type "${rule.type}"`);
  }
  if (typeof value !== "string") return "must be a string";
  // Counting code points without spreading the string: a tampered document may hold a huge one.
  let length = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0xdc00 || code > 0xdfff || i === 0 || !isHighSurrogate(value.charCodeAt(i - 1))) length++;
  }
  if (
    (rule.minLength !== undefined && length < rule.minLength) ||
    (rule.maxLength !== undefined && length > rule.maxLength)
  ) {
    return keywordRule(rule, "minLength");
  }
  if (rule.format !== undefined) {
    const format = FORMATS[rule.format];
    if (!format) throw new Error(`lib/schema/names.schema.json uses the unsupported format "${rule.format}"`);
    if (!format.test(value)) return keywordRule(rule, "format");
  }
  if (rule.pattern !== undefined && !compiled(rule.pattern).test(value)) return keywordRule(rule, "pattern");
  if (rule.not !== undefined && compiled(rule.not.pattern).test(value)) return keywordRule(rule, "not");
  return undefined;
}

/** The words for the part of a rule one JSON Schema keyword checks. */
function keywordRule(
  rule: ParameterRule,
  keyword: "minLength" | "maxLength" | "format" | "pattern" | "not",
): string {
  switch (keyword) {
    case "minLength":
    case "maxLength":
      return lengthRule(rule.minLength, rule.maxLength);
    case "format":
      return `must be ${FORMAT_EXAMPLES[rule.format ?? ""] ?? `in the format ${rule.format ?? ""}`}`;
    case "pattern":
      return `must match the pattern ${rule.pattern ?? ""}`;
    case "not":
      return rule.not?.description ?? "is not allowed";
  }
}

const SCHEMA_PATH =
  /\$defs\/(subscriptionId|resourceGroupName|serverName|backupName)\/(minLength|maxLength|format|pattern|not)$/;

/**
 * What an ajv error against a name's definition means, in the words of uriParameterProblem (without
 * the value, which came from the file being validated); undefined for any other error.
 */
export function nameSchemaError(error: {
  readonly schemaPath: string;
}): { readonly parameter: UriParameter; readonly rule: string } | undefined {
  const match = SCHEMA_PATH.exec(error.schemaPath);
  if (!match) return undefined;
  const parameter = match[1] as UriParameter;
  const keyword = match[2] as "minLength" | "maxLength" | "format" | "pattern" | "not";
  return { parameter, rule: keywordRule(uriParameterRule(parameter), keyword) };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function lengthRule(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `must be ${min}-${max} characters`;
  if (min !== undefined) return min === 1 ? "must not be empty" : `must be at least ${min} characters`;
  return `must be at most ${max ?? 0} characters`;
}

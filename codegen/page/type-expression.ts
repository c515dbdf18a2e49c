/**
 * The type column of the reference page: a primitive, optionally an array of it, a format in
 * parentheses and constraints written `keyword: value` and run together without separators, e.g.
 * `string (date-time)`, `number (double) minimum: 0maximum: 100`,
 * `string minLength: 3maxLength: 63 pattern: ^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*`.
 */

export type PrimitiveType = "string" | "integer" | "number" | "boolean" | "object";

export interface TypeConstraints {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  /** Verbatim from the page. */
  readonly pattern?: string;
}

export interface TypeExpression {
  readonly primitive: PrimitiveType;
  /** `string[]` and the like. */
  readonly array: boolean;
  readonly format?: string;
  readonly constraints: TypeConstraints;
}

export type TypeCellReading =
  | { readonly kind: "type"; readonly type: TypeExpression }
  /** The cell holds no type expression (the page dropped a link to a definition and shows text instead). */
  | { readonly kind: "not-a-type" }
  /** The cell starts like a type expression but does not follow its grammar. */
  | { readonly kind: "malformed"; readonly reason: string };

const HEAD = /^(string|integer|number|boolean|object)(\[\])?(?=$|[\s(])(?:\s*\(([A-Za-z0-9-]+)\))?/;
const NUMERIC_KEYWORDS = ["minLength", "maxLength", "minimum", "maximum"] as const;
const CONSTRAINT = new RegExp(`^(${[...NUMERIC_KEYWORDS, "pattern"].join("|")}):\\s*`);
const NUMBER = /^-?\d+(?:\.\d+)?/;

export function readTypeCell(cell: string): TypeCellReading {
  const head = HEAD.exec(cell.trim());
  if (head === null) return { kind: "not-a-type" };
  const constraints: Record<string, number | string> = {};
  let rest = cell.trim().slice(head[0].length);
  while ((rest = rest.trimStart()) !== "") {
    const constraint = CONSTRAINT.exec(rest);
    if (constraint === null) return { kind: "malformed", reason: `"${rest}" is not a known constraint` };
    const keyword = constraint[1] as (typeof NUMERIC_KEYWORDS)[number] | "pattern";
    const value = rest.slice(constraint[0].length);
    if (keyword === "pattern") {
      // The page prints the pattern last, and a regular expression may contain any character, so the
      // pattern runs to the end of the cell.
      if (value.trim() === "") return { kind: "malformed", reason: "the pattern is empty" };
      constraints.pattern = value.trim();
      break;
    }
    const number = NUMBER.exec(value);
    if (number === null) return { kind: "malformed", reason: `${keyword} has no numeric value` };
    constraints[keyword] = Number(number[0]);
    rest = value.slice(number[0].length);
  }
  const type: TypeExpression = {
    primitive: head[1] as PrimitiveType,
    array: head[2] !== undefined,
    ...(head[3] !== undefined ? { format: head[3] } : {}),
    constraints: constraints as TypeConstraints,
  };
  return { kind: "type", type };
}

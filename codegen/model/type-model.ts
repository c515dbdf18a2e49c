import type { TypeExpression } from "../page/type-expression";
import type { TypeModel } from "./api-model";

/** The model of a type column's expression: `object` is any object, `string[]` an array of strings. */
export function typeModelOf(expression: TypeExpression): TypeModel {
  const single: TypeModel =
    expression.primitive === "object"
      ? { kind: "free-form-object" }
      : {
          kind: "primitive",
          type: expression.primitive,
          ...(expression.format !== undefined ? { format: expression.format } : {}),
          constraints: expression.constraints,
        };
  return expression.array ? { kind: "array", items: single } : single;
}

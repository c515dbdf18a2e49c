/**
 * JSON Schema (draft 2020-12) of a response body: the body's definition at the root, the definitions
 * it uses under `$defs`. The page's flattened rows (`properties.status`) become nested objects.
 * Additional properties are allowed everywhere (ARM adds fields), enums list their documented values
 * in the `knownValues` annotation and accept any string, and nothing is required (the page shows no
 * required fields).
 */
import { GeneratorError } from "../generator-error";
import type {
  ApiModel,
  DefinitionModel,
  ObjectDefinition,
  PropertyModel,
  TypeModel,
} from "../model/api-model";

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export interface BodySchemaOptions {
  readonly id: string;
  readonly comment: string;
}

export function bodySchema(model: ApiModel, rootName: string, options: BodySchemaOptions): JsonObject {
  const definitions = new Map(model.definitions.map((definition) => [definition.name, definition]));
  const root = definitions.get(rootName);
  if (root?.kind !== "object") {
    throw new GeneratorError(`the response body "${rootName}" is not an object definition with a table`);
  }
  const reference = (name: string) => (name === rootName ? "#" : `#/$defs/${name}`);
  const used = usedDefinitions(root, definitions);
  const defs = model.definitions.filter((definition) => definition !== root && used.has(definition.name));
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: options.id,
    title: root.name,
    ...describe(root.description),
    $comment: options.comment,
    type: "object",
    properties: propertiesSchema(root.properties, reference),
    ...(defs.length === 0
      ? {}
      : {
          $defs: Object.fromEntries(
            defs.map((definition) => [definition.name, definitionSchema(definition, reference)]),
          ),
        }),
  };
}

function usedDefinitions(
  root: ObjectDefinition,
  definitions: ReadonlyMap<string, DefinitionModel>,
): Set<string> {
  const used = new Set<string>();
  const visit = (type: TypeModel): void => {
    if (type.kind === "array") visit(type.items);
    if (type.kind !== "definition" || used.has(type.name)) return;
    used.add(type.name);
    const definition = definitions.get(type.name);
    if (definition?.kind === "object") definition.properties.forEach((property) => visit(property.type));
  };
  root.properties.forEach((property) => visit(property.type));
  return used;
}

function definitionSchema(definition: DefinitionModel, reference: (name: string) => string): JsonObject {
  if (definition.kind === "enum") {
    return {
      ...describe(definition.description),
      type: "string",
      knownValues: definition.values.map((value) => value.value),
    };
  }
  return {
    ...describe(definition.description),
    type: "object",
    properties: propertiesSchema(definition.properties, reference),
  };
}

type PropertyTree = Map<string, { property?: PropertyModel; children: PropertyModel[] }>;

/** Groups `properties.x` rows under `properties`, keeping the page's order. */
function propertiesSchema(
  properties: readonly PropertyModel[],
  reference: (name: string) => string,
): JsonObject {
  const tree: PropertyTree = new Map();
  for (const property of properties) {
    const [head = "", ...rest] = property.path;
    const node = tree.get(head) ?? { children: [] };
    tree.set(head, node);
    if (rest.length === 0) node.property = property;
    else node.children.push({ ...property, path: rest });
  }
  const schema: JsonObject = {};
  for (const [name, node] of tree) {
    if (node.property !== undefined && node.children.length > 0) {
      throw new GeneratorError(
        `the page describes "${name}" both as a property and as a group of properties`,
      );
    }
    schema[name] =
      node.property !== undefined
        ? typeSchema(node.property.type, reference, node.property.description)
        : { type: "object", properties: propertiesSchema(node.children, reference) };
  }
  return schema;
}

function typeSchema(type: TypeModel, reference: (name: string) => string, description = ""): JsonObject {
  switch (type.kind) {
    case "definition":
      return { ...describe(description), $ref: reference(type.name) };
    case "free-form-object":
      return { ...describe(description), type: "object" };
    case "array":
      return { ...describe(description), type: "array", items: typeSchema(type.items, reference) };
    case "primitive": {
      const { minimum, maximum, minLength, maxLength, pattern } = type.constraints;
      return {
        ...describe(description),
        type: type.type,
        ...(type.format !== undefined ? { format: type.format } : {}),
        ...(minimum !== undefined ? { minimum } : {}),
        ...(maximum !== undefined ? { maximum } : {}),
        ...(minLength !== undefined ? { minLength } : {}),
        ...(maxLength !== undefined ? { maxLength } : {}),
        ...(pattern !== undefined ? { pattern } : {}),
      };
    }
  }
}

function describe(description: string): JsonObject {
  return description === "" ? {} : { description };
}

/**
 * `ltr-api.generated.ts`: TypeScript types of the payloads, from the same model as the JSON Schemas.
 * Object definitions become interfaces with optional members and an index signature (ARM adds fields),
 * flattened rows (`properties.status`) a nested interface named after its parent, and enums a union of
 * the documented values open to any string plus a `<NAME>_VALUES` array of those values.
 */
import type { ApiModel, DefinitionModel, PropertyModel, TypeModel } from "../model/api-model";
import { patternComment } from "./uri-parameters-json";

/** Comment text is wrapped at this width; prettier leaves comments as they are. */
const COMMENT_WIDTH = 100;

export function typescriptSource(model: ApiModel, header: string): string {
  const parts = [
    wrap(header, COMMENT_WIDTH - 3)
      .map((line) => `// ${line}`)
      .join("\n"),
    `${docComment([`api-version of the reference page these types were generated from.`])}
export const API_VERSION = ${JSON.stringify(model.apiVersion)};`,
    `${docComment([`Path of the request URL (${model.method}), placeholders in braces, without host and query.`])}
export const PATH_TEMPLATE = ${JSON.stringify(model.pathTemplate)};`,
    uriParametersSource(model),
    ...model.definitions.map(definitionSource),
  ];
  return `${parts.join("\n\n")}\n`;
}

function uriParametersSource(model: ApiModel): string {
  const members = model.uriParameters.map((parameter) => {
    const { minimum, maximum, minLength, maxLength, pattern } = parameter.constraints;
    const value = {
      nameOnPage: parameter.nameOnPage,
      in: parameter.in,
      required: parameter.required,
      type: parameter.type,
      ...(parameter.format !== undefined ? { format: parameter.format } : {}),
      ...{ minimum, maximum, minLength, maxLength, pattern },
      description: parameter.description,
    };
    const comment = pattern === undefined ? undefined : patternComment(pattern);
    const member = `${propertyKey(parameter.name)}: ${JSON.stringify(value)},`;
    return comment === undefined ? member : `${docComment([comment])}\n${member}`;
  });
  return `${docComment([
    `URI parameters of the request, with the rules the reference page gives (names as in the URL's placeholders).`,
  ])}
export const URI_PARAMETERS = {
${members.join("\n")}
} as const;`;
}

function definitionSource(definition: DefinitionModel): string {
  const name = typeName(definition.name);
  if (definition.kind === "enum") {
    const values = definition.values.map((value) => value.value);
    const documented = definition.values
      .map((value) =>
        value.description === "" ? `\`${value.value}\`` : `\`${value.value}\` (${value.description})`,
      )
      .join(", ");
    return `${docComment([definition.description, "", `Documented values: ${documented}. Azure may send others.`])}
export type ${name} = ${[...values.map((value) => JSON.stringify(value)), "(string & {})"].join(" | ")};
${docComment([`Values of {@link ${name}} documented by the API reference; Azure may send others.`])}
export const ${valuesConstantName(definition.name)} = ${JSON.stringify(values)} as const;`;
  }
  return interfaceSource(name, definition.description, definition.properties);
}

/** An interface and, before it, the interfaces of its flattened groups (`properties.*`). */
function interfaceSource(name: string, description: string, properties: readonly PropertyModel[]): string {
  const groups = new Map<string, PropertyModel[]>();
  const members: string[] = [];
  for (const property of properties) {
    const [head = "", ...rest] = property.path;
    if (rest.length === 0) {
      members.push(
        `${docComment(propertyDoc(property))}\n${propertyKey(head)}?: ${typeSource(property.type)};`,
      );
      continue;
    }
    if (!groups.has(head)) {
      groups.set(head, []);
      members.push(`${propertyKey(head)}?: ${name}${typeName(head)};`);
    }
    groups.get(head)?.push({ ...property, path: rest });
  }
  const nested = [...groups].map(([group, groupProperties]) =>
    interfaceSource(
      `${name}${typeName(group)}`,
      `The \`${group}\` object of {@link ${name}} (the reference page's \`${group}.*\` rows).`,
      groupProperties,
    ),
  );
  const self = `${docComment([description])}
export interface ${name} {
${members.join("\n")}
${docComment(["ARM may add properties the reference page does not list."])}
[extra: string]: unknown;
}`;
  return [...nested, self].join("\n\n");
}

function propertyDoc(property: PropertyModel): string[] {
  const tags: string[] = [];
  if (property.type.kind === "primitive") {
    const { format, constraints } = property.type;
    if (format !== undefined) tags.push(`@format ${format}`);
    for (const keyword of ["minimum", "maximum", "minLength", "maxLength", "pattern"] as const) {
      if (constraints[keyword] !== undefined) tags.push(`@${keyword} ${constraints[keyword]}`);
    }
  }
  return [property.description, ...tags];
}

function typeSource(type: TypeModel): string {
  switch (type.kind) {
    case "primitive":
      return type.type === "integer" ? "number" : type.type;
    case "free-form-object":
      return "Record<string, unknown>";
    case "array": {
      const items = typeSource(type.items);
      return /^[\w.]+$/.test(items) ? `${items}[]` : `Array<${items}>`;
    }
    case "definition":
      return typeName(type.name);
  }
}

/** `systemData` → `SystemData`. */
function typeName(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** `createdByType` → `CREATED_BY_TYPE_VALUES`. */
function valuesConstantName(name: string): string {
  return `${name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}_VALUES`;
}

function propertyKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

function docComment(paragraphs: readonly string[]): string {
  const text = paragraphs.flatMap((paragraph) =>
    paragraph === "" ? [""] : wrap(paragraph.replace(/\*\//g, "*\\/"), COMMENT_WIDTH - 7),
  );
  while (text.length > 0 && text[text.length - 1] === "") text.pop();
  if (text.length === 0) return "";
  if (text.length === 1) return `/** ${text[0]} */`;
  return `/**\n${text.map((line) => (line === "" ? " *" : ` * ${line}`)).join("\n")}\n */`;
}

/** Splits text into lines of at most `width` characters at spaces (a longer word stays whole). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((part) => part !== "")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  return line === "" ? [] : [...lines, line];
}

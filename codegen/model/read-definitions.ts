/**
 * The Definitions section: an index table (`| Name | Description |`, names truncated to their first
 * word), then one part per definition: its name on a line of its own, its description, and its table,
 * `| Name | Type | Description |` for an object or `| Value | Description |` for an enum.
 */
import { GeneratorError } from "../generator-error";
import { cellAt, columnIndex, type FlattenedTable } from "../page/flattened-table";
import type { PageSection } from "../page/reference-page";
import { readTypeCell } from "../page/type-expression";
import type { DefinitionModel, PropertyModel, TypeModel } from "./api-model";
import { isArmArrayProperty } from "./arm-conventions";
import { resolveDefinition, type DefinitionCandidate, type TypeMention } from "./resolve-definition";
import { typeModelOf } from "./type-model";
import { sameSentence } from "./words";

interface IndexEntry {
  readonly name: string;
  readonly description: string;
}

interface DefinitionPart {
  readonly name: string;
  descriptionLines: string[];
  table?: FlattenedTable;
}

export interface DefinitionsSection {
  /** Definitions that have a table, in page order. */
  readonly definitions: readonly DefinitionModel[];
  /** Everything a row may refer to, including definitions the index lists but the page lacks. */
  readonly candidates: readonly DefinitionCandidate[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function readDefinitions(section: PageSection): DefinitionsSection {
  const [first, ...rest] = section.blocks;
  const hasIndex =
    first?.kind === "table" &&
    first.table.columns.length === 2 &&
    columnIndex(first.table, "Name") >= 0 &&
    columnIndex(first.table, "Description") >= 0;
  const index: IndexEntry[] = hasIndex
    ? first.table.rows.map((row) => ({
        name: cellAt(row, columnIndex(first.table, "Name")),
        description: cellAt(row, columnIndex(first.table, "Description")),
      }))
    : [];

  // A definition's name is a lone identifier; with an index it must also start with an index name,
  // so that a one-word description is not taken for the next definition.
  const startsDefinition = (line: string) =>
    IDENTIFIER.test(line) && (index.length === 0 || index.some((entry) => line.startsWith(entry.name)));
  const parts: DefinitionPart[] = [];
  for (const block of hasIndex ? rest : section.blocks) {
    const current = parts[parts.length - 1];
    if (block.kind === "text" && startsDefinition(block.text)) {
      parts.push({ name: block.text, descriptionLines: [] });
    } else if (block.kind === "text" && current !== undefined && current.table === undefined) {
      current.descriptionLines.push(block.text);
    } else if (block.kind === "table" && current !== undefined && current.table === undefined) {
      current.table = block.table;
    } else {
      const what =
        block.kind === "text"
          ? `the text "${block.text}" at line ${block.line}`
          : `the table at line ${block.table.line}`;
      throw new GeneratorError(
        `${what} of the Definitions section belongs to no definition (a definition starts with its name on a line of its own)`,
      );
    }
  }

  const candidates: DefinitionCandidate[] = parts.map((part) => ({
    name: part.name,
    nameComplete: true,
    description: part.descriptionLines.join(" "),
    hasTable: part.table !== undefined,
  }));
  for (const entry of index) {
    const listed = candidates.some(
      (candidate) =>
        candidate.name.startsWith(entry.name) && sameSentence(candidate.description, entry.description),
    );
    if (!listed) candidates.push({ ...entry, nameComplete: false, hasTable: false });
  }

  const definitions = parts.flatMap((part): DefinitionModel[] =>
    part.table === undefined ? [] : [readDefinition(part, part.table, candidates)],
  );
  return { definitions, candidates };
}

function readDefinition(
  part: DefinitionPart,
  table: FlattenedTable,
  candidates: readonly DefinitionCandidate[],
): DefinitionModel {
  const description = part.descriptionLines.join(" ");
  const [name, type, value, text] = ["Name", "Type", "Value", "Description"].map((title) =>
    columnIndex(table, title),
  );
  if (name >= 0 && type >= 0 && text >= 0) {
    return {
      kind: "object",
      name: part.name,
      description,
      properties: table.rows.map((row) => {
        const propertyName = cellAt(row, name);
        if (propertyName === "") {
          throw new GeneratorError(`the row at line ${row.line} of definition "${part.name}" has no name`);
        }
        return readProperty(
          part.name,
          propertyName,
          cellAt(row, type),
          cellAt(row, text),
          row.line,
          candidates,
        );
      }),
    };
  }
  if (value >= 0 && text >= 0) {
    return {
      kind: "enum",
      name: part.name,
      description,
      values: table.rows
        .filter((row) => cellAt(row, value) !== "")
        .map((row) => ({ value: cellAt(row, value), description: cellAt(row, text) })),
    };
  }
  throw new GeneratorError(
    `the table of definition "${part.name}" (line ${table.line}) has the columns ${table.columns.join(" | ")}; ` +
      `expected Name | Type | Description or Value | Description`,
  );
}

function readProperty(
  owner: string,
  propertyName: string,
  typeCell: string,
  descriptionCell: string,
  line: number,
  candidates: readonly DefinitionCandidate[],
): PropertyModel {
  const path = propertyName.split(".");
  const where = `${owner}'s ${propertyName}`;
  const reading = readTypeCell(typeCell);
  if (reading.kind === "malformed") {
    throw new GeneratorError(
      `cannot read the type "${typeCell}" of ${where} (line ${line}): ${reading.reason}`,
    );
  }
  if (reading.kind === "type") {
    return { path, description: descriptionCell, type: typeModelOf(reading.type) };
  }
  // No type expression: the page shows prose where the link to a definition was.
  const text = [typeCell, descriptionCell].filter((cell) => cell !== "").join(" ");
  const leaf = path[path.length - 1] ?? propertyName;
  const definition = definitionNamedBy({ owner, propertyName: leaf, text }, candidates, where);
  if (definition === undefined) {
    throw new GeneratorError(
      `cannot tell the type of ${where} (line ${line}): its row shows only "${text}", ` +
        `and no definition's name or description matches it`,
    );
  }
  const reference: TypeModel = { kind: "definition", name: definition };
  return {
    path,
    description: text,
    type: isArmArrayProperty(owner, leaf) ? { kind: "array", items: reference } : reference,
  };
}

/**
 * The definition a row names in prose, or undefined when no definition matches. Fails when several
 * match equally or when the page lacks the table of the one that matches.
 */
export function definitionNamedBy(
  mention: TypeMention,
  candidates: readonly DefinitionCandidate[],
  where: string,
): string | undefined {
  const resolution = resolveDefinition(mention, candidates);
  if (resolution.kind === "unresolved") return undefined;
  if (resolution.kind === "ambiguous") {
    const names = resolution.candidates.map((candidate) => `"${candidate.name}"`).join(" and ");
    throw new GeneratorError(
      `cannot tell which definition ${where} refers to: its row shows only "${mention.text}", which ${names} match equally`,
    );
  }
  const { candidate } = resolution;
  if (!candidate.hasTable) {
    const name = candidate.nameComplete ? `"${candidate.name}"` : `"${candidate.name}…"`;
    throw new GeneratorError(
      `the Definitions section has no table for ${name}, which ${where} refers to` +
        (candidate.nameComplete ? "" : ` (the Definitions index lists it as "${candidate.description}")`),
    );
  }
  return candidate.name;
}

/**
 * The Responses table (`| Name | Type | Description |`): which definition the 200 response returns and
 * which one every other status returns. Its type cells are links the text copy drops, so a row is read
 * like a property row in prose (`resolve-definition.ts`): "Error response describing why the operation
 * failed." names ErrorResponse. The 200 row only says "OK.", which names nothing; then the body is the
 * definition the operation is about: among the definitions no other definition uses and no other
 * response returns, the one whose words best match the page's title and summary.
 */
import { GeneratorError } from "../generator-error";
import { cellAt, columnIndex } from "../page/flattened-table";
import type { PageSection } from "../page/reference-page";
import type { DefinitionModel, TypeModel } from "./api-model";
import { definitionNamedBy } from "./read-definitions";
import type { RequestLine } from "./read-request-line";
import { MIN_WORD_OVERLAP, type DefinitionCandidate } from "./resolve-definition";
import { wordOverlap, wordsOf } from "./words";

export interface ResponseBodies {
  readonly okBody: string;
  readonly errorBody: string;
}

export function readResponses(
  section: PageSection | undefined,
  definitions: readonly DefinitionModel[],
  candidates: readonly DefinitionCandidate[],
  request: RequestLine,
): ResponseBodies {
  if (section === undefined) throw new GeneratorError(`the page has no "Responses" section`);
  const table = section.blocks.flatMap((block) => (block.kind === "table" ? [block.table] : []))[0];
  const [name, type, description] = ["Name", "Type", "Description"].map((title) =>
    table === undefined ? -1 : columnIndex(table, title),
  );
  if (table === undefined || name === -1) {
    throw new GeneratorError(`the "Responses" section (line ${section.line}) has no table of responses`);
  }
  const rows = table.rows.map((row) => {
    const status = cellAt(row, name ?? -1);
    const text = [cellAt(row, type ?? -1), cellAt(row, description ?? -1)]
      .filter((cell) => cell !== "")
      .join(" ");
    const body = definitionNamedBy({ text }, candidates, `the "${status}" row of the Responses table`);
    return { status, text, body, ok: /^2\d\d\b/.test(status) };
  });

  const errorRows = rows.filter((row) => !row.ok);
  const errorBodies = [...new Set(errorRows.flatMap((row) => (row.body === undefined ? [] : [row.body])))];
  if (errorBodies.length !== 1) {
    const shown = errorRows.map((row) => `"${row.status}": "${row.text}"`).join(", ");
    throw new GeneratorError(
      errorBodies.length === 0
        ? `no row of the Responses table other than 200 names a definition (${shown || "there is none"})`
        : `the Responses table's error rows name different definitions: ${errorBodies.join(", ")}`,
    );
  }
  const errorBody = errorBodies[0] ?? "";

  const okRow = rows.find((row) => row.status.startsWith("200"));
  if (okRow === undefined) throw new GeneratorError(`the Responses table has no 200 row`);
  return { okBody: okRow.body ?? bodyOfOperation(definitions, errorBody, request, okRow.text), errorBody };
}

function bodyOfOperation(
  definitions: readonly DefinitionModel[],
  errorBody: string,
  request: RequestLine,
  okText: string,
): string {
  const used = new Set(
    definitions.flatMap((definition) =>
      definition.kind === "object"
        ? definition.properties.flatMap((property) =>
            referencedBy(property.type).filter((n) => n !== definition.name),
          )
        : [],
    ),
  );
  const roots = definitions.filter(
    (definition) => !used.has(definition.name) && definition.name !== errorBody,
  );
  if (roots.length === 1) return roots[0]?.name ?? "";
  const operationWords = wordsOf(request.title, request.summary);
  const scored = roots.map((definition) => ({
    name: definition.name,
    score: wordOverlap(operationWords, wordsOf(definition.name, definition.description)),
  }));
  const best = Math.max(0, ...scored.map((entry) => entry.score));
  const leaders = scored.filter((entry) => entry.score === best);
  if (best < MIN_WORD_OVERLAP || leaders.length !== 1) {
    throw new GeneratorError(
      `cannot tell which definition the 200 response returns: its row says only "${okText}", and ` +
        (roots.length === 0
          ? `every definition is used by another one or by an error response`
          : `none of ${roots.map((definition) => `"${definition.name}"`).join(", ")} matches the page's title clearly`),
    );
  }
  return leaders[0]?.name ?? "";
}

function referencedBy(type: TypeModel): string[] {
  if (type.kind === "definition") return [type.name];
  if (type.kind === "array") return referencedBy(type.items);
  return [];
}

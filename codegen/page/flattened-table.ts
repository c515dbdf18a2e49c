/**
 * Reads the tables of the reference page as its text copy flattens them: one table row spans several
 * lines (`| name |` / `type |` / `description |`, or `|` / `name` / `|` / `in | required |` ...), a cell
 * the page rendered as a link is empty, and the page may cut a row short (`| Key |` followed by the next
 * section). The reader therefore ignores line breaks and counts cells between pipes: a row opens with a
 * pipe and holds as many cells as the header has columns. A row is cut short when the text up to the next
 * pipe is not a cell: it spans more than one non-blank line, the pipe opens another table's header, or
 * the page ends. The table ends with a cut row or where no pipe opens the next row.
 */
import { lineNumberAt } from "./line-number";

export interface TableRow {
  /** Trimmed cell texts; fewer than the table's columns when the page cut the row short. */
  readonly cells: readonly string[];
  /** 1-based line of the pipe that opens the row. */
  readonly line: number;
}

export interface FlattenedTable {
  readonly columns: readonly string[];
  readonly rows: readonly TableRow[];
  /** 1-based line of the header row. */
  readonly line: number;
}

const SEPARATOR_LINE = /^\|(?:\s*:?-+:?\s*\|)+$/;

function endOfLine(text: string, from: number): number {
  const end = text.indexOf("\n", from);
  return end === -1 ? text.length : end;
}

/** The column titles when a table header (`| A | B |` followed by `|---|---|`) starts at `lineStart`. */
export function tableHeaderAt(text: string, lineStart: number): string[] | undefined {
  const lineEnd = endOfLine(text, lineStart);
  const header = text.slice(lineStart, lineEnd).trim();
  if (header.length < 2 || !header.startsWith("|") || !header.endsWith("|")) return undefined;
  if (lineEnd >= text.length) return undefined;
  const separator = text.slice(lineEnd + 1, endOfLine(text, lineEnd + 1)).trim();
  if (!SEPARATOR_LINE.test(separator)) return undefined;
  const columns = header
    .slice(1, -1)
    .split("|")
    .map((column) => column.trim());
  const separatorColumns = separator.match(/-+/g) ?? [];
  return columns.length === separatorColumns.length ? columns : undefined;
}

function opensTableHeader(text: string, pipe: number): boolean {
  const lineStart = text.lastIndexOf("\n", pipe - 1) + 1;
  return text.slice(lineStart, pipe).trim() === "" && tableHeaderAt(text, lineStart) !== undefined;
}

function nonBlankLineCount(cellText: string): number {
  return cellText.split("\n").filter((line) => line.trim() !== "").length;
}

/**
 * Reads the table whose header starts at `headerStart` (where `tableHeaderAt` found one) and returns it
 * with the offset just after its last cell, where the page's text continues.
 */
export function readFlattenedTable(
  text: string,
  headerStart: number,
  columns: readonly string[],
): { table: FlattenedTable; end: number } {
  const separatorEnd = endOfLine(text, endOfLine(text, headerStart) + 1);
  const rows: TableRow[] = [];
  let position = separatorEnd;
  for (;;) {
    let opening = position;
    while (opening < text.length && /\s/.test(text[opening] ?? "")) opening++;
    if (text[opening] !== "|" || opensTableHeader(text, opening)) break;
    const cells: string[] = [];
    let cursor = opening + 1;
    while (cells.length < columns.length) {
      const nextPipe = text.indexOf("|", cursor);
      if (nextPipe === -1) break;
      const cellText = text.slice(cursor, nextPipe);
      if (nonBlankLineCount(cellText) > 1 || opensTableHeader(text, nextPipe)) break;
      cells.push(cellText.trim());
      cursor = nextPipe + 1;
    }
    if (cells.length === 0) break;
    rows.push({ cells, line: lineNumberAt(text, opening) });
    position = cursor;
    if (cells.length < columns.length) break;
  }
  return { table: { columns, rows, line: lineNumberAt(text, headerStart) }, end: position };
}

/** Index of the column titled `title` (any case), or -1. */
export function columnIndex(table: FlattenedTable, title: string): number {
  return table.columns.findIndex((column) => column.toLowerCase() === title.toLowerCase());
}

/** The cell of `row` in `column`; empty where the page left it empty or cut the row short. */
export function cellAt(row: TableRow, column: number): string {
  return column < 0 ? "" : (row.cells[column] ?? "");
}

/**
 * The structure of an Azure REST API reference page in its text copy: a preamble (operation title,
 * summary, request line) followed by the sections of the page template, each a sequence of text lines
 * and tables.
 */
import { readFlattenedTable, tableHeaderAt, type FlattenedTable } from "./flattened-table";
import { lineNumberAt } from "./line-number";

/** Section headings of the REST reference page template, in the order the template prints them. */
export const SECTION_HEADINGS = [
  "URI Parameters",
  "Request Header",
  "Request Body",
  "Responses",
  "Security",
  "Examples",
  "Definitions",
] as const;

export type SectionHeading = (typeof SECTION_HEADINGS)[number];

export type PageBlock =
  | { readonly kind: "text"; readonly text: string; readonly line: number }
  | { readonly kind: "table"; readonly table: FlattenedTable };

export interface PageSection {
  readonly heading: SectionHeading;
  readonly line: number;
  readonly blocks: readonly PageBlock[];
}

export interface ReferencePage {
  /** Blocks before the first section heading: title, summary and request line. */
  readonly preamble: readonly PageBlock[];
  readonly sections: readonly PageSection[];
}

function isSectionHeading(line: string): line is SectionHeading {
  return (SECTION_HEADINGS as readonly string[]).includes(line);
}

export function parseReferencePage(source: string): ReferencePage {
  const text = source.replace(/\r\n?/g, "\n");
  const preamble: PageBlock[] = [];
  const sections: { heading: SectionHeading; line: number; blocks: PageBlock[] }[] = [];
  let blocks = preamble;
  let position = 0;
  while (position < text.length) {
    const columns = tableHeaderAt(text, position);
    if (columns !== undefined) {
      const { table, end } = readFlattenedTable(text, position, columns);
      blocks.push({ kind: "table", table });
      position = end;
      continue;
    }
    const lineEnd = text.indexOf("\n", position) === -1 ? text.length : text.indexOf("\n", position);
    const line = text.slice(position, lineEnd).trim();
    if (isSectionHeading(line)) {
      const section = { heading: line, line: lineNumberAt(text, position), blocks: [] };
      sections.push(section);
      blocks = section.blocks;
    } else if (line !== "") {
      blocks.push({ kind: "text", text: line, line: lineNumberAt(text, position) });
    }
    position = lineEnd + 1;
  }
  return { preamble, sections };
}

export function findSection(page: ReferencePage, heading: SectionHeading): PageSection | undefined {
  return page.sections.find((section) => section.heading === heading);
}

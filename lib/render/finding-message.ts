import type { Finding } from "../check/result";
import { noteText } from "./finding-block";
import { qualifiedLabel } from "./finding-label";
import { terminalText } from "./untrusted-text";
import { findingPhrase } from "./verdict-wording";

/**
 * A finding as lines of a message that stands alone (a GitHub annotation, a SARIF result): what
 * happened and why, the answer's schema errors by JSON pointer, and the notes. Plain text, not yet
 * escaped.
 */
export function findingMessageLines(finding: Finding): string[] {
  return [
    `${qualifiedLabel(finding)} ${findingPhrase(finding)}: ${finding.reason}`,
    ...finding.schemaErrors.map(
      (error) => `${error.pointer === "" ? "(whole answer)" : error.pointer}: ${error.message}`,
    ),
    ...(finding.notes ?? []).map((note) => `Note: ${noteText(note)}`),
  ];
}

/**
 * Lines of outside text (names, reasons quoting ARM) joined into one message: control characters in
 * them are shown escaped, as in the text plan, so the only line breaks are those between the lines.
 */
export function plainLines(lines: readonly string[]): string {
  return lines.map(terminalText).join("\n");
}

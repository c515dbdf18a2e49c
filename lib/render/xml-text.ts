/**
 * Text inside XML 1.0. Reasons and error messages come from Azure and the network, so they may hold
 * markup characters or control characters XML cannot carry at all; those become U+FFFD instead of
 * making the whole report unreadable.
 */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHARACTER = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  // Kept as references in attributes: a parser would otherwise normalise them to spaces.
  "\n": "&#10;",
  "\r": "&#13;",
  "\t": "&#9;",
};

/** Escapes text for element content. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML_CHARACTER, "\uFFFD").replace(/[&<>]/g, (c) => ENTITIES[c]);
}

/** Escapes text for a double-quoted attribute value, keeping line breaks. */
export function xmlAttribute(text: string): string {
  return text.replace(NOT_XML_CHARACTER, "\uFFFD").replace(/[&<>"'\n\r\t]/g, (c) => ENTITIES[c]);
}

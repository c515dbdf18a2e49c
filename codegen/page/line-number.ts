/** 1-based line number of a character offset, for messages that point into the reference page. */
export function lineNumberAt(text: string, offset: number): number {
  return text.slice(0, offset).split("\n").length;
}

/**
 * The words of names and sentences, compared when a row of the page names its type only in prose.
 * Names are split at camelCase humps, words are lower-cased and reduced to a naive singular (so
 * "details" meets "detail" and "Backups" meets "backup"), and words that carry no meaning are dropped.
 */

const STOP_WORDS = new Set(
  "a an and are as be by e eg for g in is it of on or that the this to which with".split(" "),
);

function singular(word: string): string {
  return word.length > 3 && word.endsWith("s") && !/(?:ss|us|is)$/.test(word) ? word.slice(0, -1) : word;
}

export function wordsOf(...texts: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const text of texts) {
    const separated = text.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2");
    for (const word of separated.toLowerCase().split(/[^a-z0-9]+/)) {
      if (word !== "" && !STOP_WORDS.has(word)) words.add(singular(word));
    }
  }
  return words;
}

/** Shared words over all words (Jaccard index): 1 for the same words, 0 for none in common. */
export function wordOverlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  const all = a.size + b.size - shared;
  return all === 0 ? 0 : shared / all;
}

/** Case, spacing and a final full stop do not make two sentences different. */
export function sameSentence(a: string, b: string): boolean {
  const normal = (text: string) => text.trim().replace(/\s+/g, " ").replace(/\.$/, "").toLowerCase();
  return normal(a) !== "" && normal(a) === normal(b);
}

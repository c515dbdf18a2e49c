/**
 * Which definition a row of the page means when its type cell holds no type expression.
 *
 * The text copy of the page drops the links of the type column, so such a row shows only prose: the
 * definition's own description (`properties.status` shows ExecutionStatus's), the property's
 * description (`systemData`), or the property's description that resembles the definition's
 * (`lastModifiedByType`, `details`). The rule, first match wins:
 *
 * 1. description: the row's text is the description of exactly one definition;
 * 2. name: the property's name (or the row's text) is the name of exactly one definition;
 * 3. words: the definition whose name and description share the largest part of their words with the
 *    property's name and the row's text (`wordOverlap`), if at least `MIN_WORD_OVERLAP`. On a tie a
 *    definition other than the row's own wins: a definition contains itself only when the words say so
 *    better than for any other (ErrorDetail's `details`), whereas ErrorResponse's `error` ("The error
 *    object.") matches ErrorResponse and ErrorDetail equally and means ErrorDetail.
 *
 * Candidates whose section is missing from the page still take part under the truncated name of the
 * Definitions index, so that the caller can say which definition the page lacks.
 */
import { sameSentence, wordOverlap, wordsOf } from "./words";

export interface DefinitionCandidate {
  /** The name of the definition's section, or the Definitions index's truncated name when the section is missing. */
  readonly name: string;
  /** False for the Definitions index's truncated name ("Execution" for ExecutionStatus). */
  readonly nameComplete: boolean;
  readonly description: string;
  /** Whether the page has the definition's table, without which it cannot be generated. */
  readonly hasTable: boolean;
}

export interface TypeMention {
  /** The definition whose table holds the row. */
  readonly owner?: string;
  /** The property the row describes (the last segment of `properties.status`). */
  readonly propertyName?: string;
  /** What the row shows instead of a type. */
  readonly text: string;
}

export type Resolution =
  | {
      readonly kind: "resolved";
      readonly candidate: DefinitionCandidate;
      readonly rule: "description" | "name" | "words";
    }
  | { readonly kind: "unresolved" }
  | { readonly kind: "ambiguous"; readonly candidates: readonly DefinitionCandidate[] };

/**
 * Below this share of common words a match is chance: on the page every right match shares at least a
 * third of its words, and the closest wrong ones (properties.status against the operation, with
 * ExecutionStatus removed) share less than a tenth.
 */
export const MIN_WORD_OVERLAP = 0.25;

export function resolveDefinition(
  mention: TypeMention,
  candidates: readonly DefinitionCandidate[],
): Resolution {
  let pool = candidates;

  const byDescription = pool.filter((candidate) => sameSentence(mention.text, candidate.description));
  if (byDescription.length === 1)
    return { kind: "resolved", candidate: byDescription[0], rule: "description" };
  if (byDescription.length > 1) pool = byDescription;

  const names = [mention.propertyName, mention.text].filter((name): name is string => !!name).map(lower);
  const byName = pool.filter((candidate) => candidate.nameComplete && names.includes(lower(candidate.name)));
  if (byName.length === 1) return { kind: "resolved", candidate: byName[0], rule: "name" };
  if (byName.length > 1) pool = byName;

  const mentionWords = wordsOf(mention.propertyName ?? "", mention.text);
  const scored = pool.map((candidate) => ({
    candidate,
    score: wordOverlap(mentionWords, wordsOf(candidate.name, candidate.description)),
  }));
  const best = Math.max(0, ...scored.map((entry) => entry.score));
  if (best < MIN_WORD_OVERLAP) return { kind: "unresolved" };
  let leaders = scored.filter((entry) => entry.score === best).map((entry) => entry.candidate);
  if (leaders.length > 1) leaders = leaders.filter((candidate) => candidate.name !== mention.owner);
  if (leaders.length === 1) return { kind: "resolved", candidate: leaders[0], rule: "words" };
  return { kind: "ambiguous", candidates: leaders };
}

function lower(text: string): string {
  return text.toLowerCase();
}

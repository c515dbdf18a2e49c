/**
 * "Did you mean" for anything a user types from a known list (commands, flags, flag values, server
 * names). A leaf module so the CLI and the check share one rule.
 */

/**
 * The known name closest to `typed`, if it is close enough to be a typo: at most one edit for short
 * names, one per four characters for longer ones. A swap of two neighbouring letters (`fromat`) is one
 * edit. Case is ignored, so `azurecloud` finds `AzureCloud`.
 */
export function closestName(typed: string, known: readonly string[]): string | undefined {
  const wanted = typed.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(wanted, name.toLowerCase());
    if (distance === 0) return name;
    if (distance <= Math.max(1, Math.floor(name.length / 4)) && (!best || distance < best.distance))
      best = { name, distance };
  }
  return best?.name;
}

/** `; did you mean "x"?` when a close name exists, else `""`. */
export function didYouMean(typed: string, known: readonly string[], render = (name: string) => name): string {
  const suggestion = closestName(typed, known);
  return suggestion === undefined ? "" : `; did you mean "${render(suggestion)}"?`;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const above = rows[i - 1];
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(above[j] + 1, row[j - 1] + 1, above[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j], rows[i - 2][j - 2] + 1);
    }
    rows.push(row);
  }
  return rows[a.length][b.length];
}

/** "Did you mean": the known name closest to a typo (settings keys, flags, commands). */

/** The known key closest to a typo, when it is close enough to be what was meant. */
export function suggest(key: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = candidate.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, candidate);
    // Ties go to the candidate of the same length (`modle` → `model`, not `mode`).
    const score = distance + Math.abs(candidate.length - key.length) / 100;
    if (distance <= Math.max(1, Math.floor(key.length / 4)) && score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** Edit distance counting a swap of neighbours as one edit (the commonest typo). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => (rows[i] as number[])[j] as number;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

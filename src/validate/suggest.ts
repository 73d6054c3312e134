/**
 * "Did you mean …?" suggestions, as commander's `suggestSimilar` makes them: Damerau–Levenshtein (optimal string
 * alignment) distance at most 3, and at least 40% of the word must survive the edits.
 */

/** Edit distance counting insertions, deletions, substitutions and adjacent transpositions. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Math.max(a.length, b.length);
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d[i] = [i];
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let j = 1; j <= b.length; j++) {
    for (let i = 1; i <= a.length; i++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest candidates to `word` (ties all returned), or none. */
export function similar(word: string, candidates: Iterable<string>, maxDistance = 3): string[] {
  let best = maxDistance + 1;
  let found: string[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (candidate === word || candidate.length === 0 || seen.has(candidate)) continue;
    seen.add(candidate);
    const distance = editDistance(word, candidate);
    const length = Math.max(word.length, candidate.length);
    if (distance > maxDistance || (length - distance) / length <= 0.4) continue;
    if (distance < best) {
      best = distance;
      found = [candidate];
    } else if (distance === best) found.push(candidate);
  }
  return found.sort();
}

/** `Did you mean 'x'?` / `Did you mean one of 'a', 'b'?`, or undefined. */
export function suggestSimilar(word: string, candidates: Iterable<string>): string | undefined {
  const found = similar(word, candidates);
  if (found.length === 0) return undefined;
  if (found.length === 1) return `Did you mean '${found[0]}'?`;
  return `Did you mean one of ${found.map((f) => `'${f}'`).join(", ")}?`;
}

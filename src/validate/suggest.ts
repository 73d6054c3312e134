/**
 * "Did you mean …?" suggestions, as commander's `suggestSimilar` makes them: Damerau–Levenshtein (optimal string
 * alignment) distance at most 3, and at least 40% of the word must survive the edits.
 */

/** The rows editDistance works in, reused across calls (allocating them took longer than the arithmetic). */
const rows: Int32Array[] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Edit distance counting insertions, deletions, substitutions and adjacent transpositions. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Math.max(a.length, b.length);
  // three rolling rows instead of a full matrix: a file with 20,000 unknown keys asks this 20,000 × (known keys) times
  const n = b.length;
  if (rows[0]!.length <= n) for (let k = 0; k < 3; k++) rows[k] = new Int32Array(2 * n + 2);
  let [before, prev, row] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, before[j - 2]! + 1);
      row[j] = v;
    }
    const t = before;
    before = prev;
    prev = row;
    row = t;
  }
  return prev[n]!;
}

const counts = new Int32Array(128);
/**
 * A lower bound of the edit distance from the letters alone: each edit adds or removes at most one letter on each
 * side (a transposition none), so the letters one word has and the other lacks need at least that many edits.
 * Letters are counted modulo 128; two letters sharing a slot only lower the bound, which keeps it a lower bound.
 */
function bagBound(a: string, b: string): number {
  for (let i = 0; i < a.length; i++) counts[a.charCodeAt(i) & 127]!++;
  for (let i = 0; i < b.length; i++) counts[b.charCodeAt(i) & 127]!--;
  let extra = 0;
  let missing = 0;
  for (let i = 0; i < a.length; i++) {
    const k = a.charCodeAt(i) & 127;
    const c = counts[k]!;
    if (c > 0) extra += c;
    counts[k] = 0;
  }
  for (let i = 0; i < b.length; i++) {
    const k = b.charCodeAt(i) & 127;
    const c = counts[k]!;
    if (c < 0) missing -= c;
    counts[k] = 0;
  }
  return Math.max(extra, missing);
}

/** The closest candidates to `word` (ties all returned), or none. */
export function similar(word: string, candidates: Iterable<string>, maxDistance = 3): string[] {
  let best = maxDistance + 1;
  let found: string[] = [];
  for (const candidate of candidates) {
    // lengths further apart than the allowed distance cannot match: most candidates stop here
    if (Math.abs(candidate.length - word.length) > maxDistance || candidate === word || candidate.length === 0) continue;
    if (found.includes(candidate) || bagBound(word, candidate) > Math.min(best, maxDistance)) continue;
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

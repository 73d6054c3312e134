import { describe, expect, it } from "vitest";
import { editDistance, similar, suggestSimilar } from "../src/validate/suggest";

/** The textbook optimal-string-alignment distance on a full matrix, to check the rolling-row version against. */
function reference(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Math.max(a.length, b.length);
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d[i] = [i];
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}

describe("editDistance", () => {
  it("counts insertions, deletions, substitutions and adjacent transpositions", () => {
    expect(editDistance("", "")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("branch", "branch")).toBe(0);
    expect(editDistance("brnach", "branch")).toBe(1);
    expect(editDistance("brach", "branch")).toBe(1);
    expect(editDistance("uri", "url")).toBe(1);
    expect(editDistance("ca", "abc")).toBe(3);
  });

  it("agrees with the full-matrix definition on 5,000 seeded random pairs", () => {
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const word = () => Array.from({ length: rand(9) }, () => "abcd"[rand(4)]).join("");
    for (let i = 0; i < 5000; i++) {
      const a = word();
      const b = word();
      expect(editDistance(a, b), `${a} / ${b}`).toBe(reference(a, b));
    }
  });
});

describe("suggestSimilar", () => {
  it("offers the closest known names, ties sorted", () => {
    expect(suggestSimilar("brnach", ["branch", "uri", "paths"])).toBe("Did you mean 'branch'?");
    expect(similar("tag", ["tags", "tap", "uri"])).toEqual(["tags", "tap"]);
    expect(suggestSimilar("zzzzzz", ["branch", "uri"])).toBeUndefined();
  });
});

describe("similar's pruning", () => {
  it("finds what an exhaustive search finds on 3,000 seeded random words", () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const word = () => Array.from({ length: 1 + rand(8) }, () => "abcde_"[rand(6)]).join("");
    const candidates = Array.from({ length: 40 }, word);
    for (let i = 0; i < 3000; i++) {
      const w = word();
      let best = 4;
      let expected: string[] = [];
      for (const c of new Set(candidates)) {
        if (c === w) continue;
        const d = reference(w, c);
        const length = Math.max(w.length, c.length);
        if (d > 3 || (length - d) / length <= 0.4) continue;
        if (d < best) {
          best = d;
          expected = [c];
        } else if (d === best) expected.push(c);
      }
      expect(similar(w, candidates), w).toEqual(expected.sort());
    }
  });
});

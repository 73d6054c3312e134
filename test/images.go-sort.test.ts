// The s3 resource's order among equal versions: Go's sort.Sort (pdqsort, not stable) over the matching keys in
// listing order. goSort must make Go's moves exactly; the expected orders in fixtures/go-sort come from Go's own
// sort.Sort (fixtures/go-sort/sort.go) over inputs from 2 to 2,048 elements: expected-go1.19.json from an
// unmodified Go 1.19, expected.json from the same code with Go 1.24's xorshift shifts (what the s3 resource,
// built with Go 1.25, runs).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { goSort } from "../src/images/go-sort";
import { orderVersions } from "../src/images/list";
import { caseNames, formKeys, ranksOf } from "./fixtures/go-sort/cases";

interface Expected {
  readonly go: string;
  readonly cases: readonly { name: string; n: number; sha256: string; order?: number[] }[];
}
const load = (name: string) => JSON.parse(readFileSync(path.join(__dirname, "fixtures/go-sort", name), "utf8")) as Expected;
const expected = load("expected.json");
const expected119 = load("expected-go1.19.json");

/** Indices of `ranks`, in the order Go's sort.Sort leaves them with Less = rank[i] < rank[j]. */
function sortedIndices(ranks: readonly number[], go: "go1.24" | "go1.19" = "go1.24"): number[] {
  const idx = ranks.map((_, i) => i);
  goSort(idx, (a, b) => ranks[a]! < ranks[b]!, go);
  return idx;
}
const sha = (order: readonly number[]): string => createHash("sha256").update(order.join(",")).digest("hex");

const stableIndices = (ranks: readonly number[]): number[] => ranks.map((_, i) => i).sort((a, b) => ranks[a]! - ranks[b]! || a - b);

describe("goSort: Go's sort.Sort, move for move", () => {
  it("has an expected result from Go for every case, and the cases range from 2 to over 1,000 elements", () => {
    expect(expected.cases.map((c) => c.name)).toEqual(caseNames());
    expect(expected119.cases.map((c) => c.name)).toEqual(caseNames());
    expect(Math.max(...expected.cases.map((c) => c.n))).toBeGreaterThan(1000);
    expect(expected119.go).toMatch(/^go1\.19\./); // pdqsort since Go 1.19
    // the two generators differ on enough cases for the test to tell them apart
    expect(expected.cases.filter((c, i) => c.sha256 !== expected119.cases[i]!.sha256).length).toBeGreaterThan(20);
  });

  it.each(expected.cases.map((c, i) => [c.name, c, expected119.cases[i]!] as const))("%s gives Go's order", (name, c, c119) => {
    const ranks = ranksOf(name);
    expect(ranks).toHaveLength(c.n);
    const order = sortedIndices(ranks);
    if (c.order) expect(order).toEqual(c.order);
    expect(sha(order)).toBe(c.sha256);
    expect(sha(sortedIndices(ranks, "go1.19"))).toBe(c119.sha256);
  });

  it("is the stable order up to 12 elements (Go's insertion sort), whatever the ties", () => {
    for (let n = 2; n <= 12; n++) {
      for (const k of [1, 2, 3]) {
        const ranks = Array.from({ length: n }, (_, i) => (i * 7 + n) % (k + 1));
        expect(sortedIndices(ranks)).toEqual(stableIndices(ranks));
      }
    }
  });

  it("moves equal elements from 13 on (worked by hand: the pivot's element goes first among the 1s)", () => {
    // ranks 2 1 1 1 1 1 1 1 1 1 1 1 2 (indices 0..12). The ninther is not used below 50; the median of
    // indices 3, 6, 9 needs no swap, so the hint is "increasing"; the partial insertion sort stops at index 1
    // and gives up (fewer than 50 elements). The partition swaps the pivot (index 6) to the front, finds every
    // other element ≥ it, and leaves it at 0: an unbalanced split. The 12 after it (1 2 3 4 5 0 7 … 12, element 0
    // now where the pivot was) are insertion-sorted, stably.
    const ranks = [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2];
    expect(sortedIndices(ranks)).toEqual([6, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 0, 12]);
  });

  it("sorts: ascending ranks for any input (including ones that drive it to heapsort)", () => {
    for (const n of [13, 50, 51, 333, 1000]) {
      for (let seed = 1; seed <= 5; seed++) {
        const ranks = Array.from({ length: n }, (_, i) => ((i * 2654435761 * seed) % 97) >>> 0);
        const order = sortedIndices(ranks);
        for (let i = 1; i < n; i++) expect(ranks[order[i]!]!).toBeGreaterThanOrEqual(ranks[order[i - 1]!]!);
        expect([...order].sort((a, b) => a - b)).toEqual(ranks.map((_, i) => i));
      }
    }
  });
});

describe("orderVersions: the key the s3 resource picks among equal versions", () => {
  const pick = (keys: readonly string[]) => orderVersions("b", "img-(.*).tgz", keys);

  it("16 keys, img-1 … img-13 and img-20, img-20.0, img-20.0.0: the resource picks img-20.0.0", () => {
    const keys = [...Array.from({ length: 13 }, (_, i) => `img-${i + 1}.tgz`), "img-20.tgz", "img-20.0.tgz", "img-20.0.0.tgz"].sort();
    const list = pick(keys);
    expect(list.latest).toBe("img-20.0.0.tgz");
    expect(list.warnings.join("\n")).toContain("its check picks img-20.0.0.tgz");
    expect(list.warnings.join("\n")).not.toContain("not defined");
  });

  it("300 keys in 5-way ties (versions 2 … 61): the resource picks img-61.0", () => {
    const keys = formKeys(2, 60, 5).map((k) => k.key);
    expect(keys).toHaveLength(300);
    expect(pick(keys).latest).toBe("img-61.0.tgz");
  });

  it("orders every key as goSort orders their versions (the whole order, not only the top)", () => {
    for (const [v, f] of [
      [3, 3],
      [20, 5],
      [250, 4],
    ] as const) {
      const keys = formKeys(2, v, f);
      const order = sortedIndices(keys.map((k) => k.version)).map((i) => keys[i]!.key);
      expect(pick(keys.map((k) => k.key)).versions.map((x) => x.key)).toEqual(order);
    }
  });
});

/**
 * Go's `sort.Sort`, step for step, so that elements that compare equal end up in the order Go leaves them.
 *
 * The s3 resource orders the versions it finds with `sort.Sort(extractions)`. That sort is not stable: when
 * `img-20`, `img-20.0` and `img-20.0.0` are equal versions, which of them comes last (the version a pipeline
 * gets) depends on the exact moves of Go's algorithm. It is deterministic, though: since Go 1.19 (the s3
 * resource's go.mod asks for Go 1.25) `sort.Sort` is pattern-defeating quicksort (pdqsort) with
 *   - insertion sort for ranges of at most 12 elements,
 *   - a pivot from the median of 3 (ranges of 8+) or Tukey's ninther (50+), with a reversal when the sample
 *     looks descending and a bounded insertion pass when it looks ascending,
 *   - a partition of the elements equal to the pivot when the element before the range equals it,
 *   - after an unbalanced partition, three swaps with positions from an xorshift generator seeded with the
 *     range's length (so the same input always gives the same order),
 *   - heapsort after bits.Len(n) unbalanced partitions.
 * This module follows those steps with the same comparisons and swaps (written from the algorithm's
 * description in Go's `sort` package); only `less` is called, like Go's `Less(i, j)`. Tests compare it with
 * Go's own sort.Sort on inputs of 2 to 2,048 elements (test/fixtures/go-sort).
 */

type Less<T> = (a: T, b: T) => boolean;

/**
 * The shifts of the xorshift generator that picks breakPatterns' positions. Go 1.19–1.23 used 13, 17, 5;
 * Go 1.24 changed them to the paper's 64-bit triple 13, 7, 17 (golang/go#70144). The s3 resource's go.mod asks
 * for Go 1.25, so its check uses the later one; the earlier one is kept to test this port against a Go 1.19.
 */
export const GO_XORSHIFT = { "go1.24": [13n, 7n, 17n], "go1.19": [13n, 17n, 5n] } as const;

/** Sorts `items` in place exactly as Go's `sort.Sort` would with a `Less` equal to `less`. */
export function goSort<T>(items: T[], less: Less<T>, go: keyof typeof GO_XORSHIFT = "go1.24"): void {
  const n = items.length;
  if (n <= 1) return;
  new GoSorter(items, less, GO_XORSHIFT[go]).pdqsort(0, n, bitLength(n));
}

const INCREASING = 1;
const DECREASING = 2;
const UNKNOWN = 0;

/** Number of bits needed for `n` (Go's bits.Len). */
function bitLength(n: number): number {
  let bits = 0;
  while (n > 0) {
    bits++;
    n = Math.floor(n / 2);
  }
  return bits;
}

const MASK64 = (1n << 64n) - 1n;

class GoSorter<T> {
  constructor(
    private readonly d: T[],
    private readonly lessFn: Less<T>,
    private readonly shifts: readonly [bigint, bigint, bigint],
  ) {}

  private less(i: number, j: number): boolean {
    return this.lessFn(this.d[i]!, this.d[j]!);
  }

  private swap(i: number, j: number): void {
    const t = this.d[i]!;
    this.d[i] = this.d[j]!;
    this.d[j] = t;
  }

  pdqsort(a: number, b: number, limit: number): void {
    let balanced = true;
    let partitioned = true;
    for (;;) {
      const length = b - a;
      if (length <= 12) {
        this.insertionSort(a, b);
        return;
      }
      if (limit === 0) {
        this.heapSort(a, b);
        return;
      }
      if (!balanced) {
        this.breakPatterns(a, b);
        limit--;
      }
      let [pivot, hint] = this.choosePivot(a, b);
      if (hint === DECREASING) {
        this.reverseRange(a, b);
        // the pivot keeps its element: it is now as far from the end as it was from the start
        pivot = b - 1 - (pivot - a);
        hint = INCREASING;
      }
      if (balanced && partitioned && hint === INCREASING && this.partialInsertionSort(a, b)) return;
      // `a > 0` looks at the whole slice, as Go does: the element just before this range
      if (a > 0 && !this.less(a - 1, pivot)) {
        a = this.partitionEqual(a, b, pivot);
        continue;
      }
      const [mid, already] = this.partition(a, b, pivot);
      partitioned = already;
      const left = mid - a;
      const right = b - mid;
      const threshold = Math.floor(length / 8);
      if (left < right) {
        balanced = left >= threshold;
        this.pdqsort(a, mid, limit);
        a = mid + 1;
      } else {
        balanced = right >= threshold;
        this.pdqsort(mid + 1, b, limit);
        b = mid;
      }
    }
  }

  private insertionSort(a: number, b: number): void {
    for (let i = a + 1; i < b; i++) {
      for (let j = i; j > a && this.less(j, j - 1); j--) this.swap(j, j - 1);
    }
  }

  private siftDown(lo: number, hi: number, first: number): void {
    let root = lo;
    for (;;) {
      let child = 2 * root + 1;
      if (child >= hi) return;
      if (child + 1 < hi && this.less(first + child, first + child + 1)) child++;
      if (!this.less(first + root, first + child)) return;
      this.swap(first + root, first + child);
      root = child;
    }
  }

  private heapSort(a: number, b: number): void {
    const hi = b - a;
    for (let i = Math.floor((hi - 1) / 2); i >= 0; i--) this.siftDown(i, hi, a);
    for (let i = hi - 1; i >= 0; i--) {
      this.swap(a, a + i);
      this.siftDown(0, i, a);
    }
  }

  /** Elements below the pivot to the left, the rest to the right; the pivot's final index, and whether nothing moved. */
  private partition(a: number, b: number, pivot: number): [number, boolean] {
    this.swap(a, pivot);
    let i = a + 1;
    let j = b - 1;
    while (i <= j && this.less(i, a)) i++;
    while (i <= j && !this.less(j, a)) j--;
    if (i > j) {
      this.swap(j, a);
      return [j, true];
    }
    this.swap(i, j);
    i++;
    j--;
    for (;;) {
      while (i <= j && this.less(i, a)) i++;
      while (i <= j && !this.less(j, a)) j--;
      if (i > j) break;
      this.swap(i, j);
      i++;
      j--;
    }
    this.swap(j, a);
    return [j, false];
  }

  /** Elements equal to the pivot first, then the greater ones (the range holds nothing smaller); the first greater index. */
  private partitionEqual(a: number, b: number, pivot: number): number {
    this.swap(a, pivot);
    let i = a + 1;
    let j = b - 1;
    for (;;) {
      while (i <= j && !this.less(a, i)) i++;
      while (i <= j && this.less(a, j)) j--;
      if (i > j) break;
      this.swap(i, j);
      i++;
      j--;
    }
    return i;
  }

  /** Fixes up to 5 out-of-order neighbours of a nearly sorted range (50+ elements); true when it ends sorted. */
  private partialInsertionSort(a: number, b: number): boolean {
    let i = a + 1;
    for (let step = 0; step < 5; step++) {
      while (i < b && !this.less(i, i - 1)) i++;
      if (i === b) return true;
      if (b - a < 50) return false;
      this.swap(i, i - 1);
      // the smaller one moves left (Go's loop runs down to index 1 of the whole slice, not to `a`)
      if (i - a >= 2) {
        for (let j = i - 1; j >= 1; j--) {
          if (!this.less(j, j - 1)) break;
          this.swap(j, j - 1);
        }
      }
      // the greater one moves right
      if (b - i >= 2) {
        for (let j = i + 1; j < b; j++) {
          if (!this.less(j, j - 1)) break;
          this.swap(j, j - 1);
        }
      }
    }
    return false;
  }

  /** Three swaps around the middle, at positions from xorshift64 seeded with the length. */
  private breakPatterns(a: number, b: number): void {
    const length = b - a;
    if (length < 8) return;
    let random = BigInt(length);
    const modulus = 2 ** bitLength(length); // Go's nextPowerOfTwo: 1 << bits.Len(length)
    const mid = a + Math.floor(length / 4) * 2;
    for (let idx = mid - 1; idx <= mid + 1; idx++) {
      const [s1, s2, s3] = this.shifts;
      random ^= (random << s1) & MASK64;
      random ^= random >> s2;
      random ^= (random << s3) & MASK64;
      let other = Number(random & BigInt(modulus - 1));
      if (other >= length) other -= length;
      this.swap(idx, a + other);
    }
  }

  /** A pivot index and what the sample says about the range's order (from the number of swaps the medians needed). */
  private choosePivot(a: number, b: number): [number, number] {
    const l = b - a;
    const swaps = { n: 0 };
    const quarter = Math.floor(l / 4);
    let i = a + quarter;
    let j = a + quarter * 2;
    let k = a + quarter * 3;
    if (l >= 8) {
      if (l >= 50) {
        i = this.median(i - 1, i, i + 1, swaps);
        j = this.median(j - 1, j, j + 1, swaps);
        k = this.median(k - 1, k, k + 1, swaps);
      }
      j = this.median(i, j, k, swaps);
    }
    if (swaps.n === 0) return [j, INCREASING];
    if (swaps.n === 12) return [j, DECREASING];
    return [j, UNKNOWN];
  }

  /** The index holding the median of three, counting the orderings that had to be flipped. */
  private median(a: number, b: number, c: number, swaps: { n: number }): number {
    [a, b] = this.order2(a, b, swaps);
    [b, c] = this.order2(b, c, swaps);
    [a, b] = this.order2(a, b, swaps);
    void c;
    return b;
  }

  private order2(a: number, b: number, swaps: { n: number }): [number, number] {
    if (this.less(b, a)) {
      swaps.n++;
      return [b, a];
    }
    return [a, b];
  }

  private reverseRange(a: number, b: number): void {
    for (let i = a, j = b - 1; i < j; i++, j--) this.swap(i, j);
  }
}

/**
 * Columns of the transformed code mapped back to the `.ts`, by aligning the tokens of each line.
 *
 * The transform (sucrase) keeps every line where it was, but its source map goes wrong after some constructs
 * (after a template literal, every later token of the file maps to one column). Since lines are kept, the
 * tokens of a generated line can be matched with those of the original line instead: a longest common
 * subsequence of the two token lists pairs each kept token with its original, and the tokens the transform
 * added (`_pipegen.`, `.call(void 0, `) fall back to the kept token before them, as a source map would.
 * Computed once per transform (a cache miss) and stored with it.
 */

/**
 * Per 1-based line: anchors as a flat list [generatedColumn, originalColumn, length, …] (0-based) for the lines the
 * transform changed, `null` for a line too long to align (the transform's own source map is used there).
 * Lines not listed are unchanged.
 */
export type ColumnMap = Record<number, number[] | null>;

// words, numbers, quoted strings, and any other single character
const TOKEN = /[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*|\d[\w.]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\S/g;
/** Lines with more tokens than this (minified code, huge literals) are not aligned. */
const MAX_TOKENS = 400;

interface Token {
  readonly text: string;
  readonly col: number;
}

function tokens(line: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(line); m !== null; m = TOKEN.exec(line)) out.push({ text: m[0], col: m.index });
  return out;
}

/** The column map of `generated` against `original`; undefined when their line counts differ. */
export function alignColumns(original: string, generated: string): ColumnMap | undefined {
  const before = original.split("\n");
  const after = generated.split("\n");
  if (before.length !== after.length) return undefined;
  const map: ColumnMap = {};
  for (let i = 0; i < after.length; i++) {
    if (after[i] === before[i]) continue;
    const a = tokens(after[i]!);
    const b = tokens(before[i]!);
    if (a.length > MAX_TOKENS || b.length > MAX_TOKENS) {
      map[i + 1] = null;
      continue;
    }
    map[i + 1] = anchors(a, b);
  }
  return map;
}

/** Matched tokens (longest common subsequence), as a flat [genCol, origCol, length, …] list. */
function anchors(a: Token[], b: Token[]): number[] {
  const n = a.length;
  const m = b.length;
  // lengths of common subsequences of suffixes: table[(i * (m + 1)) + j] for a[i..], b[j..]
  const table = new Uint16Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * (m + 1) + j] = a[i]!.text === b[j]!.text
        ? table[(i + 1) * (m + 1) + j + 1]! + 1
        : Math.max(table[(i + 1) * (m + 1) + j]!, table[i * (m + 1) + j + 1]!);
    }
  }
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i]!.text === b[j]!.text) {
      out.push(a[i]!.col, b[j]!.col, a[i]!.text.length);
      i++;
      j++;
    } else if (table[(i + 1) * (m + 1) + j]! >= table[i * (m + 1) + j + 1]!) i++;
    else j++;
  }
  return out;
}

/**
 * The original 1-based column of a 1-based generated position: unchanged lines keep their columns; on a
 * changed line, a position inside a kept token maps into the original token, any other to the start of the
 * kept token before it. Undefined when the line was not aligned (or no kept token precedes the position).
 */
export function mapColumn(map: ColumnMap, line: number, column: number): number | undefined {
  if (!(line in map)) return column;
  const anchorsOfLine = map[line];
  if (!anchorsOfLine) return undefined;
  const col0 = column - 1;
  let found = -1;
  for (let k = 0; k < anchorsOfLine.length; k += 3) {
    if (anchorsOfLine[k]! <= col0) found = k;
    else break;
  }
  if (found < 0) return undefined;
  const gen = anchorsOfLine[found]!;
  const orig = anchorsOfLine[found + 1]!;
  const length = anchorsOfLine[found + 2]!;
  // inside the kept token: the same offset in the original (the texts are equal); after it: its start
  return col0 < gen + length ? orig + (col0 - gen) + 1 : orig + 1;
}

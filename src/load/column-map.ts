/**
 * A source map of the transform, made by aligning the tokens of each line.
 *
 * The transform (sucrase) keeps every line where it was, but its own source map goes wrong after some
 * constructs (after a template literal, every later token of the file maps to one column). Since lines are
 * kept, the tokens of a generated line can be matched with those of the original line instead: a longest
 * common subsequence of the two token lists pairs each kept token with its original. Node's source-map support
 * reports the original column of the mapping at or before a position, so the map has one mapping per token;
 * tokens the transform added (`_pipegen.`, `.call(void 0, `) get none and so report the kept token before them.
 */

// words, numbers, quoted strings, and any other single character
const TOKEN = /[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*|\d[\w.]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\S/g;
/** Lines with more tokens than this (minified code, huge literals) are mapped by their first token only. */
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

/**
 * Per 0-based generated line, [generatedColumn, originalColumn] pairs (0-based, ascending), or undefined when
 * the two texts do not have the same number of lines (the transform's own map is used then).
 */
export function alignLines(original: string, generated: string): number[][] | undefined {
  const before = original.split("\n");
  const after = generated.split("\n");
  if (before.length !== after.length) return undefined;
  const out: number[][] = [];
  for (let i = 0; i < after.length; i++) {
    const a = tokens(after[i]!);
    if (after[i] === before[i]) {
      out.push(a.map((t) => [t.col, t.col]).flat());
      continue;
    }
    const b = tokens(before[i]!);
    if (a.length > MAX_TOKENS || b.length > MAX_TOKENS) {
      out.push(a.length && b.length ? [a[0]!.col, b[0]!.col] : []);
      continue;
    }
    out.push(anchors(a, b));
  }
  return out;
}

/** Matched tokens (longest common subsequence), as a flat [genCol, origCol, …] list. */
function anchors(a: Token[], b: Token[]): number[] {
  const n = a.length;
  const m = b.length;
  // lengths of common subsequences of suffixes: table[(i * (m + 1)) + j] for a[i..], b[j..]
  const table = new Uint16Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * (m + 1) + j] =
        a[i]!.text === b[j]!.text ? table[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(table[(i + 1) * (m + 1) + j]!, table[i * (m + 1) + j + 1]!);
    }
  }
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i]!.text === b[j]!.text) {
      out.push(a[i]!.col, b[j]!.col);
      i++;
      j++;
    } else if (table[(i + 1) * (m + 1) + j]! >= table[i * (m + 1) + j + 1]!) i++;
    else j++;
  }
  return out;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function vlq(value: number): string {
  let v = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = "";
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v > 0) digit |= 32;
    out += B64[digit];
  } while (v > 0);
  return out;
}

/** The `mappings` of a source map (one source) from per-line [genCol, origCol] pairs; line i maps to line i. */
export function encodeLineMappings(lines: readonly (readonly number[])[]): string {
  const parts: string[] = [];
  let prevOrigLine = 0;
  let prevOrigCol = 0;
  for (let line = 0; line < lines.length; line++) {
    const pairs = lines[line]!;
    let prevGenCol = 0;
    let text = "";
    for (let k = 0; k < pairs.length; k += 2) {
      const gen = pairs[k]!;
      const orig = pairs[k + 1]!;
      if (text) text += ",";
      text += vlq(gen - prevGenCol) + "A" + vlq(line - prevOrigLine) + vlq(orig - prevOrigCol);
      prevGenCol = gen;
      prevOrigLine = line;
      prevOrigCol = orig;
    }
    parts.push(text);
  }
  return parts.join(";");
}

/**
 * Just enough source-map decoding to map a generated line/column back to the original: the `.ts` loader keeps
 * lines, but removing types and rewriting imports moves columns.
 */
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** For each generated line, sorted [generatedColumn, sourceLine, sourceColumn] triples (all 0-based). */
export type DecodedMap = [number, number, number][][];

export function decodeMappings(mappings: string): DecodedMap {
  const lines: DecodedMap = [];
  let srcLine = 0;
  let srcCol = 0;
  let srcIndex = 0;
  for (const lineText of mappings.split(";")) {
    const segs: [number, number, number][] = [];
    let genCol = 0;
    for (const seg of lineText.split(",")) {
      if (seg === "") continue;
      const fields = decodeVlq(seg);
      genCol += fields[0];
      if (fields.length >= 4) {
        srcIndex += fields[1];
        srcLine += fields[2];
        srcCol += fields[3];
        segs.push([genCol, srcLine, srcCol]);
      }
    }
    lines.push(segs);
  }
  void srcIndex;
  return lines;
}

function decodeVlq(seg: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of seg) {
    const digit = B64_INDEX.get(ch);
    if (digit === undefined) break;
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** Maps a 1-based generated line/column to the 1-based original position. */
export function originalPosition(map: DecodedMap, line: number, column: number): { line: number; column: number } | undefined {
  const segs = map[line - 1];
  if (!segs || segs.length === 0) return undefined;
  const col0 = column - 1;
  let lo = 0;
  let hi = segs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid][0] <= col0) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return undefined;
  // Segments start at tokens; a rewritten token (`job` -> `(0, _pipegen.job)`) maps to the original token's start.
  const [, srcLine, srcCol] = segs[found];
  return { line: srcLine + 1, column: srcCol + 1 };
}

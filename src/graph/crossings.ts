/** Counts edge crossings of a laid-out drawing: the readability measure the layout engine was chosen by. */

export type Point = { readonly x: number; readonly y: number };

/** Pairs of edge segments that properly cross (segments sharing an end point, as at a node, do not count). */
export function countCrossings(edges: readonly (readonly Point[])[]): number {
  const segs: { a: Point; b: Point; edge: number; minX: number; maxX: number }[] = [];
  edges.forEach((pts, edge) => {
    for (let i = 1; i < pts.length; i++) {
      const a = pts[i - 1]!,
        b = pts[i]!;
      segs.push({ a, b, edge, minX: Math.min(a.x, b.x), maxX: Math.max(a.x, b.x) });
    }
  });
  segs.sort((s, t) => s.minX - t.minX);
  const crossing = new Set<string>();
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    for (let j = i + 1; j < segs.length && segs[j]!.minX <= s.maxX; j++) {
      const t = segs[j]!;
      if (t.edge === s.edge) continue;
      if (properlyCross(s.a, s.b, t.a, t.b)) crossing.add(s.edge < t.edge ? `${s.edge}:${t.edge}` : `${t.edge}:${s.edge}`);
    }
  }
  return crossing.size;
}

function orient(p: Point, q: Point, r: Point): number {
  const v = (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
  return Math.abs(v) < 1e-9 ? 0 : Math.sign(v);
}

function properlyCross(a: Point, b: Point, c: Point, d: Point): boolean {
  const o1 = orient(a, b, c),
    o2 = orient(a, b, d),
    o3 = orient(c, d, a),
    o4 = orient(c, d, b);
  return o1 * o2 < 0 && o3 * o4 < 0;
}

/**
 * Layout with ELK's layered (Sugiyama) algorithm, run in Node so the page ships finished coordinates.
 * elkjs was chosen over dagre by measurement on the largest corpus pipelines (bench/graph.js): ~5x fewer
 * edge crossings (cf-deployment update-releases, all views: ~2,250 against ~12,100) for a comparable time
 * with `thoroughness: 1` (ELK's default 7 spends ~3x the time to remove a further ~10%).
 */
import type { GraphView, ViewEdge, ViewNode } from "./view";

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface LaidOutNode extends ViewNode {
  /** Top-left corner. */
  readonly x: number;
  readonly y: number;
}

export interface LaidOutEdge extends ViewEdge {
  readonly points: readonly Point[];
}

export interface LaidOutView {
  readonly group?: string;
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly LaidOutNode[];
  readonly edges: readonly LaidOutEdge[];
}

/** ELK's options, named as ELK documents them. */
export const ELK_OPTIONS: Readonly<Record<string, string>> = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.edgeRouting": "POLYLINE",
  "elk.spacing.nodeNode": "14",
  "elk.spacing.componentComponent": "30",
  "elk.layered.spacing.nodeNodeBetweenLayers": "50",
  "elk.layered.thoroughness": "1",
  "elk.padding": "[top=16,left=16,bottom=16,right=16]",
};

interface ElkLike {
  layout(graph: unknown): Promise<ElkResult>;
}
interface ElkResult {
  width?: number;
  height?: number;
  children?: { id: string; x?: number; y?: number }[];
  edges?: { id: string; sections?: { startPoint: Point; endPoint: Point; bendPoints?: Point[] }[] }[];
}

let elk: ElkLike | undefined;
function engine(): ElkLike {
  // loaded on first use: elkjs is ~1.5 MB of JavaScript that no other command needs
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ELK = require("elkjs/lib/elk.bundled.js") as new () => ElkLike;
  return (elk ??= new ELK());
}

export async function layoutView(view: GraphView): Promise<LaidOutView> {
  if (view.nodes.length === 0) return { ...(view.group === undefined ? {} : { group: view.group }), width: 32, height: 32, nodes: [], edges: [] };
  const result = await engine().layout({
    id: "root",
    layoutOptions: ELK_OPTIONS,
    children: view.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: view.edges.map((e) => ({ id: e.id, sources: [e.from], targets: [e.to] })),
  });
  const pos = new Map((result.children ?? []).map((c) => [c.id, c]));
  const routes = new Map((result.edges ?? []).map((e) => [e.id, e.sections?.[0]]));
  return {
    ...(view.group === undefined ? {} : { group: view.group }),
    width: Math.ceil(result.width ?? 0),
    height: Math.ceil(result.height ?? 0),
    nodes: view.nodes.map((n) => ({ ...n, x: pos.get(n.id)?.x ?? 0, y: pos.get(n.id)?.y ?? 0 })),
    edges: view.edges.map((e) => {
      const s = routes.get(e.id);
      return { ...e, points: s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] : [] };
    }),
  };
}

/**
 * Layout with ELK's layered (Sugiyama) algorithm, run in Node so the page ships finished coordinates.
 * ELK gets blocks (a job with its own inputs and outputs, clusters.ts) and the `passed:` edges between them.
 * elkjs was chosen over @dagrejs/dagre by measurement on the largest corpus pipelines (bench/graph.js): 1.2-7x
 * fewer edge crossings with one node per input and output. Blocks then cut ELK's time 2-3x and the crossings
 * again (cf-deployment update-releases, all ten views: 210 against 2,251). `thoroughness: 1` (ELK's default is
 * 7) measured ~3x faster for ~10% more crossings with one node per input; on blocks both give the same number of
 * crossings, and the other node placement and layering strategies measured no faster.
 */
import { LayoutWorker } from "./layout-worker";
import { blocksOf, columnOrder, innerRoute, placeNodes, portIn, portOut, type BlockGraph } from "./clusters";
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

/** ELK's input for a view: its blocks (a job with its inputs and outputs) and the `passed:` edges between them. */
function elkGraph(blocks: BlockGraph): unknown {
  return {
    id: "root",
    layoutOptions: ELK_OPTIONS,
    children: blocks.blocks.map((b) =>
      b.hasPorts
        ? {
            id: b.id,
            width: b.width,
            height: b.height,
            layoutOptions: { "elk.portConstraints": "FIXED_POS" },
            ports: [
              { id: portIn(b.id), x: 0, y: b.laneY, width: 0, height: 0, layoutOptions: { "elk.port.side": "WEST" } },
              { id: portOut(b.id), x: b.width, y: b.laneY, width: 0, height: 0, layoutOptions: { "elk.port.side": "EAST" } },
            ],
          }
        : { id: b.id, width: b.width, height: b.height },
    ),
    edges: blocks.passed.map((e) => ({ id: e.id, sources: [portOut(e.from)], targets: [portIn(e.to)] })),
  };
}

function emptyLayout(view: GraphView): LaidOutView {
  return { ...(view.group === undefined ? {} : { group: view.group }), width: 32, height: 32, nodes: [], edges: [] };
}

export async function layoutView(view: GraphView): Promise<LaidOutView> {
  if (view.nodes.length === 0) return emptyLayout(view);
  const blocks = blocksOf(view);
  return fromElk(view, blocks, await engine().layout(elkGraph(blocks)));
}

let ahead: LayoutWorker | undefined;

/**
 * Starts ELK in a worker thread now, for the next `layoutViews` call: ELK's start-up then overlaps whatever the
 * caller does in between (`pipegen graph` calls this before it reads and validates the pipeline).
 */
export function startLayoutAhead(): void {
  if (ahead) return;
  const sample: GraphView = {
    nodes: [
      { id: "job:a", kind: "job", name: "a", width: 110, height: 30 },
      { id: "job:b", kind: "job", name: "b", width: 110, height: 30 },
      { id: 'in:["a","r"]', kind: "input", name: "r", job: "a", width: 60, height: 22 },
      { id: "res:s", kind: "resource", name: "s", width: 60, height: 22 },
    ],
    edges: [
      { id: "p", from: "job:a", to: "job:b", kind: "passed", trigger: true, resources: ["r"] },
      { id: "i", from: 'in:["a","r"]', to: "job:a", kind: "input", trigger: true, resources: ["r"] },
    ],
  };
  ahead = new LayoutWorker(elkGraph(blocksOf(sample)));
}

/**
 * Lays out several views: in the worker started ahead (`startLayoutAhead`), else in this thread. One ELK only:
 * a second worker taking the groups (the whole pipeline in the first) cost ~0.4 s more CPU on the largest corpus
 * pipeline and measured slower, not faster, on a 2-core machine shared with other builds.
 */
export async function layoutViews(views: readonly GraphView[]): Promise<LaidOutView[]> {
  const worker = ahead;
  ahead = undefined;
  if (worker) {
    try {
      return await layoutInWorker(worker, views);
    } finally {
      worker.close();
    }
  }
  const out: LaidOutView[] = [];
  for (const v of views) out.push(await layoutView(v));
  return out;
}

/** Lays out views in a worker thread with its own ELK. */
async function layoutInWorker(worker: LayoutWorker, views: readonly GraphView[]): Promise<LaidOutView[]> {
  if (views.length === 0) return [];
  const blocks = views.map((v) => blocksOf(v));
  const results = (await worker.layout(views.map((v, i) => (v.nodes.length === 0 ? null : elkGraph(blocks[i]!))))) as (ElkResult | null)[];
  return views.map((v, i) => (results[i] ? fromElk(v, blocks[i]!, results[i]!) : emptyLayout(v)));
}

function fromElk(view: GraphView, blocks: BlockGraph, result: ElkResult): LaidOutView {
  const at = new Map((result.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
  const pos = placeNodes(blocks, (id) => at.get(id) ?? { x: 0, y: 0 });
  const nodes: LaidOutNode[] = view.nodes.map((n) => ({ ...n, x: pos.get(n.id)?.x ?? 0, y: pos.get(n.id)?.y ?? 0 }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const order = columnOrder(blocks);
  const routes = new Map((result.edges ?? []).map((e) => [e.id, e.sections?.[0]]));
  return {
    ...(view.group === undefined ? {} : { group: view.group }),
    width: Math.ceil(result.width ?? 0),
    height: Math.ceil(result.height ?? 0),
    nodes,
    edges: view.edges.map((e) => {
      if (e.kind !== "passed") return { ...e, points: innerRoute(e, byId, order) };
      // the engine routes between the blocks' ports; the route continues on the job's row to the jobs themselves
      const s = routes.get(e.id);
      const from = byId.get(e.from)!;
      const to = byId.get(e.to)!;
      if (!s) return { ...e, points: [] };
      return {
        ...e,
        points: [
          { x: from.x + from.width, y: from.y + from.height / 2 },
          s.startPoint,
          ...(s.bendPoints ?? []),
          s.endPoint,
          { x: to.x, y: to.y + to.height / 2 },
        ],
      };
    }),
  };
}

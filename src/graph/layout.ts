/**
 * Layout with ELK's layered (Sugiyama) algorithm, run in Node so the page ships finished coordinates.
 * elkjs was chosen over @dagrejs/dagre by measurement on the largest corpus pipelines (bench/graph.js): 1.2-7x
 * fewer edge crossings (cf-deployment update-releases, all ten views: 2,251 against 12,131), for 2-3x dagre's
 * CPU time. `thoroughness: 1` (ELK's default is 7) measured ~3x faster for ~10% more crossings.
 */
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

/** Below this many nodes in all, a second thread costs more (a cold ELK to compile) than it saves. */
const PARALLEL_MIN_NODES = 600;

/**
 * Lays out several views. Large pipelines split the views between this thread and one worker thread (the
 * machines pipegen runs on have 2+ cores): the largest corpus pipeline's ten views take about half the time.
 */
export async function layoutViews(views: readonly GraphView[]): Promise<LaidOutView[]> {
  const total = views.reduce((n, v) => n + v.nodes.length, 0);
  if (views.length < 2 || total < PARALLEL_MIN_NODES) {
    const out: LaidOutView[] = [];
    for (const v of views) out.push(await layoutView(v));
    return out;
  }
  // largest first, each to the side with fewer nodes so far
  const order = views.map((_, i) => i).sort((a, b) => views[b]!.nodes.length - views[a]!.nodes.length);
  const here: number[] = [];
  const there: number[] = [];
  let hereNodes = 0;
  let thereNodes = 0;
  for (const i of order) {
    if (hereNodes <= thereNodes) {
      here.push(i);
      hereNodes += views[i]!.nodes.length;
    } else {
      there.push(i);
      thereNodes += views[i]!.nodes.length;
    }
  }
  const out: LaidOutView[] = new Array(views.length);
  const remote = layoutInWorker(there.map((i) => views[i]!)).then((r) => r.forEach((l, k) => (out[there[k]!] = l)));
  for (const i of here) out[i] = await layoutView(views[i]!);
  await remote;
  return out;
}

/** Lays out views in a worker thread with its own ELK; the thread ends afterwards. */
async function layoutInWorker(views: readonly GraphView[]): Promise<LaidOutView[]> {
  if (views.length === 0) return [];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Worker } = require("node:worker_threads") as typeof import("node:worker_threads");
  const elkPath = require.resolve("elkjs/lib/elk.bundled.js");
  const code = `const { parentPort, workerData } = require("node:worker_threads");
const ELK = require(workerData.elkPath); const elk = new ELK();
(async () => { const out = []; for (const g of workerData.graphs) out.push(g ? await elk.layout(g) : null); parentPort.postMessage(out); })()
  .catch((e) => parentPort.postMessage({ error: String(e && e.message || e) }));`;
  const blocks = views.map((v) => blocksOf(v));
  const graphs = views.map((v, i) => (v.nodes.length === 0 ? null : elkGraph(blocks[i]!)));
  const results = await new Promise<(ElkResult | null)[]>((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { elkPath, graphs } });
    worker.once("message", (m: unknown) => {
      void worker.terminate();
      if (Array.isArray(m)) resolve(m as (ElkResult | null)[]);
      else reject(new Error(`layout failed: ${(m as { error?: string }).error ?? "unknown error"}`));
    });
    worker.once("error", reject);
  });
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
        points: [{ x: from.x + from.width, y: from.y + from.height / 2 }, s.startPoint, ...(s.bendPoints ?? []), s.endPoint, { x: to.x, y: to.y + to.height / 2 }],
      };
    }),
  };
}

/**
 * What one drawing shows: the whole pipeline or one group. Drawn the way Concourse's web UI draws it:
 * jobs as boxes; a resource a job gets without `passed:` as an input node of that job on its left; a resource
 * it puts as an output node of that job on its right (one node per job: a resource shared by 50 jobs drawn as
 * one node gave the largest corpus pipeline ~60,000 edge crossings); `passed:` as an edge from the upstream job (merged per job pair, listing
 * the resources). Trigger edges are solid, non-trigger edges dashed. Resources no job uses are drawn
 * alone, so every name of the pipeline is on the page.
 */
import type { PipelineGraph } from "./model";

export type NodeKind = "job" | "input" | "output" | "resource";

export interface ViewNode {
  /** Unique in the view: `job:<name>`, `in:["<job>","<resource>"]`, `out:…` or `res:<resource>`. */
  readonly id: string;
  readonly kind: NodeKind;
  /** The job's or the resource's name. */
  readonly name: string;
  /** For input and output nodes: the job they belong to. */
  readonly job?: string;
  readonly width: number;
  readonly height: number;
}

export interface ViewEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: "input" | "passed" | "output";
  readonly trigger: boolean;
  /** The resources the edge carries (one, or several for merged `passed:` edges). */
  readonly resources: readonly string[];
}

export interface GraphView {
  /** The group drawn, or undefined for the whole pipeline. */
  readonly group?: string;
  readonly nodes: readonly ViewNode[];
  readonly edges: readonly ViewEdge[];
}

/** Text metrics of the drawing's monospace font (12px): the layout runs in Node, without a browser to measure. */
export const CHAR_WIDTH = 7.3;
const JOB_HEIGHT = 30;
const RESOURCE_HEIGHT = 22;

function nodeOf(kind: NodeKind, name: string, of?: string): ViewNode {
  const job = kind === "job";
  const id = job ? `job:${name}` : kind === "resource" ? `res:${name}` : `${kind === "input" ? "in" : "out"}:${JSON.stringify([of, name])}`;
  return {
    id,
    kind,
    name,
    ...(of === undefined ? {} : { job: of }),
    width: Math.ceil(Math.max(job ? 110 : 60, name.length * CHAR_WIDTH + (job ? 24 : 16))),
    height: job ? JOB_HEIGHT : RESOURCE_HEIGHT,
  };
}

/** The view of the whole pipeline (no group) or of one group's jobs and the resources they touch. */
export function graphView(graph: PipelineGraph, group?: string): GraphView {
  let jobNames: string[];
  if (group === undefined) jobNames = graph.jobs.map((j) => j.name);
  else {
    const g = graph.groups.find((x) => x.name === group);
    const members = new Set(g ? g.jobs : []);
    jobNames = graph.jobs.map((j) => j.name).filter((n) => members.has(n));
  }
  const inView = new Set(jobNames);
  const nodes = new Map<string, ViewNode>();
  const add = (n: ViewNode): string => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
    return n.id;
  };
  for (const name of jobNames) add(nodeOf("job", name));
  const edges = new Map<string, { from: string; to: string; kind: ViewEdge["kind"]; trigger: boolean; resources: string[] }>();
  const link = (from: string, to: string, kind: ViewEdge["kind"], trigger: boolean, resource: string): void => {
    const id = `${kind}:${from}->${to}`;
    const e = edges.get(id);
    if (!e) edges.set(id, { from, to, kind, trigger, resources: [resource] });
    else {
      e.trigger ||= trigger;
      if (!e.resources.includes(resource)) e.resources.push(resource);
    }
  };
  const used = new Set<string>();
  for (const input of graph.inputs) {
    if (!inView.has(input.job)) continue;
    used.add(input.resource);
    const upstream = input.passed.filter((p) => inView.has(p) && p !== input.job);
    if (upstream.length === 0) link(add(nodeOf("input", input.resource, input.job)), `job:${input.job}`, "input", input.trigger, input.resource);
    else for (const p of upstream) link(`job:${p}`, `job:${input.job}`, "passed", input.trigger, input.resource);
  }
  for (const output of graph.outputs) {
    if (!inView.has(output.job)) continue;
    used.add(output.resource);
    link(`job:${output.job}`, add(nodeOf("output", output.resource, output.job)), "output", false, output.resource);
  }
  if (group === undefined) for (const r of graph.resources) if (!used.has(r.name)) add(nodeOf("resource", r.name));
  return {
    ...(group === undefined ? {} : { group }),
    nodes: [...nodes.values()],
    edges: [...edges.entries()].map(([id, e]) => ({ id, ...e })),
  };
}

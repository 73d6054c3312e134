// The layout of jobs as blocks (src/graph/clusters.ts) on corpus pipelines, every view: no two nodes overlap,
// every edge runs from its source's box to its target's box, no edge runs over a node it does not join, and the
// worker thread started ahead (what `pipegen graph` uses) draws exactly what this thread draws.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { layoutView, layoutViews, pipelineGraph, startLayoutAhead, viewsOf } from "../src/graph";
import type { LaidOutNode, LaidOutView, Point } from "../src/graph/layout";
import { corpusDir } from "./_paths";

const PIPELINES = [
  "cloudfoundry__cf-deployment__ci__pipelines__update-releases.yml",
  "cloudfoundry__cf-deployment__ci__pipelines__cf-deployment.yml",
  "cloudfoundry__bosh__ci__pipeline.yml",
];

function viewsOfFile(name: string) {
  const config: unknown = parse(readFileSync(path.join(corpusDir, "pipelines", name), "utf8"), { maxAliasCount: -1 });
  return viewsOf(pipelineGraph(config), undefined, true);
}

const overlap = (a: LaidOutNode, b: LaidOutNode): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const near = (p: Point, n: LaidOutNode): boolean => p.x >= n.x - 1 && p.x <= n.x + n.width + 1 && p.y >= n.y - 1 && p.y <= n.y + n.height + 1;

/** Whether segment a-b runs through the inside of a node's box (touching its border does not count). */
function crossesBox(a: Point, b: Point, n: LaidOutNode): boolean {
  const x0 = n.x + 1,
    x1 = n.x + n.width - 1,
    y0 = n.y + 1,
    y1 = n.y + n.height - 1;
  // Liang-Barsky clipping of the segment against the box
  let t0 = 0,
    t1 = 1;
  const dx = b.x - a.x,
    dy = b.y - a.y;
  for (const [p, q] of [
    [-dx, a.x - x0],
    [dx, x1 - a.x],
    [-dy, a.y - y0],
    [dy, y1 - a.y],
  ] as const) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}

function problemsOf(view: LaidOutView): string[] {
  const problems: string[] = [];
  const nodes = [...view.nodes].sort((a, b) => a.x - b.x);
  for (let i = 0; i < nodes.length; i++)
    for (let j = i + 1; j < nodes.length && nodes[j]!.x < nodes[i]!.x + nodes[i]!.width; j++)
      if (overlap(nodes[i]!, nodes[j]!)) problems.push(`${nodes[i]!.id} overlaps ${nodes[j]!.id}`);
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  for (const e of view.edges) {
    const from = byId.get(e.from)!;
    const to = byId.get(e.to)!;
    if (e.points.length < 2 || !near(e.points[0]!, from) || !near(e.points.at(-1)!, to)) {
      problems.push(`${e.id} does not join its nodes`);
      continue;
    }
    for (let k = 1; k < e.points.length; k++)
      for (const n of view.nodes) if (n !== from && n !== to && crossesBox(e.points[k - 1]!, e.points[k]!, n)) problems.push(`${e.id} runs over ${n.id}`);
  }
  return problems;
}

describe("graph layout: jobs as blocks", () => {
  for (const name of PIPELINES) {
    it(`${name}: no overlaps, edges join their boxes and run over no other node, in every view`, async () => {
      const views = viewsOfFile(name);
      const laidOut = await layoutViews(views);
      expect(laidOut.map((v) => v.group)).toEqual(views.map((v) => v.group));
      for (const v of laidOut) {
        expect(v.nodes.length).toBe(views.find((x) => x.group === v.group)!.nodes.length);
        expect({ group: v.group ?? "(all)", problems: problemsOf(v) }).toEqual({ group: v.group ?? "(all)", problems: [] });
      }
    });
  }

  it("the worker started ahead draws exactly what this thread draws", async () => {
    const views = viewsOfFile(PIPELINES[1]!);
    startLayoutAhead();
    const inWorker = await layoutViews(views);
    const here: LaidOutView[] = [];
    for (const v of views) here.push(await layoutView(v));
    expect(inWorker).toEqual(here);
  });
});

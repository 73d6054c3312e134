/**
 * A laid-out view as SVG markup. Every node carries its name as `<text>` (screen readers, search and tests
 * find it) and data attributes naming what it is; every edge names its two nodes (`data-from`, `data-to`),
 * so a test can check that an edge joins the right boxes without reading coordinates.
 */
import type { LaidOutView, Point } from "./layout";

/** Escapes text for XML content and attribute values. */
export function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"));
}

const r1 = (n: number): string => String(Math.round(n * 10) / 10);

function pathOf(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${r1(p.x)} ${r1(p.y)}`).join("");
}

/** The SVG element of one view; `idSuffix` keeps marker ids unique when a page holds several views. */
export function viewSvg(view: LaidOutView, options: { idSuffix?: string; standalone?: boolean; title?: string } = {}): string {
  const suffix = options.idSuffix ?? "";
  const out: string[] = [];
  const ns = options.standalone ? ' xmlns="http://www.w3.org/2000/svg"' : "";
  const label = options.title ?? (view.group === undefined ? "pipeline" : `group ${view.group}`);
  out.push(
    `<svg${ns} class="graph" viewBox="0 0 ${view.width} ${view.height}" width="${view.width}" height="${view.height}" role="group" aria-label="${xml(label)}">`,
  );
  if (options.standalone) out.push(`<style>${STANDALONE_SVG_STYLE}</style>`);
  out.push(
    `<defs><marker id="arrow${suffix}" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L8 4L0 8z" class="arrowhead"/></marker></defs>`,
  );
  out.push(`<g class="edges">`);
  for (const e of view.edges) {
    const cls = `edge ${e.kind} ${e.trigger ? "trigger" : "no-trigger"}`;
    out.push(
      `<path class="${cls}" data-from="${xml(e.from)}" data-to="${xml(e.to)}" data-resources="${xml(e.resources.join(" "))}" d="${pathOf(e.points)}" marker-end="url(#arrow${suffix})"><title>${xml(edgeTitle(e.kind, e.trigger, e.resources))}</title></path>`,
    );
  }
  out.push(`</g><g class="nodes">`);
  for (const n of view.nodes) {
    const job = n.job === undefined ? "" : ` data-job="${xml(n.job)}"`;
    const focus = n.kind === "job" ? ` tabindex="0"` : "";
    out.push(
      `<g class="node ${n.kind}" data-id="${xml(n.id)}" data-name="${xml(n.name)}"${job}${focus} transform="translate(${r1(n.x)} ${r1(n.y)})">` +
        `<rect width="${n.width}" height="${n.height}" rx="${n.kind === "job" ? 3 : 8}"/>` +
        `<text x="${n.width / 2}" y="${n.height / 2}" dominant-baseline="central" text-anchor="middle">${xml(n.name)}</text></g>`,
    );
  }
  out.push(`</g></svg>`);
  return out.join("");
}

function edgeTitle(kind: string, trigger: boolean, resources: readonly string[]): string {
  const what = resources.join(", ");
  if (kind === "output") return `put ${what}`;
  if (kind === "passed") return `${what} passed${trigger ? " (trigger)" : ""}`;
  return `${what}${trigger ? " (trigger)" : " (no trigger)"}`;
}

/** The colours of the page (Concourse's dark palette), shared by the HTML page and standalone SVG files. */
export const GRAPH_STYLE = `
.graph{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;background:#3d3c3c}
.graph .node rect{stroke-width:1}
.graph .node.job rect{fill:#6b6b6b;stroke:#8a8a8a}
.graph .node.job text{fill:#fff}
.graph .node.input rect,.graph .node.output rect,.graph .node.resource rect{fill:#1e1d1d;stroke:#5a5a5a}
.graph .node.input text,.graph .node.output text,.graph .node.resource text{fill:#d4d4d4}
.graph .node.resource rect{stroke-dasharray:3 2}
.graph .edge{fill:none;stroke:#a0a0a0;stroke-width:1.6}
.graph .edge.no-trigger{stroke-dasharray:5 4;stroke:#8a8a8a}
.graph .edge.output{stroke-dasharray:none;stroke:#a0a0a0}
.graph .arrowhead{fill:#a0a0a0}
`;
const STANDALONE_SVG_STYLE = GRAPH_STYLE.replace(/\n/g, "");

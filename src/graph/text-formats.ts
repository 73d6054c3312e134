/**
 * The graph as text for other tools: Mermaid (renders in GitHub and GitLab markdown, for pull request
 * descriptions) and Graphviz dot. Both describe the same view as the SVG: same nodes, same edges, trigger
 * edges solid and non-trigger edges dashed; the tools do their own layout.
 */
import type { GraphView, ViewNode } from "./view";

/** Mermaid ids must be plain words: nodes are numbered, names go in quoted labels. */
function ids(view: GraphView): Map<string, string> {
  const m = new Map<string, string>();
  view.nodes.forEach((n, i) => m.set(n.id, `${n.kind === "job" ? "j" : "r"}${i}`));
  return m;
}

/** A Mermaid label in double quotes: `"`, `#`, `<` and `>` as Mermaid's `#code;` entities. */
function mermaidLabel(text: string): string {
  return `"${text.replace(/[#"<>]/g, (c) => `#${c.charCodeAt(0)};`)}"`;
}

export function toMermaid(view: GraphView, title?: string): string {
  const id = ids(view);
  const lines: string[] = [];
  if (title) lines.push("---", `title: ${JSON.stringify(title)}`, "---");
  lines.push("flowchart LR");
  for (const n of view.nodes) {
    // jobs are boxes, resources rounded (stadium) like in Concourse's UI
    lines.push(n.kind === "job" ? `  ${id.get(n.id)}[${mermaidLabel(n.name)}]` : `  ${id.get(n.id)}([${mermaidLabel(n.name)}])`);
  }
  for (const e of view.edges) lines.push(`  ${id.get(e.from)} ${e.trigger || e.kind === "output" ? "-->" : "-.->"} ${id.get(e.to)}`);
  const jobs = view.nodes.filter((n) => n.kind === "job").map((n) => id.get(n.id));
  const res = view.nodes.filter((n) => n.kind !== "job").map((n) => id.get(n.id));
  lines.push("  classDef job fill:#6b6b6b,stroke:#8a8a8a,color:#fff", "  classDef resource fill:#1e1d1d,stroke:#5a5a5a,color:#d4d4d4");
  if (jobs.length) lines.push(`  class ${jobs.join(",")} job`);
  if (res.length) lines.push(`  class ${res.join(",")} resource`);
  return lines.join("\n") + "\n";
}

/** A dot string: `"` and `\` escaped, newlines as `\n`. */
function dotString(text: string): string {
  return `"${text.replace(/[\\"]/g, "\\$&").replace(/\n/g, "\\n")}"`;
}

function dotNode(n: ViewNode): string {
  const attrs =
    n.kind === "job"
      ? `shape=box, style=filled, fillcolor="#6b6b6b", fontcolor="#ffffff", color="#8a8a8a"`
      : `shape=box, style="rounded,filled${n.kind === "resource" ? ",dashed" : ""}", fillcolor="#1e1d1d", fontcolor="#d4d4d4", color="#5a5a5a"`;
  return `  ${dotString(n.id)} [label=${dotString(n.name)}, ${attrs}];`;
}

export function toDot(view: GraphView, title?: string): string {
  const lines = [
    `digraph ${dotString(title ?? "pipeline")} {`,
    `  rankdir=LR;`,
    `  bgcolor="#3d3c3c";`,
    `  node [fontname="monospace", fontsize=12];`,
    `  edge [color="#a0a0a0"];`,
  ];
  for (const n of view.nodes) lines.push(dotNode(n));
  for (const e of view.edges) {
    const style = e.trigger || e.kind === "output" ? "solid" : "dashed";
    lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)} [style=${style}, tooltip=${dotString(e.resources.join(", "))}];`);
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}

/**
 * `pipegen graph`'s core: pipeline config -> graph model -> views (whole pipeline, groups) -> drawings.
 * Loading the pipeline is the caller's business (the CLI, or preview's child process), so this module
 * never runs user code.
 */
import { ExitCode, PipegenError } from "../errors";
import type { PipelineIssue } from "../issues";
import { pageHtml } from "./html";
import { layoutViews } from "./layout";
import type { PipelineGraph } from "./model";
import { viewSvg } from "./svg";
import { toDot, toMermaid } from "./text-formats";
import { graphView, type GraphView } from "./view";

export { pipelineGraph, type PipelineGraph } from "./model";
export { appHtml, pageHtml } from "./html";
export { layoutView, layoutViews, startLayoutAhead } from "./layout";
export { graphView } from "./view";

export const GRAPH_FORMATS = ["html", "svg", "mermaid", "dot"] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** The views a drawing shows: one group, or the whole pipeline followed (in HTML) by each group. */
export function viewsOf(graph: PipelineGraph, group: string | undefined, allGroups: boolean): GraphView[] {
  if (group !== undefined) {
    if (!graph.groups.some((g) => g.name === group)) {
      const names = graph.groups.map((g) => `'${g.name}'`);
      throw new PipegenError(
        "pipegen.unknownGroup",
        `no group named '${group}'; ${names.length ? `the pipeline's groups are ${names.join(", ")}` : "the pipeline has no groups"}`,
        { exitCode: ExitCode.usage },
      );
    }
    return [graphView(graph, group)];
  }
  return [graphView(graph), ...(allGroups ? graph.groups.map((g) => graphView(graph, g.name)) : [])];
}

export interface DrawOptions {
  readonly format: GraphFormat;
  readonly group?: string;
  readonly title: string;
  readonly issues?: readonly PipelineIssue[];
  readonly cwd?: string;
}

/** The drawing of a pipeline graph in one format. */
export async function drawGraph(graph: PipelineGraph, options: DrawOptions): Promise<string> {
  const views = viewsOf(graph, options.group, options.format === "html");
  const title = options.group === undefined ? options.title : `${options.title} (group ${options.group})`;
  switch (options.format) {
    case "mermaid":
      return toMermaid(views[0]!, title);
    case "dot":
      return toDot(views[0]!, title);
    case "svg":
      return viewSvg((await layoutViews(views))[0]!, { standalone: true, title }) + "\n";
    case "html":
      return pageHtml({ title, graph, views: await layoutViews(views), issues: options.issues ?? [], ...(options.cwd ? { cwd: options.cwd } : {}) });
  }
}

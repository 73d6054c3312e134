/**
 * The user's source files a pipeline module imports, read from their text: for `pipegen preview` (what to
 * watch) and for naming an import cycle when loading fails. Node's loader is what runs the files; this is a
 * light scan of their import/require specifiers, resolved the way the loader resolves them.
 */
import { readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { resolveFromTypeScript } from "./resolve";

const SPECIFIERS = [
  // import x from "…", export { x } from "…" (not `import type` / `export type`: they do not run)
  /^[ \t]*(?:import|export)(?![ \t]+type[ \t{])[^'"`;]*?\bfrom[ \t]*(['"])([^'"\n]+)\1/gm,
  // import "…"
  /^[ \t]*import[ \t]*(['"])([^'"\n]+)\1/gm,
  // import("…"), require("…")
  /\b(?:import|require)\(\s*(['"])([^'"\n]+)\1\s*\)/g,
];

function specifiersOf(text: string): string[] {
  const out: string[] = [];
  for (const re of SPECIFIERS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[2]!);
  }
  return out;
}

function resolveLocal(specifier: string, from: string, packageRoot: string): string | undefined {
  if (!specifier.startsWith(".") && !specifier.startsWith("/")) {
    const aliased = resolveFromTypeScript(specifier, from, packageRoot);
    return aliased && !aliased.startsWith(packageRoot + path.sep) ? aliased : undefined;
  }
  const viaTs = resolveFromTypeScript(specifier, from, packageRoot);
  if (viaTs) return viaTs;
  const file = path.resolve(path.dirname(from), specifier);
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

/** The import graph of the user's files reachable from `entry` (node_modules left out). */
export function importGraph(entry: string, packageRoot: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const queue = [path.resolve(entry)];
  while (queue.length > 0 && graph.size < 10_000) {
    const file = queue.shift()!;
    if (graph.has(file)) continue;
    let text = "";
    try {
      text = /\.(json)$/.test(file) ? "" : readFileSync(file, "utf8");
    } catch {
      text = "";
    }
    const edges: string[] = [];
    for (const spec of specifiersOf(text)) {
      const dep = resolveLocal(spec, file, packageRoot);
      if (!dep || dep.includes(`${path.sep}node_modules${path.sep}`)) continue;
      edges.push(dep);
      if (!graph.has(dep)) queue.push(dep);
    }
    graph.set(file, edges);
  }
  return graph;
}

/** The user's files a module loads (itself first). */
export function moduleFiles(entry: string, packageRoot: string): string[] {
  return [...importGraph(entry, packageRoot).keys()];
}

/** An import cycle among the files reachable from `entry`, as the list of files around it (first = last). */
export function findImportCycle(entry: string, packageRoot: string): string[] | undefined {
  const graph = importGraph(entry, packageRoot);
  const state = new Map<string, 1 | 2>(); // 1: on the current path, 2: done
  const pathStack: string[] = [];
  // iterative depth-first search: an explicit stack of [file, next edge index]
  const stack: [string, number][] = [[path.resolve(entry), 0]];
  state.set(path.resolve(entry), 1);
  pathStack.push(path.resolve(entry));
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const edges = graph.get(top[0]) ?? [];
    if (top[1] >= edges.length) {
      state.set(top[0], 2);
      stack.pop();
      pathStack.pop();
      continue;
    }
    const next = edges[top[1]++]!;
    const s = state.get(next);
    if (s === 1) return [...pathStack.slice(pathStack.indexOf(next)), next];
    if (s === undefined) {
      state.set(next, 1);
      stack.push([next, 0]);
      pathStack.push(next);
    }
  }
  return undefined;
}

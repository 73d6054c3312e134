/**
 * Finds the builder call behind a path such as `jobs.build.plan[2].task`: walks the rendered config along
 * the path and keeps the deepest object that a builder made.
 */
import type { PipelineIssue, SourceSite } from "../issues";
import type { SiteLookup } from "./context";

/** Splits `jobs.build.plan[2].task` into `["jobs", "build", "plan", 2, "task"]`. Names may contain dots. */
function tokens(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split(".")) {
    const m = /^([^[]*)((\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of (m[2] ?? "").matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

export function siteAt(root: unknown, path: string, sites: SiteLookup): SourceSite | undefined {
  let node: unknown = root;
  let best = typeof root === "object" && root !== null ? sites.get(root) : undefined;
  const toks = tokens(path);
  for (let i = 0; i < toks.length && node !== null && typeof node === "object"; i++) {
    const tok = toks[i];
    let next: unknown;
    if (Array.isArray(node)) {
      if (typeof tok === "number") next = node[tok];
      else {
        // a named element (jobs.build); its name may contain dots, so try the longest join first
        for (let j = toks.length; j > i && next === undefined; j--) {
          const name = toks.slice(i, j).join(".");
          next = node.find((el) => typeof el === "object" && el !== null && (el as { name?: unknown }).name === name);
          if (next !== undefined) i = j - 1;
        }
      }
    } else {
      next = (node as Record<string, unknown>)[String(tok)];
    }
    node = next;
    if (node !== null && typeof node === "object") best = sites.get(node) ?? best;
  }
  return best;
}

/** Adds the builder call site to issues that have none. */
export function attachSites(issues: readonly PipelineIssue[], root: unknown, sites: SiteLookup): PipelineIssue[] {
  return issues.map((issue) => {
    if (issue.site) return issue;
    const site = siteAt(root, issue.path, sites);
    return site ? { ...issue, site } : issue;
  });
}

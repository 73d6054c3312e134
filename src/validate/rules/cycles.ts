/**
 * Job cycles through `passed`: concourse-spec.md §3.5 J10 (configvalidate `validateCycle`). A DFS from each job
 * in order follows get `passed` globs (Go path.Match); only the first cycle found is reported.
 */
import { forEachJobCore, type DJob } from "../decoded";
import { goPathMatch } from "../glob";
import type { RuleContext } from "./context";

export function validateCycles(ctx: RuleContext): void {
  const jobs = ctx.cfg.jobs;
  const passedOf = new Map<DJob, string[]>();
  for (const job of jobs) {
    const globs: string[] = [];
    forEachJobCore(job, (core) => {
      if (core.kind === "get") globs.push(...core.passed);
    });
    passedOf.set(job, globs);
  }
  for (const root of jobs) {
    const state = new Map<string, 1 | 2>();
    const found = visit(root, state);
    if (found) {
      ctx.r.error("concourse/cycle", found.path, `pipeline contains a cycle that starts at Job '${found.name}'`);
      return;
    }
  }

  function visit(job: DJob, state: Map<string, 1 | 2>): DJob | undefined {
    const s = state.get(job.name);
    if (s === 1) return job;
    if (s === 2) return undefined;
    state.set(job.name, 1);
    for (const glob of passedOf.get(job)!) {
      for (const next of jobs) {
        if (goPathMatch(glob, next.name)) {
          const found = visit(next, state);
          if (found) return found;
        }
      }
    }
    state.set(job.name, 2);
    return undefined;
  }
}

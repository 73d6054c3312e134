/**
 * Job cycles through `passed`: concourse-spec.md §3.5 J10 (configvalidate `validateCycle`). A DFS from each job
 * in order follows get `passed` globs (Go path.Match); only the first cycle found is reported.
 */
import type { DJob } from "../decoded";
import type { RuleContext } from "./context";

export function validateCycles(ctx: RuleContext): void {
  const jobs = ctx.cfg.jobs;
  const passedOf = new Map<DJob, string[]>();
  let anyPassed = false;
  for (let j = 0; j < jobs.length; j++) {
    const job = jobs[j]!;
    const globs: string[] = [];
    for (let c = 0; c < job.cores.length; c++) {
      const core = job.cores[c]!;
      if (core.kind === "get") for (let g = 0; g < core.passed.length; g++) globs.push(core.passed[g]!);
    }
    if (globs.length > 0) anyPassed = true;
    passedOf.set(job, globs);
  }
  // without any `passed:` there is no edge, so no cycle
  if (!anyPassed) return;
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
      for (const next of ctx.matchingJobs(glob)) {
        const found = visit(next, state);
        if (found) return found;
      }
    }
    state.set(job.name, 2);
    return undefined;
  }
}

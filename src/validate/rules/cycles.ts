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
  // Jobs from which no cycle is reachable. Concourse starts a fresh DFS from every job in order; a job finished
  // by an earlier DFS leads to no cycle, so skipping it finds the same first cycle while visiting each job once.
  const done = new Set<string>();
  for (const root of jobs) {
    if (done.has(root.name)) continue;
    const found = visit(root, done);
    if (found) {
      ctx.r.error("concourse/cycle", found.path, `pipeline contains a cycle that starts at Job '${found.name}'`);
      return;
    }
  }

  /** One DFS with an explicit stack (a 50,000-job chain must not overflow the call stack). */
  function visit(root: DJob, done: Set<string>): DJob | undefined {
    const onPath = new Set<string>();
    const stack: Array<{ job: DJob; next: Iterator<DJob> }> = [];
    const enter = (job: DJob): void => {
      onPath.add(job.name);
      stack.push({ job, next: successors(job) });
    };
    enter(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const step = top.next.next();
      if (step.done) {
        stack.pop();
        onPath.delete(top.job.name);
        done.add(top.job.name);
        continue;
      }
      const next = step.value;
      if (onPath.has(next.name)) return next;
      if (!done.has(next.name)) enter(next);
    }
    return undefined;
  }

  function* successors(job: DJob): Generator<DJob> {
    for (const glob of passedOf.get(job) ?? []) yield* ctx.matchingJobs(glob);
  }
}

/** What every rule needs: the decoded config, lookups built once, and the reporter. */
import { resourceOf, type DConfig, type DJob } from "../decoded";
import { goPathMatch } from "../glob";
import type { IssueCollector } from "../../collector";

export interface RuleContext {
  readonly r: IssueCollector;
  readonly cfg: DConfig;
  readonly resourceNames: ReadonlySet<string>;
  readonly prototypeNames: ReadonlySet<string>;
  readonly jobNames: readonly string[];
  /**
   * Resources each job gets or puts (anywhere, hooks included), per job and not per name: with two jobs of one name,
   * Concourse's `passed:` check visits every job the glob matches, so each of them must touch the resource.
   */
  readonly jobResources: ReadonlyMap<DJob, ReadonlySet<string>>;
  /** The jobs a `passed:` glob matches (Go path.Match), in pipeline order; computed once per glob. */
  matchingJobs(glob: string): readonly DJob[];
}

export function buildRuleContext(r: IssueCollector, cfg: DConfig): RuleContext {
  const jobResources = new Map<DJob, Set<string>>();
  for (let j = 0; j < cfg.jobs.length; j++) {
    const job = cfg.jobs[j]!;
    const set = new Set<string>();
    for (let c = 0; c < job.cores.length; c++) {
      const core = job.cores[c]!;
      if (core.kind === "get" || core.kind === "put") {
        const res = resourceOf(core);
        if (res !== undefined) set.add(res);
      }
    }
    jobResources.set(job, set);
  }
  const matches = new Map<string, DJob[]>();
  // jobs by name, built once: a 6,000-job chain looks up 6,000 names
  const byName = new Map<string, DJob[]>();
  for (const job of cfg.jobs) {
    const same = byName.get(job.name);
    if (same) same.push(job);
    else byName.set(job.name, [job]);
  }
  const matchingJobs = (glob: string): DJob[] => {
    let list = matches.get(glob);
    if (!list) {
      // a name without pattern characters matches only itself
      list = /[*?[\\]/.test(glob) ? cfg.jobs.filter((j) => goPathMatch(glob, j.name)) : (byName.get(glob) ?? []);
      matches.set(glob, list);
    }
    return list;
  };
  return {
    r,
    cfg,
    matchingJobs,
    resourceNames: new Set(cfg.resources.map((x) => x.name)),
    prototypeNames: new Set(cfg.prototypes.map((x) => x.name)),
    jobNames: cfg.jobs.map((j) => j.name),
    jobResources,
  };
}

/** `<section>.<name>`, or `<section>[<i>]` when the name is empty (configvalidate `location.Identifier`). */
export function locationId(section: string, index: number, name: string): string {
  return name === "" ? `${section}[${index}]` : `${section}.${name}`;
}

/** Reports the identifier rule's outcome for a named item. */
export function reportIdentifier(ctx: RuleContext, result: { error: string } | { warning: string } | undefined, path: string): void {
  if (!result) return;
  if ("error" in result) ctx.r.error("concourse/empty-identifier", path, result.error);
  else ctx.r.warning("concourse/invalid-identifier", path, result.warning);
}

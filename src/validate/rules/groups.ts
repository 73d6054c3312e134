/** Groups: concourse-spec.md §3.5 G1–G6 (configvalidate `validateGroups`) and the group identifier (§3.4). */
import { compileGobwasGlob } from "../glob";
import { suggestSimilar } from "../suggest";
import { validateIdentifier } from "./identifier";
import { locationId, reportIdentifier, type RuleContext } from "./context";

export function validateGroups(ctx: RuleContext): void {
  const { cfg, r } = ctx;
  const grouped = new Map<string, boolean>();
  for (const job of cfg.jobs) grouped.set(job.name, false);
  const counts = new Map<string, { count: number; path: string }>();
  cfg.groups.forEach((group, i) => {
    const id = locationId("groups", i, group.name);
    reportIdentifier(ctx, validateIdentifier(group.name, [id]), group.name === "" ? `groups[${i}].name` : `${group.path}.name`);
    const seen = counts.get(group.name);
    if (seen) seen.count++;
    else counts.set(group.name, { count: 1, path: group.path });
    group.jobs.forEach((glob, j) => {
      const path = `${group.path}.jobs[${j}]`;
      const re = compileGobwasGlob(glob);
      if (!re) {
        r.error("concourse/invalid-glob", path, `invalid glob expression '${glob}' for group '${group.name}'`);
        return;
      }
      let matched = false;
      for (const job of cfg.jobs) {
        if (re.test(job.name)) {
          grouped.set(job.name, true);
          matched = true;
        }
      }
      if (!matched) r.error("concourse/unknown-job", path, `no jobs match '${glob}' for group '${group.name}'`, suggestSimilar(glob, ctx.jobNames));
    });
    group.resources.forEach((resource, j) => {
      if (!ctx.resourceNames.has(resource)) {
        r.error(
          "concourse/unknown-resource",
          `${group.path}.resources[${j}]`,
          `group '${group.name}' has unknown resource '${resource}'`,
          suggestSimilar(resource, ctx.resourceNames),
        );
      }
    });
  });
  for (const [name, { count, path }] of counts) {
    if (count > 1) r.error("concourse/duplicate-name", path, `group '${name}' appears ${count} times. Duplicate names are not allowed.`);
  }
  if (cfg.groups.length > 0 && !cfg.broken.has("jobs")) {
    for (const [job, isGrouped] of grouped) {
      if (isGrouped) continue;
      const decoded = cfg.jobs.find((j) => j.name === job)!;
      r.error("concourse/ungrouped-job", decoded.path, `job '${job}' belongs to no group`);
    }
  }
}

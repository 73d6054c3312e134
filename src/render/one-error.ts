/**
 * One mistake, one error. A builder mistake (`get("repo")` with a string, a job that is not a job()) leaves a hole
 * in the rendered config, and Concourse's checks then report the hole again in their own words (an empty
 * identifier, an unknown resource ''). The builder's error says what the code did wrong, so the checks' reports at
 * or under its path are dropped. Two jobs with one name are the exception the other way round: Concourse's own
 * `jobs[0] and jobs[1] have the same name` is kept (it is what fly would say) and what the builder knows (where
 * the first job was made) becomes its hint.
 */
import type { PipelineIssue } from "../issues";

/** The builder issues, plus the checker issues that are not a consequence of a builder error. */
export function oneErrorPerMistake(builder: readonly PipelineIssue[], checked: readonly PipelineIssue[]): PipelineIssue[] {
  const holes = builder.filter((i) => i.severity === "error" && i.code.startsWith("dsl/") && !i.code.startsWith("dsl/duplicate-") && i.path !== "");
  const under = (path: string, root: string): boolean => path === root || path.startsWith(root + ".") || path.startsWith(root + "[");
  let kept = checked.filter((c) => !holes.some((h) => under(c.path, h.path)));

  const builderDuplicates = builder.filter((i) => i.code === "dsl/duplicate-job-name");
  const concourseDuplicates = kept.filter((c) => c.code === "concourse/duplicate-name" && c.path.startsWith("jobs["));
  if (builderDuplicates.length === 0 || concourseDuplicates.length === 0) return [...builder, ...kept];
  // both are reported in job order, one per repeated job
  kept = kept.map((c) => {
    const dsl = builderDuplicates[concourseDuplicates.indexOf(c)];
    return dsl
      ? { ...c, ...(c.hint === undefined ? { hint: duplicateHint(dsl.message) } : {}), ...(c.site === undefined && dsl.site ? { site: dsl.site } : {}) }
      : c;
  });
  return [...builder.filter((i) => i.code !== "dsl/duplicate-job-name"), ...kept];
}

function duplicateHint(message: string): string {
  const made = /\(the first one was made at (.+)\)$/.exec(message);
  if (made) return `two different job() objects have this name; the first was made at ${made[1]}`;
  return "the same job() object is listed twice";
}

/** Rule levels: the one place that decides the final severity of the issues collected (`rules`). */
import type { PipelineIssue } from "../issues";

/** A rule level a user may choose for any code. */
export type RuleLevel = "off" | "warning" | "error";

/** Applies user rule levels: `off` drops the issue, `warning`/`error` set its severity. */
export function applyRuleLevels(issues: readonly PipelineIssue[], rules: Readonly<Record<string, RuleLevel>> | undefined): PipelineIssue[] {
  if (!rules || Object.keys(rules).length === 0) return [...issues];
  const out: PipelineIssue[] = [];
  for (const issue of issues) {
    const level = rules[issue.code];
    if (level === undefined) out.push(issue);
    else if (level !== "off") out.push(level === issue.severity ? issue : { ...issue, severity: level });
  }
  return out;
}

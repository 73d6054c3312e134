/** Collects issues while decoding and validating; one place decides their final severity (`rules`). */
import type { PipelineIssue, Severity } from "../issues";

/** A rule level a user may choose for any code. */
export type RuleLevel = "off" | "warning" | "error";

export class Reporter {
  readonly issues: PipelineIssue[] = [];

  add(code: string, severity: Severity, path: string, message: string, hint?: string): void {
    this.issues.push(hint === undefined ? { code, severity, path, message } : { code, severity, path, message, hint });
  }
  error(code: string, path: string, message: string, hint?: string): void {
    this.add(code, "error", path, message, hint);
  }
  warning(code: string, path: string, message: string, hint?: string): void {
    this.add(code, "warning", path, message, hint);
  }
}

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

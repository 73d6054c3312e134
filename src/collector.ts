/**
 * The one collector of issues, used by the renderer (src/render/context.ts) and the validator (src/validate):
 * every check adds to it and nothing stops at the first problem. Codes are typed: only registered codes
 * (src/validate/codes.ts) can be added.
 */
import { IssueBudget, type PipelineIssue, type Severity, type SourceSite } from "./issues";
import type { IssueCode } from "./validate/codes";

export class IssueCollector {
  readonly issues: PipelineIssue[] = [];
  /** at most MAX_ISSUES_PER_FILE issues are kept; the others are counted, per code */
  private readonly budget = new IssueBudget(this.issues);

  add(code: IssueCode, severity: Severity, path: string, message: string, hint?: string, site?: SourceSite): void {
    if (!this.budget.admit(code, severity)) return;
    this.issues.push({ code, severity, path, message, ...(hint ? { hint } : {}), ...(site ? { site } : {}) });
  }
  error(code: IssueCode, path: string, message: string, hint?: string): void {
    this.add(code, "error", path, message, hint);
  }
  warning(code: IssueCode, path: string, message: string, hint?: string): void {
    this.add(code, "warning", path, message, hint);
  }
}

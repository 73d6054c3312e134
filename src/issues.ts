/**
 * The one shape of every problem pipegen reports, from the builders, the validator or the tools:
 * a stable code, a severity, where in the pipeline (`jobs.build.plan[2].task`) and, for `.ts` input,
 * the `file:line:col` of the builder call that made the offending object.
 */
import type { IssueCode } from "./validate/codes";

/** `error` fails the command; `warning` is printed and fails only under `--strict`. */
export type Severity = "error" | "warning";

/** A position in a source file (1-based line and column). */
export interface SourceSite {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A problem found in a pipeline. */
export interface PipelineIssue {
  /**
   * Stable, namespaced code: `concourse/…` (Concourse parity), `yaml/…` (reading YAML), `pipegen/…` (pipegen's own
   * checks), `dsl/…` (builder misuse); each registered once in ISSUE_CODES.
   */
  readonly code: IssueCode;
  readonly severity: Severity;
  /** Dotted path in the rendered pipeline, e.g. `jobs.build.plan[2].task`; empty for the whole pipeline. */
  readonly path: string;
  /** Human text. For Concourse parity rules it contains Concourse's own message. */
  readonly message: string;
  /** Optional advice, e.g. "Did you mean 'unit'?". */
  readonly hint?: string;
  /** Where the builder call that made the object at `path` is, for `.ts` pipelines. */
  readonly site?: SourceSite;
}

/**
 * The most issues kept from one file (its YAML, or its validation): a hostile 16 MB file of a million duplicate keys
 * or unknown source keys would otherwise hold a million issue objects (gigabytes, and seconds to print). Past it,
 * each code's further issues are counted into one issue that says how many were left out (`IssueBudget`).
 */
export const MAX_ISSUES_PER_FILE = 10_000;

/** Keeps at most MAX_ISSUES_PER_FILE issues in `issues`; past that, counts the others into one issue per code. */
export class IssueBudget {
  /** per code, where its counting issue is in the list, and how many it stands for */
  private readonly dropped = new Map<IssueCode, { index: number; count: number }>();
  constructor(
    private readonly issues: PipelineIssue[],
    private readonly max = MAX_ISSUES_PER_FILE,
  ) {}

  /** True when an issue of `code` may be added; otherwise it is counted (in its code's last issue) and false. */
  admit(code: IssueCode, severity: Severity): boolean {
    if (this.issues.length < this.max && this.dropped.size === 0) return true;
    let entry = this.dropped.get(code);
    if (!entry) this.dropped.set(code, (entry = { index: this.issues.length, count: 0 }));
    const n = ++entry.count;
    this.issues[entry.index] = {
      code,
      severity,
      path: "",
      message: `${n} more ${code} issue${n === 1 ? "" : "s"} in this file ${n === 1 ? "is" : "are"} not listed (pipegen lists the first ${this.max} issues of a file)`,
    };
    return false;
  }
}

/** Formats a path segment list as `jobs.build.plan[2].task`. */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = "";
  for (const seg of segments) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? seg : `.${seg}`;
  }
  return out;
}

/** `file:line:col` of a site, with the file relative to `cwd` when it is inside it. */
export function formatSite(site: SourceSite, cwd: string = process.cwd()): string {
  return `${relativeTo(cwd, site.file)}:${site.line}:${site.column}`;
}

/**
 * One line per issue: `error: jobs.build.plan[1]: message [code]`, then the hint and `at file:line:col`. A Concourse
 * message that starts with Concourse's own location (`jobs.unit.plan.do[1].get(rpeo): unknown resource…`, `jobs:
 * pipeline must contain…`) is printed as it is, without the path in front: the location is said once.
 */
export function formatIssue(issue: PipelineIssue, cwd: string = process.cwd()): string {
  const where = issue.path && !saysItsLocation(issue) ? `${issue.path}: ` : "";
  let line = `${issue.severity === "error" ? "error" : "warning"}: ${where}${issue.message} [${issue.code}]`;
  if (issue.hint) line += `\n    hint: ${issue.hint}`;
  if (issue.site) line += `\n    at ${formatSite(issue.site, cwd)}`;
  return line;
}

/** True when a Concourse message begins with a location under the same top-level key as the issue's path. */
function saysItsLocation(issue: PipelineIssue): boolean {
  if (!issue.code.startsWith("concourse/")) return false;
  const root = /^[A-Za-z_]+/.exec(issue.path)?.[0];
  if (!root || !issue.message.startsWith(root)) return false;
  const next = issue.message.charAt(root.length);
  return next === "." || next === "[" || next === "(" || (next === ":" && issue.message.charAt(root.length + 1) === " ");
}

function relativeTo(cwd: string, file: string): string {
  if (file.startsWith(cwd + "/")) return file.slice(cwd.length + 1);
  return file;
}

/** Errors first, then by path, keeping the original order among equals (a stable sort). */
export function sortIssues(issues: readonly PipelineIssue[]): PipelineIssue[] {
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => rank(a.issue) - rank(b.issue) || a.index - b.index)
    .map((x) => x.issue);
}
function rank(issue: PipelineIssue): number {
  return issue.severity === "error" ? 0 : 1;
}

/** True when any issue is an error. */
export function hasErrors(issues: readonly PipelineIssue[]): boolean {
  return issues.some((i) => i.severity === "error");
}

// The per-file budget of issues (src/issues.ts): a hostile file cannot make pipegen hold (or print) millions of
// issues. The first MAX_ISSUES_PER_FILE are kept as they come; after that, every code gets one issue that counts
// what was left out, with that code's severity, and nothing else is stored.
import { describe, expect, it } from "vitest";
import { IssueCollector } from "../src/collector";
import { MAX_ISSUES_PER_FILE } from "../src/issues";

describe("the issue budget of a file", () => {
  it("keeps the first issues, then counts the rest per code", () => {
    const r = new IssueCollector();
    for (let i = 0; i < MAX_ISSUES_PER_FILE + 5; i++) r.error("concourse/unknown-field", `jobs[${i}].x`, `json: unknown field "x${i}"`);
    r.warning("pipegen/unknown-resource-key", "resources.r.source.k", "unknown key 'k'");
    r.warning("pipegen/unknown-resource-key", "resources.r.source.l", "unknown key 'l'");
    r.error("concourse/unknown-field", "jobs[0].y", 'json: unknown field "y"');

    expect(r.issues).toHaveLength(MAX_ISSUES_PER_FILE + 2);
    expect(r.issues[MAX_ISSUES_PER_FILE - 1]!.path).toBe(`jobs[${MAX_ISSUES_PER_FILE - 1}].x`);
    expect(r.issues.slice(MAX_ISSUES_PER_FILE)).toEqual([
      {
        code: "concourse/unknown-field",
        severity: "error",
        path: "",
        message: `6 more concourse/unknown-field issues in this file are not listed (pipegen lists the first ${MAX_ISSUES_PER_FILE} issues of a file)`,
      },
      {
        code: "pipegen/unknown-resource-key",
        severity: "warning",
        path: "",
        message: `2 more pipegen/unknown-resource-key issues in this file are not listed (pipegen lists the first ${MAX_ISSUES_PER_FILE} issues of a file)`,
      },
    ]);
  });

  it("says one issue in the singular", () => {
    const r = new IssueCollector();
    for (let i = 0; i <= MAX_ISSUES_PER_FILE; i++) r.error("concourse/unknown-field", "", "x");
    expect(r.issues[MAX_ISSUES_PER_FILE]!.message).toMatch(/^1 more concourse\/unknown-field issue in this file is not listed/);
  });
});

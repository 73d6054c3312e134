// The README's table of issue codes is generated from the registry (src/validate/codes.ts) by
// scripts/codes-table.js: it must be current, and list every registered code once.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ISSUE_CODES } from "../src/validate/codes";
import { repoRoot } from "./_paths";

describe("the README's table of issue codes", () => {
  it("is current (npm run docs:codes)", () => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, "scripts", "codes-table.js"), "--check"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("lists every registered code once, with its level", () => {
    const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
    const table = readme.slice(readme.indexOf("<!-- codes:start"), readme.indexOf("<!-- codes:end -->"));
    const rows = [...table.matchAll(/^\| `([^`]+)` \| (error|warning) \|/gm)].map((m) => [m[1], m[2]]);
    expect(rows.map(([code]) => code).sort()).toEqual(Object.keys(ISSUE_CODES).sort());
    for (const [code, level] of rows) expect([code, level]).toEqual([code, ISSUE_CODES[code as keyof typeof ISSUE_CODES].severity]);
  });
});

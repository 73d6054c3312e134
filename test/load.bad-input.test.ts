// Bad input to the loader (issue 11): one clear line each, exit 1, never "internal error" or a stack trace, on
// every Node version available; positions point at the user's .ts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./_paths";
import { nodeBinaries } from "./_user-project";

let dir: string;
const nodes = nodeBinaries();

/** files of a small ESM project (type: module) and a CommonJS one, keyed by path */
const FILES: Record<string, string> = {
  "esm/package.json": `{ "type": "module" }`,
  "esm/syntax.ts": `import { pipeline } from "pipegen";\nconst x: number = ;\nexport default pipeline({ jobs: [] });\n`,
  "esm/missing-relative.ts": `import { pipeline } from "pipegen";\nimport { jobs } from "./lib/nope.js";\nexport default pipeline({ jobs });\n`,
  "esm/missing-package.ts": `import { pipeline } from "pipegen";\nimport { jobs } from "no-such-package-anywhere";\nexport default pipeline({ jobs });\n`,
  "esm/cycle-a.ts": `import { b } from "./cycle-b.js";\nexport const a = 1;\nexport default b;\n`,
  "esm/cycle-b.ts": `import { a } from "./cycle-a.js";\nexport const b = a + 1;\n`,
  "esm/number.ts": `export default 42;\n`,
  "esm/throws.ts": `import { pipeline } from "pipegen";\nimport { make } from "./lib/thrower.js";\nexport default pipeline({ jobs: [make()] });\n`,
  "esm/lib/thrower.ts": `export function make(): never {\n  const why: string = "no jobs today";\n  throw new Error(why);\n}\n`,
  "esm/throws-odd.ts": `const odd = { toString() { throw new Error("no"); } };\nthrow odd;\n`,
  "esm/bad-stack.ts": `const e = new Error("broken");\nObject.defineProperty(e, "stack", { get() { throw new Error("no stack"); } });\nthrow e;\n`,
  "esm/never.ts": `export default async () => new Promise(() => {});\n`,
  "esm/never-tla.ts": `await new Promise(() => {});\nexport default 1;\n`,
  "esm/duplicate.ts": `import { pipeline } from "pipegen";\nimport { unit } from "./lib/jobs.js";\nexport default pipeline({ jobs: [unit(), unit()] });\n`,
  "esm/lib/jobs.ts": `import { job, task } from "pipegen";\nconst note: string = \`a template\nliteral\`;\nexport const unit = () =>\n  job("unit", { plan: [task("t", { config: { platform: "linux", run: { path: note } } })] });\n`,
  "esm/folder/.keep": "",
  "esm/pipeline.yml": "jobs: []\n",
  "cjs/package.json": `{ "name": "cjs" }`,
  "cjs/tla.ts": `import { pipeline } from "pipegen";\nawait Promise.resolve();\nexport default pipeline({ jobs: [] });\n`,
  "cjs/missing.ts": `import { pipeline } from "pipegen";\nimport { jobs } from "./lib/nope";\nexport default pipeline({ jobs });\n`,
  "cjs/duplicate.ts": `import { pipeline } from "pipegen";\nimport { unit } from "./lib/jobs";\nexport default pipeline({ jobs: [unit(), unit()] });\n`,
  "cjs/lib/jobs.ts": `import { job, task } from "pipegen";\nconst note: string = \`a template\nliteral\`;\nexport const unit = () =>\n  job("unit", { plan: [task("t", { config: { platform: "linux", run: { path: note } } })] });\n`,
};

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "pipegen-bad-input-"));
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// [case, cwd, args, what stderr must say]
const CASES: [string, string, string[], RegExp][] = [
  ["a missing file", "esm", ["render", "nope.ts"], /^pipegen: nope\.ts: no such file$/],
  ["a directory", "esm", ["render", "folder"], /^pipegen: folder is a directory: give the pipeline's \.ts file$/],
  [
    "a YAML file",
    "esm",
    ["render", "pipeline.yml"],
    /^pipegen: pipeline\.yml is YAML, not code: .*'pipegen validate pipeline\.yml'.*'pipegen import pipeline\.yml'$/,
  ],
  ["a syntax error", "esm", ["render", "syntax.ts"], /^pipegen: syntax\.ts could not be loaded: syntax error at syntax\.ts:2:19: Unexpected token$/],
  [
    "an unresolvable relative import",
    "esm",
    ["render", "missing-relative.ts"],
    /^pipegen: missing-relative\.ts could not be loaded: Cannot find module '\.\/lib\/nope\.js' \(imported at missing-relative\.ts:2:22\)$/,
  ],
  [
    "an unresolvable package",
    "esm",
    ["render", "missing-package.ts"],
    /^pipegen: missing-package\.ts could not be loaded: Cannot find module 'no-such-package-anywhere' \(imported at missing-package\.ts:2:22\)$/,
  ],
  [
    "an import cycle",
    "esm",
    ["render", "cycle-a.ts"],
    /^pipegen: cycle-a\.ts could not be loaded: Cannot access 'a' before initialization \(at cycle-b\.ts:2:\d+\) \(import cycle: cycle-a\.ts -> cycle-b\.ts -> cycle-a\.ts\)$/,
  ],
  ["a default export that is not a pipeline", "esm", ["render", "number.ts"], /^pipegen: number\.ts: the default export is a number, not a pipeline/],
  [
    "an error thrown in an imported file",
    "esm",
    ["render", "throws.ts"],
    /^pipegen: throws\.ts could not be loaded: no jobs today \(at lib\/thrower\.ts:3:9\)$/,
  ],
  [
    "a thrown value that cannot be shown",
    "esm",
    ["render", "throws-odd.ts"],
    /^pipegen: throws-odd\.ts could not be loaded: it threw a value that cannot be shown$/,
  ],
  ["an error whose stack cannot be read", "esm", ["render", "bad-stack.ts"], /^pipegen: bad-stack\.ts could not be loaded: broken$/],
  ["an export that never settles", "esm", ["render", "never.ts"], /^pipegen: never\.ts: the default export is a function whose promise never settled/],
  ["a top-level await that never settles", "esm", ["render", "never-tla.ts"], /^pipegen: never-tla\.ts: loading the module never finished/],
  [
    "top-level await in CommonJS",
    "cjs",
    ["render", "tla.ts"],
    /^pipegen: tla\.ts could not be loaded: syntax error at tla\.ts:2:1: top-level await needs an ES module \("type": "module" in package\.json, or a \.mts file\); this file runs as CommonJS$/,
  ],
  [
    "an unresolvable import in CommonJS",
    "cjs",
    ["render", "missing.ts"],
    /^pipegen: missing\.ts could not be loaded: Cannot find module '\.\/lib\/nope' \(imported at missing\.ts:2:22\)$/,
  ],
];

describe.each(nodes.map((n) => [n.version, n.bin] as const))("on Node %s", (_version, bin) => {
  it.each(CASES)("%s: one line, exit 1", (_name, cwd, args, expected) => {
    const r = spawnSync(bin, [cli, ...args], { cwd: path.join(dir, cwd), encoding: "utf8" });
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd()).toMatch(expected);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.status).toBe(1);
  });

  it.each([["esm"], ["cjs"]])("builder problems in a %s project point at the builder call in the imported file", (kind) => {
    const r = spawnSync(bin, [cli, "render", "duplicate.ts"], { cwd: path.join(dir, kind), encoding: "utf8" });
    expect(r.status).toBe(1);
    // job( on line 5, column 3, after a template literal (whose own source map would drift)
    expect(r.stderr).toContain("    at lib/jobs.ts:5:3");
  });
});

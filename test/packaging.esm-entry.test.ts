// `import "pipegen"` from an ES module gets dist/index.mjs (package.json "exports" → "import"): every export of
// the CommonJS core by name, and the same instances as `require("pipegen")`, on every supported Node — in a plain
// Node program and in a pipeline the CLI renders.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installPipegenPackage, nodeBinaries, type InstalledPackage } from "./_user-project";

let installed: InstalledPackage;
let project: string;

const probe = `import * as esm from "pipegen";
import def from "pipegen";
import { createRequire } from "node:module";
const cjs = createRequire(import.meta.url)("pipegen");
const cjsNames = Object.keys(cjs).filter((n) => n !== "__pipegenCore").sort();
const esmNames = Object.keys(esm).filter((n) => n !== "default").sort();
export const facts = {
  sameNames: JSON.stringify(cjsNames) === JSON.stringify(esmNames),
  count: esmNames.length,
  sameInstances: cjsNames.every((n) => esm[n] === cjs[n]),
  defaultIsCore: def === cjs,
  esmEntry: import.meta.resolve("pipegen").endsWith("/dist/index.mjs"),
};
`;

beforeAll(() => {
  installed = installPipegenPackage();
  project = path.join(installed.dir, "esm");
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "esm", private: true, type: "module" }));
  writeFileSync(path.join(project, "probe.mjs"), `${probe}console.log(JSON.stringify(facts));\n`);
  writeFileSync(
    path.join(project, "pipeline.ts"),
    `${probe.replace('import { createRequire } from "node:module";', 'import { createRequire } from "node:module";\nimport { job, pipeline, task } from "pipegen";')}
if (!Object.values(facts).every(Boolean)) throw new Error(JSON.stringify(facts));
export default pipeline({ jobs: [job("a", { plan: [task("t", { config: { platform: "linux", image_resource: { type: "registry-image", source: { repository: "busybox" } }, run: { path: "true" } } })] })] });
`,
  );
});

afterAll(() => installed?.remove());

describe.each(nodeBinaries())("import of pipegen on Node $version", ({ bin }) => {
  it("names every export of the core and shares its instances", () => {
    const r = spawnSync(bin, ["probe.mjs"], { cwd: project, encoding: "utf8" });
    expect(r.stderr).toBe("");
    const facts = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(facts).toEqual({ sameNames: true, count: expect.any(Number), sameInstances: true, defaultIsCore: true, esmEntry: true });
    expect(facts.count).toBeGreaterThan(50);
  });

  it("is the same in a pipeline the CLI renders", () => {
    const r = spawnSync(bin, [installed.cli, "render", "pipeline.ts"], { cwd: project, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("name: a");
  });
});

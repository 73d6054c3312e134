// A pipeline author's project need not install @types/node: the declarations "pipegen" and "pipegen/testing"
// reach compile without it, and without skipLibCheck (every .d.ts reached is checked). pipegen is installed the
// way npm lays it out, with the declarations `tsc` emits; the program's file list shows nothing of Node's types
// was pulled in (a `/// <reference types="node" />` or a `node:*` import would pull it in through the link to
// the repo's node_modules).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./_paths";
import { installPipegenPackage, type InstalledPackage } from "./_user-project";

let installed: InstalledPackage;
let project: string;

beforeAll(() => {
  installed = installPipegenPackage({ types: true });
  project = path.join(installed.dir, "author");
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "author", private: true }));
  writeFileSync(
    path.join(project, "tsconfig.json"),
    JSON.stringify({
      // (no "lib": TypeScript's default for the target, as `tsc --init` leaves it)
      compilerOptions: { target: "ES2022", module: "nodenext", moduleResolution: "nodenext", types: [], strict: true, skipLibCheck: false, noEmit: true },
      include: ["*.ts"],
    }),
  );
  writeFileSync(
    path.join(project, "pipeline.ts"),
    `import { defineConfig, get, git, job, pipeline, put, registryImageResource, renderPipeline, s3, task, v, validatePipeline, type PipelineIssue } from "pipegen";
import { Testing } from "pipegen/testing";

const repo = git("repo", { uri: "https://example.com/app.git", branch: "main", private_key: v("git-key") });
const out = s3("out", { bucket: "b", regexp: "app-(.*).tgz", access_key_id: v("aws-key"), secret_access_key: v("aws-secret") });
const build = job("build", {
  plan: [
    get(repo, { trigger: true }),
    task("unit", { config: { platform: "linux", image_resource: registryImageResource({ repository: "busybox" }), inputs: [{ name: "repo" }], run: { path: "true" } } }),
    put(out, { params: { file: "app-*.tgz" } }),
  ],
});
const p = pipeline({ jobs: [build] });
export default p;
export const config = defineConfig({ pipelines: [{ name: "app", file: "pipeline.ts" }] });
const issues: readonly PipelineIssue[] = renderPipeline(p).issues.concat(validatePipeline(Testing.config(p)));
export const count: number = issues.length;
`,
  );
});

afterAll(() => installed?.remove());

describe("the declarations of pipegen and pipegen/testing", () => {
  it("compile in a strict project without @types/node and without skipLibCheck", () => {
    const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json", "--listFiles"], { cwd: project, encoding: "utf8" });
    const errors = r.stdout.split("\n").filter((l) => l.includes("error TS"));
    expect(errors).toEqual([]);
    expect(r.status).toBe(0);
    const files = r.stdout.split("\n").filter((l) => l.trim() !== "");
    expect(files.some((f) => f.includes("node_modules/pipegen/dist/index.d.ts"))).toBe(true);
    expect(files.some((f) => f.includes("node_modules/pipegen/dist/testing-entry.d.ts"))).toBe(true);
    expect(files.filter((f) => f.includes("@types/node"))).toEqual([]);
  });

  it("use no global beyond ECMAScript's own (zod's declarations name URL, which the default lib declares)", () => {
    const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json", "--lib", "ES2022"], { cwd: project, encoding: "utf8" });
    const errors = r.stdout.split("\n").filter((l) => l.includes("error TS"));
    expect(errors.filter((l) => !l.includes("/node_modules/zod/"))).toEqual([]);
  });

  it("pipegen/images and pipegen/fly resolve to their own declarations", () => {
    writeFileSync(
      path.join(project, "tools.ts"),
      `/// <reference types="node" />
import { packImage, compareS3Versions } from "pipegen/images";
import { flyDiff, formatChanges } from "pipegen/fly";
export const tools = [packImage, compareS3Versions, flyDiff, formatChanges];
`,
    );
    try {
      const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
      // (skipLibCheck here: the AWS SDK's and tar-stream's own declarations are not what this test is about)
      const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json", "--listFiles", "--skipLibCheck"], { cwd: project, encoding: "utf8" });
      expect(r.stdout.split("\n").filter((l) => l.includes("error TS"))).toEqual([]);
      const out = r.stdout;
      expect(out).toContain("node_modules/pipegen/dist/images-entry.d.ts");
      expect(out).toContain("node_modules/pipegen/dist/fly-entry.d.ts");
    } finally {
      writeFileSync(path.join(project, "tools.ts"), "export {};\n");
    }
  });
});

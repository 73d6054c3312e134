// "Adding a field is one edit": a copy of src/ whose field table (src/model/format.ts) gains two fields, and
// nothing else, knows them everywhere. The validator accepts them, the renderer writes them in their place, the
// JSON Schema lists them and the importer takes them as builder options; this checkout refuses them in each place.
// (The builders' option types are hand-written: test/model.drift.test-d.ts fails until they gain the fields too.)
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { buildSync } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importYaml, pipelineJsonSchema, validatePipeline } from "../src/index";
import { repoRoot } from "./_paths";

const PROBE = `
import { pipelineToConfig } from "./src/render/to-config";
import { toYaml } from "./src/render/yaml";
import { validatePipeline } from "./src/validate";
import { pipelineJsonSchema } from "./src/model";
import { importYaml } from "./src/import";
import { resource } from "./src/dsl/resource";
import { get } from "./src/dsl/steps";
import { job } from "./src/dsl/job";
import { pipeline } from "./src/dsl/pipeline";

// the builders pass options through; their TypeScript types do not know the new fields yet
const repo = resource("repo", { type: "git", source: { uri: "https://example.com/r.git" }, public: true, dry_run_only: true, expose_build_created_by: true } as never);
const p = pipeline({ jobs: [job("build", { plan: [get(repo, { fetch_depth: 3, trigger: true, tags: ["x"] } as never)] })] });
const { config, issues } = pipelineToConfig(p);
const yaml = toYaml(config as never);
const imported = importYaml(yaml);
process.stdout.write(JSON.stringify({
  config, yaml, renderIssues: issues, validateIssues: validatePipeline(config),
  schema: pipelineJsonSchema({ strict: true }), imported: imported.code, importIssues: imported.issues,
}));
`;

interface Probe {
  config: { resources: Record<string, unknown>[]; jobs: { plan: Record<string, unknown>[] }[] };
  yaml: string;
  renderIssues: { code: string }[];
  validateIssues: { code: string; path: string }[];
  schema: Record<string, unknown>;
  imported: string;
  importIssues: { message: string }[];
}

describe("a field added to the table, and nowhere else", () => {
  let dir: string;
  let probe: Probe;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "pipegen-one-edit-"));
    cpSync(path.join(repoRoot, "src"), path.join(dir, "src"), { recursive: true });
    const table = path.join(dir, "src", "model", "format.ts");
    const text = readFileSync(table, "utf8");
    // one entry in the resource table (a bool) and one in the get step's (an int)
    const edited = text
      .replace("      expose_build_created_by: bool,\n", "      expose_build_created_by: bool,\n      dry_run_only: bool,\n")
      .replace("      trigger: bool,\n", '      trigger: bool,\n      fetch_depth: { kind: "int", dsl: "number" },\n');
    expect(edited.split("\n").length).toBe(text.split("\n").length + 2);
    writeFileSync(table, edited);
    writeFileSync(path.join(dir, "probe.ts"), PROBE);
    buildSync({
      entryPoints: [path.join(dir, "probe.ts")],
      outfile: path.join(dir, "probe.js"),
      bundle: true,
      platform: "node",
      format: "cjs",
      packages: "external",
      logLevel: "error",
    });
    const run = spawnSync(process.execPath, [path.join(dir, "probe.js")], {
      encoding: "utf8",
      maxBuffer: 64 << 20,
      env: { ...process.env, NODE_PATH: path.join(repoRoot, "node_modules") },
    });
    expect(run.stderr).toBe("");
    probe = JSON.parse(run.stdout) as Probe;
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("is rendered in its place in the table's order", () => {
    expect(probe.renderIssues).toEqual([]);
    expect(Object.keys(probe.config.resources[0]!)).toEqual(["name", "type", "source", "expose_build_created_by", "dry_run_only", "public"]);
    expect(Object.keys(probe.config.jobs[0]!.plan[0]!)).toEqual(["get", "trigger", "fetch_depth", "tags"]);
  });

  it("is a known field to the validator, which refuses it without the edit", () => {
    expect(probe.validateIssues.filter((i) => i.code === "concourse/unknown-field")).toEqual([]);
    const unknown = (config: unknown) =>
      validatePipeline(config)
        .filter((i) => i.code === "concourse/unknown-field")
        .map((i) => i.path);
    expect(unknown(probe.config)).toEqual(["resources.repo.dry_run_only"]);
    // (a resource Concourse cannot decode stops the decoding: the step is checked on its own)
    const { dry_run_only: _, ...resource } = probe.config.resources[0]!;
    expect(unknown({ ...probe.config, resources: [resource] })).toEqual(["jobs.build.plan[0].fetch_depth"]);
  });

  it("is in the JSON Schema, which refuses it without the edit", () => {
    const ajv = () => new Ajv2020({ strict: false });
    expect(ajv().compile(probe.schema)(probe.config)).toBe(true);
    expect(ajv().compile(pipelineJsonSchema({ strict: true }))(probe.config)).toBe(false);
  });

  it("is a builder option to the importer, which keeps it verbatim without the edit", () => {
    expect(probe.imported).toMatch(/dry_run_only: true/);
    expect(probe.imported).toMatch(/fetch_depth: 3/);
    expect(probe.importIssues.filter((i) => /dry_run_only|fetch_depth/.test(i.message))).toEqual([]);
    const today = importYaml(probe.yaml);
    expect(today.issues.filter((i) => /dry_run_only|fetch_depth/.test(i.message)).length).toBeGreaterThan(0);
  });
});

// File-based tasks in the dataflow check: unknown outputs silence nothing-produced warnings after them; with
// --task-files (or taskFiles in pipegen.config.ts) the task files are read and their inputs, outputs and params
// checked. And --strict as fly validate-pipeline --strict: Concourse's warnings fail, pipegen's only as errors.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { validatePipeline } from "../src/index";
import { pipegen } from "./_run";

const dir = mkdtempSync(path.join(tmpdir(), "pipegen-task-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (rel: string, text: string) => {
  const p = path.join(dir, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
};

write(
  "ci/tasks/build.yml",
  "platform: linux\ninputs:\n- name: src\n- name: cache\n  optional: true\noutputs:\n- name: built\nparams:\n  TARGET:\nrun: {path: ci/tasks/build.sh}\n",
);
write("ci/tasks/broken.yml", "platform: linux\ninputs: src\n");
const pipeline = write(
  "pipeline.yml",
  [
    "resources:",
    "- name: ci",
    "  type: git",
    "  source: {uri: https://example.com/ci.git}",
    "jobs:",
    "- name: build",
    "  plan:",
    "  - get: ci",
    "  - task: build",
    "    file: ci/tasks/build.yml",
    "    input_mapping: {src: ci}",
    "    params: {TARGTE: linux}",
    "  - task: package",
    "    config:",
    "      platform: linux",
    "      inputs: [{name: built}, {name: docs}]",
    '      run: {path: "true"}',
    "  - task: missing",
    "    file: ci/tasks/nope.yml",
    "  - task: broken",
    "    file: ci/tasks/broken.yml",
    "",
  ].join("\n"),
);

describe("dataflow with file-based tasks", () => {
  it("does not warn on inputs a file-based task may have produced", () => {
    const config = {
      resources: [{ name: "ci", type: "git", source: { uri: "u" } }],
      jobs: [
        {
          name: "j",
          plan: [
            { get: "ci" },
            { task: "args", file: "ci/tasks/args.yml" },
            { task: "use", config: { platform: "linux", inputs: [{ name: "docker-build-args" }], run: { path: "true" } } },
          ],
        },
      ],
    };
    expect(validatePipeline(config).filter((i) => i.code.startsWith("pipegen/"))).toEqual([]);
  });

  it("reads task files with --task-files: inputs, outputs, params, missing and broken files", () => {
    const r = pipegen(["validate", "--json", "--task-files", `ci=${path.join(dir, "ci")}`, pipeline]);
    const warnings = (JSON.parse(r.stdout).warnings as { code: string; path: string }[]).map((w) => `${w.code} ${w.path}`);
    expect(warnings).toEqual([
      "pipegen/undeclared-task-param jobs.build.plan[1].params.TARGTE",
      "pipegen/task-input-not-produced jobs.build.plan[2].config.inputs[1]",
      "pipegen/task-file-not-found jobs.build.plan[3].file",
      "pipegen/invalid-task-file jobs.build.plan[4].file",
    ]);
    expect(r.stderr).toBe("");
    // without the mapping, nothing after the file-based task is reported
    const plain = JSON.parse(pipegen(["validate", "--json", pipeline]).stdout);
    expect(plain.warnings).toEqual([]);
  });

  it("refuses a task file that is not UTF-8 as Concourse does, with go-yaml's message and where the byte is", () => {
    const bad = path.join(dir, "latin1");
    mkdirSync(path.join(bad, "tasks"), { recursive: true });
    // "café" in Latin-1: read as text, the é would become U+FFFD and the file would pass
    writeFileSync(path.join(bad, "tasks", "build.yml"), Buffer.from('platform: linux\nrun:\n  path: "caf\xe9"\n', "latin1"));
    const config = {
      resources: [{ name: "ci", type: "git", source: { uri: "https://example.com/ci.git" } }],
      jobs: [{ name: "build", plan: [{ get: "ci" }, { task: "build", file: "ci/tasks/build.yml" }] }],
    };
    const issues = validatePipeline(config, { taskFiles: { ci: bad } }).filter((i) => i.code === "pipegen/invalid-task-file");
    expect(issues.map((i) => i.message)).toEqual([
      expect.stringContaining("3:13: yaml: invalid trailing UTF-8 octet (byte 0xE9; the file is not UTF-8, and Concourse refuses it)"),
    ]);
  });

  it("takes taskFiles from pipegen.config.ts, relative to it, and rejects a malformed --task-files", () => {
    write("pipegen.config.ts", 'export default { pipelines: [], taskFiles: { ci: "./ci" } };\n');
    const r = pipegen(["validate", "--json", pipeline], { cwd: dir });
    expect(JSON.parse(r.stdout).warnings.map((w: { code: string }) => w.code)).toContain("pipegen/task-file-not-found");
    const usage = pipegen(["validate", "--task-files", "ci", pipeline]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("--task-files ci: expected <artifact>=<dir>");
    rmSync(path.join(dir, "pipegen.config.ts"));
  });
});

describe("--strict", () => {
  const ownWarning = write("own.yml", "resources:\n- name: repo\n  type: git\n  source: {uri: u, brnach: main}\njobs:\n- name: build\n  plan: [{get: repo}]\n");
  const concourseWarning = write("concourse.yml", "resources:\n- name: repo\n  type: git\n  source: {uri: u}\njobs:\n- name: Build\n  plan: [{get: repo}]\n");

  it("passes with pipegen's own warnings, as fly validate-pipeline --strict does", () => {
    const r = pipegen(["validate", "--strict", ownWarning]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("[pipegen/unknown-resource-key]");
    expect(r.stdout).toBe("looks good\n");
  });

  it("fails on pipegen's warnings raised to errors, and on Concourse's warnings", () => {
    expect(pipegen(["validate", "--strict", "--rule", "pipegen/unknown-resource-key=error", ownWarning]).status).toBe(1);
    const r = pipegen(["validate", "--strict", concourseWarning]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("--strict: Concourse's warnings fail too");
  });
});

// `pipegen import` as users run it: TypeScript on stdout (or -o, atomically), notes on stderr, one clear line and
// exit 1 for input it cannot import; and what the generated code looks like for the features people rely on.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type * as Pipegen from "../src/index";
import { repoRoot } from "./_paths";
import { pipegen } from "./_run";
import { tempDir } from "./_tmp";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pg = require(path.join(repoRoot, "dist", "index.js")) as typeof Pipegen;

let dir: string;
beforeAll(() => {
  dir = tempDir("pipegen-import-cli-");
});
function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}
const code = (yaml: string) => pg.importYaml(yaml).code;

/** Imports `yaml` with the CLI into a .ts file, renders that with the CLI, and returns both. */
function roundTrip(name: string, yaml: string): { ts: string; rendered: unknown; stderr: string } {
  const input = file(`${name}.yml`, yaml);
  const out = path.join(dir, `${name}.ts`);
  const imported = pipegen(["import", input, "-o", out]);
  expect(imported.status, imported.stderr).toBe(0);
  const rendered = pipegen(["render", out, "--no-validate"]);
  expect(rendered.status, rendered.stderr).toBe(0);
  return { ts: readFileSync(out, "utf8"), rendered: parse(rendered.stdout, { version: "1.1" }), stderr: imported.stderr };
}

const LEGACY = `# Deploys the app.

x-defaults: &defaults
  serial: true

resources:
- name: repo   # the app's repo
  type: git
  source:
    uri: https://((host))/app.git
    branch: main
    private_key: {{deploy_key}}

jobs:
- name: deploy
  <<: *defaults
  plan:
  - aggregate:
    - get: repo
      passed: [unit]
      trigger: true
  - task: ship
    file: repo/ci/ship.yml
- name: unit
  plan:
  - get: repo
    trigger: true
`;

describe("pipegen import (CLI)", () => {
  it("prints the TypeScript on stdout and what it rewrote or dropped on stderr", () => {
    const r = pipegen(["import", file("legacy.yml", LEGACY)]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\/\/ Deploys the app\.\n\nimport \{ get, git, inParallel, job, pipeline, task, v \} from "pipegen";\n/);
    expect(r.stdout).toContain("export default pipeline(");
    expect(r.stderr).toMatch(/warning: dropped top-level key x-defaults: Concourse ignores it .*\[import\/dropped-keys\]/);
    expect(r.stderr).toMatch(
      /warning: resources\.repo\.source\.private_key: legacy \{\{deploy_key\}\} is written as v\("deploy_key"\), which renders \(\(deploy_key\)\) \[import\/legacy-var\]/,
    );
    expect(r.stderr).toMatch(/warning: jobs\.deploy\.plan\[0\]: the aggregate step was removed in Concourse 7: it is written as inParallel\(\)/);
    expect(r.stdout).not.toMatch(/warning/);
  });

  it("writes -o atomically, and the file renders back to what Concourse reads from the YAML", () => {
    const { ts, rendered } = roundTrip("legacy-rt", LEGACY);
    expect(ts).toContain('private_key: v("deploy_key")');
    expect(rendered).toEqual({
      resources: [{ name: "repo", type: "git", source: { uri: "https://((host))/app.git", branch: "main", private_key: "((deploy_key))" } }],
      jobs: [
        {
          name: "deploy",
          serial: true,
          plan: [{ in_parallel: [{ get: "repo", passed: ["unit"], trigger: true }] }, { task: "ship", file: "repo/ci/ship.yml" }],
        },
        { name: "unit", plan: [{ get: "repo", trigger: true }] },
      ],
    });
    // no temporary file is left behind
    expect(readdirSync(dir).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  it("-q keeps stderr quiet; - reads stdin", () => {
    const r = pipegen(["import", "-", "-q"], { input: LEGACY });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain('const deployJob = job("deploy", {');
  });

  it("--json prints the code and the notes as one JSON object on stdout", () => {
    const r = pipegen(["import", file("json.yml", LEGACY), "--json"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as { kind: string; code: string; issues: { code: string; severity: string; path: string }[] };
    expect(out.kind).toBe("pipeline");
    expect(out.code).toContain("export default pipeline(");
    expect(out.issues.map((i) => i.code)).toEqual(["import/dropped-keys", "import/legacy-var", "import/aggregate"]);
    expect(out.issues[1]).toMatchObject({ severity: "warning", path: "resources.repo.source.private_key" });
  });

  it("names consts in snake_case with --name-style snake, and rejects unknown styles as a usage error", () => {
    const r = pipegen(["import", file("snake.yml", LEGACY), "--name-style", "snake", "-q"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('const deploy_job = job("deploy", {');
    expect(r.stdout).toContain("passed: [unit_job]");
    const bad = pipegen(["import", file("snake2.yml", LEGACY), "--name-style", "kebab"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/argument 'kebab' is invalid. Allowed choices are camel, snake/);
  });

  const failures: [string, string, RegExp][] = [
    ["syntax.yml", "jobs:\n- name: a\n  plan: [\n", /^pipegen: .*syntax\.yml:4:1: not valid YAML: /],
    [
      "vars-file.yml",
      "region: eu\nbucket: b\n",
      /^pipegen: .*vars-file\.yml: is not a Concourse pipeline or task config: it has none of jobs, resources, .*; its keys are region, bucket$/,
    ],
    ["list.yml", "- a\n- b\n", /^pipegen: .*list\.yml: is not a Concourse pipeline or task config: the top level is a list, not a map$/],
    ["empty.yml", "# nothing\n", /^pipegen: .*empty\.yml: is empty: there is no pipeline or task config to import$/],
    [
      "alias.yml",
      "jobs:\n- name: a\n  plan:\n  - get: *nope\n",
      /^pipegen: .*alias\.yml:4:10: cannot be read as Concourse reads it: unknown anchor 'nope' referenced$/,
    ],
  ];
  for (const [name, text, message] of failures) {
    it(`explains in one line why it cannot import ${name}, and exits 1`, () => {
      const out = path.join(dir, `${name}.ts`);
      const r = pipegen(["import", file(name, text), "-o", out]);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
      expect(existsSync(out)).toBe(false);
    });
  }

  it("reports a missing file", () => {
    const r = pipegen(["import", path.join(dir, "missing.yml")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^pipegen: .*missing\.yml: no such file\n$/);
  });
});

describe("pipegen import: the generated code", () => {
  it("writes ((vars)) as v(), vars inside text as template literals, and literal credentials as insecureLiteral()", () => {
    const ts = code(`resources:
- name: site
  type: s3
  source:
    bucket: ((bucket))
    regexp: site/site-(.*).tgz
    endpoint: https://((host)):9000/s3
    access_key_id: AKIAEXAMPLE
    secret_access_key: ((aws.secret))
jobs:
- name: j
  plan:
  - get: site
    params: {download_tags: true}
`);
    expect(ts).toContain('const site = s3("site", {');
    expect(ts).toContain('bucket: v("bucket")');
    expect(ts).toContain('endpoint: `https://${v("host")}:9000/s3`');
    expect(ts).toContain('access_key_id: insecureLiteral("AKIAEXAMPLE")');
    expect(ts).toContain('secret_access_key: v("aws.secret")');
    expect(ts).toContain("get(site, { params: { download_tags: true } })");
  });

  it("falls back to resource() when the source or a step's params do not fit the typed builder", () => {
    const ts = code(`resources:
- name: a
  type: git
  source: {uri: x, not_a_git_key: 1}
- name: b
  type: s3
  source: {bucket: b, regexp: "x-(.*)"}
- name: c
  type: registry-image
  source: {repository: alpine}
jobs:
- name: j
  plan:
  - get: a
  - put: b
    params: {from: "x-*"}
  - get: c
`);
    expect(ts).toContain('const a = resource("a", { type: "git", source: { uri: "x", not_a_git_key: 1 } });');
    expect(ts).toContain('const b = resource("b", { type: "s3", source: { bucket: "b", regexp: "x-(.*)" } });');
    expect(ts).toContain('const c = registryImage("c", { repository: "alpine" });');
  });

  it("keeps numbers as numbers and strings as strings", () => {
    const ts = code(`jobs:
- name: j
  plan:
  - task: t
    params: {A: 17.04, B: "17.04", C: 1e3, D: yes, E: "yes", F: 0x1F, G: ~, H: "", I: 007}
    file: x/t.yml
`);
    expect(ts).toContain('params: { A: 17.04, B: "17.04", C: 1000, D: true, E: "yes", F: 31, G: null, H: "", I: 7 }');
  });

  it("escapes what a template literal would interpret in scripts, and keeps carriage returns exact", () => {
    const script = "echo `date`\necho ${HOME} \\\\n\nprintf 'a\\r\\n'\n";
    const yaml = `jobs:\n- name: j\n  plan:\n  - task: t\n    config:\n      platform: linux\n      run:\n        path: sh\n        args: [-c, ${JSON.stringify(script)}]\n`;
    const { ts, rendered } = roundTrip("escapes", yaml);
    expect(ts).toContain("const tScript = `echo \\`date\\`\necho \\${HOME}");
    const run = (rendered as { jobs: { plan: { config: { run: { args: string[] } } }[] }[] }).jobs[0]!.plan[0]!.config.run;
    expect(run.args[1]).toBe(script);
  });

  it("declares jobs before the jobs whose passed: refers to them, and keeps jobs: in YAML order", () => {
    const ts = code(`resources: [{name: r, type: mock}]
jobs:
- {name: c, plan: [{get: r, passed: [b]}]}
- {name: b, plan: [{get: r, passed: [a]}]}
- {name: a, plan: [{get: r}]}
- {name: d, plan: [{get: r, passed: ["*"]}]}
`);
    expect(ts.indexOf("const aJob")).toBeLessThan(ts.indexOf("const bJob"));
    expect(ts.indexOf("const bJob")).toBeLessThan(ts.indexOf("const cJob"));
    expect(ts).toContain('get(r, { passed: [glob("*")] })');
    expect(ts).toContain("jobs: [cJob, bJob, aJob, dJob]");
  });

  it("breaks a passed: cycle with glob(), so every const is declared before use", () => {
    const { ts, rendered, stderr } = roundTrip(
      "cycle",
      `resources: [{name: r, type: mock}]
jobs:
- {name: a, plan: [{get: r, passed: [b]}]}
- {name: b, plan: [{get: r, passed: [a]}]}
`,
    );
    expect(ts).toContain('passed: [glob("a")]');
    expect(stderr).toMatch(/passed: refers to job "a", which itself depends on this job/);
    expect((rendered as { jobs: unknown[] }).jobs).toEqual([
      { name: "a", plan: [{ get: "r", passed: ["b"] }] },
      { name: "b", plan: [{ get: "r", passed: ["a"] }] },
    ]);
  });

  it("carries comments over to what they describe", () => {
    const ts = code(`# Header.

resources:
# The repo.
- name: repo
  type: git
  source:
    uri: x   # where
    # branch: main
jobs:
- name: j
  plan:
  # fetch it
  - get: repo
  - task: t  # the task
    file: repo/t.yml
`);
    expect(ts).toMatch(/^\/\/ Header\.\n\nimport /);
    expect(ts).toContain('// The repo.\nconst repo = git("repo", {\n  uri: "x", // where\n  // branch: main\n});');
    expect(ts).toContain('    // fetch it\n    get(repo),\n    // the task\n    task("t", { file: "repo/t.yml" }),');
  });

  it("shares an image or a config that several tasks use (e.g. through an anchor) as one const", () => {
    const ts = code(`x-image: &image
  type: registry-image
  source: {repository: cloudfoundry/cf-deployment-concourse-tasks}
jobs:
- name: a
  plan:
  - task: one
    config: {platform: linux, image_resource: *image, run: {path: one}}
  - task: two
    config: {platform: linux, image_resource: *image, run: {path: two}}
`);
    expect(ts).toMatch(
      /const cfDeploymentConcourseTasksImage = registryImageResource\(\{\s+repository: "cloudfoundry\/cf-deployment-concourse-tasks",?\s+\}\);/,
    );
    expect(ts.match(/image_resource: cfDeploymentConcourseTasksImage/g)).toHaveLength(2);
  });

  it("keeps a value the builders' types do not describe, with a cast, and says so", () => {
    const r = pg.importYaml(`resources:
- name: r
  type: mock
  tags: ((worker-tags))
jobs:
- name: j
  plan: [{get: r, trigger: "yes"}]
`);
    expect(r.code).toContain('tags: "((worker-tags))" as never');
    expect(r.code).toContain('get(r, { trigger: "yes" as never })');
    expect(r.issues.map((i) => i.code)).toEqual(["import/var-for-value", "import/type-mismatch"]);
  });

  it("imports a task file as a typed task config", () => {
    const r = pg.importYaml(
      "platform: linux\nimage_resource:\n  type: registry-image\n  source: {repository: golang}\ninputs:\n- name: repo\noutputs:\n- {name: out, path: build/out}\nrun:\n  path: repo/ci/build.sh\n",
    );
    expect(r.kind).toBe("task");
    expect(r.code).toBe(`import { registryImageResource, taskConfig } from "pipegen";

export default taskConfig({
  platform: "linux",
  image_resource: registryImageResource({ repository: "golang" }),
  inputs: ["repo"],
  outputs: [{ name: "out", path: "build/out" }],
  run: { path: "repo/ci/build.sh" },
});
`);
  });

  it("gives consts valid, unique names that do not shadow the builders", () => {
    const ts = code(`resources:
- {name: git, type: mock}
- {name: my-repo, type: mock}
- {name: my_repo, type: mock}
jobs:
- {name: job, plan: [{get: git}, {get: my-repo}, {get: my_repo}]}
- {name: 1-unit, plan: []}
- {name: class, plan: []}
`);
    expect(ts).toContain('const gitResource = resource("git"');
    expect(ts).toContain('const myRepo = resource("my-repo"');
    expect(ts).toContain('const myRepo2 = resource("my_repo"');
    expect(ts).toContain('const jobJob = job("job"');
    expect(ts).toContain('const job1UnitJob = job("1-unit"');
    expect(ts).toContain('const classJob = job("class"');
  });
});

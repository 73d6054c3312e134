// The contract of `pipegen import`: for every file of the shared corpus, importing it and rendering the generated
// TypeScript gives back the object Concourse reads from the YAML (anchors expanded, merge keys applied, ignored
// top-level keys dropped; key order may differ; numbers stay numbers), and every generated file type-checks under
// `tsc --strict` (one program over all of them, with "pipegen" mapped to src/index.ts).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ts from "typescript";
import type * as Pipegen from "../src/index";
import { corpusDir, repoRoot } from "./_paths";

// The built library (the global setup builds dist/): the importer, the loader and the renderer in one copy, as the CLI runs them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pg = require(path.join(repoRoot, "dist", "index.js")) as typeof Pipegen;

const DIRS = ["pipelines", "extra-top-level-keys", "tasks"] as const;
const PIPELINE_KEYS = ["resource_types", "resources", "prototypes", "jobs", "groups", "var_sources", "display", "user_data"];
const HOOKS = ["on_success", "on_failure", "on_abort", "on_error", "ensure"];
const CORE_STEPS = ["run", "task", "put", "get", "set_pipeline", "load_var", "try", "do", "in_parallel"];

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);

// ---- the input as Concourse reads it ------------------------------------------------------------------------------
// Concourse decodes jobs, steps, resources, task configs… into Go structs, where `key: null` is the same as no key;
// free-form maps (source, params, vars, config) keep their nulls. The importer writes two legacy forms in their
// modern spelling (with a warning), so the expected value uses it too: `aggregate:` → `in_parallel:`, and a
// single-line string's `{{name}}` → `((name))`.

function struct(x: unknown): unknown {
  if (!isObj(x)) return x;
  return Object.fromEntries(Object.entries(x).filter(([, v]) => v !== null));
}

function taskConfig(c: unknown): unknown {
  const out = struct(c);
  if (!isObj(out)) return out;
  for (const k of ["run", "image_resource", "container_limits"]) if (out[k] !== undefined) out[k] = struct(out[k]);
  for (const k of ["inputs", "outputs", "caches"]) if (Array.isArray(out[k])) out[k] = (out[k] as unknown[]).map(struct);
  return out;
}

function step(s: unknown): unknown {
  const out = struct(s);
  if (!isObj(out)) return out;
  if ("aggregate" in out && !CORE_STEPS.some((k) => k in out)) {
    out.in_parallel = out.aggregate;
    delete out.aggregate;
  }
  for (const h of HOOKS) if (out[h] !== undefined) out[h] = step(out[h]);
  if (Array.isArray(out.in_parallel)) out.in_parallel = out.in_parallel.map(step);
  else if (isObj(out.in_parallel)) {
    const ip = struct(out.in_parallel) as Obj;
    if (Array.isArray(ip.steps)) ip.steps = ip.steps.map(step);
    out.in_parallel = ip;
  }
  if (Array.isArray(out.do)) out.do = out.do.map(step);
  if (out.try !== undefined) out.try = step(out.try);
  if ("task" in out && out.config !== undefined) out.config = taskConfig(out.config);
  if (Array.isArray(out.across)) out.across = out.across.map(struct);
  return out;
}

function pipelineView(p: Obj): Obj {
  const out: Obj = {};
  for (const k of PIPELINE_KEYS) if (p[k] !== undefined && p[k] !== null) out[k] = p[k];
  for (const k of ["resource_types", "resources", "prototypes", "groups", "var_sources"]) {
    if (Array.isArray(out[k])) out[k] = (out[k] as unknown[]).map(struct);
  }
  if (out.display !== undefined) out.display = struct(out.display);
  if (Array.isArray(out.jobs)) {
    out.jobs = out.jobs.map((j) => {
      const job = struct(j);
      if (!isObj(job)) return job;
      if (Array.isArray(job.plan)) job.plan = job.plan.map(step);
      for (const h of HOOKS) if (job[h] !== undefined) job[h] = step(job[h]);
      if (job.build_log_retention !== undefined) job.build_log_retention = struct(job.build_log_retention);
      return job;
    });
  }
  return out;
}

function modernVars(x: unknown): unknown {
  if (typeof x === "string") {
    if (x.slice(0, -1).includes("\n")) return x;
    return x.replace(/\{\{([-\w./:\p{L}]+)\}\}/gu, (m, name: string) => (pg.isValidVarName(name) ? `((${name}))` : m));
  }
  if (Array.isArray(x)) return x.map(modernVars);
  if (isObj(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, modernVars(v)]));
  return x;
}

// ---- the corpus ---------------------------------------------------------------------------------------------------

interface Case {
  readonly dir: (typeof DIRS)[number] | "features";
  readonly name: string;
  readonly file: string;
}
// Besides the corpus, two files that use every feature of the format at once (written to a temp dir below).
const FEATURES_PIPELINE = `---
# Every pipeline feature at once.
x-anchors:
  image: &image {type: registry-image, source: {repository: alpine, tag: "3.19"}}
  retention: &retention {build_log_retention: {builds: 10, days: 2, minimum_succeeded_builds: 1}}
display: {background_image: ((bg))}
var_sources:
- {name: vault, type: vault, config: {url: "https://vault.example.com", client_token: ((tok)), auth_params: {role: ci}}}
- {name: d, type: dummy, config: {vars: {a: 1, b: [x, y]}}}
- {name: id, type: idtoken}
- {name: weird, type: conjur, config: {x: 1}}
prototypes:
- {name: oci-build, type: registry-image, source: {repository: concourse/oci-build-task}}
resource_types:
- {name: child, type: parent, source: {repository: x/child}, defaults: {foo: bar}}
- {name: parent, type: registry-image, source: {repository: x/parent}, privileged: true, params: {format: oci}, check_every: 24h, tags: [t1]}
resources:
- name: repo  # the repo
  type: git
  icon: github
  source: {uri: "git@github.com:a/b.git", branch: main, private_key: ((key)), paths: [ci/*], fetch_tags: true}
  check_every: never
  webhook_token: ((wh))
  public: true
  old_name: old-repo
  expose_build_created_by: true
  version: {ref: abc123}
- name: c
  type: child
  source: {a: "1", "b c": 2, "__proto__": 3, "ünï": yes, legacy: "http://{{host}}/x", nothing: ~}
  tags: [w]
  check_timeout: 5m
- {name: img, type: registry-image, source: {repository: ((registry))/img, tag: "1.20", username: user, password: ((pw))}}
- {name: ts, type: time, source: {start: "8:00 PM", stop: "9:00 PM", location: Europe/Berlin, days: [Monday]}}
- {name: rootfs, type: s3, source: {bucket: b, regexp: "images/rootfs-(.*).tgz", region_name: eu-west-1}}
- {name: unused, type: mock, source: null}
jobs:
- name: build ünïcode
  <<: *retention
  public: true
  serial: true
  serial_groups: [a, b]
  max_in_flight: 2
  disable_manual_trigger: true
  interruptible: true
  old_name: build-old
  on_failure: {put: c, params: {status: failed}}
  ensure: {task: cleanup, file: repo/cleanup.yml}
  plan:
  - in_parallel:
      steps:
      - {get: repo, trigger: true, version: every, params: {depth: 1, submodules: none}, passed: [first]}
      - {get: c-artifact, resource: c, version: {ref: "1"}, tags: [w], passed: [first, "unit-*"]}
      - {get: ts}
      - {get: rootfs, params: {unpack: true}}
      limit: 2
      fail_fast: true
  - in_parallel: {steps: [{get: img}]}
  - aggregate: [{get: unused}]
  - {load_var: version, file: repo/version, format: trim, reveal: true}
  - set_pipeline: self
    file: repo/ci/pipeline.yml
    vars: {v: ((.:version)), n: 1}
    var_files: [repo/ci/vars.yml]
    instance_vars: {branch: main}
    team: main
  - across:
    - {var: env, values: [dev, prod], max_in_flight: all}
    - {var: count, values: ((list))}
    fail_fast: true
    task: deploy
    privileged: true
    hermetic: false
    image: img
    file: repo/ci/deploy.yml
    vars: {env: ((.:env))}
    params: {ENV: ((.:env)), N: 3, LIST: [1, 2], MAP: {a: b}, EMPTY: ~}
    input_mapping: {src: repo}
    output_mapping: {out: built}
    container_limits: {cpu: 512, memory: 1GB}
    tags: [big]
    timeout: 1h
    attempts: 3
    on_success:
      try:
        do:
        - {put: c, inputs: [built], params: {file: built/x}, get_params: {skip: true}, no_get: true}
        - {put: repo, inputs: detect, params: {repository: repo, rebase: true}}
        - {put: rootfs, params: {file: built/rootfs-*.tgz}, get_params: {unpack: true}}
        tags: [x]
    on_abort: {task: a, file: repo/a.yml}
    on_error: {task: e, file: repo/e.yml}
  - do:
    - task: inline
      config:
        platform: linux
        rootfs_uri: docker:///busybox
        inputs:
        - {name: repo, path: src, optional: true}
        - name: ((.:version))
        outputs: [{name: out}, {name: out2, path: null}]
        caches: [{path: .cache, ttl: 24h}]
        params: {A: "line1\\nline2", B: "trailing space ", C: "tab\\there", D: "cr\\r\\nlf", E: "x\\u2028y"}
        run:
          path: bash
          dir: src
          user: root
          args:
          - -c
          - |+
            set -e
              indented \`backtick\` and \${dollar} and \\backslash and {{not.a.legacy.var}}

          - "two\\nlines"
        container_limits: {cpu: 1}
    - {task: shared-1, config: {platform: linux, image_resource: *image, run: {path: "true"}}}
    - {task: shared-2, config: {platform: linux, image_resource: *image, run: {path: "true"}}}
    tags: [t]
    timeout: 2m
  - {run: build, type: oci-build, params: {context: .}, privileged: true}
  - try: {get: unused}
- name: first
  plan: [{get: repo}, {get: c}]
- name: unit-a
  plan: [{get: c}]
groups:
- {name: all, jobs: ["*"], resources: [repo, c]}
- {name: main, jobs: ["build ünïcode", first]}
user_data: {owner: team-a, list: [1, 2]}
`;
const FEATURES_TASK = `# A task file.
platform: linux
rootfs_uri: docker:///alpine
inputs: [{name: a}, {name: b, optional: true}]
outputs:
caches: [{path: c}]
params: {X: ~, Y: 1, Z: [1]}
container_limits: {memory: 512MB}
run:
  path: sh
  args: [-c, "echo hi\\n"]
`;

const cases: Case[] = DIRS.flatMap((dir) =>
  readdirSync(path.join(corpusDir, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((name) => ({ dir, name, file: path.join(corpusDir, dir, name) })),
);

let outDir: string;
const generated: string[] = [];
// written to the temp dir when the suite starts
const featureCases: Case[] = ["pipeline.yml", "task.yml"].map((name) => ({
  dir: "features",
  name,
  get file() {
    return path.join(outDir, "features", name);
  },
}));

beforeAll(() => {
  outDir = mkdtempSync(path.join(os.tmpdir(), "pipegen-import-"));
  for (const d of DIRS) mkdirSync(path.join(outDir, d));
  mkdirSync(path.join(outDir, "features"));
  writeFileSync(path.join(outDir, "features", "pipeline.yml"), FEATURES_PIPELINE);
  writeFileSync(path.join(outDir, "features", "task.yml"), FEATURES_TASK);
});
afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** What Concourse reads from a task file or a pipeline's rendered YAML (the validator's reader, go-yaml v2 rules). */
function read(text: string): unknown {
  const { value, issues } = pg.readPipelineYaml(text);
  expect(
    issues.filter((i) => i.severity === "error"),
    "the rendered YAML reads without errors",
  ).toEqual([]);
  return value;
}

describe("pipegen import: every corpus file renders back to what Concourse reads", () => {
  it("has the whole corpus to check", () => {
    expect(cases.filter((c) => c.dir === "pipelines").length).toBeGreaterThan(100);
    expect(cases.filter((c) => c.dir === "tasks").length).toBeGreaterThan(100);
  });

  for (const c of [...cases, ...featureCases]) {
    it(`${c.dir}/${c.name}`, async () => {
      const text = readFileSync(c.file, "utf8");
      const result = pg.importYaml(text, { file: c.file });
      expect(result.kind).toBe(c.dir === "tasks" || c.name === "task.yml" ? "task" : "pipeline");
      const tsFile = path.join(outDir, c.dir, c.name.replace(/\.ya?ml$/, ".ts"));
      writeFileSync(tsFile, result.code);
      generated.push(tsFile);

      const input = pg.readPipelineYaml(text, c.file).value as Obj;
      if (result.kind === "pipeline") {
        const rendered = pg.renderPipeline(await pg.loadPipelineModule(tsFile), { header: false, validate: false });
        expect(read(rendered.yaml)).toEqual(modernVars(pipelineView(input)));
      } else {
        // a task config renders as the config of a task step (the same conversion a task file gets)
        const config = (await pg.loadRenderableModule(tsFile)) as Pipegen.TaskConfigSpec;
        const p = pg.pipeline({ jobs: [pg.job("j", { plan: [pg.task("t", { config })] })] });
        const rendered = pg.renderPipeline(p, { header: false, validate: false });
        const back = (read(rendered.yaml) as { jobs: { plan: { config: unknown }[] }[] }).jobs[0]!.plan[0]!.config;
        expect(back).toEqual(modernVars(taskConfig(input)));
      }
    });
  }
});

describe("pipegen import: the generated files type-check", () => {
  it("compiles every generated file under tsc --strict, in one program", () => {
    expect(generated.length).toBe(cases.length + 2);
    const program = ts.createProgram(generated, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ["node"],
      typeRoots: [path.join(repoRoot, "node_modules", "@types")],
      baseUrl: repoRoot,
      paths: { pipegen: [path.join(repoRoot, "src", "index.ts")] },
    });
    // only the generated files are judged: pipegen's own sources are checked by `npm run typecheck`
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName.startsWith(outDir))
      .map((d) => {
        const { line, character } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${path.relative(outDir, d.file!.fileName)}:${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
      });
    expect(problems).toEqual([]);
  }, 300_000);
});

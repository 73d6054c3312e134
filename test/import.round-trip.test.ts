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
  readonly dir: (typeof DIRS)[number];
  readonly name: string;
  readonly file: string;
}
const cases: Case[] = DIRS.flatMap((dir) =>
  readdirSync(path.join(corpusDir, dir)).filter((f) => /\.ya?ml$/.test(f)).sort().map((name) => ({ dir, name, file: path.join(corpusDir, dir, name) })));

let outDir: string;
const generated: string[] = [];

beforeAll(() => {
  outDir = mkdtempSync(path.join(os.tmpdir(), "pipegen-import-"));
  for (const d of DIRS) mkdirSync(path.join(outDir, d));
});
afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** What Concourse reads from a task file or a pipeline's rendered YAML (the validator's reader, go-yaml v2 rules). */
function read(text: string): unknown {
  const { value, issues } = pg.readPipelineYaml(text);
  expect(issues.filter((i) => i.severity === "error"), "the rendered YAML reads without errors").toEqual([]);
  return value;
}

describe("pipegen import: every corpus file renders back to what Concourse reads", () => {
  it("has the whole corpus to check", () => {
    expect(cases.filter((c) => c.dir === "pipelines").length).toBeGreaterThan(100);
    expect(cases.filter((c) => c.dir === "tasks").length).toBeGreaterThan(100);
  });

  for (const c of cases) {
    it(`${c.dir}/${c.name}`, async () => {
      const text = readFileSync(c.file, "utf8");
      const result = pg.importYaml(text, { file: c.file });
      expect(result.kind).toBe(c.dir === "tasks" ? "task" : "pipeline");
      const tsFile = path.join(outDir, c.dir, c.name.replace(/\.ya?ml$/, ".ts"));
      writeFileSync(tsFile, result.code);
      generated.push(tsFile);

      const input = pg.readPipelineYaml(text, c.file).value as Obj;
      if (result.kind === "pipeline") {
        const rendered = pg.renderPipeline(await pg.loadPipelineModule(tsFile), { header: false, validate: false });
        expect(read(rendered.yaml)).toEqual(modernVars(pipelineView(input)));
      } else {
        // a task config renders as the config of a task step (the same conversion a task file gets)
        pg.installTsLoader();
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const config = (require(tsFile) as { default: Pipegen.TaskConfigSpec }).default;
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
    expect(generated.length).toBe(cases.length);
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
    const problems = ts.getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName.startsWith(outDir))
      .map((d) => {
        const { line, character } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${path.relative(outDir, d.file!.fileName)}:${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
      });
    expect(problems).toEqual([]);
  }, 300_000);
});

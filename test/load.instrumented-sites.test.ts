// Call sites from the loader's instrumentation: the same file:line:col as V8's stack gives, at a fraction of the
// cost, and instrumented code behaves exactly like the original.
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type * as Pipegen from "../src/index";
import { instrumentCalls, SITE_GLOBAL, uninstrumentedColumn } from "../src/load/instrument";
import { alignColumns, mapColumn } from "../src/load/column-map";
import type { Pipeline } from "../src/dsl/pipeline";

// The built library (the global setup builds dist/), as the CLI runs it: the loader, the builders that the
// loaded pipelines import, and the site bookkeeping are one copy.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pg = require(path.resolve(__dirname, "..", "dist", "index.js")) as typeof Pipegen;
const { installTsLoader, isJob, job, loadPipelineModule, task } = pg;

const fixtures = path.resolve(__dirname, "fixtures/sites");

function copyFixtures(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pipegen-sites-"));
  cpSync(fixtures, dir, { recursive: true });
  return dir;
}

interface Sited {
  readonly site?: { file: string; line: number; column: number };
}

/** Every builder object of a pipeline with its site, as `label file:line:col` (file relative to `dir`). */
function sitesOf(p: Pipeline, dir: string): string[] {
  const out: string[] = [];
  const show = (label: string, o: Sited | undefined) => {
    const s = o?.site;
    out.push(`${label} ${s ? `${path.relative(dir, s.file)}:${s.line}:${s.column}` : "none"}`);
  };
  show("pipeline", p as unknown as Sited);
  for (const j of p.props.jobs as unknown[]) {
    if (!isJob(j)) continue;
    show(`job ${j.name}`, j as unknown as Sited);
    for (const step of (j.props.plan ?? []) as unknown as Array<Sited & { kind: string; name: string; resource?: Sited & { name: string } }>) {
      show(`  ${step.kind} ${step.name}`, step);
      if (step.resource) show(`    resource ${step.resource.name}`, step.resource);
    }
  }
  return out;
}

describe("instrumented call sites", () => {
  it("are the positions V8's stack gives, for every shape of call", async () => {
    installTsLoader();
    const a = copyFixtures();
    const b = copyFixtures();
    // a: loaded as the CLI loads pipelines (sites from instrumentation)
    const viaInstrumentation = sitesOf(await loadPipelineModule(path.join(a, "shapes.ts")), a);
    // b: the same code, required directly: sites from stacks, mapped back through the shifts and the source map
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const viaStacks = sitesOf((require(path.join(b, "shapes.ts")) as { default: Pipeline }).default, b);
    expect(viaInstrumentation).toEqual(viaStacks);
    expect(viaInstrumentation).not.toContain(expect.stringContaining("none"));
    // spot checks against the fixture's text
    expect(viaInstrumentation).toContain("job one shapes.ts:15:3");
    expect(viaInstrumentation).toContain("  task test-two shapes.ts:18:7");
    expect(viaInstrumentation).toContain("job from-a-helper helper.ts:4:10");
    // after a template literal (line 18), where the transform's own source map goes wrong
    expect(viaInstrumentation).toContain("  put store shapes.ts:19:7");
    expect(viaInstrumentation).toContain("job from-a-method shapes.ts:25:12");
    expect(viaInstrumentation).toContain("  get repo shapes.ts:25:31");
    expect(viaInstrumentation).toContain("job namespaced shapes.ts:36:8");
    expect(viaInstrumentation).toContain("  put inline shapes.ts:36:49");
    expect(viaInstrumentation).toContain("    resource inline shapes.ts:36:53");
    expect(viaInstrumentation[0]).toBe("pipeline shapes.ts:29:16");
  });

  it("leave builders called outside a loaded module with stack sites", () => {
    const j = job("here", { plan: [task("t", { file: "x.yml" })] }) as unknown as Sited;
    expect(j.site?.file).toBe(__filename);
  });

  it("map a runtime error's position in instrumented code back to the user's column", async () => {
    installTsLoader();
    const dir = mkdtempSync(path.join(os.tmpdir(), "pipegen-sites-"));
    const file = path.join(dir, "throws.ts");
    // the throw comes after two instrumented calls on its line, which move it in the loaded code
    writeFileSync(file, `const n: number = Number(String(1)); if (n === 1) { throw new Error("boom"); }\nexport default n;\n`);
    await expect(loadPipelineModule(file)).rejects.toThrow(/boom \(at .*throws\.ts:1:59\)/);
  });
});

describe("instrumentCalls", () => {
  /** Runs code as CommonJS, with or without instrumentation, and returns what it exported. */
  function run(code: string, instrument: boolean): unknown {
    const g = globalThis as Record<string, unknown>;
    const calls: number[] = [];
    g[SITE_GLOBAL] = (_file: string, line: number, _column: number, value: unknown) => (calls.push(line), value);
    const source = instrument ? instrumentCalls(code, undefined).code : code;
    const module = { exports: {} as Record<string, unknown> };
    new Function("module", "exports", "__filename", source)(module, module.exports, "/x.js");
    return { result: module.exports.result, instrumented: calls.length > 0 };
  }

  const cases: Record<string, string> = {
    "optional calls short-circuit": `const a = null; const o = { f: () => ({ g: () => 7 }) }; module.exports.result = [a?.f(), a?.f().g(), o?.f().g(), o.f?.().g?.()];`,
    "calls returning functions": `const f = () => (x) => () => x * 2; module.exports.result = f()(21)();`,
    "this is kept for method calls": `const o = { v: 5, m() { return this.v; } }; module.exports.result = [o.m(), o["m"](), (o.m)()];`,
    "super calls": `class A { constructor(x) { this.x = x; } } class B extends A { constructor() { super(String(4)); } } module.exports.result = new B().x;`,
    "direct eval sees the local scope": `module.exports.result = (function () { const local = 42; return eval("local"); })();`,
    "tagged templates and new": `const tag = (s, ...v) => s.raw.join("|") + v.join(","); class C { constructor(v) { this.v = v; } } module.exports.result = [tag\`a\${1}b\`, new C(Math.max(1, 2)).v];`,
    "calls in default parameters, spreads and generators": `function* g(n = Math.min(3, 4)) { yield* [n, ...Array.of(1, 2)]; } module.exports.result = [...g()];`,
    "async functions": `module.exports.result = (async () => await Promise.resolve(Math.abs(-3)))();`,
  };
  for (const [name, code] of Object.entries(cases)) {
    it(`keeps behaviour: ${name}`, async () => {
      const plain = run(code, false) as { result: unknown };
      const instrumented = run(code, true) as { result: unknown; instrumented: boolean };
      expect(instrumented.instrumented).toBe(true);
      expect(await instrumented.result).toEqual(await plain.result);
    });
  }

  it("leaves code that does not parse as it is", () => {
    expect(instrumentCalls("this is not ( javascript", undefined)).toEqual({ code: "this is not ( javascript", shifts: {} });
  });

  it("maps columns of instrumented code back, inside and after inserted text", () => {
    const { code, shifts } = instrumentCalls(`x = f(1); y = g(2);`, undefined);
    const before = `x = f(1); y = g(2);`;
    for (const token of ["x", "f", "y", "g", "2"]) {
      const original = before.indexOf(token) + 1;
      const moved = code.indexOf(token === "f" || token === "g" ? `${token}(` : token, token === "2" ? code.indexOf("g(") : 0) + 1;
      expect(uninstrumentedColumn(shifts, 1, moved)).toBe(original);
    }
    // a position inside the inserted prefix maps to where it was inserted (the call)
    expect(uninstrumentedColumn(shifts, 1, code.indexOf(SITE_GLOBAL) + 3)).toBe(before.indexOf("f") + 1);
  });
});

describe("alignColumns", () => {
  it("maps kept tokens to their columns in the .ts, and added code to the kept token before it", () => {
    const original = "const x: number = job(`a-${n}`, { plan: [get(repo)] });";
    const generated = "const x = _pipegen.job.call(void 0, `a-${n}`, { plan: [_pipegen.get.call(void 0, repo)] });";
    const map = alignColumns(original, generated)!;
    const col = (gen: string, nth = 0) => {
      let at = -1;
      for (let i = 0; i <= nth; i++) at = generated.indexOf(gen, at + 1);
      return mapColumn(map, 1, at + 1);
    };
    expect(col("job")).toBe(original.indexOf("job") + 1);
    expect(col("call")).toBe(original.indexOf("job") + 1);
    expect(col("get")).toBe(original.indexOf("get") + 1);
    expect(col("call", 1)).toBe(original.indexOf("get") + 1);
    expect(col("repo")).toBe(original.indexOf("repo") + 1);
    // inside a kept token: the same offset
    expect(mapColumn(map, 1, generated.indexOf("repo") + 3)).toBe(original.indexOf("repo") + 3);
  });

  it("leaves unchanged lines alone and gives up on line counts that differ", () => {
    const map = alignColumns("a\nb(c)\n", "a\nb(c)\n")!;
    expect(mapColumn(map, 2, 3)).toBe(3);
    expect(alignColumns("a\nb", "a")).toBeUndefined();
  });
});

describe("isInstrumentedFile", () => {
  it("is true for a user's .ts (its calls are marked), not for libraries or plain .js", async () => {
    const { isInstrumentedFile } = await import("../src/load/ts-loader");
    const dir = mkdtempSync(path.join(os.tmpdir(), "pipegen-sites-"));
    const withCalls = path.join(dir, "calls.ts");
    writeFileSync(withCalls, `const x: number = Math.max(1, 2);\nexport default x;\n`);
    expect(isInstrumentedFile(withCalls)).toBe(true);
    expect(isInstrumentedFile(path.join(dir, "node_modules", "lib", "x.ts"))).toBe(false);
    expect(isInstrumentedFile(path.join(dir, "plain.js"))).toBe(false);
  });
});

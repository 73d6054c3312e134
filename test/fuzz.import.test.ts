// Property: import answers every YAML input with TypeScript or a one-line PipegenError, never a crash; and what it
// writes for a generated pipeline renders back to the value Concourse reads from the input (the import contract).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { importYaml, isPipegenError, loadPipelineModule, readPipelineYaml, renderPipeline } from "../src/index";
import { anyYaml, corpusSample, isOneLine, params } from "./_fuzz";

const seeds = corpusSample(12);
const dir = mkdtempSync(path.join(tmpdir(), "pipegen-fuzz-import-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The import's answer: code, or a one-line refusal. */
function answer(text: string): { code?: string; refusal?: string } {
  try {
    return { code: importYaml(text, { file: "fuzz.yml" }).code };
  } catch (err) {
    if (!isPipegenError(err)) throw err;
    return { refusal: err.message };
  }
}

describe("fuzz: import never crashes", () => {
  it("answers every input with code or a one-line refusal", () => {
    fc.assert(
      fc.property(anyYaml(seeds), (text) => {
        const a = answer(text);
        if (a.refusal !== undefined) expect(isOneLine(a.refusal), a.refusal).toBe(true);
        else expect(a.code).toMatch(/export default/);
      }),
      params(150),
    );
  });

  /** Pipelines small enough to load quickly, built from pieces Concourse accepts and pieces it does not. */
  const pipelineYaml = fc
    .record({
      types: fc.array(fc.constantFrom("git", "s3", "registry-image", "time", "constructor", "__proto__", "toString", "mock"), { minLength: 1, maxLength: 3 }),
      sources: fc.array(
        fc.dictionary(
          fc.constantFrom("uri", "branch", "__proto__", "constructor", "a", "b"),
          fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean()),
          { maxKeys: 3 },
        ),
        { minLength: 1, maxLength: 3 },
      ),
      groupResources: fc.oneof(fc.constant("[r0]"), fc.constant("r0"), fc.constant("{a: 1}")),
      passed: fc.boolean(),
    })
    .map(({ types, sources, groupResources, passed }) => {
      const res = types.map((t, i) => `- name: r${i}\n  type: ${t}\n  source: ${JSON.stringify(sources[i % sources.length])}\n`).join("");
      const plan = types.map((_, i) => `  - get: r${i}\n${passed && i === 0 ? "    passed: [j]\n" : ""}`).join("");
      return `resources:\n${res}jobs:\n- name: j\n  plan:\n${plan}groups:\n- name: g\n  jobs: [j]\n  resources: ${groupResources}\n`;
    });

  it("writes code whose render gives back what Concourse reads, or fails with one line", async () => {
    let n = 0;
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(pipelineYaml, async (text) => {
        const a = answer(text);
        if (a.code === undefined) return;
        const file = path.join(dir, `p${n++}.ts`);
        writeFileSync(file, a.code.replace(/from "pipegen"/, `from ${JSON.stringify(path.resolve(__dirname, "../src/index"))}`));
        const rendered = renderPipeline(await loadPipelineModule(file), { header: false, validate: false });
        const errors = rendered.issues.filter((i) => i.severity === "error");
        for (const e of errors) expect(isOneLine(e.message), e.message).toBe(true);
        if (errors.length > 0) return;
        compared++;
        expect(readPipelineYaml(rendered.yaml).value).toEqual(readPipelineYaml(text).value);
      }),
      params(25),
    );
    // the property is about round trips: make sure some inputs got that far
    expect(compared).toBeGreaterThan(5);
  });
});

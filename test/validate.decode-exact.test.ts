// The fast path of decoding (src/validate/decode/exact.ts) against the definition (decodeConfig): whenever the fast
// path gives a result, the full decoder reports no issue and gives the same DConfig. Checked on every corpus
// pipeline, every conformance case, the repo's own pipelines and examples, and seeded mutations of the corpus
// (a value of another type, a null, an unknown or case-folded key, a key moved into another step…), which is
// where a fast path that accepts too much would show.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readPipelineYaml } from "../src/index";
import { IssueCollector } from "../src/collector";
import { decodeConfig } from "../src/validate/decode/config";
import { decodeExact } from "../src/validate/decode/exact";
import { loadPipelineModule } from "../src/load";
import { pipelineToConfig } from "../src/render";
import { corpusDir, repoRoot, sharedDir } from "./_paths";

/** Sets compare by content, in order (DConfig.broken). */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x instanceof Set ? [...x] : x)));

/** Checks the invariant on one config; returns whether the fast path took it. */
function agree(config: unknown, what: string): boolean {
  const fast = decodeExact(config);
  if (fast === null) return false;
  for (const strict of [false, true]) {
    const r = new IssueCollector();
    const full = decodeConfig(r, config, { strictTop: strict, strictNested: true });
    expect(
      r.issues.map((i) => `${i.path}: ${i.message}`),
      what,
    ).toEqual([]);
    expect(plain(fast), what).toEqual(plain(full));
  }
  return true;
}

const corpus = readdirSync(path.join(corpusDir, "pipelines"))
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((f) => ({ name: f, value: readPipelineYaml(readFileSync(path.join(corpusDir, "pipelines", f), "utf8"), f).value }));

describe("decodeExact agrees with decodeConfig", () => {
  it("on the corpus, and takes most of it", () => {
    let taken = 0;
    for (const { name, value } of corpus) if (agree(value, name)) taken++;
    // the fast path must be the common case, or it would not be worth having (and this test would prove little)
    expect(taken).toBeGreaterThan(corpus.length / 2);
  });

  it("on every conformance case", () => {
    const cases = readPipelineYaml(readFileSync(path.join(sharedDir, "spec/conformance-cases.yaml"), "utf8")).value as Array<{
      name: string;
      pipeline: unknown;
      pipeline_text?: string;
    }>;
    let taken = 0;
    for (const c of cases) {
      const value = c.pipeline !== null ? c.pipeline : readPipelineYaml(c.pipeline_text!).value;
      if (agree(value, c.name)) taken++;
    }
    expect(taken).toBeGreaterThan(0);
  });

  it("on the repo's pipelines and examples, rendered by the builders", async () => {
    const files = ["examples", "pipelines"].flatMap((dir) =>
      readdirSync(path.join(repoRoot, dir))
        .filter((f) => f.endsWith(".ts"))
        .map((f) => path.join(repoRoot, dir, f)),
    );
    let taken = 0;
    for (const file of files) {
      let p;
      try {
        p = await loadPipelineModule(file);
      } catch {
        continue; // a task config, or an example that needs an export name
      }
      if (agree(pipelineToConfig(p).config, file)) taken++;
    }
    // every builder-made pipeline is on the fast path
    expect(taken).toBeGreaterThan(0);
  });

  it("leaves a config nested deeper than the stack to the full decoder", () => {
    let step: unknown = { task: "t", config: { platform: "linux", run: { path: "x" } } };
    for (let i = 0; i < 50_000; i++) step = { do: [step] };
    expect(decodeExact({ jobs: [{ name: "j", plan: [step] }] })).toBeNull();
  });

  it("on seeded mutations of the corpus", () => {
    let state = 20261202;
    const rand = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % n;
    };
    const replacements: unknown[] = [null, 0, 1.5, -1, 2 ** 64, true, "", "never", "1h", "x", [], ["a"], [1], {}, { a: 1 }, { a: "b" }, [null]];
    let taken = 0;
    let tried = 0;
    for (const { name, value } of corpus) {
      for (let m = 0; m < 12; m++) {
        const copy = structuredClone(value);
        // every object and list of the config, with its parent: pick one and change it
        const nodes: Array<{ holder: Record<string, unknown> | unknown[]; key: string | number }> = [];
        const walk = (v: unknown) => {
          if (Array.isArray(v)) {
            v.forEach((x, i) => {
              nodes.push({ holder: v, key: i });
              walk(x);
            });
          } else if (v && typeof v === "object") {
            for (const [k, x] of Object.entries(v)) {
              nodes.push({ holder: v as Record<string, unknown>, key: k });
              walk(x);
            }
          }
        };
        walk(copy);
        if (nodes.length === 0) continue;
        const { holder, key } = nodes[rand(nodes.length)]!;
        const rec = holder as Record<string | number, unknown>;
        switch (rand(4)) {
          case 0:
            rec[key] = structuredClone(replacements[rand(replacements.length)]);
            break;
          case 1:
            if (!Array.isArray(holder) && typeof key === "string") {
              // the same key with other letter cases (Go matches it), or an unknown one
              const other = rand(2) === 0 ? key.toUpperCase() : `${key}_x`;
              rec[other] = rec[key];
              if (rand(2) === 0) delete rec[key];
            }
            break;
          case 2: {
            // a key of another object moved here (a step key in another step, a task field in a get…)
            const from = nodes[rand(nodes.length)]!;
            if (!Array.isArray(holder) && !Array.isArray(from.holder))
              rec[String(from.key)] = structuredClone((from.holder as Record<string, unknown>)[from.key as string]);
            break;
          }
          default:
            if (Array.isArray(holder)) holder.splice(key as number, 1);
            else delete rec[key];
        }
        tried++;
        if (agree(copy, `${name} (mutation ${m})`)) taken++;
      }
    }
    // mutations that keep a config exact are common enough for the check to mean something
    expect(taken).toBeGreaterThan(tried / 10);
  });
});

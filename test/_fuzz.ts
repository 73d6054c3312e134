// Shared pieces of the fuzz suite (test/fuzz.*.test.ts): run counts and seed, YAML generators (corpus mutations,
// fast-check trees with anchors and aliases, hand-made hostile shapes) and a check that an answer is an answer.
//
// CI runs each property a bounded number of times with a fixed seed, so a run is deterministic and fast;
// `npm run fuzz` (scripts/fuzz.js) sets FUZZ_RUNS high and may set FUZZ_SEED. When a property fails, fast-check
// prints the seed and the shrunk input: put that input in test/fixtures/fuzz-regressions/ so it is run forever.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { corpusDir } from "./_paths";

/** How many inputs each property tries: small in CI, large for `npm run fuzz`. */
export function runs(ciRuns: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? Math.max(n, ciRuns) : ciRuns;
}

/** The seed of every property (fixed unless FUZZ_SEED is given, so CI failures reproduce). */
export const seed = Number.isInteger(Number(process.env.FUZZ_SEED)) && process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261201;

/** fast-check parameters for a property that should try `ciRuns` inputs in CI. */
export function params(ciRuns: number): fc.Parameters<unknown> {
  return { numRuns: runs(ciRuns), seed, endOnFailure: true, interruptAfterTimeLimit: process.env.FUZZ_RUNS ? undefined : 60_000 };
}

/** Up to `n` corpus pipelines (by sorted name, so the sample is stable), each at most 40 KB. */
export function corpusSample(n: number): string[] {
  const dir = path.join(corpusDir, "pipelines");
  const names = readdirSync(dir)
    .filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"))
    .sort();
  const out: string[] = [];
  for (let i = 0; i < names.length && out.length < n; i += Math.max(1, Math.floor(names.length / n))) {
    const text = readFileSync(path.join(dir, names[i]!), "utf8");
    if (text.length <= 40_000) out.push(text);
  }
  return out;
}

/** Fragments that have broken YAML readers: anchors, aliases, merges, odd keys, deep brackets, control bytes. */
const HOSTILE = [
  "&a ",
  "*a",
  "<<: *a\n",
  "<<: [*a, *a]\n",
  "&x [*x]",
  "{<<: *x}",
  "? [a]\n: b\n",
  "{{var}}",
  "((var))",
  "__proto__: {}\n",
  "constructor: 1\n",
  "toString: x\n",
  "name: {toString: 1}\n",
  "type: constructor\n",
  "type: __proto__\n",
  "passed: [",
  "]",
  "}",
  "{",
  "[[[[[[[[[[[[[[[[",
  "- - - - - - - -",
  "\t",
  "\r\n",
  "\u0000",
  "\uFEFF",
  "\uD800",
  "%YAML 1.1\n---\n",
  "--- |\n",
  "!!binary x",
  "!!set {a}",
  "2001-12-14",
  "0x",
  "1e400",
  "-.inf",
  ".nan",
  "~",
  "? ",
  ": ",
  "#",
  "'",
  '"',
  "\\",
  "|",
  ">-",
  "\n  ",
  "\n- ",
  "jobs:\n",
  "plan:\n",
];

/** A text edit: cut a range, repeat a range, or insert a hostile fragment. */
const edit = fc.oneof(
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat(), len: fc.nat({ max: 200 }) }),
  fc.record({ kind: fc.constant("repeat" as const), at: fc.nat(), len: fc.nat({ max: 80 }), times: fc.integer({ min: 2, max: 20 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 12 })) }),
);

function applyEdits(text: string, edits: readonly EditValue[]): string {
  let t = text;
  for (const e of edits) {
    const at = t.length === 0 ? 0 : e.at % (t.length + 1);
    if (e.kind === "cut") t = t.slice(0, at) + t.slice(at + e.len);
    else if (e.kind === "repeat") t = t.slice(0, at) + t.slice(at, at + e.len).repeat(e.times) + t.slice(at + e.len);
    else t = t.slice(0, at) + e.text + t.slice(at);
  }
  return t;
}
type EditValue =
  { kind: "cut"; at: number; len: number } | { kind: "repeat"; at: number; len: number; times: number } | { kind: "insert"; at: number; text: string };

/** A corpus pipeline with 1–6 random edits. */
export function mutatedCorpus(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 6 })).map(([text, edits]) => applyEdits(text, edits as EditValue[]));
}

/** Keys a pipeline has, plus keys that collide with Object.prototype. */
const KEYS = [
  "jobs",
  "resources",
  "resource_types",
  "groups",
  "var_sources",
  "name",
  "type",
  "source",
  "plan",
  "get",
  "put",
  "task",
  "config",
  "passed",
  "trigger",
  "do",
  "in_parallel",
  "try",
  "across",
  "params",
  "version",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "<<",
  "a",
  "b",
];

/** A YAML text built from a random tree, written in block or flow style, with anchors on some nodes and aliases to them. */
export const yamlTree: fc.Arbitrary<string> = fc
  .letrec((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.oneof(
        fc.constantFrom("1", "true", "null", "~", "x", "((v))", "2001-12-14", "0o17", "-", "''", "'a: b'", '"\\u0000"', "*a0", "*a1", "*a2"),
        fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
      ),
      fc.array(tie("node"), { maxLength: 4 }).map((items) => ({ seq: items })),
      fc.array(fc.tuple(fc.constantFrom(...KEYS), tie("node")), { maxLength: 4 }).map((pairs) => ({ map: pairs })),
      fc.tuple(fc.integer({ min: 0, max: 2 }), tie("node")).map(([n, inner]) => ({ anchor: `a${n}`, inner })),
    ),
  }))
  .node.chain((tree) => fc.boolean().map((flow) => `jobs: ${write(tree as Tree, flow, 1)}\n`));

type Tree = string | { seq: Tree[] } | { map: [string, Tree][] } | { anchor: string; inner: Tree };

function write(t: Tree, flow: boolean, indent: number): string {
  if (typeof t === "string") return t;
  if ("anchor" in t) return `&${t.anchor} ${write(t.inner, true, indent)}`;
  if ("seq" in t) return `[${t.seq.map((x) => write(x, true, indent)).join(", ")}]`;
  if (flow || t.map.length === 0) return `{${t.map.map(([k, v]) => `${k}: ${write(v, true, indent)}`).join(", ")}}`;
  const pad = "  ".repeat(indent);
  return t.map.map(([k, v]) => `\n${pad}${k}: ${write(v, false, indent + 1)}`).join("");
}

/** Every kind of YAML input the suite tries. */
export function anyYaml(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: mutatedCorpus(seeds) },
    { weight: 2, arbitrary: yamlTree },
    { weight: 1, arbitrary: fc.string({ maxLength: 300, unit: "binary" }) },
  );
}

/**
 * An answer, as users see it: one line, no stack trace, no "internal error". The one line break allowed is the one
 * Concourse's own message keeps from go-yaml (`yaml: unmarshal errors:\n  line 7: mapping key …`, issue 16).
 */
export function isOneLine(message: string): boolean {
  const text = message.replace(/unmarshal errors:(\n  line \d+: [^\n]*)+/g, "unmarshal errors: …");
  return !text.includes("\n") && !/internal error|\n\s+at /.test(text);
}

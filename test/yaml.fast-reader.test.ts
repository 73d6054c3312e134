// The fast reader (src/yaml/fast-read.ts) must give exactly what the `yaml` library path gives wherever it answers:
// the same value, the same node offsets (so every file:line:col and excerpt), the same issues. It is checked
// against the library path on the whole corpus, on hand-made edge cases and on generated and mutated documents.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { convertDocument, convertTree } from "../src/yaml/convert";
import { parseYamlDocument } from "../src/yaml/document";
import { fastRead } from "../src/yaml/fast-read";
import { corpusSample, mutatedCorpus, params, yamlTree } from "./_fuzz";
import { corpusDir } from "./_paths";

/** Both readers on `text`: `undefined` when the fast reader declines (the library path then answers). */
function compare(text: string): "fast" | "declined" {
  const fast = fastRead(text);
  if (fast === undefined) return "declined";
  const parsed = parseYamlDocument(text, "f.yml");
  // the fast reader must never accept what the library finds a syntax error in
  expect(parsed.issues, text).toEqual([]);
  const slow = convertDocument(parsed.doc, text, "f.yml", parsed.lineCounter, true);
  const mine = convertTree(fast.root, text, "f.yml", fast.lineCounter, true);
  expect(mine.value, text).toEqual(slow.value);
  expect(mine.issues, text).toEqual(slow.issues);
  expect([...mine.offsets], text).toEqual([...slow.offsets]);
  expect(fast.lineCounter.lineStarts).toEqual(parsed.lineCounter.lineStarts);
  return "fast";
}

describe("fast YAML reader", () => {
  it("agrees with the library on every corpus pipeline it reads, and reads most of them", () => {
    const dir = path.join(corpusDir, "pipelines");
    const names = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
    let fast = 0;
    for (const name of names) if (compare(readFileSync(path.join(dir, name), "utf8")) === "fast") fast++;
    // block style with `|` scripts is what pipelines are written in; the rest (folded scalars, tags, multi-line
    // flow) goes to the library
    expect(fast).toBeGreaterThan(names.length * 0.8);
  });

  it("agrees on edge cases of offsets, empty values, anchors and scalars", () => {
    const cases = [
      "a:\nb: x\n",
      "a:   # c\nb:\n",
      "a: &x   # c\nb: *x\n",
      "a: &x\n  k: v\nb: *x\nc: {<<: *x}\n",
      "l:\n- \n-\n- x\n- # c\n  y: 1\n",
      "l:\n  -\n    k: v\n  - &s [1, 2]\n  - *s\n",
      "m:\n- a: 1\n  b: 2\n- 'q': \"r\\n\\u00e9\\x41\"\n  c: ''\n",
      "s: |\n  line 1\n\n    deeper\n  # not a comment\nt: |-\n  x\n\n\nu: 1\n",
      "k: v # c\nk2: a#b\n'k 3' : x\n",
      "x: &a 1\ny: &a [*a]\nz: *a\n",
      "f: {a: [1, {b: c}], 'd': \"e\"}\ng: []\nh: {}\n",
      "dup: 1\ndup: 2\n",
      "legacy: '{{x}}'\n",
      "<<: {a: 1}\nb: 2\n",
      "n: ~\no: 0x1F\np: 1e3\nq: yes\nr: 2001-12-14\n",
      "  a: 1\n",
      "a: 1\n  b: 2\n",
      "a: |\n  x",
      "a: [1,\n  2]\n",
      "a: [1,\n2]\n",
      "a: {b: [1, # c\n    2], c: d}\nb: 1\n",
      '{\n  "jobs": [\n    {"name": "j", "plan": []}\n  ],\n  "x": {}\n}\n',
      '{"a": 1}\n# c\n',
      '{"a": 1}\nb: 2\n',
      "a: >\n  x\n",
      "a: >-\n  one\n  two\n\n  three\n\n\n  four\nb: >\n\n  lead\n  x\n\n",
      "a: >\n  x\n    more\n  y\n",
      "- >\n  folded in\n  a list\n- &f >-\n  x\n- *f\n",
      "a: !!str 1\n",
      "a: {b: !!str 1, c: [!!str yes, !!str  x y , 2]}\nd: {!!str k: v}\ne: [!!str]\nf: [!!str [1]]\n",
      "a: one\n  two\n\n  three  \n\n\nb: x\n- l\n",
      "a:\n- one\n  two\n- k: v\n  w\n  x\nb: plain\n   deeper\n  less\nc: 1\n  2\nd: x\n  - y\ne: x\n  y: z\nf: x\n  y #c\ng: end\n  of text",
      "a: !!str yes # c\nb:\n- !!str 0x10\n- !!str   spaced out \n- !!str 'q'\n- !!str\n- !!str a: b\nc: !!str &x 1\nd: &y !!str 2\n",
      'a: "x\n  y"\n',
    ];
    for (const text of cases) compare(text);
    // the same with \r\n line ends, and a \r that ends no line (left to the library)
    for (const text of cases) compare(text.replace(/\n/g, "\r\n"));
    expect(fastRead("a: |\r\n  x\r\n  y\r\nb: [1,\r\n  2]\r\n")).toBeDefined();
    expect(fastRead("a: b\rc: d\n")).toBeUndefined();
    expect(cases.filter((t) => fastRead(t) !== undefined).length).toBeGreaterThan(12);
  });

  it("agrees on generated documents in block style", () => {
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: "small" },
        fc.constantFrom("x", "1", "yes", "null", "", " a ", "a: b", "#", "- x", "((v))", "{{v}}", "é", "a\nb", "a\n", "'", '"', "\\"),
        fc.string({ maxLength: 8 }),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("v"), { maxLength: 4 }),
        fc.dictionary(fc.constantFrom("a", "b", "name", "<<", "x y", "1", "true", "k:"), tie("v"), { maxKeys: 4 }),
      ),
    })).v;
    const doc = fc.tuple(
      fc.dictionary(fc.constantFrom("jobs", "resources", "a", "b"), value, { minKeys: 1, maxKeys: 4 }),
      fc.record({
        flowLevel: fc.constantFrom(0, 1, 2, 3),
        indentSeq: fc.boolean(),
        defaultStringType: fc.constantFrom("PLAIN", "QUOTE_DOUBLE", "QUOTE_SINGLE", "BLOCK_LITERAL", "BLOCK_FOLDED") as fc.Arbitrary<"PLAIN">,
        // a narrow width breaks flow collections over lines
        lineWidth: fc.constantFrom(0, 0, 24, 48),
      }),
      // or the same value as JSON, which is YAML (flow collections over many lines)
      fc.constantFrom(-1, 0, 1, 2),
      // lines ending in \r\n (a file saved on Windows)
      fc.boolean(),
    );
    let fast = 0;
    let all = 0;
    fc.assert(
      fc.property(doc, ([v, opts, json, crlf]) => {
        all++;
        const text = json >= 0 ? JSON.stringify(v, null, json) + "\n" : stringify(v, { minContentWidth: 0, ...opts });
        if (compare(crlf ? text.replace(/\n/g, "\r\n") : text) === "fast") fast++;
      }),
      params(300),
    );
    // the comparison means something only if the fast reader takes a good share of them
    expect(fast).toBeGreaterThan(all * 0.3);
  });

  it("agrees on mutated corpus pipelines and random trees", () => {
    let fast = 0;
    let all = 0;
    fc.assert(
      fc.property(fc.oneof(mutatedCorpus(corpusSample(40)), yamlTree), fc.boolean(), (text, crlf) => {
        all++;
        if (compare(crlf ? text.replace(/\n/g, "\r\n") : text) === "fast") fast++;
      }),
      params(400),
    );
    expect(fast).toBeGreaterThan(all * 0.1);
  });
});

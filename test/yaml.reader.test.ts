// The YAML reader reads pipelines the way fly + go-yaml v2 do (concourse-spec.md §0.3, §3.2, §5.6).
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseYamlDocument, readPipelineYaml, readPipelineYamlDetailed } from "../src/index";
import { utf8Problem } from "../src/yaml/go-reader";
import { readYamlFile } from "../src/yaml/read-file";
import { pipegen } from "./_run";
import { tempDir } from "./_tmp";

const value = (text: string) => readPipelineYaml(text).value as Record<string, unknown>;

describe("YAML reader: scalars as go-yaml v2 resolves them", () => {
  it("reads YAML 1.1 booleans in every spelling, also as keys", () => {
    const v = value("a: yes\nb: Off\nc: Y\nd: n\ne: ON\nf: TRUE\ng: tRUE\nyes: 1\non: 2\n");
    expect(v).toEqual({ a: true, b: false, c: true, d: false, e: true, f: true, g: "tRUE", true: 2 });
  });
  it("keeps `.`, `1:20` and version-like text that is not a number as strings", () => {
    expect(value("a: .\nb: 1:20\nc: 1.2.3\nd: v1\n")).toEqual({ a: ".", b: "1:20", c: "1.2.3", d: "v1" });
  });
  it("reads hex, octal, underscores, floats and nulls", () => {
    expect(value("a: 0x1F\nb: 017\nc: 1_000\nd: 1.10\ne: ~\nf:\ng: null\nh: .5\ni: 0o17\n")).toEqual({
      a: 31,
      b: 15,
      c: 1000,
      d: 1.1,
      e: null,
      f: null,
      g: null,
      h: 0.5,
      i: 15,
    });
  });
  it("keeps quoted scalars as strings and honours !!str", () => {
    expect(value("a: \"yes\"\nb: '1'\nc: !!str 5\n")).toEqual({ a: "yes", b: "1", c: "5" });
  });
  it("turns dates into the RFC 3339 strings Concourse sees", () => {
    expect(value("a: 2001-12-14\n")).toEqual({ a: "2001-12-14T00:00:00Z" });
  });
  it("leaves ((vars)) literal", () => {
    expect(value("a: ((secret))\nb: pre-((x))-post\n")).toEqual({ a: "((secret))", b: "pre-((x))-post" });
  });
});

describe("YAML reader: structure", () => {
  it("expands anchors, aliases and merge keys (explicit keys win)", () => {
    const v = value("base: &b {name: x, serial: true}\njobs:\n- <<: *b\n  name: z\n- *b\n");
    expect(v.jobs).toEqual([
      { name: "z", serial: true },
      { name: "x", serial: true },
    ]);
  });
  it("merges a list of maps, earlier maps first", () => {
    expect(value("a: &a {k: 1}\nb: &b {k: 2, j: 3}\nc:\n  <<: [*a, *b]\n").c).toEqual({ k: 1, j: 3 });
  });
  it("reports duplicate keys at any depth as fly does (A1)", () => {
    const { issues } = readPipelineYaml("jobs:\n- name: a\n  name: b\n");
    expect(issues).toHaveLength(1);
    expect(issues[0]!.code).toBe("yaml/duplicate-key");
    expect(issues[0]!.message).toContain('line 3: mapping key "name" already defined at line 2');
  });
  it("reports a top level that is not a mapping (A3)", () => {
    const { issues } = readPipelineYaml("- a\n- b\n");
    expect(issues[0]!.message).toContain("cannot unmarshal !!seq into map[string]interface {}");
  });
  it("reads an empty document as {}", () => {
    expect(readPipelineYaml("")).toEqual({ value: {}, issues: [] });
  });
  it("reports syntax errors with line, column and a caret excerpt (A2)", () => {
    const { issues } = readPipelineYamlDetailed("jobs:\n- name: [a\nb: 1\n", "p.yml");
    expect(issues[0]!.code).toBe("yaml/syntax");
    expect(issues[0]!.message).toMatch(/^error parsing yaml before applying templates: yaml: line \d+: /);
    expect(issues[0]!.site).toMatchObject({ file: "p.yml" });
    expect(issues[0]!.excerpt).toContain("^");
  });
  it("rejects legacy {{var}} with a hint to use ((var))", () => {
    const { issues } = readPipelineYaml("resources:\n- name: r\n  source: {uri: {{repo-uri}}}\n");
    expect(issues[0]!.code).toBe("yaml/legacy-template-var");
    expect(issues[0]!.message).toContain("((repo-uri))");
  });
  it("rejects a null map key (B23)", () => {
    expect(readPipelineYaml("? \n: x\n").issues[0]!.message).toContain("unsupported map key of type: <nil>");
  });
  it("accepts hundreds of aliases but stops an alias bomb", () => {
    const many = "a: &a {x: 1}\nlist:\n" + Array.from({ length: 500 }, () => "- *a\n").join("");
    expect(readPipelineYaml(many).issues).toEqual([]);
    let bomb = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (let i = 1; i <= 8; i++) bomb += `l${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(", ")}]\n`;
    const { issues } = readPipelineYaml(bomb);
    expect(issues.map((i) => i.code)).toEqual(["yaml/alias-limit"]);
  });
  it("points issue paths back at file:line:col", () => {
    const read = readPipelineYamlDetailed("jobs:\n- name: build\n  plan:\n  - get: repo\n    trigger: true\n", "p.yml");
    expect(read.locate("jobs.build.plan[0].trigger")).toEqual({ file: "p.yml", line: 5, column: 5 });
    expect(read.locate("jobs.build.plan[0].nope")).toEqual({ file: "p.yml", line: 4, column: 5 });
  });
  it("locates by the longest name a path starts with, the first of equal names, and names that are numbers", () => {
    const text = [
      "resources:",
      "- name: a", //           2
      "  type: git",
      "- name: a.b", //         4
      "  type: git",
      "  source: {uri: u}",
      "- name: a", //           7 (a second 'a': paths name the first)
      "  type: s3",
      "- name: 42", //          9
      "  type: git",
      "- name: {toString: 1}", // 11 (names nothing)
      "  type: git",
      "",
    ].join("\n");
    const read = readPipelineYamlDetailed(text, "r.yml");
    expect(read.locate("resources.a.b.source.uri")).toEqual({ file: "r.yml", line: 6, column: 12 });
    expect(read.locate("resources.a.b")).toEqual({ file: "r.yml", line: 4, column: 3 });
    expect(read.locate("resources.a.type")).toEqual({ file: "r.yml", line: 3, column: 3 });
    expect(read.locate("resources.a[0]")).toEqual({ file: "r.yml", line: 2, column: 3 });
    expect(read.locate("resources.42.type")).toEqual({ file: "r.yml", line: 10, column: 3 });
    expect(read.locate("resources.[object Object]")).toEqual({ file: "r.yml", line: 1, column: 1 });
  });
  it("keeps comments in the lower-level document (for the importer)", () => {
    const parsed = parseYamlDocument("# top\njobs: [] # trailing\n");
    const text = String(parsed.doc);
    expect(text).toContain("# top");
    expect(text).toContain("# trailing");
  });
});

describe("YAML reader: characters go-yaml's reader refuses", () => {
  const issues = (text: string) => readPipelineYamlDetailed(text, "p.yml").issues;

  it("refuses C0 and C1 controls, DEL and U+FFFE/U+FFFF with go-yaml's message, pointing at the character", () => {
    for (const c of ["\x00", "\x07", "\x1b", "\x7f", "\x9b", "\ufffe", "\uffff"]) {
      const found = issues(`jobs:\n- name: j\n  plan: []\nx: "a${c}b"\n`);
      expect(found.map((i) => [i.code, i.message, i.site])).toEqual([
        ["yaml/syntax", "error parsing yaml before applying templates: yaml: control characters are not allowed", { file: "p.yml", line: 4, column: 6 }],
      ]);
    }
  });

  it("accepts tab, CR LF, NEL, a BOM, U+FFFD and astral characters", () => {
    for (const text of ['x: "a\tb"\r\n', "x: a\u0085b\n", "\ufeffx: 1\n", "x: \ufffd\n", "x: \u{1f680}\n"])
      expect(issues(`jobs:\n- name: j\n  plan: []\n${text}`), JSON.stringify(text)).toEqual([]);
  });

  it("shows controls in the excerpt as their symbols, never raw (an ESC would reach the terminal)", () => {
    const [issue] = issues("x: \x1b[31mred\n");
    expect(issue!.excerpt).toContain("\u241b[31mred");
    expect(issue!.excerpt).not.toContain("\x1b");
  });
});

describe("YAML files that are not UTF-8", () => {
  // go-yaml v2's answers for each (bench/go-yaml, run on these bytes)
  const cases: Array<[string, number[], string]> = [
    ["a byte no UTF-8 sequence starts with", [0xff], "invalid leading UTF-8 octet"],
    ["a 5-byte form", [0xf8, 0x88, 0x80, 0x80, 0x80], "invalid leading UTF-8 octet"],
    ["a lead byte without its continuation", [0xc3, 0x28], "invalid trailing UTF-8 octet"],
    ["a cut 3-byte sequence", [0xe2, 0x82, 0x62], "invalid trailing UTF-8 octet"],
    ["an overlong form", [0xc0, 0xaf], "invalid length of a UTF-8 sequence"],
    ["a UTF-16 surrogate", [0xed, 0xa0, 0x80], "invalid Unicode character"],
  ];
  it.each(cases)("refuses %s with go-yaml's message and its line:col", (_, bytes, message) => {
    const buf = Buffer.concat([Buffer.from('jobs:\n- name: j\n  plan: []\nx: "a'), Buffer.from(bytes), Buffer.from('b"\n')]);
    expect(utf8Problem(buf)).toEqual({ offset: 32, message });
    const file = path.join(tempDir("pipegen-utf8-"), "p.yml");
    writeFileSync(file, buf);
    expect(() => readYamlFile(file)).toThrow(`${file}:4:6: error parsing yaml before applying templates: yaml: ${message}`);
    const r = pipegen(["validate", "--json", file]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).errors.map((e: { code: string }) => e.code)).toEqual(["yaml/syntax"]);
  });
  it("answers with whichever problem comes first in the bytes, as go-yaml's reader meets them", () => {
    const dir = tempDir("pipegen-utf8-");
    const controlFirst = path.join(dir, "control-first.yml");
    writeFileSync(controlFirst, Buffer.concat([Buffer.from("x: \x1b"), Buffer.from([0xff]), Buffer.from("\n")]));
    expect(JSON.parse(pipegen(["validate", "--json", controlFirst]).stdout).errors[0].message).toBe(
      "error parsing yaml before applying templates: yaml: control characters are not allowed",
    );
    const utf8First = path.join(dir, "utf8-first.yml");
    writeFileSync(utf8First, Buffer.concat([Buffer.from("x: "), Buffer.from([0xff]), Buffer.from("\x1b\n")]));
    expect(JSON.parse(pipegen(["validate", "--json", utf8First]).stdout).errors[0].message).toContain("yaml: invalid leading UTF-8 octet");
  });
  it("refuses a sequence cut by the end of the file", () => {
    expect(utf8Problem(Buffer.from([0x78, 0x3a, 0x20, 0xc3]))).toEqual({ offset: 3, message: "incomplete UTF-8 octet sequence" });
  });
  it("reads valid UTF-8 of every width", () => {
    expect(utf8Problem(Buffer.from("x: é€🚀\ufeff\n"))).toBeUndefined();
  });
});

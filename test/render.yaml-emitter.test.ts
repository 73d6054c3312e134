// The YAML emitter: strings that YAML 1.1 or 1.2 would read as something else are quoted; everything reads back.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { isPlainSafe, toYaml } from "../src/render/yaml";

const tricky = [
  "yes",
  "Yes",
  "YES",
  "no",
  "on",
  "Off",
  "y",
  "N",
  "true",
  "False",
  "null",
  "Null",
  "~",
  "",
  " ",
  "=",
  "<<",
  "17.04",
  "1.10",
  "010",
  "0x1F",
  "0o17",
  "1e3",
  "1_000",
  "1:20",
  ".",
  ".5",
  "-1",
  "+1",
  ".inf",
  "-.inf",
  ".nan",
  "2024-01-02",
  "- item",
  "-",
  "? x",
  ": x",
  "key: value",
  "a #comment",
  "#x",
  "&anchor",
  "*alias",
  "!tag",
  "|",
  ">",
  "%x",
  "@x",
  "`x",
  "'quoted'",
  '"dq"',
  "{a}",
  "[a]",
  ",",
  "trailing ",
  " leading",
  "tab\there",
  "---",
  "...",
  "a:",
  "\u2028",
  "bell\u0007",
  "((var))",
  "ubuntu/ubuntu-(.*).tgz",
  "-c",
  "-exc",
  'echo "hi"',
  "1.2.3",
  "v1.2.3",
  "ひらがな",
  "a: b: c",
  // the fast path for words, paths and URLs
  "https://example.com/repo.git",
  "git@github.com:org/repo.git",
  "a:b",
  "a::",
  "a=b",
  "a+b",
  "out/app-*.tgz",
  "$HOME",
  "(a):",
  "/x:",
  "x*",
  "a@",
  "b=",
  "Yes:",
  "y:",
];

describe("YAML emitter", () => {
  for (const s of tricky) {
    it(`round-trips ${JSON.stringify(s)} as a value and as a key under YAML 1.1 and 1.2`, () => {
      const doc = { [s || "empty"]: s, list: [s] };
      const text = toYaml(doc);
      for (const version of ["1.1", "1.2"] as const) {
        expect(parse(text, { version })).toEqual(doc);
      }
    });
  }

  it("quotes YAML 1.1 booleans and numbers but leaves ordinary words and vars plain", () => {
    expect(isPlainSafe("yes")).toBe(false);
    expect(isPlainSafe("17.04")).toBe(false);
    expect(isPlainSafe("((s3-bucket))")).toBe(true);
    expect(isPlainSafe("-c")).toBe(true);
    expect(isPlainSafe("linux")).toBe(true);
  });

  it("writes multi-line strings as literal block scalars with the right chomping", () => {
    for (const s of ["a\nb", "a\nb\n", "a\nb\n\n", "  indented\nnext", "x\n\ny"]) {
      const text = toYaml({ script: s });
      expect(text).toMatch(/script: \|/);
      expect(parse(text, { version: "1.1" }).script).toBe(s);
    }
  });

  it("uses no anchors for shared objects, and never folds long lines", () => {
    const shared = { uri: "https://example.com/" + "x".repeat(200) };
    const text = toYaml({ a: shared, b: shared });
    expect(text).not.toMatch(/[&*]a\d/);
    expect(text.split("\n").some((l) => l.length > 200)).toBe(true);
    expect(parse(text)).toEqual({ a: shared, b: shared });
  });

  it("writes empty collections in flow style and keeps numbers and booleans typed", () => {
    const doc = { a: [], b: {}, n: 3, f: 1.5, t: true, z: null, nested: [[1, 2], []] };
    expect(parse(toYaml(doc), { version: "1.1" })).toEqual(doc);
  });
});

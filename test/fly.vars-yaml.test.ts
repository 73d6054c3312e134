// Var values from -v, -y, -i and -l read with Concourse's rules: fly reads -y/-i values and -l files with go-yaml v2
// (YAML 1.1 booleans, Go number syntax) through sigs.k8s.io/yaml, and -v values as plain strings.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { interpolate, parseYamlValue, readVarFile, varLayers } from "../src/fly/vars";

const dir = mkdtempSync(path.join(tmpdir(), "pipegen-vars-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("-y / -i values", () => {
  it("resolve plain scalars as go-yaml v2 does", () => {
    const cases: [string, unknown][] = [
      ["yes", true],
      ["Off", false],
      ["y", true],
      ["017", 15],
      ["0x1F", 31],
      ["1_000", 1000],
      ["0o17", 15],
      [".5", 0.5],
      ["1e3", 1000],
      ["1:20", "1:20"],
      [".", "."],
      ["~", null],
      ["", null],
      ["2001-12-14", "2001-12-14T00:00:00Z"],
      ["main", "main"],
    ];
    for (const [text, want] of cases) expect([text, parseYamlValue(text)]).toEqual([text, want]);
  });

  it("resolve scalars inside flow collections with the same rules (not YAML 1.2's)", () => {
    expect(parseYamlValue("[yes, 017, 0x1F, 1_000, no, '017', \"yes\", ~, 1:20]")).toEqual([true, 15, 31, 1000, false, "017", "yes", null, "1:20"]);
    // keys become strings as sigs.k8s.io/yaml makes them: `on` is the key "true"
    expect(parseYamlValue("{on: off, 010: x, name: {deep: Y}}")).toEqual({ true: false, 8: "x", name: { deep: true } });
    expect(parseYamlValue("- a\n- yes")).toEqual(["a", true]);
  });

  it("give the same values as the same YAML in a -l var file", () => {
    const file = path.join(dir, "vars.yml");
    writeFileSync(file, "flag: yes\nmode: 017\nlist: [yes, 017, 0x1F]\nmap: {on: off}\n");
    const fromFile = readVarFile(file);
    for (const [k, text] of [
      ["flag", "yes"],
      ["mode", "017"],
      ["list", "[yes, 017, 0x1F]"],
      ["map", "{on: off}"],
    ] as const) {
      expect([k, parseYamlValue(text)]).toEqual([k, fromFile[k]]);
    }
  });

  it("refuse a -l var file that is not UTF-8 as fly does, naming the file, line and column", () => {
    const file = path.join(dir, "latin1.yml");
    writeFileSync(file, Buffer.from("bucket: caf\xe9\n", "latin1"));
    expect(() => readVarFile(file)).toThrow(`${file}:1:12: yaml: incomplete UTF-8 octet sequence (byte 0xE9; the file is not UTF-8, and Concourse refuses it)`);
    expect(() => readVarFile(path.join(dir, "nope.yml"))).toThrow(`${path.join(dir, "nope.yml")}: no such var file`);
    const control = path.join(dir, "control.yml");
    writeFileSync(control, 'bucket: "a\u0001b"\n');
    expect(() => readVarFile(control)).toThrow(`${control}: yaml: control characters are not allowed`);
  });

  it("refuse YAML that go-yaml refuses, as a usage error (exit 2)", () => {
    for (const bad of ["[1, 2", "*nope", "a: b: c"]) {
      let caught: unknown;
      try {
        parseYamlValue(bad);
      } catch (err) {
        caught = err;
      }
      expect(caught, bad).toMatchObject({ code: "pipegen.usage", exitCode: 2 });
      expect((caught as Error).message).toContain(`invalid YAML value ${JSON.stringify(bad)}: yaml: `);
    }
  });
});

describe("filling vars", () => {
  it("keeps -v values as strings, and gives -y and -i values their YAML type", () => {
    const layers = varLayers({
      vars: { plain: "yes", n: "017" },
      yamlVars: { flag: parseYamlValue("yes"), v: parseYamlValue("017"), list: parseYamlValue("[yes, 017]") },
      instanceVars: { branch: parseYamlValue("on") },
    });
    const config = { a: "((plain))", b: "((n))", c: "((flag))", d: "((v))", e: "((list))", f: "((branch))", g: "v=((v)) flag=((plain))" };
    expect(interpolate(config, layers)).toEqual({ a: "yes", b: "017", c: true, d: 15, e: [true, 15], f: true, g: "v=15 flag=yes" });
  });
});

// The literals `pipegen import` writes must evaluate to exactly the YAML's value: strings (quoted or template
// literals, with vars as v()), numbers, property keys. Checked by evaluating the generated code.
import { describe, expect, it } from "vitest";
import { isValidVarName, isVar, v } from "../src/dsl/var";
import { keyText, numberText, quote, splitVars, stringExpr } from "../src/import/literals";
import { NameAllocator, words } from "../src/import/names";
import { flat, print } from "../src/import/expr";

/** Evaluates a generated expression with `v` in scope; a Var is read as the text it renders to. */
function evaluate(code: string): unknown {
  const value = new Function("v", `"use strict"; return (${code});`)(v) as unknown;
  return isVar(value) ? value.toString() : value;
}
const expr = (s: string) => print(stringExpr(s), "", 0);

// a small deterministic generator: every tricky character, in random mixes
const ALPHABET = [
  "a",
  "Z",
  "0",
  " ",
  "\t",
  "\n",
  "\r",
  "`",
  "$",
  "{",
  "}",
  "${",
  "\\",
  '"',
  "'",
  "((",
  "))",
  "x",
  "{{",
  "}}",
  "\u2028",
  "\u0000",
  "é",
  "😀",
  "//",
  "/*",
  "*/",
];
function* strings(n: number): Generator<string> {
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < n; i++) {
    let s = "";
    const len = Math.floor(rand() * 12);
    for (let j = 0; j < len; j++) s += ALPHABET[Math.floor(rand() * ALPHABET.length)];
    yield s;
  }
}

describe("string literals", () => {
  it("evaluate to the same text, whatever the characters (quoted or template literal)", () => {
    // (a legacy {{name}} on one line is meant to come back as ((name)))
    const modern = (s: string) =>
      s.slice(0, -1).includes("\n") ? s : s.replace(/\{\{([-\w./:\p{L}]+)\}\}/gu, (m, n: string) => (isValidVarName(n) ? `((${n}))` : m));
    for (const s of strings(3000)) expect(evaluate(expr(s)), JSON.stringify(s)).toBe(modern(s));
  });

  it("write a lone var as v(), text with vars as a template literal, several lines as a template literal", () => {
    expect(expr("((db.password))")).toBe('v("db.password")');
    expect(expr("https://((host)):8443/x")).toBe('`https://${v("host")}:8443/x`');
    expect(expr("line 1\nline 2\n")).toBe("`line 1\nline 2\n`");
    // one line with a final newline, or control characters, stays a quoted string
    expect(expr("echo hi\n")).toBe('"echo hi\\n"');
    expect(expr("a\r\nb")).toBe('"a\\r\\nb"');
    expect(expr('say "hi"')).toBe(`'say "hi"'`);
  });

  it("leave text that is not a valid var name as text", () => {
    expect(splitVars("echo $((1 + 2)) ((bad name))")).toEqual([{ text: "echo $((1 + 2)) ((bad name))" }]);
    expect(expr("(( spaced ))")).toBe('"(( spaced ))"');
  });

  it("rewrite legacy {{var}} on one line (not in scripts), and say so", () => {
    const seen: string[] = [];
    expect(print(stringExpr("{{password}}", { onLegacy: (n) => seen.push(n) }), "", 0)).toBe('v("password")');
    expect(print(stringExpr("x-{{a}}-y", { onLegacy: (n) => seen.push(n) }), "", 0)).toBe('`x-${v("a")}-y`');
    expect(print(stringExpr("{{a}}\n{{b}}\n"), "", 0)).toBe("`{{a}}\n{{b}}\n`");
    expect(seen).toEqual(["password", "a"]);
  });
});

describe("numbers and keys", () => {
  it("numbers evaluate to the same number", () => {
    for (const n of [0, -0, 17.04, 1e21, 12345678901234567000, -1.5e-7, NaN, Infinity, -Infinity]) expect(evaluate(numberText(n))).toBe(n);
  });

  it("keys are bare identifiers when possible, quoted otherwise, and __proto__ stays a key", () => {
    expect(keyText("repository")).toBe("repository");
    expect(keyText("check-every")).toBe('"check-every"');
    expect(keyText("1")).toBe('"1"');
    const o = evaluate(`{ ${keyText("__proto__")}: 1 }`) as object;
    expect(Object.keys(o)).toEqual(["__proto__"]);
  });

  it("quote() keeps backslashes and quotes exact", () => {
    for (const s of ['a\\"b', "\\\\", "it's", '"', "\u2029"]) expect(evaluate(quote(s))).toBe(s);
  });
});

describe("identifiers", () => {
  it("are camelCase words of the name, unique, never reserved or a builder", () => {
    const names = new NameAllocator("camel", ["git", "job"]);
    expect(names.allocate("Download-And-Package_image2", "job", "job")).toBe("downloadAndPackageImage2Job");
    expect(names.allocate("unit-job", "job", "job")).toBe("unitJob");
    expect(names.allocate("unit_job", "job", "job")).toBe("unitJob2");
    expect(names.allocate("git", undefined, "resource")).toBe("gitResource");
    expect(names.allocate("job", "job", "job")).toBe("jobJob");
    expect(names.allocate("default", undefined, "resource")).toBe("defaultResource");
    expect(names.allocate("0-ping", "job", "job")).toBe("job0PingJob");
    expect(names.allocate("((env))-deploy", "job", "job")).toBe("envDeployJob");
    expect(names.allocate("!!!", "job", "job")).toBe("jobJob2");
    expect(words("ünïcode HTTPServer")).toEqual(["unicode", "httpserver"]);
  });

  it("snake_case too", () => {
    const names = new NameAllocator("snake");
    expect(names.allocate("Unit Tests", "job", "job")).toBe("unit_tests_job");
    expect(names.allocate("unit-tests", "job", "job")).toBe("unit_tests_job_2");
  });
});

describe("layout", () => {
  it("keeps short expressions on one line and breaks long ones, hugging a call's last object", () => {
    const short = stringExpr("x");
    expect(flat(short)).toBe('"x"');
    const call = {
      kind: "call" as const,
      callee: "job",
      args: [stringExpr("a"), { kind: "object" as const, entries: [{ key: "plan", value: { kind: "atom" as const, text: "[" + "x, ".repeat(60) + "]" } }] }],
    };
    expect(print(call, "", 0)).toMatch(/^job\("a", \{\n {2}plan: \[x, /);
  });
});

// One plain-object guard (src/object.ts): what it accepts, and that no module in src/ writes its own copy again.
import { readFileSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { isObject } from "../src/object";
import { repoRoot } from "./_paths";

// src/graph is owned by the graph work (issue 13) and src/load by the loader rewrite (issue 11): they switch later.
const NOT_YET = ["src/graph/", "src/load/"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sourceFiles(file) : file.endsWith(".ts") ? [file] : [];
  });
}

describe("isObject", () => {
  it("is true for mappings (and class instances), false for null, arrays and scalars", () => {
    expect([{}, { a: 1 }, Object.create(null), new Map()].map(isObject)).toEqual([true, true, true, true]);
    expect([null, undefined, [], [1], "x", 1, true].map(isObject)).toEqual([false, false, false, false, false, false, false]);
  });

  it("is the only such guard in src/", () => {
    // the expression every copy was written with, in both polarities
    const copy = /typeof (\w+(?:\.\w+)?) (===|!==) "object" (&&|\|\|) \1 (!==|===) null (&&|\|\|) !?Array\.isArray\(\1\)/;
    const guard = /function (isObject|isPlainObject|isRecord|isObj)\b|const (isObject|isPlainObject|isRecord|isObj) =/;
    const offenders = sourceFiles(path.join(repoRoot, "src"))
      .map((f) => path.relative(repoRoot, f).split(path.sep).join("/"))
      .filter((f) => f !== "src/object.ts" && !NOT_YET.some((d) => f.startsWith(d)))
      .filter((f) => {
        const text = readFileSync(path.join(repoRoot, f), "utf8");
        return copy.test(text) || guard.test(text);
      });
    expect(offenders).toEqual([]);
  });
});

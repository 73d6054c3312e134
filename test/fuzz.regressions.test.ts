// Every input that ever crashed pipegen (or hung it, or made it answer wrongly) lives in
// test/fixtures/fuzz-regressions/ and is run here: YAML through validate and import, user modules through
// render, archives through image verify. A new crash found by `npm run fuzz` goes into that folder.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { importYaml, isPipegenError } from "../src/index";
import { verifyImage } from "../src/images";
import { validateYamlText } from "../src/validate/file";
import { isOneLine } from "./_fuzz";
import { repoRoot } from "./_paths";
import { pipegen } from "./_run";

const root = path.join(repoRoot, "test", "fixtures", "fuzz-regressions");
const files = (sub: string) =>
  readdirSync(path.join(root, sub))
    .sort()
    .map((f) => path.join(root, sub, f));

/** Inputs that once crashed and that Concourse accepts: validate must find nothing wrong with them. */
const VALID = new Set(["do-400-deep.yml"]);

describe("fuzz regressions: YAML", () => {
  for (const file of files("yaml")) {
    const name = path.basename(file);
    it(`${name}: validate answers with one-line issues`, () => {
      const result = validateYamlText(readFileSync(file, "utf8"), file);
      if (VALID.has(name)) expect(result.issues.filter((i) => i.severity === "error")).toEqual([]);
      else expect(result.issues.length).toBeGreaterThan(0);
      for (const issue of result.issues) expect(isOneLine(issue.message), issue.message).toBe(true);
    });
    it(`${name}: import writes code or refuses with one line`, () => {
      try {
        expect(importYaml(readFileSync(file, "utf8"), { file }).code).toMatch(/export default/);
      } catch (err) {
        expect(isPipegenError(err), String(err)).toBe(true);
        expect(isOneLine((err as Error).message)).toBe(true);
      }
    });
  }

  it("validate of all of them at once gives every file its result (exit 1, no internal error)", () => {
    const all = files("yaml");
    const r = pipegen(["validate", "--json", ...all]);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/internal error/);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { file: string });
    expect(lines.map((l) => l.file)).toEqual(all);
  });
});

describe("fuzz regressions: user modules", () => {
  for (const file of files("modules")) {
    it(`${path.basename(file)}: render fails with one-line errors, exit 1`, () => {
      const r = pipegen(["render", file]);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).not.toMatch(/internal error|\n\s+at .*\(/);
      expect(r.stderr).toMatch(/\[dsl\//);
    });
  }
});

describe("fuzz regressions: archives", () => {
  for (const file of files("images")) {
    it(`${path.basename(file)}: image verify reports it unusable`, async () => {
      const report = await verifyImage(file);
      expect(report.ok).toBe(false);
      for (const p of report.problems) expect(isOneLine(p.message)).toBe(true);
    });
  }
});

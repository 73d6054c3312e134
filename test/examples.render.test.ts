// Every example renders, with no errors, to YAML that reads back identically under YAML 1.1 and 1.2.
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "./_paths";
import { pipegen } from "./_run";

const examples = readdirSync(path.join(repoRoot, "examples")).filter((f) => f.endsWith(".ts"));

describe("examples", () => {
  it("has examples", () => expect(examples.length).toBeGreaterThanOrEqual(5));
  for (const file of examples) {
    it(`${file} renders`, () => {
      const r = pipegen(["render", `examples/${file}`, "--json"]);
      expect(r.stderr).not.toMatch(/^error/m);
      expect(r.status).toBe(0);
      const yaml = pipegen(["render", `examples/${file}`]).stdout;
      const asJson = JSON.parse(r.stdout);
      expect(parse(yaml, { version: "1.1" })).toEqual(asJson);
      expect(parse(yaml, { version: "1.2" })).toEqual(asJson);
    });
  }
});

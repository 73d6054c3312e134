// Property: validate answers every YAML input (corpus mutations, random trees with anchors and aliases, random
// bytes) with issues, never a crash; every issue has a registered code, a severity and a one-line message.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ISSUE_CODES } from "../src/index";
import { validateYamlText } from "../src/validate/file";
import { anyYaml, corpusSample, isOneLine, params } from "./_fuzz";

const seeds = corpusSample(12);

describe("fuzz: validate never crashes", () => {
  it("answers every input with registered, one-line issues", () => {
    fc.assert(
      fc.property(anyYaml(seeds), (text) => {
        const result = validateYamlText(text, "fuzz.yml");
        for (const issue of result.issues) {
          expect(ISSUE_CODES[issue.code], `unregistered code ${issue.code}`).toBeDefined();
          expect(["error", "warning"]).toContain(issue.severity);
          expect(isOneLine(issue.message), issue.message).toBe(true);
        }
      }),
      params(400),
    );
  });

  it("gives the same answer twice (no state leaks between files)", () => {
    fc.assert(
      fc.property(anyYaml(seeds), (text) => {
        const codes = (t: string) => validateYamlText(t, "fuzz.yml").issues.map((i) => `${i.code} ${i.path}`);
        expect(codes(text)).toEqual(codes(text));
      }),
      params(60),
    );
  });
});

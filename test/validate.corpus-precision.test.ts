// Precision of pipegen's own checks on real pipelines: every pipegen/* warning on the 187 corpus pipelines must
// be listed, with a reviewed verdict, in test/fixtures/corpus-pipegen-warnings.json, and none may be a false
// alarm. A new warning without a verdict fails, and so does a listed warning that is no longer given.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readPipelineYaml, validatePipeline } from "../src/index";
import { corpusDir } from "./_paths";

interface Reviewed {
  file: string;
  code: string;
  path: string;
  verdict: "true-problem" | "false-alarm";
  reason: string;
}
const fixture = JSON.parse(readFileSync(path.join(__dirname, "fixtures", "corpus-pipegen-warnings.json"), "utf8")) as { warnings: Reviewed[] };
const key = (w: { file: string; code: string; path: string }) => `${w.file} ${w.code} ${w.path}`;

describe("pipegen/* warnings on the corpus", () => {
  const dir = path.join(corpusDir, "pipelines");
  const files = readdirSync(dir).sort();
  const found: string[] = [];
  for (const file of files) {
    const read = readPipelineYaml(readFileSync(path.join(dir, file), "utf8"), file);
    for (const issue of validatePipeline(read.value)) if (issue.code.startsWith("pipegen/")) found.push(key({ file, code: issue.code, path: issue.path }));
  }

  it("covers the 187 pipelines", () => {
    expect(files.length).toBe(187);
  });

  it("gives exactly the reviewed warnings", () => {
    expect(found).toEqual(fixture.warnings.map(key));
  });

  it("has a verdict and a reason for each, and no false alarm", () => {
    for (const w of fixture.warnings) {
      expect(["true-problem", "false-alarm"]).toContain(w.verdict);
      expect(w.reason.length).toBeGreaterThan(10);
    }
    expect(fixture.warnings.filter((w) => w.verdict === "false-alarm").map(key)).toEqual([]);
  });
});

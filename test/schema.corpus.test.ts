// `pipegen schema` (pipelineJsonSchema) must accept every corpus pipeline Concourse accepts, read the way
// Concourse reads it, with the extra top-level keys dropped (Concourse drops them too).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { pipelineJsonSchema, readPipelineYaml, validatePipeline } from "../src/index";

function sharedDir(): string {
  const local = path.resolve(__dirname, "../../shared");
  return existsSync(path.join(local, "corpus")) ? local : "/work/shared";
}

const TOP_LEVEL = ["resource_types", "resources", "prototypes", "jobs", "groups", "var_sources", "display", "user_data"];

describe("JSON Schema against the corpus", () => {
  const validate = new Ajv2020({ strict: false, allErrors: false }).compile(pipelineJsonSchema());
  const root = path.join(sharedDir(), "corpus");
  const files = ["pipelines", "extra-top-level-keys"].flatMap((dir) => readdirSync(path.join(root, dir)).map((f) => path.join(root, dir, f)));
  let checked = 0;

  for (const file of files) {
    it(path.basename(file), () => {
      const read = readPipelineYaml(readFileSync(file, "utf8"));
      const accepted = read.issues.length === 0 && !validatePipeline(read.value, { pipegenChecks: false }).some((i) => i.severity === "error");
      const value = read.value as Record<string, unknown>;
      const config: Record<string, unknown> = {};
      for (const key of TOP_LEVEL) if (key in value) config[key] = value[key];
      const ok = validate(config);
      if (accepted) {
        checked++;
        expect(ok, JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
      }
    });
  }

  it("checked most of the corpus", () => {
    expect(checked).toBeGreaterThan(190);
  });

  it("rejects an unknown job key, as Concourse does", () => {
    expect(validate({ jobs: [{ name: "a", pubic: true }] })).toBe(false);
  });
});

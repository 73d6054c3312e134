// `pipegen schema` (pipelineJsonSchema) must accept every pipeline Concourse accepts: each public conformance
// case Concourse accepts, and each corpus pipeline pipegen's validator accepts, read the way Concourse reads it
// and validated whole (extra top-level keys, anchor holders included). `--strict` is the exact shape.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { pipelineJsonSchema, readPipelineYaml, validatePipeline } from "../src/index";
import { cli, corpusDir, sharedDir } from "./_paths";

const ajv = () => new Ajv2020({ strict: false, allErrors: false });
const validate = ajv().compile(pipelineJsonSchema());
const validateStrict = ajv().compile(pipelineJsonSchema({ strict: true }));
const firstErrors = () => JSON.stringify(validate.errors?.slice(0, 3));

describe("JSON Schema against the corpus", () => {
  const files = ["pipelines", "extra-top-level-keys"].flatMap((dir) => readdirSync(path.join(corpusDir, dir)).map((f) => path.join(corpusDir, dir, f)));
  let checked = 0;

  for (const file of files) {
    it(path.basename(file), () => {
      const read = readPipelineYaml(readFileSync(file, "utf8"));
      const accepted =
        read.issues.every((i) => i.severity !== "error") && !validatePipeline(read.value, { pipegenChecks: false }).some((i) => i.severity === "error");
      if (!accepted) return;
      checked++;
      expect(validate(read.value), firstErrors()).toBe(true);
    });
  }

  it("checked most of the corpus", () => {
    expect(checked).toBeGreaterThan(190);
  });
});

describe("JSON Schema against the conformance cases", () => {
  interface Case {
    name: string;
    pipeline: unknown;
    pipeline_text?: string;
    expect: "valid" | "warning" | "error";
  }
  const cases = readPipelineYaml(readFileSync(path.join(sharedDir, "spec/conformance-cases.yaml"), "utf8")).value as Case[];
  const accepted = cases.filter((c) => c.expect !== "error");

  it("covers the cases Concourse accepts", () => {
    expect(accepted.length).toBeGreaterThan(40);
  });
  for (const c of accepted) {
    it(c.name, () => {
      const value = c.pipeline ?? readPipelineYaml(c.pipeline_text!).value;
      expect(validate(value), firstErrors()).toBe(true);
    });
  }
});

describe("what the schema still refuses, and the strict flavour", () => {
  const job = { name: "build", plan: [{ get: "repo" }] };

  it("refuses an unknown job key and a job without a name, in any letter case, as Concourse does", () => {
    expect(validate({ jobs: [{ ...job, pubic: true }] })).toBe(false);
    expect(validate({ jobs: [{ plan: [] }] })).toBe(false);
    expect(validate({ jobs: [{ NAME: "build", Plan: [] }] })).toBe(true);
    // a boolean in a step's key is an error in Concourse (`get: no`), unlike outside steps
    expect(validate({ jobs: [{ name: "j", plan: [{ get: false }] }] })).toBe(false);
  });

  it("accepts what Concourse coerces or drops", () => {
    expect(validate({ "x-anchors": { a: 1 }, jobs: [{ name: 42, plan: [] }], resources: [{ name: "r", type: "git", source: {}, webhook_token: true }] })).toBe(
      true,
    );
  });

  it("--strict: exact keys, no unknown top-level keys, no coerced scalars", () => {
    expect(validateStrict({ jobs: [job] })).toBe(true);
    expect(validateStrict({ "x-anchors": {}, jobs: [job] })).toBe(false);
    expect(validateStrict({ jobs: [{ Name: "build", plan: [] }] })).toBe(false);
    expect(validateStrict({ jobs: [{ name: 42, plan: [] }] })).toBe(false);
  });

  it("keeps properties and their descriptions for completion", () => {
    const schema = pipelineJsonSchema() as { properties: Record<string, { description?: string }> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["jobs", "resources", "resource_types", "groups", "var_sources", "display"]));
    expect(JSON.stringify(schema)).toContain('"description"');
  });

  it("pipegen schema --strict prints the strict flavour", () => {
    const run = (args: string[]) =>
      JSON.parse(spawnSync(process.execPath, [cli, "schema", ...args], { encoding: "utf8" }).stdout) as { title: string; additionalProperties: unknown };
    expect(run([]).additionalProperties).toBe(true);
    expect(run(["--strict"])).toMatchObject({ title: "Concourse pipeline (strict)", additionalProperties: false });
  });
});

import { describe, expect, it } from "vitest";
import { model } from "../src/index";

describe("model", () => {
  it("accepts a pipeline in Concourse's shape and rejects unknown keys in a job", () => {
    const ok = model.Pipeline.safeParse({
      resources: [{ name: "repo", type: "git", source: { uri: "https://example.com/r.git" } }],
      jobs: [{ name: "build", plan: [{ get: "repo", trigger: true, on_failure: { task: "notify", file: "repo/ci/notify.yml" } }] }],
    });
    expect(ok.success).toBe(true);
    const bad = model.Job.safeParse({ name: "build", pubic: true });
    expect(bad.success).toBe(false);
  });

  it("emits a JSON Schema whose top level lists the pipeline keys", () => {
    const schema = model.pipelineJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["jobs", "resources", "resource_types", "groups", "var_sources", "display"]));
    expect(schema.required).toContain("jobs");
  });
});

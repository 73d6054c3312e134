// pipegen's own checks (dataflow, literal credentials, "Did you mean") and per-code rule levels.
import { describe, expect, it } from "vitest";
import { validatePipeline, type PipelineIssue } from "../src/index";

const pick = (issues: PipelineIssue[], prefix: string) => issues.filter((i) => i.code.startsWith(prefix)).map((i) => `${i.code} ${i.path}`);
const image = { type: "registry-image", source: { repository: "golang" } };
const task = (name: string, inputs: string[], outputs: string[] = [], extra: Record<string, unknown> = {}) => ({
  task: name,
  config: {
    platform: "linux",
    image_resource: image,
    inputs: inputs.map((n) => ({ name: n })),
    outputs: outputs.map((n) => ({ name: n })),
    run: { path: "make" },
  },
  ...extra,
});

describe("pipegen dataflow checks", () => {
  const resources = [
    { name: "repo", type: "git", source: { uri: "https://example.com/r.git" } },
    { name: "bucket", type: "s3", source: { bucket: "b", regexp: "app-(.*)\\.tgz" } },
  ];

  it("accepts inputs produced by gets, puts and earlier task outputs, through mappings", () => {
    const issues = validatePipeline({
      resources,
      jobs: [
        {
          name: "build",
          plan: [
            { get: "src", resource: "repo" },
            task("compile", ["repo"], ["bin"], { input_mapping: { repo: "src" } }),
            task("pack", ["binaries"], ["tarball"], { input_mapping: { binaries: "bin" }, output_mapping: { tarball: "dist" } }),
            { put: "bucket", params: { file: "dist/app.tgz" } },
          ],
        },
      ],
    });
    expect(pick(issues, "pipegen/")).toEqual([]);
  });

  it("flags an input nothing earlier produces, with a suggestion, and an output nothing uses", () => {
    const issues = validatePipeline({
      resources,
      jobs: [{ name: "build", plan: [{ get: "repo" }, task("test", ["rpeo"], ["report"])] }],
    });
    expect(pick(issues, "pipegen/")).toEqual([
      "pipegen/task-input-not-produced jobs.build.plan[1].config.inputs[0]",
      "pipegen/unused-task-output jobs.build.plan[1].config.outputs[0]",
    ]);
    expect(issues.find((i) => i.code === "pipegen/task-input-not-produced")!.hint).toBe("Did you mean 'repo'?");
  });

  it("does not let parallel branches see each other's artifacts", () => {
    const issues = validatePipeline({
      resources,
      jobs: [{ name: "build", plan: [{ in_parallel: [{ get: "repo" }, task("t", ["repo"])] }] }],
    });
    expect(pick(issues, "pipegen/task-input")).toEqual(["pipegen/task-input-not-produced jobs.build.plan[0].in_parallel[1].config.inputs[0]"]);
  });

  it("counts a put with inputs: all, a task file, and hooks as uses", () => {
    const issues = validatePipeline({
      resources,
      jobs: [
        {
          name: "build",
          plan: [{ get: "repo" }, task("a", ["repo"], ["out1"]), task("b", ["repo"], ["out2"])],
          on_failure: { put: "bucket", inputs: "all", params: { file: "out1/app-1.tgz" } },
        },
      ],
    });
    expect(pick(issues, "pipegen/")).toEqual([]);
  });

  it("skips names that hold ((vars)) and optional inputs", () => {
    const issues = validatePipeline({
      jobs: [
        {
          name: "build",
          plan: [
            { across: [{ var: "v", values: ["a"] }], ...task("t-((.:v))", []), input_mapping: { x: "((.:v))" } },
            { task: "o", config: { platform: "linux", inputs: [{ name: "cache", optional: true }] } },
          ],
        },
      ],
    });
    expect(pick(issues, "pipegen/")).toEqual([]);
  });
});

describe("literal credentials", () => {
  it("flags literal secrets in sources and image_resource sources, not ((vars)) or empty values", () => {
    const issues = validatePipeline({
      resource_types: [{ name: "t", type: "registry-image", source: { repository: "x", password: "hunter2" } }],
      resources: [
        { name: "repo", type: "git", source: { uri: "u", private_key: "-----BEGIN", password: "((git-password))", token: "" }, webhook_token: "abc" },
        { name: "s3", type: "s3", source: { aws: { secret_access_key: "AKIA" } } },
      ],
      jobs: [
        {
          name: "j",
          plan: [
            { get: "repo" },
            { get: "s3" },
            { task: "t", config: { platform: "linux", image_resource: { type: "registry-image", source: { repository: "r", client_secret: "s" } } } },
          ],
        },
      ],
    });
    expect(pick(issues, "pipegen/literal")).toEqual([
      "pipegen/literal-credential resources.repo.source.private_key",
      "pipegen/literal-credential resources.repo.webhook_token",
      "pipegen/literal-credential resources.s3.source.aws.secret_access_key",
      "pipegen/literal-credential resource_types.t.source.password",
      "pipegen/literal-credential jobs.j.plan[2].config.image_resource.source.client_secret",
    ]);
  });
});

describe("hints and rule levels", () => {
  const config = {
    resources: [{ name: "source-code", type: "git", source: {} }],
    jobs: [
      { name: "unit", plan: [{ get: "source-code" }, { get: "sourec-code" }] },
      { name: "deploy", plan: [{ get: "source-code", passed: ["unti"] }] },
    ],
  };

  it("suggests close names for unknown resources and jobs", () => {
    const issues = validatePipeline(config, { pipegenChecks: false });
    expect(issues.find((i) => i.code === "concourse/unknown-resource")!.hint).toBe("Did you mean 'source-code'?");
    expect(issues.find((i) => i.code === "concourse/unknown-job")!.hint).toBe("Did you mean 'unit'?");
  });

  it("turns a check off, down to a warning or up to an error", () => {
    const withOutput = {
      resources: [{ name: "r", type: "git", source: { uri: "u", password: "x" } }],
      jobs: [{ name: "j", plan: [{ get: "r" }, { task: "t", config: { platform: "linux", outputs: [{ name: "o" }] } }] }],
    };
    const levels = (rules: Record<string, "off" | "warning" | "error">) => validatePipeline(withOutput, { rules }).map((i) => `${i.severity} ${i.code}`);
    expect(levels({})).toEqual(["warning pipegen/unused-task-output", "warning pipegen/literal-credential"]);
    expect(levels({ "pipegen/unused-task-output": "off", "pipegen/literal-credential": "error" })).toEqual(["error pipegen/literal-credential"]);
  });
});

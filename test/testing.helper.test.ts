// The Testing helper users snapshot-test their pipelines with.
import { describe, expect, it } from "vitest";
import { get, git, job, pipeline, task, Testing } from "../src/index";
import { Testing as TestingFromSubpath } from "../src/testing-entry";

const repo = git("repo", { uri: "https://example.com/app.git" });
const build = job("build", {
  plan: [
    get(repo, { trigger: true }),
    task("unit", {
      config: {
        platform: "linux",
        image_resource: { type: "registry-image", source: { repository: "golang" } },
        inputs: ["repo"],
        run: { path: "go", args: ["test"] },
      },
    }),
  ],
});
const app = pipeline({ jobs: [build] });

describe("Testing", () => {
  it("renders YAML without the header comment, ready for snapshots", () => {
    const yaml = Testing.render(app);
    expect(yaml.startsWith("resources:\n- name: repo")).toBe(true);
    expect(yaml).toMatchInlineSnapshot(`
      "resources:
      - name: repo
        type: git
        source:
          uri: https://example.com/app.git
      jobs:
      - name: build
        plan:
        - get: repo
          trigger: true
        - task: unit
          config:
            platform: linux
            image_resource:
              type: registry-image
              source:
                repository: golang
            inputs:
            - name: repo
            run:
              path: go
              args:
              - test
      "
    `);
  });

  it("gives the config and single jobs for focused assertions", () => {
    expect(Testing.config(app).resources?.map((r) => r.name)).toEqual(["repo"]);
    expect(Testing.job(app, "build").plan).toHaveLength(2);
    expect(() => Testing.job(app, "nope")).toThrow(/no job named 'nope'/);
  });

  it("throws with every problem listed when the pipeline is invalid", () => {
    const other = git("repo", { uri: "https://example.com/other.git" });
    const broken = pipeline({ jobs: [build, job("build", { plan: [get(other)] })] });
    expect(() => Testing.render(broken)).toThrow(/dsl\/duplicate-resource-name[\s\S]*have the same name \('build'\) \[concourse\/duplicate-name\]/);
    // one mistake, one error: the two jobs named 'build' are reported once, in Concourse's words
    expect(
      Testing.issues(broken)
        .map((i) => i.code)
        .sort(),
    ).toEqual(["concourse/duplicate-name", "dsl/duplicate-resource-name"]);
  });

  it("is the same helper at pipegen/testing", () => {
    expect(TestingFromSubpath).toBe(Testing);
  });
});

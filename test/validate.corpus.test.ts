// Every corpus pipeline gets Concourse's verdict. Most are accepted with no errors. The rest are listed below
// with the reason Concourse (at the spec's revision, concourse-spec.md §0.1) rejects them: the deliberately
// invalid fixtures of Concourse's own tests, fixtures that need vars supplied with -v/-y, and pipelines written
// for older Concourse versions (`aggregate:` was removed in v7; fly's go-yaml v3 pre-check rejects a repeated
// `<<` key; unknown keys in inline task configs are errors since v8.1).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readPipelineYaml, validatePipeline } from "../src/index";

function sharedDir(): string {
  const local = path.resolve(__dirname, "../../shared");
  return existsSync(path.join(local, "corpus")) ? local : "/work/shared";
}

/** file → the error codes Concourse's verdict maps to (and why). */
const REJECTED: Record<string, { codes: string[]; why: string }> = {
  "concourse__concourse__fly__integration__fixtures__testConfigDuplicate.yml": { codes: ["yaml/duplicate-key"], why: "fixture: duplicate `resources` key" },
  "concourse__concourse__fly__integration__fixtures__testConfigError.yml": {
    codes: ["concourse/no-jobs", "concourse/unused-resource"],
    why: "fixture: no jobs",
  },
  "concourse__concourse__fly__integration__fixtures__testConfigWarning.yml": {
    codes: ["concourse/invalid-task-config", "concourse/task-config-source", "concourse/unused-resource"],
    why: "fixture: image: plus image_resource (warning), and also file+config, no platform, unused resource",
  },
  "concourse__concourse__fly__integration__fixtures__format-expected.yml": {
    codes: ["concourse/ungrouped-job", "concourse/unknown-job", "concourse/unknown-resource", "concourse/unused-resource"],
    why: "fixture for fly format-pipeline, not a valid pipeline",
  },
  "concourse__concourse__fly__integration__fixtures__vars-pipeline.yml": {
    codes: ["concourse/type-mismatch"],
    why: "tags: ((array-param)) must be supplied with -y",
  },
  "concourse__concourse__testflight__fixtures__pinned-resource-simple-trigger.yml": {
    codes: ["concourse/type-mismatch"],
    why: "version: ((pinned_resource_version)) must be supplied",
  },
  "concourse__concourse__testflight__fixtures__resource-types-privileged.yml": {
    codes: ["concourse/type-mismatch"],
    why: "privileged: ((privileged)) must be supplied",
  },
  "cloudfoundry__bosh-linux-stemcell-builder__ci__ubuntu-xenial__pipeline-base.yml": {
    codes: ["concourse/no-jobs", "concourse/unused-resource"],
    why: "a base file with `jobs: []`, merged into others",
  },
  "pivotalservices__concourse-pipeline-samples__pipelines__docker__pks-kubectl-image__pipeline.yml": {
    codes: ["concourse/no-step-configured"],
    why: "aggregate: (removed in Concourse 7); the decode error is all Concourse reports",
  },
  "rahulkj__pcf-concourse-pipelines__pipelines__install-product__pipeline.yml": { codes: ["concourse/no-step-configured"], why: "aggregate:" },
  "rahulkj__pcf-concourse-pipelines__pipelines__upgrade-buildpack__pipeline.yml": { codes: ["concourse/no-step-configured"], why: "aggregate:" },
  "cloudfoundry__bosh-linux-stemcell-builder__ci__pipeline.yml": { codes: ["concourse/no-step-configured"], why: "aggregate:" },
  "cloudfoundry__app-autoscaler-release__ci__autoscaler__pipeline.yml": {
    codes: ["yaml/duplicate-key"],
    why: "two `<<` keys in one map (fly's go-yaml v3 duplicate-key check)",
  },
  "cloudfoundry__greenhouse-ci__ci__pipelines__windows-2019-ng.yml": {
    codes: ["concourse/unknown-field"],
    why: "`image:` inside an inline task config (unknown field since v8.1)",
  },
};

/** Warnings the deliberately-warning fixture must give. */
const WARNED: Record<string, string> = {
  "concourse__concourse__fly__integration__fixtures__testConfigWarning.yml":
    "specifies image: on the step but also specifies an image under config: - the image: on the step takes precedence",
};

describe("corpus", () => {
  const root = path.join(sharedDir(), "corpus");
  const files = ["pipelines", "extra-top-level-keys"].flatMap((dir) => readdirSync(path.join(root, dir)).map((f) => ({ dir, f })));

  it("has the corpus", () => {
    expect(files.length).toBeGreaterThanOrEqual(187 + 26);
  });

  for (const { dir, f } of files) {
    it(`${dir}/${f}`, () => {
      const read = readPipelineYaml(readFileSync(path.join(root, dir, f), "utf8"), f);
      const issues = [...read.issues, ...validatePipeline(read.value)];
      const errorCodes = [...new Set(issues.filter((i) => i.severity === "error").map((i) => i.code))].sort();
      const expected = REJECTED[f];
      if (expected) expect(errorCodes).toEqual(expected.codes);
      else expect(issues.filter((i) => i.severity === "error").map((i) => `${i.path}: ${i.message}`)).toEqual([]);
      if (WARNED[f]) expect(issues.some((i) => i.severity === "warning" && i.message.includes(WARNED[f]!))).toBe(true);
    });
  }

  it("keeps `path: .` task inputs as strings (go-yaml v2 reads `.` as a string)", () => {
    const dotted = files.filter(({ dir, f }) => /path: \.\s*$/m.test(readFileSync(path.join(root, dir, f), "utf8")));
    expect(dotted.length).toBeGreaterThan(0);
    for (const { dir, f } of dotted) {
      const text = JSON.stringify(readPipelineYaml(readFileSync(path.join(root, dir, f), "utf8")).value);
      expect(text).toContain('"path":"."');
    }
  });
});

// Decode-level texts beyond the public cases: Go encoding/json messages and the `malformed … step:` chains.
import { describe, expect, it } from "vitest";
import { validatePipeline } from "../src/index";
import { DECODE_PREFIX } from "../src/validate";

const res = [{ name: "repo", type: "git", source: {} }];
// the inner texts; every decode error carries fly's wrapper (checked below)
const errorsOf = (config: unknown, options = {}) =>
  validatePipeline(config, { pipegenChecks: false, ...options })
    .filter((i) => i.severity === "error")
    .map((i) => `${i.path} | ${i.message.replace(DECODE_PREFIX, "")}`);

describe("decoding like Concourse", () => {
  it("wraps decode errors as fly does and reports nothing else when the config does not decode", () => {
    // aggregate: is gone from Concourse: the step does not decode, so its resource looks unused, but fly stops at
    // the decode error and says only that
    const issues = validatePipeline({
      resources: res,
      jobs: [
        { name: "j", plan: [{ aggregate: [{ get: "repo" }] }] },
        { name: "k", plan: [{ get: "nope" }] },
      ],
    });
    expect(issues.map((i) => `${i.path} | ${i.message} [${i.code}]`)).toEqual([
      "jobs.j.plan[0] | error unmarshaling JSON: while decoding JSON: no step configured [concourse/no-step-configured]",
    ]);
  });

  it("nests malformed-step wrappers once per level and keeps the step struct in type errors", () => {
    const errors = errorsOf({
      resources: res,
      jobs: [{ name: "j", plan: [{ do: [{ task: "t", file: "repo/t.yml", on_success: { get: "repo", trigger: "yes" } }] }] }],
    });
    expect(errors).toEqual([
      "jobs.j.plan[0].do[0].on_success.trigger | malformed do step: malformed on_success step: malformed get step: json: cannot unmarshal string into Go struct field GetStep.trigger of type bool",
    ]);
  });
  it("names the enclosing field for a step that is not a map", () => {
    expect(errorsOf({ jobs: [{ name: "j", plan: [{ do: ["x"] }] }] })).toEqual([
      "jobs.j.plan[0].do[0] | malformed do step: json: cannot unmarshal string into Go struct field DoStep.do of type map[string]*json.RawMessage",
    ]);
    expect(errorsOf({ jobs: [{ name: "j", plan: [{ in_parallel: [5] }] }] })).toEqual([
      "jobs.j.plan[0].in_parallel[0] | malformed in_parallel step: failed to unmarshal parallel steps: json: cannot unmarshal number into Go value of type map[string]*json.RawMessage",
    ]);
    expect(errorsOf({ jobs: [{ name: "j", on_failure: true }] })).toEqual([
      "jobs.j.on_failure | json: cannot unmarshal bool into Go struct field JobConfig.jobs.on_failure of type map[string]*json.RawMessage",
    ]);
  });
  it("reports in_parallel, across, version and inputs shapes with Concourse's words", () => {
    expect(errorsOf({ jobs: [{ name: "j", plan: [{ in_parallel: "x" }] }] })[0]).toContain("malformed in_parallel step: wrong type for parallel config: x");
    expect(errorsOf({ jobs: [{ name: "j", plan: [{ in_parallel: { steps: [], limit: "2" } }] }] })[0]).toContain(
      "failed to unmarshal parallel config: json: cannot unmarshal string into Go struct field target.limit of type int",
    );
    expect(errorsOf({ jobs: [{ name: "j", plan: [{ across: [{ var: "v", values: [1], bogus: 1 }], task: "t", file: "f/t.yml" }] }] })[0]).toContain(
      'malformed across step: json: unknown field "bogus"',
    );
    expect(errorsOf({ jobs: [{ name: "j", plan: [{ across: [{ var: "v", max_in_flight: "some" }], task: "t", file: "f/t.yml" }] }] })[0]).toContain(
      'malformed across step: invalid max_in_flight "some"',
    );
    expect(errorsOf({ resources: res, jobs: [{ name: "j", plan: [{ get: "repo", version: { ref: 123 } }] }] })[0]).toContain(
      "malformed get step: the value 123 of ref is not a string",
    );
    expect(errorsOf({ resources: res, jobs: [{ name: "j", plan: [{ get: "repo", version: [1] }] }] })[0]).toContain(
      "malformed get step: unknown type for version",
    );
    expect(errorsOf({ resources: res, jobs: [{ name: "j", plan: [{ put: "repo", inputs: [1] }] }] })[0]).toContain(
      "malformed put step: non-string put input: 1",
    );
  });
  it("coerces scalars into string fields outside steps only", () => {
    expect(errorsOf({ resources: [{ name: 5, type: "git", source: {} }], jobs: [{ name: "j", plan: [{ get: "5" }] }] })).toEqual([]);
    expect(errorsOf({ resources: res, jobs: [{ name: "j", plan: [{ get: "repo", passed: [1] }] }] })[0]).toContain(
      "malformed get step: json: cannot unmarshal number into Go struct field GetStep.passed of type string",
    );
    expect(errorsOf({ resources: [{ name: "r", type: "git", tags: [1] }], jobs: [{ name: "j", plan: [{ get: "r" }] }] })[0]).toContain(
      "Go struct field ResourceConfig.resources.tags of type string",
    );
  });
  it("reports number text for non-integral ints and Go durations", () => {
    expect(errorsOf({ jobs: [{ name: "j", max_in_flight: 1.5 }] })).toEqual([
      "jobs.j.max_in_flight | json: cannot unmarshal number 1.5 into Go struct field JobConfig.jobs.max_in_flight of type int",
    ]);
    expect(errorsOf({ resources: [{ name: "r", type: "git", check_every: "10x" }], jobs: [{ name: "j", plan: [{ get: "r" }] }] })).toEqual([
      'resources.r.check_every | time: unknown unit "x" in duration "10x"',
    ]);
    expect(errorsOf({ jobs: [{ name: "j", plan: [{ try: { load_var: "v", file: "f/v" }, timeout: "5" }] }] })).toEqual([
      "jobs.j.plan[0].timeout | jobs.j.plan.do[0].timeout: invalid duration '5'",
    ]);
  });
  it("checks unknown keys by mode: canonical rejects, plain validate ignores, strict rejects the top level too", () => {
    const config = { extra: 1, jobs: [{ name: "j", pubic: true }] };
    expect(errorsOf(config)).toEqual(['jobs.j.pubic | json: unknown field "pubic"']);
    expect(errorsOf(config, { mode: "validate" })).toEqual([]);
    expect(errorsOf(config, { strict: true })).toEqual(['extra | json: unknown field "extra"', 'jobs.j.pubic | json: unknown field "pubic"']);
  });
  it("reports the empty-name and run identifier quirks with the context twice", () => {
    expect(errorsOf({ resources: res, jobs: [{ name: "j", plan: [{ put: "", resource: "repo" }] }] })).toContain(
      "jobs.j.plan[0].put | jobs.j.plan.do[0].put(): jobs.j.plan.do[0].put(): identifier cannot be an empty string",
    );
    expect(errorsOf({ prototypes: [{ name: "p", type: "registry-image" }], jobs: [{ name: "j", plan: [{ run: "Bad", type: "p" }] }] })).toEqual([
      "jobs.j.plan[0].run | jobs.j.plan.do[0].run(p.Bad): jobs.j.plan.do[0].run(p.Bad): 'Bad' is not a valid identifier: must start with a lowercase letter or a number",
    ]);
  });
  it("validates var sources and their dependencies", () => {
    expect(errorsOf({ var_sources: [{ name: "a", type: "nope" }], jobs: [{ name: "j" }] })).toEqual([
      "var_sources.a.type | unknown credential manager type: nope",
    ]);
    expect(errorsOf({ var_sources: [{ name: "s", type: "ssm", config: { access_key: "x" } }], jobs: [{ name: "j" }] })).toEqual([
      "var_sources.s.config | credential manager s is invalid: must provide aws secret access key",
    ]);
    expect(
      errorsOf({
        var_sources: [
          { name: "a", type: "dummy", config: { vars: { k: "((b:x))" } } },
          { name: "b", type: "dummy", config: { vars: { k: "((a:y))" } } },
        ],
        jobs: [{ name: "j" }],
      }),
    ).toEqual(["var_sources | failed to order by dependency: could not resolve inter-dependent var sources: a, b"]);
  });
  it("accepts a 500-job pipeline quickly enough to be used on every render", () => {
    const jobs = Array.from({ length: 500 }, (_, i) => ({ name: `j${i}`, plan: [{ get: "repo", trigger: true }] }));
    expect(errorsOf({ resources: res, jobs })).toEqual([]);
  });
});

// Free-form values (source, params, vars) are rendered as data; what cannot be data is reported, not crashed on.
import { describe, expect, it } from "vitest";
import { get, job, pipeline, resource, task, Testing, v } from "../src/index";

describe("free-form values", () => {
  it("renders vars inside strings and nested maps", () => {
    const api = resource("api", { type: "http-api", source: { url: `https://${v("host")}:8443/x`, headers: { token: v("vault:api.token") }, retries: 3 } });
    const config = Testing.config(pipeline({ jobs: [job("poll", { plan: [get(api)] })] }));
    expect(config.resources?.[0]?.source).toEqual({ url: "https://((host)):8443/x", headers: { token: "((vault:api.token))" }, retries: 3 });
  });

  it("reports a value that contains itself instead of overflowing the stack", () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    const r = resource("r", { type: "x", source: loop });
    const issues = Testing.issues(pipeline({ jobs: [job("j", { plan: [get(r)] })] }));
    expect(issues.map((i) => i.code)).toContain("dsl/value-too-deep");
  });

  it("reports functions and builder objects used as data", () => {
    const other = resource("other", { type: "x" });
    const r = resource("r", { type: "x", source: { fn: () => 1, res: other } as never });
    const issues = Testing.issues(pipeline({ jobs: [job("j", { plan: [get(r)] })] }));
    expect(issues.map((i) => i.code)).toEqual(expect.arrayContaining(["dsl/unsupported-value", "dsl/unexpected-builder"]));
    expect(issues.find((i) => i.code === "dsl/unexpected-builder")?.path).toBe("resources.r.source.res");
  });

  it("renders a var where Concourse wants a bool, so the validator can say what Concourse would", () => {
    const r = resource("r", { type: "x" });
    const p = pipeline({ jobs: [job("j", { plan: [get(r, { trigger: v("trigger") as never })] })] });
    const issues = Testing.issues(p);
    expect(Testing.config.bind(null, p)).toThrow(/cannot unmarshal string into Go struct field GetStep.trigger of type bool/);
    expect(issues.some((i) => i.severity === "error" && i.path.startsWith("jobs.j.plan[0]"))).toBe(true);
  });

  it("reports a task config that is not an object", () => {
    const p = pipeline({ jobs: [job("j", { plan: [task("t", { config: "ci/task.yml" as never })] })] });
    expect(Testing.issues(p).map((i) => i.code)).toContain("dsl/config-not-an-object");
  });
});

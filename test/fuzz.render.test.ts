// Properties of render over values users put in pipelines: hostile values (BigInt, Date, Map, Set, functions,
// holes, throwing getters, Proxies with throwing traps, cycles) give errors naming the path, never a crash; plain
// JSON values come back from the YAML exactly as they went in.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { get, job, pipeline, readPipelineYaml, renderPipeline, resource } from "../src/index";
import { isOneLine, params } from "./_fuzz";

const throwing = (what: string) => () => {
  throw new Error(`fuzz ${what}`);
};

/**
 * Values that cannot be written faithfully as YAML, or that fight being read. Made inside the property, from a
 * name: fast-check itself looks into the values it generates, and a Proxy with throwing traps would stop it.
 */
const HOSTILE: Record<string, () => unknown> = {
  bigint: () => 10n ** 30n,
  smallBigint: () => 5n,
  date: () => new Date(0),
  invalidDate: () => new Date(NaN),
  map: () => new Map([["a", 1]]),
  set: () => new Set([1]),
  fn: () => () => 1,
  symbol: () => Symbol("s"),
  regexp: () => /re/,
  buffer: () => Buffer.from("x"),
  sparse: () => [1, , 3],
  getter: () => Object.defineProperty({}, "boom", { enumerable: true, get: throwing("getter") }),
  proxy: () => new Proxy({}, { ownKeys: throwing("ownKeys"), get: throwing("get"), getPrototypeOf: throwing("getPrototypeOf"), has: throwing("has") }),
  proxyList: () => new Proxy([], { get: throwing("get") }),
  toStringThrows: () => ({ toString: throwing("toString"), valueOf: throwing("valueOf") }),
  protoKey: () => JSON.parse('{"__proto__": {"polluted": true}}'),
  cycle: () => {
    const o: Record<string, unknown> = {};
    o.self = o;
    return o;
  },
};

type Recipe = { hostile: string } | { list: Recipe[] } | { map: [string, Recipe][] } | { json: unknown };

const recipe: fc.Arbitrary<Recipe> = fc.letrec((tie) => ({
  r: fc.oneof(
    { depthSize: "small" },
    fc.jsonValue({ maxDepth: 2 }).map((json) => ({ json })),
    fc.constantFrom(...Object.keys(HOSTILE)).map((hostile) => ({ hostile })),
    fc.array(tie("r"), { maxLength: 3 }).map((list) => ({ list: list as Recipe[] })),
    fc.array(fc.tuple(fc.string({ maxLength: 5 }), tie("r")), { maxLength: 3 }).map((map) => ({ map: map as [string, Recipe][] })),
  ),
})).r;

function make(r: Recipe): unknown {
  if ("hostile" in r) return HOSTILE[r.hostile]!();
  if ("json" in r) return r.json;
  if ("list" in r) return r.list.map(make);
  const out: Record<string, unknown> = {};
  for (const [k, v] of r.map) Object.defineProperty(out, k, { value: make(v), enumerable: true, writable: true, configurable: true });
  return out;
}

function render(source: unknown, jobs: unknown[] = []) {
  const r = resource("r", { type: "mock", source: source as never });
  // the user's jobs list itself (not a copy: copying would run its getters here)
  jobs[jobs.length] = job("j", { plan: [get(r)] });
  return renderPipeline(pipeline({ jobs: jobs as never }), { header: false });
}

describe("fuzz: render of hostile values", () => {
  it("answers with one-line issues at a path, never a crash", () => {
    fc.assert(
      fc.property(recipe, (r) => {
        const result = render({ v: make(r) });
        for (const issue of result.issues) {
          expect(isOneLine(issue.message), issue.message).toBe(true);
          if (issue.code.startsWith("dsl/")) expect(issue.path).toMatch(/^resources\.r\.source/);
        }
      }),
      params(300),
    );
  });

  it("gives back plain JSON values exactly", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 5 }), (source) => {
        const result = render(source);
        if (!result.ok) return; // Concourse-level complaints (a ((var)) name, …) are the validator's business
        const back = readPipelineYaml(result.yaml).value as { resources: { source?: unknown }[] };
        // undefined entries and -0 have no YAML spelling; JSON.parse(JSON.stringify()) drops and folds them the same way
        const expected = JSON.parse(JSON.stringify(source), (_k, v) => (Object.is(v, -0) ? 0 : v));
        expect(back.resources[0]!.source ?? {}).toEqual(expected);
      }),
      params(300),
    );
  });

  it("turns holes and throwing getters in the jobs list into errors, not output", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant("job"), fc.constant("hole"), fc.constant("getter")), { maxLength: 5 }), (shape) => {
        const jobs: unknown[] = [];
        shape.forEach((k, i) => {
          if (k === "job") jobs[i] = job(`x${i}`, { plan: [] });
          else if (k === "getter") Object.defineProperty(jobs, i, { enumerable: true, get: throwing("job getter") });
        });
        jobs.length = shape.length;
        const result = render({}, jobs);
        if (shape.some((k) => k !== "job")) expect(result.ok).toBe(false);
        for (const issue of result.issues) expect(isOneLine(issue.message), issue.message).toBe(true);
      }),
      params(100),
    );
  });
});

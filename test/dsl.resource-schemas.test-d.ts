// Type-level tests: a resource schema must list exactly the keys of its builder's option type (so the two
// cannot drift), and the new typed builders type their sources and params.
import { describe, expectTypeOf, it } from "vitest";
import { objectSchema, int, reqStr, str } from "../src/dsl/resources/schema";
import {
  get,
  githubRelease,
  mock,
  pool,
  put,
  semver,
  type GithubReleaseSpec,
  type MockSpec,
  type PoolSpec,
  type Resource,
  type SemverSpec,
} from "../src/index";

interface Opts {
  readonly a: string;
  readonly b?: number;
}

describe("resource schemas", () => {
  it("match their option types key for key, requiredness included", () => {
    objectSchema<Opts>({ a: reqStr, b: int });
    // @ts-expect-error b is missing from the schema
    objectSchema<Opts>({ a: reqStr });
    // @ts-expect-error c is not a key of the type
    objectSchema<Opts>({ a: reqStr, b: int, c: str });
    // @ts-expect-error a is required by the type, so the schema must say so
    objectSchema<Opts>({ a: str, b: int });
    // @ts-expect-error b is optional in the type
    objectSchema<Opts>({ a: reqStr, b: { kind: "int", required: true } });
  });
});

describe("new typed builders", () => {
  const version = semver("version", { driver: "git", uri: "git@example.com:v.git", branch: "version", file: "version" });
  const lock = pool("env", { uri: "git@example.com:locks.git", branch: "main", pool: "envs" });
  const release = githubRelease("cli", { owner: "concourse", repository: "concourse" });
  const fake = mock("fake", { mirror_self: true });

  it("infer their specs", () => {
    expectTypeOf(version).toEqualTypeOf<Resource<SemverSpec>>();
    expectTypeOf(lock).toEqualTypeOf<Resource<PoolSpec>>();
    expectTypeOf(release).toEqualTypeOf<Resource<GithubReleaseSpec>>();
    expectTypeOf(fake).toEqualTypeOf<Resource<MockSpec>>();
  });

  it("type params", () => {
    get(version, { params: { bump: "minor", pre: "rc" } });
    // @ts-expect-error not a bump
    get(version, { params: { bump: "majr" } });
    put(lock, { params: { acquire: true } });
    // @ts-expect-error acquire is a boolean
    put(lock, { params: { acquire: "yes" } });
    get(release, { params: { globs: ["*.tgz"] } });
    put(release, { params: { name: "out/name", tag: "out/tag" } });
    // @ts-expect-error a github-release put needs name and tag
    put(release, { params: { body: "out/body" } });
    // @ts-expect-error semver sources have no such key
    semver("v2", { drivr: "s3" });
  });
});

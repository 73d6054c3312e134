// Type-level tests: misuse of the builders does not compile.
import { describe, expectTypeOf, it } from "vitest";
import {
  get,
  git,
  glob,
  setPipeline,
  group,
  inParallel,
  job,
  pipeline,
  put,
  registryImage,
  resource,
  s3,
  s3Image,
  task,
  v,
  type Job,
  type Resource,
  type S3Spec,
  type Step,
  type Var,
} from "../src/index";

const repo = git("repo", { uri: "https://example.com/app.git", branch: "main" });
const images = s3("images", { bucket: v("bucket"), regexp: "app/app-(.*).tgz", access_key_id: v("key"), secret_access_key: v("secret") });
const golang = registryImage("golang", { repository: "golang", tag: "1.22" });
const unit = job("unit", { plan: [get(repo, { trigger: true })] });

describe("builders", () => {
  it("infers resource specs", () => {
    expectTypeOf(images).toEqualTypeOf<Resource<S3Spec>>();
    expectTypeOf(v("x")).toEqualTypeOf<Var>();
    expectTypeOf(get(repo)).toMatchTypeOf<Step<"get">>();
  });

  it("types get and put params by resource type", () => {
    get(images, { params: { unpack: true } });
    get(golang, { params: { format: "rootfs" } });
    // @ts-expect-error unpack is an s3 get param, not a git one
    get(repo, { params: { unpack: true } });
    // @ts-expect-error format takes rootfs, oci or oci-layout
    get(golang, { params: { format: "tar" } });
    // @ts-expect-error s3's unpack is a boolean, not the string "true"
    get(images, { params: { unpack: "true" } });
    // @ts-expect-error an s3 put needs a file
    put(images, { params: { acl: "private" } });
    put(images, { params: { file: "out/app-*.tgz" } });
  });

  it("takes job objects, not strings, for passed and groups", () => {
    get(repo, { passed: [unit] });
    get(repo, { passed: [glob("unit-*")] });
    // @ts-expect-error a job name string could hide a typo: pass the job object
    get(repo, { passed: ["unit"] });
    group("all", [unit]);
    // @ts-expect-error group jobs are job objects (or glob())
    group("all", ["unit"]);
  });

  it("takes resource objects, not names, in steps", () => {
    // @ts-expect-error get() takes the resource object
    get("repo");
    // @ts-expect-error put() takes the resource object
    put("repo");
  });

  it("requires vars (or insecureLiteral) for credentials", () => {
    // @ts-expect-error a literal secret would end up in clear text in the pipeline
    s3("x", { bucket: "b", regexp: "a-(.*).tgz", secret_access_key: "hunter2" });
    s3("x", { bucket: "b", regexp: "a-(.*).tgz", secret_access_key: v("secret") });
  });

  it("accepts tags only on steps that take them", () => {
    get(repo, { tags: ["linux"] });
    inParallel([get(repo)], { tags: ["linux"], limit: 2 });
    task("t", { config: { platform: "linux", run: { path: "true" } }, tags: ["x"] });
    // @ts-expect-error set_pipeline steps take no worker tags (Concourse: unknown field)
    setPipeline("child", { file: "repo/ci/child.yml", tags: ["x"] });
  });

  it("requires what Concourse requires", () => {
    // @ts-expect-error a task config needs a platform
    task("t", { config: { run: { path: "true" } } });
    // @ts-expect-error s3Image needs a regexp
    s3Image({ bucket: "b" });
    // @ts-expect-error a pipeline needs jobs
    pipeline({});
    // @ts-expect-error a resource needs a type
    resource("r", { source: {} });
  });

  it("only lets jobs be jobs", () => {
    expectTypeOf(unit).toEqualTypeOf<Job>();
    // @ts-expect-error jobs are job() objects
    pipeline({ jobs: [{ name: "build" }] });
  });
});

// Resource schemas: unknown, deprecated and missing keys and wrong values in the source and params of typed
// resource types become pipegen/* warnings at the key (path, and file:line:col), never Concourse errors.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { validatePipeline, validatePipelineFile, type PipelineIssue } from "../src/index";
import { repoRoot } from "./_paths";
import { pipegen } from "./_run";

const dir = mkdtempSync(path.join(tmpdir(), "pipegen-schemas-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const own = (issues: readonly PipelineIssue[]) => issues.filter((i) => i.code.startsWith("pipegen/")).map((i) => `${i.code} ${i.path}`);
const withJob = (resources: unknown[], plan: unknown[], extra: Record<string, unknown> = {}) => ({ resources, jobs: [{ name: "j", plan }], ...extra });
const s3Source = { bucket: "b", regexp: "app-(.*)\\.tgz" };

describe("resource schemas on YAML", () => {
  it("points at a misspelt key with file:line:col and a suggestion, and Concourse's verdict stays the same", async () => {
    const file = path.join(dir, "typo.yml");
    writeFileSync(
      file,
      "resources:\n- name: repo\n  type: git\n  source:\n    uri: https://example.com/r.git\n    brnach: main\njobs:\n- name: j\n  plan:\n  - get: repo\n",
    );
    const { issues } = await validatePipelineFile(file);
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const typo = issues.find((i) => i.code === "pipegen/unknown-resource-key")!;
    expect(typo).toMatchObject({ severity: "warning", path: "resources.repo.source.brnach", hint: "Did you mean 'branch'?" });
    expect(typo.message).toContain("the git resource rejects unknown keys");
    expect(typo.site).toMatchObject({ file, line: 6, column: 5 });
  });

  it("flags the issue's own examples: fiel: in s3 put params, an s3 source without regexp or versioned_file, registry-image without repository", () => {
    const issues = validatePipeline(
      withJob(
        [
          { name: "bucket", type: "s3", source: { bucket: "b" } },
          { name: "img", type: "registry-image", source: { tag: "1" } },
        ],
        [{ get: "img" }, { put: "bucket", params: { fiel: "img/x.tgz" } }],
      ),
    );
    expect(own(issues)).toEqual([
      "pipegen/missing-resource-key resources.bucket.source",
      "pipegen/missing-resource-key resources.img.source",
      "pipegen/unknown-resource-key jobs.j.plan[1].params.fiel",
      "pipegen/missing-resource-key jobs.j.plan[1].params",
    ]);
    expect(issues.find((i) => i.path === "jobs.j.plan[1].params.fiel")!.hint).toBe("Did you mean 'file'?");
    expect(issues.find((i) => i.path === "resources.img.source")!.message).toBe(
      "missing 'repository' in registry-image source: the registry-image resource fails without it",
    );
  });

  it("checks JSON types where the resource decodes with Go, and accepted values", () => {
    const issues = validatePipeline(
      withJob(
        [
          { name: "bucket", type: "s3", source: { ...s3Source, private: "yes" } },
          { name: "ver", type: "semver", source: { driver: "git", uri: "u", branch: "version", file: "v" } },
        ],
        [
          { get: "bucket", params: { skip_download: true, unpack: "((unpack))" } },
          { put: "ver", params: { bump: "majr" } },
        ],
      ),
    );
    expect(own(issues)).toEqual([
      "pipegen/invalid-resource-value resources.bucket.source.private",
      "pipegen/invalid-resource-value jobs.j.plan[0].params.skip_download",
      "pipegen/invalid-resource-value jobs.j.plan[1].params.bump",
    ]);
    expect(issues.find((i) => i.path.endsWith("skip_download"))!.message).toBe(
      "'skip_download' in s3 get params must be a string, not the boolean true: the resource fails to decode it",
    );
    expect(issues.find((i) => i.path.endsWith("bump"))!.hint).toBe("Did you mean 'major'?");
  });

  it("accepts what the resources accept: vars anywhere, numbers for a registry-image tag, loose types for git, defaults of a type", () => {
    const issues = validatePipeline(
      withJob(
        [
          { name: "repo", type: "git", source: { uri: "u", fetch_tags: "true", paths: "ci/*", version_depth: "5" } },
          { name: "img", type: "registry-image", source: { repository: "golang", tag: 1.22, content_trust: "((trust))" } },
          { name: "bucket", type: "s3", source: { bucket: "((b))", regexp: "((re))", private: "((private))" } },
          { name: "custom", type: "my-s3", source: { regexp: "a-(.*)" } },
        ],
        [{ get: "repo" }, { get: "img" }, { get: "bucket" }, { get: "custom" }],
        { resource_types: [{ name: "my-s3", type: "registry-image", source: { repository: "concourse/s3-resource" }, defaults: { bucket: "shared" } }] },
      ),
    );
    expect(own(issues)).toEqual([]);
  });

  it("applies a declared type's schema only when its image is the known resource image", () => {
    const types = [
      { name: "semver", type: "registry-image", source: { repository: "concourse/semver-resource", tag: "1.6" } },
      { name: "pool", type: "registry-image", source: { repository: "example/my-pool-fork" } },
    ];
    const issues = validatePipeline(
      withJob(
        [
          { name: "ver", type: "semver", source: { driver: "s3", bucket: "b" } },
          { name: "lock", type: "pool", source: { anything: true } },
        ],
        [{ get: "ver" }, { get: "lock" }],
        { resource_types: types },
      ),
    );
    expect(own(issues)).toEqual(["pipegen/missing-resource-key resources.ver.source"]);
    expect(issues[0]!.message).toBe("semver source: the s3 driver needs 'key'");
  });

  it("checks nested objects of registry-image (unknown keys fail at every depth) and the image sources of types and tasks", () => {
    const issues = validatePipeline(
      withJob(
        [{ name: "img", type: "registry-image", source: { repository: "r", platform: { arch: "arm64" } } }],
        [
          { get: "img" },
          {
            task: "t",
            config: { platform: "linux", image_resource: { type: "registry-image", source: { repository: "r", tga: "1" } }, run: { path: "true" } },
          },
        ],
        { resource_types: [{ name: "x", type: "registry-image", source: { repostory: "r" } }] },
      ),
    );
    expect(own(issues)).toEqual([
      "pipegen/unknown-resource-key resources.img.source.platform.arch",
      "pipegen/unknown-resource-key resource_types.x.source.repostory",
      "pipegen/missing-resource-key resource_types.x.source",
      "pipegen/unknown-resource-key jobs.j.plan[1].config.image_resource.source.tga",
    ]);
  });

  it("reports deprecated keys and per-resource rules with the resource's own messages", () => {
    const issues = validatePipeline(
      withJob(
        [
          { name: "rel", type: "github-release", source: { user: "o", repository: "r" } },
          { name: "bucket", type: "s3", source: { ...s3Source, versioned_file: "x", use_v2_signing: true } },
          { name: "lock", type: "pool", source: { uri: "u", branch: "b", pool: "p" } },
          { name: "tick", type: "time", source: { start: "8:00 PM" } },
        ],
        [{ get: "rel" }, { get: "bucket" }, { get: "tick" }, { put: "lock", params: { acquire: true, release: "lock" } }],
      ),
    );
    expect(issues.filter((i) => i.code.startsWith("pipegen/")).map((i) => `${i.path}: ${i.message}`)).toEqual([
      "resources.rel.source.user: 'user' in github-release source: deprecated by the github-release resource: use 'owner'",
      "resources.bucket.source.use_v2_signing: 'use_v2_signing' in s3 source: the s3 resource no longer reads it: v4 signing happens by default now",
      "resources.bucket.source.versioned_file: s3 source: please specify either regexp or versioned_file (the s3 resource rejects both)",
      "resources.tick.source: time source: must configure 'stop' if 'start' is set",
      "jobs.j.plan[3].params.release: pool put params: 'acquire' and 'release' are all run, one after another: give one action per put",
    ]);
  });
});

describe("image checks", () => {
  it("flags an s3 get used as a task image without unpack: true, at the get", () => {
    const plan = (params?: Record<string, unknown>) => [
      { get: "img", ...(params ? { params } : {}) },
      { task: "t", image: "img", config: { platform: "linux", run: { path: "true" } } },
    ];
    const missing = validatePipeline(withJob([{ name: "img", type: "s3", source: s3Source }], plan()));
    expect(own(missing)).toEqual(["pipegen/image-not-rootfs jobs.j.plan[0]"]);
    expect(missing.find((i) => i.code === "pipegen/image-not-rootfs")!.message).toContain("needs 'unpack: true'");
    expect(own(validatePipeline(withJob([{ name: "img", type: "s3", source: s3Source }], plan({ unpack: true }))))).toEqual([]);
    // a get whose artifact is not used as an image needs nothing
    expect(own(validatePipeline(withJob([{ name: "img", type: "s3", source: s3Source }], [{ get: "img" }])))).toEqual([]);
  });

  it("flags image_resource and resource type images that are not rootfs", () => {
    const cfg = (imageParams?: Record<string, unknown>) => ({
      platform: "linux",
      run: { path: "true" },
      image_resource: { type: "s3", source: s3Source, ...(imageParams ? { params: imageParams } : {}) },
    });
    const issues = validatePipeline(
      withJob(
        [
          { name: "r", type: "custom", source: {} },
          { name: "reg", type: "registry-image", source: { repository: "r" } },
        ],
        [
          { get: "r" },
          { get: "reg", params: { format: "oci" } },
          { task: "a", config: cfg() },
          { task: "b", config: cfg({ unpack: true }) },
          { task: "c", image: "reg", config: { platform: "linux", run: { path: "true" } } },
        ],
        { resource_types: [{ name: "custom", type: "s3", source: s3Source }] },
      ),
    );
    expect(own(issues)).toEqual([
      "pipegen/image-not-rootfs resource_types.custom",
      "pipegen/image-not-rootfs jobs.j.plan[2].config.image_resource",
      "pipegen/image-not-rootfs jobs.j.plan[1].params",
    ]);
  });
});

describe("resource schemas on .ts pipelines", () => {
  it("point at the builder call, for render and validate alike", () => {
    const file = path.join(dir, "typo.ts");
    writeFileSync(
      file,
      [
        'import { get, git, job, pipeline, s3, task } from "pipegen";',
        'const repo = git("repo", { uri: "https://example.com/r.git", brnach: "main" } as never);',
        'const img = s3("img", { bucket: "b", regexp: "img-(.*).tgz" });',
        'export default pipeline({ jobs: [job("build", { plan: [get(repo), get(img), task("t", { image: img, file: "repo/t.yml" })] })] });',
        "",
      ].join("\n"),
    );
    const r = pipegen(["validate", file], { cwd: repoRoot });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("warning: resources.repo.source.brnach: unknown key 'brnach' in git source");
    expect(r.stderr).toContain(`at ${file}:2:14`);
    expect(r.stderr).toContain("[pipegen/image-not-rootfs]");
    expect(r.stderr).toContain(`at ${file}:4:67`);
    const rendered = pipegen(["render", file], { cwd: repoRoot });
    expect(rendered.status).toBe(0);
    expect(rendered.stderr).toContain("[pipegen/unknown-resource-key]");
  });
});

// What users see: the TypeScript `pipegen import` writes for the three seed pipelines. It should read as if a
// person wrote it (compare examples/*.ts); the snapshots are real .ts files, type-checked by `npm run typecheck`.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type * as Pipegen from "../src/index";
import { corpusDir, repoRoot } from "./_paths";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pg = require(path.join(repoRoot, "dist", "index.js")) as typeof Pipegen;

const seeds = ["hello-s3", "hello-s3-with-resource", "package-docker-images"];
const seedFile = (name: string) =>
  path.join(corpusDir, "pipelines", `pivotalservices__concourse-pipeline-samples__concourse-pipeline-hacks__docker-images-from-s3__${name}.yml`);

describe("pipegen import of the seed pipelines", () => {
  for (const seed of seeds) {
    it(`${seed}.yml`, async () => {
      const result = pg.importYaml(readFileSync(seedFile(seed), "utf8"), { file: `${seed}.yml` });
      // nothing to warn about: the seeds are plain, valid pipelines
      expect(result.issues).toEqual([]);
      await expect(result.code).toMatchFileSnapshot(`__snapshots__/import.${seed}.ts`);
    });
  }

  it("uses the typed builders the seeds call for", () => {
    const code = (seed: string) => pg.importYaml(readFileSync(seedFile(seed), "utf8")).code;
    // an s3 image given as the task's image_resource (type s3, unpack: true)
    expect(code("hello-s3")).toMatch(/image_resource: s3Image\(\{\n\s+access_key_id: v\("s3-access-key-id"\),/);
    // an s3 image as a resource: get(myImage) already unpacks it, and the task runs in it
    expect(code("hello-s3-with-resource")).toMatch(/const myImage = s3Image\("my-image", \{/);
    expect(code("hello-s3-with-resource")).toMatch(/get\(myImage\),\n\s+task\("run-with-image-from-s3-using-resource-definition", \{\n\s+image: myImage,/);
    // the YAML number 17.04 stays a number; the script is a template literal with `${` escaped
    const pkg = code("package-docker-images");
    expect(pkg).toContain('dockerImage("ubuntu-image-to-package", {\n  repository: "ubuntu", // UPDATE THIS with the targeted image repo name\n  tag: 17.04,');
    expect(pkg).toContain('tar -czf "ubuntu/ubuntu-\\${tmp_version}.tgz" -C export-directory .');
    expect(pkg).toContain('put(myUbuntuImageS3, { params: { file: "ubuntu/ubuntu-*.tgz" } })');
  });
});

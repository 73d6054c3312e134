// `pipegen check`: every s3 image and s3 resource of a pipeline (.ts or YAML) is resolved against the real
// bucket (Ceph RGW) with the source's own endpoint and keys, and reports its version or one clear error.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { PutBucketVersioningCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipegenAsync, putObjects, requireS3, S3_ENDPOINT, S3_KEY, S3_SECRET, testBucket } from "./_s3";
import { repoRoot } from "./_paths";
import { tempDir } from "./fixtures/images/trees";

const dir = tempDir("check");
let b: Awaited<ReturnType<typeof testBucket>>;
let versioned: Awaited<ReturnType<typeof testBucket>>;
let firstVersionId = "";
let lastVersionId = "";
const creds = ["-v", `s3-endpoint=${S3_ENDPOINT}`, "-v", `s3-access-key-id=${S3_KEY}`, "-v", `s3-secret-access-key=${S3_SECRET}`];
// no AWS credentials in the environment: check must use the keys in the source, like the resource
const env = {
  AWS_ACCESS_KEY_ID: "",
  AWS_SECRET_ACCESS_KEY: "",
  AWS_CONFIG_FILE: "/nonexistent",
  AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
  AWS_ENDPOINT_URL: "",
};

beforeAll(async () => {
  await requireS3();
  b = await testBucket("check");
  // 17.04 is uploaded last, so it is both the newest upload and, by go-semi-semantic, the latest version:
  // '04' has a leading zero, so it is a string, and strings sort above numbers (17.04 > 17.10)
  await putObjects(b.client, b.bucket, ["bad/app-1.tgz", "bad/app-.tgz", "ubuntu/ubuntu-9.10.tgz", "ubuntu/ubuntu-17.10.tgz", "ubuntu/ubuntu-17.04.tgz"]);
  versioned = await testBucket("checkv");
  await versioned.client.send(new PutBucketVersioningCommand({ Bucket: versioned.bucket, VersioningConfiguration: { Status: "Enabled" } }));
  firstVersionId = (await versioned.client.send(new PutObjectCommand({ Bucket: versioned.bucket, Key: "img/app.tgz", Body: "1" }))).VersionId ?? "";
  lastVersionId = (await versioned.client.send(new PutObjectCommand({ Bucket: versioned.bucket, Key: "img/app.tgz", Body: "2" }))).VersionId ?? "";
});
afterAll(async () => {
  await b?.cleanup();
  await versioned?.cleanup();
  execFileSync("rm", ["-rf", dir]);
});

function yamlPipeline(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const src = (extra: string, indent = "    "): string =>
  ["endpoint: ((s3-endpoint))", "access_key_id: ((s3-access-key-id))", "secret_access_key: ((s3-secret-access-key))", ...extra.split("\n").filter(Boolean)]
    .map((l) => indent + l)
    .join("\n");

describe("pipegen check on a .ts pipeline", () => {
  it("resolves the seed example's s3 image as the resource would, and explains the surprising pick", async () => {
    const r = await pipegenAsync(["check", path.join(repoRoot, "examples", "hello-s3.ts"), ...creds, "-v", `s3-bucket=${b.bucket}`], { env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      `ok: jobs.hello-ubuntu-s3.plan[0].config.image_resource: s3://${b.bucket}/ubuntu/ubuntu-(.*).tgz -> ubuntu/ubuntu-17.04.tgz (version 17.04)\n`,
    );
    expect(r.stderr).toBe(
      "warning: jobs.hello-ubuntu-s3.plan[0].config.image_resource: the latest version '17.04' may not be the one you mean: '04' has a leading zero, so it is compared as text (and text sorts above every number) [pipegen/s3-check]\n",
    );
  });

  it("names every var nothing supplied, and how to supply it", async () => {
    const r = await pipegenAsync(["check", path.join(repoRoot, "examples", "hello-s3.ts"), "-v", `s3-endpoint=${S3_ENDPOINT}`, "-v", `s3-bucket=${b.bucket}`], {
      env,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      "error: jobs.hello-ubuntu-s3.plan[0].config.image_resource: vars ((s3-access-key-id)), ((s3-secret-access-key)) not supplied (pass -v s3-access-key-id=… or PIPEGEN_VAR_S3_ACCESS_KEY_ID; -v s3-secret-access-key=… or PIPEGEN_VAR_S3_SECRET_ACCESS_KEY, or -l vars.yml) [pipegen/s3-check]\n" +
        "pipegen: 1 of 1 s3 source resolves to no version\n",
    );
  });
});

describe("pipegen check on a YAML pipeline", () => {
  it("reports each source: resolved, nothing matching, crashing key, not versioned, versioned, initial_path, pinned", async () => {
    const file = yamlPipeline(
      "all.yml",
      `
resources:
- name: ubuntu
  type: s3
  source:
    bucket: ${b.bucket}
    regexp: ubuntu/ubuntu-(.*).tgz
${src("")}
- name: missing
  type: s3
  source:
    bucket: ${b.bucket}
    regexp: nothing/here-(.*)\\.tgz
${src("")}
- name: crashing
  type: s3
  source:
    bucket: ${b.bucket}
    regexp: bad/app-(.*).tgz
${src("")}
- name: not-versioned
  type: s3
  source:
    bucket: ${b.bucket}
    versioned_file: ubuntu/ubuntu-17.04.tgz
${src("")}
- name: versioned
  type: s3
  source:
    bucket: ${versioned.bucket}
    versioned_file: img/app.tgz
${src("")}
- name: first-time
  type: s3
  source:
    bucket: ${b.bucket}
    regexp: fresh/app-(.*)\\.tgz
    initial_path: fresh/app-0.0.0.tgz
${src("")}
- name: pinned
  type: s3
  version: {path: ubuntu/ubuntu-9.10.tgz}
  source:
    bucket: ${b.bucket}
    regexp: ubuntu/ubuntu-(.*).tgz
${src("")}
jobs:
- name: j
  plan:
  - get: ubuntu
`,
    );
    const r = await pipegenAsync(["check", file, ...creds], { env });
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split("\n")).toEqual([
      `ok: resources.ubuntu: s3://${b.bucket}/ubuntu/ubuntu-(.*).tgz -> ubuntu/ubuntu-17.04.tgz (version 17.04)`,
      `ok: resources.versioned: s3://${versioned.bucket}/img/app.tgz -> version ${lastVersionId}`,
      `ok: resources.first-time: s3://${b.bucket}/fresh/app-(.*)\\.tgz -> fresh/app-0.0.0.tgz (version 0.0.0)`,
      `ok: resources.pinned: s3://${b.bucket}/ubuntu/ubuntu-(.*).tgz -> ubuntu/ubuntu-9.10.tgz (version 9.10)`,
    ]);
    expect(r.stderr.trim().split("\n")).toEqual([
      `warning: resources.ubuntu: the latest version '17.04' may not be the one you mean: '04' has a leading zero, so it is compared as text (and text sorts above every number) [pipegen/s3-check]`,
      `error: resources.missing: nothing in s3://${b.bucket} matches 'nothing/here-(.*)\\.tgz' [pipegen/s3-check]`,
      `error: resources.crashing: the s3 resource's check panics on bad/app-.tgz (captured ''): version number was not valid: Expected version to be non-empty string [pipegen/s3-check]`,
      `error: resources.not-versioned: bucket is not versioned (s3://${b.bucket} versioning: never enabled) [pipegen/s3-check]`,
      `warning: resources.first-time: nothing in the bucket matches yet: resolves to initial_path [pipegen/s3-check]`,
      "pipegen: 3 of 7 s3 sources resolve to no version",
    ]);
    expect(firstVersionId).not.toBe(lastVersionId);
  });

  it("reads vars from -l files and PIPEGEN_VAR_*, and prints JSON with --json", async () => {
    const file = yamlPipeline(
      "vars.yml",
      `
resource_types:
- name: my-type
  type: s3
  source:
    bucket: ((bucket))
    regexp: ubuntu/ubuntu-(.*).tgz
    endpoint: ((s3.endpoint))
    access_key_id: ((s3.key))
    secret_access_key: ((s3-secret))
  params: {unpack: true}
resources: []
jobs: []
`,
    );
    writeFileSync(path.join(dir, "check-vars.yml"), `s3:\n  endpoint: ${S3_ENDPOINT}\n  key: ${S3_KEY}\nbucket: wrong-bucket\n`);
    const r = await pipegenAsync(["check", file, "-l", path.join(dir, "check-vars.yml"), "-v", `bucket=${b.bucket}`, "--json"], {
      env: { ...env, PIPEGEN_VAR_S3_SECRET: S3_SECRET },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        path: "resource_types.my-type",
        kind: "resource_type",
        ok: true,
        bucket: b.bucket,
        regexp: "ubuntu/ubuntu-(.*).tgz",
        key: "ubuntu/ubuntu-17.04.tgz",
        version: "17.04",
        warnings: [expect.stringContaining("'04' has a leading zero")],
      },
    ]);
  });

  it("uses the source's own credentials: none means anonymous, and a wrong secret is one line", async () => {
    const file = yamlPipeline(
      "creds.yml",
      `
resources:
- name: anonymous
  type: s3
  source: {bucket: ${b.bucket}, regexp: "ubuntu/ubuntu-(.*).tgz", endpoint: "${S3_ENDPOINT}"}
- name: wrong-secret
  type: s3
  source: {bucket: ${b.bucket}, regexp: "ubuntu/ubuntu-(.*).tgz", endpoint: "${S3_ENDPOINT}", access_key_id: ${S3_KEY}, secret_access_key: nope}
- name: no-bucket
  type: s3
  source: {bucket: pg-no-such-bucket, regexp: "a/b-(.*).tgz", endpoint: "${S3_ENDPOINT}", access_key_id: ${S3_KEY}, secret_access_key: ${S3_SECRET}}
jobs: []
`,
    );
    // the environment has working keys; check must not use them for these sources
    const r = await pipegenAsync(["check", file], { env: { AWS_ACCESS_KEY_ID: S3_KEY, AWS_SECRET_ACCESS_KEY: S3_SECRET } });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toEqual([
      `error: resources.anonymous: listing s3://${b.bucket}/ubuntu/: access denied to '${b.bucket}' on ${S3_ENDPOINT} (403 AccessDenied); check the credentials' permissions [pipegen/s3-check]`,
      `error: resources.wrong-secret: listing s3://${b.bucket}/ubuntu/: ${S3_ENDPOINT} rejected the request signature (403 SignatureDoesNotMatch): the secret key does not belong to access key 'PIPEGENKEY' [pipegen/s3-check]`,
      `error: resources.no-bucket: listing s3://pg-no-such-bucket/a/: bucket 'pg-no-such-bucket' does not exist on ${S3_ENDPOINT} (NoSuchBucket) [pipegen/s3-check]`,
      "pipegen: 3 of 3 s3 sources resolve to no version",
    ]);
  });

  it("warns when an s3 image_resource lacks unpack: true, and says when there is nothing to check", async () => {
    const file = yamlPipeline(
      "nounpack.yml",
      `
jobs:
- name: j
  plan:
  - in_parallel:
      steps:
      - task: t
        config:
          platform: linux
          image_resource:
            type: s3
            source: {bucket: ${b.bucket}, regexp: "ubuntu/ubuntu-(.*).tgz", endpoint: "${S3_ENDPOINT}", access_key_id: ${S3_KEY}, secret_access_key: ${S3_SECRET}}
          run: {path: sh}
`,
    );
    const r = await pipegenAsync(["check", file], { env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /^warning: jobs\.j\.plan\[0\]\.in_parallel\.steps\[0\]\.config\.image_resource: no params\.unpack: true, so the image is the \.tgz itself/m,
    );
    const none = yamlPipeline("none.yml", "jobs:\n- name: j\n  plan:\n  - task: t\n    file: x/t.yml\n");
    const n = await pipegenAsync(["check", none], { env });
    expect(n.status).toBe(0);
    expect(n.stderr).toBe(`pipegen: ${none} has no s3 images or s3 resources to check\n`);
  });

  it("fails clearly on a missing pipeline file and on bad -v syntax", async () => {
    const missing = await pipegenAsync(["check", path.join(dir, "nope.yml")], { env });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`pipegen: ${path.join(dir, "nope.yml")}: no such file\n`);
    const usage = await pipegenAsync(["check", path.join(dir, "none.yml"), "-v", "novalue"], { env });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe('pipegen: -v "novalue": expected name=value\n');
  });
});

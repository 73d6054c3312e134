// push, ls and verify against the real S3 server (Ceph RGW, see test/_s3.ts): single and multipart
// uploads checked on the server, the s3 resource's order on real listings, and one clear line for each
// S3 failure (wrong secret, missing bucket, nothing listening). No mocked client anywhere.
import { createHash, randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listImageVersions, packImage, pushImage, verifyImage } from "../src/images";
import { pipegenAsync, putObjects, rawClient, requireS3, S3_ENDPOINT, S3_KEY, S3_SECRET, s3Env, testBucket } from "./_s3";
import { makeImageDir, tempDir, writeRawTar, GOOD_METADATA } from "./fixtures/images/trees";

const dir = tempDir("s3");
let b: Awaited<ReturnType<typeof testBucket>>;
let small: string;
let large: string;
const s3 = { endpoint: S3_ENDPOINT, region: "us-east-1", credentials: { accessKeyId: S3_KEY, secretAccessKey: S3_SECRET } };

beforeAll(async () => {
  await requireS3();
  b = await testBucket("images");
  makeImageDir(path.join(dir, "img"), { specials: false });
  small = path.join(dir, "app-1.0.0.tgz");
  await packImage({ input: path.join(dir, "img"), output: small });
  // a larger image whose data does not compress, so the archive needs several 5 MiB parts
  writeFileSync(path.join(dir, "img", "rootfs", "opt", "blob"), randomBytes(13 * 1024 * 1024));
  large = path.join(dir, "app-2.0.0.tgz");
  await packImage({ input: path.join(dir, "img"), output: large, level: 1 });
});
afterAll(async () => {
  await b?.cleanup();
  execFileSync("rm", ["-rf", dir]);
});

const md5 = (f: string): string => createHash("md5").update(readFileSync(f)).digest("hex");

describe("pushImage", () => {
  it("uploads a small archive in one PUT, verified by size and MD5", async () => {
    const r = await pushImage({ file: small, target: `s3://${b.bucket}/images/app-1.0.0.tgz`, s3 });
    expect(r).toMatchObject({ bucket: b.bucket, key: "images/app-1.0.0.tgz", parts: 1, etag: md5(small) });
    const head = await b.client.send(new HeadObjectCommand({ Bucket: b.bucket, Key: "images/app-1.0.0.tgz" }));
    expect(head.ContentLength).toBe(readFileSync(small).length);
  });

  it("uploads a large archive in parts with the multipart ETag, and the object reads back identical", async () => {
    const size = readFileSync(large).length;
    expect(size).toBeGreaterThan(10 * 1024 * 1024);
    const progress: number[] = [];
    const r = await pushImage({
      file: large,
      target: `s3://${b.bucket}/images/app-2.0.0.tgz`,
      s3,
      partSize: 5 * 1024 * 1024,
      concurrency: 2,
      onProgress: (n) => progress.push(n),
    });
    expect(r.parts).toBe(Math.ceil(size / (5 * 1024 * 1024)));
    expect(r.etag).toMatch(new RegExp(`^[0-9a-f]{32}-${r.parts}$`));
    expect(progress[progress.length - 1]).toBe(size);
    const got = await b.client.send(new GetObjectCommand({ Bucket: b.bucket, Key: "images/app-2.0.0.tgz" }));
    const body = Buffer.from(await got.Body!.transformToByteArray());
    expect(createHash("md5").update(body).digest("hex")).toBe(md5(large));
  });

  it("refuses to replace an existing version unless forced", async () => {
    await expect(pushImage({ file: small, target: `s3://${b.bucket}/images/app-1.0.0.tgz`, s3 })).rejects.toThrow(
      /already exists; pipelines that fetched it would not see a change/,
    );
    await expect(pushImage({ file: small, target: `s3://${b.bucket}/images/app-1.0.0.tgz`, s3, force: true })).resolves.toMatchObject({ parts: 1 });
  });

  it("verifies the archive before uploading and uploads nothing when it is broken", async () => {
    const bad = path.join(dir, "bad-1.tgz");
    await writeRawTar(bad, [
      { name: "metadata.json", body: JSON.stringify(GOOD_METADATA) },
      { name: "rootfs/dev/null", type: "character-device" },
    ]);
    await expect(pushImage({ file: bad, target: `s3://${b.bucket}/images/bad-1.tgz`, s3 })).rejects.toMatchObject({
      code: "pipegen.pushVerify",
      issues: [expect.objectContaining({ code: "pipegen/image-device-node" })],
    });
    const list = await listImageVersions({ bucket: b.bucket, regexp: "images/bad-(.*)\\.tgz", s3 });
    expect(list.versions).toEqual([]);
  });
});

describe("verifyImage on s3:// objects", () => {
  it("streams the object and checks it", async () => {
    const r = await verifyImage(`s3://${b.bucket}/images/app-2.0.0.tgz`, { s3 });
    expect(r).toMatchObject({ ok: true, format: "gzip", problems: [], bytes: readFileSync(large).length });
  });
  it("says when the key does not exist", async () => {
    await expect(verifyImage(`s3://${b.bucket}/images/none-1.tgz`, { s3 })).rejects.toThrow(
      `reading s3://${b.bucket}/images/none-1.tgz: s3://${b.bucket}/images/none-1.tgz does not exist (NoSuchKey)`,
    );
  });
});

describe("listImageVersions on a real bucket", () => {
  let bucket: Awaited<ReturnType<typeof testBucket>>;
  beforeAll(async () => {
    bucket = await testBucket("order");
    await putObjects(bucket.client, bucket.bucket, [
      "ubuntu/ubuntu-1.9.0.tgz",
      "ubuntu/ubuntu-1.10.0-rc.2.tgz",
      "ubuntu/ubuntu-1.10.0-rc.10.tgz",
      "ubuntu/ubuntu-1.10.0.tgz",
      "ubuntu/ubuntu-1.10.0.tgz.sha256",
      "ubuntu/old/ubuntu-3.0.tgz",
      "ubuntu-9.tgz",
      "builds/7/app-1.0.tgz",
      "builds/12/app-1.1.tgz",
      "builds/x/app-5.tgz",
      "broken/app-.tgz",
      "broken/app-2.tgz",
    ]);
  });
  afterAll(() => bucket?.cleanup());

  it("orders like the s3 resource and picks the latest", async () => {
    const r = await listImageVersions({ bucket: bucket.bucket, regexp: "ubuntu/ubuntu-(.*).tgz", s3 });
    expect(r.versions.map((v) => v.version)).toEqual(["1.9.0", "1.10.0-rc.2", "1.10.0-rc.10", "1.10.0"]);
    expect(r.latest).toBe("ubuntu/ubuntu-1.10.0.tgz");
    expect(r.versions.find((v) => v.latest)?.key).toBe("ubuntu/ubuntu-1.10.0.tgz");
    expect(r.versions[0]).toMatchObject({ size: 1, lastModified: expect.stringMatching(/^\d{4}-/) });
  });

  it("matches directory levels with regexps and takes the group named 'version'", async () => {
    const r = await listImageVersions({ bucket: bucket.bucket, regexp: "builds/([0-9]+)/app-(?P<version>.*)\\.tgz", s3 });
    expect(r.versions.map((v) => [v.key, v.version])).toEqual([
      ["builds/7/app-1.0.tgz", "1.0"],
      ["builds/12/app-1.1.tgz", "1.1"],
    ]);
  });

  it("flags keys that would crash the resource's check and resolves nothing then", async () => {
    const r = await listImageVersions({ bucket: bucket.bucket, regexp: "broken/app-(.*).tgz", s3 });
    expect(r.invalid).toEqual([{ key: "broken/app-.tgz", capture: "", error: "version number was not valid: Expected version to be non-empty string" }]);
    expect(r.latest).toBeUndefined();
  });

  it("pipegen image ls prints the table, marks the latest, and exits 0", async () => {
    const r = await pipegenAsync(["image", "ls", `s3://${bucket.bucket}`, "--regexp", "ubuntu/ubuntu-(.*).tgz"], { env: s3Env() });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^\s+VERSION\s+KEY\s+SIZE\s+LAST MODIFIED$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 3).join(" "))).toEqual([
      " 1.9.0 ubuntu/ubuntu-1.9.0.tgz",
      " 1.10.0-rc.2 ubuntu/ubuntu-1.10.0-rc.2.tgz",
      " 1.10.0-rc.10 ubuntu/ubuntu-1.10.0-rc.10.tgz",
      "* 1.10.0 ubuntu/ubuntu-1.10.0.tgz",
    ]);
    expect(r.stderr).toBe("latest: ubuntu/ubuntu-1.10.0.tgz (the version a pipeline's check picks)\n");
  });

  it("pipegen image ls --json, and exit 1 with one line per crashing key", async () => {
    const j = await pipegenAsync(["image", "ls", `s3://${bucket.bucket}`, "--regexp", "builds/([0-9]+)/app-(?P<version>.*)\\.tgz", "--json"], { env: s3Env() });
    expect(j.status, j.stderr).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({
      bucket: bucket.bucket,
      latest: "builds/12/app-1.1.tgz",
      invalid: [],
      versions: [
        { version: "1.0", latest: false },
        { version: "1.1", latest: true },
      ],
    });
    const bad = await pipegenAsync(["image", "ls", `s3://${bucket.bucket}`, "--regexp", "broken/app-(.*).tgz"], { env: s3Env() });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(
      /^error: broken\/app-\.tgz: captured '', which the s3 resource cannot parse: its check panics with "version number was not valid: Expected version to be non-empty string"/m,
    );
    const none = await pipegenAsync(["image", "ls", `s3://${bucket.bucket}`, "--regexp", "nothing/x-(.*).tgz"], { env: s3Env() });
    expect(none.status).toBe(1);
    expect(none.stderr.trim()).toBe(`pipegen: no object in s3://${bucket.bucket} matches 'nothing/x-(.*).tgz': a pipeline using it would find no version`);
  });
});

describe("S3 failures are one clear line", () => {
  it("wrong secret key: SignatureDoesNotMatch names the access key", async () => {
    const r = await pipegenAsync(["image", "ls", `s3://${b.bucket}`, "--regexp", "images/app-(.*).tgz"], {
      env: s3Env({ AWS_SECRET_ACCESS_KEY: "wrong-secret" }),
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `pipegen: listing s3://${b.bucket}/images/: ${S3_ENDPOINT} rejected the request signature (403 SignatureDoesNotMatch): the secret key does not belong to access key 'PIPEGENKEY'\n`,
    );
  });

  it("unknown access key", async () => {
    const r = await pipegenAsync(["image", "verify", `s3://${b.bucket}/images/app-1.0.0.tgz`], { env: s3Env({ AWS_ACCESS_KEY_ID: "NOSUCHKEY" }) });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `pipegen: reading s3://${b.bucket}/images/app-1.0.0.tgz: ${S3_ENDPOINT} does not know access key 'NOSUCHKEY' (403 InvalidAccessKeyId)\n`,
    );
  });

  it("missing bucket, for ls and push", async () => {
    const ls = await pipegenAsync(["image", "ls", "s3://pg-no-such-bucket", "--regexp", "a/b-(.*).tgz"], { env: s3Env() });
    expect(ls.stderr).toBe(`pipegen: listing s3://pg-no-such-bucket/a/: bucket 'pg-no-such-bucket' does not exist on ${S3_ENDPOINT} (NoSuchBucket)\n`);
    const push = await pipegenAsync(["image", "push", small, "s3://pg-no-such-bucket/a/b-1.tgz"], { env: s3Env() });
    expect(push.status).toBe(1);
    expect(push.stderr).toMatch(/^pipegen: (checking|uploading) .*bucket 'pg-no-such-bucket' does not exist/);
    expect(push.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("connection refused names the endpoint", async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const r = await pipegenAsync(["image", "ls", "s3://any", "--regexp", "a-(.*).tgz", "--endpoint", `http://127.0.0.1:${port}`], { env: s3Env() });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `pipegen: listing s3://any/: cannot connect to http://127.0.0.1:${port} (connection refused); is the endpoint right and the server running?\n`,
    );
  });

  // (the test process sets the variable to "true" for its own SDK clients: each case sets it explicitly)
  it.each([
    ["unset", undefined],
    ["1", "1"],
    ["yes", "yes"],
  ])(
    "never shows the AWS SDK's NodeVersionSupportWarning (or any other warning) on this Node, with AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED %s",
    async (_label, value) => {
      const env = s3Env({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: value });
      const r = await pipegenAsync(["image", "ls", `s3://${b.bucket}`, "--regexp", "images/app-(.*).tgz"], { env });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/NodeVersionSupportWarning|\(node:\d+\)|Warning:/);
      // app-1.0.0 was re-pushed with --force above; when that landed in a later second than 2.0.0, pipegen says so
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines.pop()).toBe("latest: images/app-2.0.0.tgz (the version a pipeline's check picks)");
      for (const l of lines)
        expect(l).toBe(
          "warning: the most recently uploaded object is images/app-1.0.0.tgz ('1.0.0'), but the s3 resource picks images/app-2.0.0.tgz ('2.0.0')",
        );
    },
  );
});

describe("pipegen image push (CLI)", () => {
  it("pushes with the endpoint from AWS_ENDPOINT_URL_S3 and prints one summary line", async () => {
    const env = s3Env({ AWS_ENDPOINT_URL: "http://127.0.0.1:1", AWS_ENDPOINT_URL_S3: S3_ENDPOINT });
    const r = await pipegenAsync(["image", "push", small, `s3://${b.bucket}/cli/app-1.0.0.tgz`], { env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      `pushed ${small} to s3://${b.bucket}/cli/app-1.0.0.tgz (${(readFileSync(small).length / 1024).toFixed(1)} KB, 1 part, ETag ${md5(small)}, size and ETag verified)\n`,
    );
    const again = await pipegenAsync(["image", "push", small, `s3://${b.bucket}/cli/app-1.0.0.tgz`, "--json"], { env });
    expect(again.status).toBe(1);
    expect(again.stdout).toBe("");
  });

  it("warns when the key's version would crash or mislead the s3 resource", async () => {
    const r = await pipegenAsync(["image", "push", small, `s3://${b.bucket}/warn/app-.tgz`], { env: s3Env() });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr.split("\n")[0]).toBe(
      "warning: app-.tgz: version '' does not parse for the s3 resource (Expected version to be non-empty string): its check would crash on this key [pipegen/image-name-version]",
    );
    const j = await pipegenAsync(["image", "push", small, `s3://${b.bucket}/warn/app-2024.09.1.tgz`, "--json"], { env: s3Env() });
    expect(JSON.parse(j.stdout).warnings).toEqual([
      expect.objectContaining({ code: "pipegen/image-name-version", message: expect.stringContaining("'09' has a leading zero") }),
    ]);
  });

  it("rejects bad targets as usage errors (exit 2)", async () => {
    const r = await pipegenAsync(["image", "push", small, `s3://${b.bucket}/`], { env: s3Env() });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`pipegen: 's3://${b.bucket}/' has no object key (expected s3://bucket/path/name-1.0.0.tgz)`);
  });

  it("can be read back by the raw SDK with the same bytes", async () => {
    const c = rawClient();
    const got = await c.send(new GetObjectCommand({ Bucket: b.bucket, Key: "cli/app-1.0.0.tgz" }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(readFileSync(small))).toBe(true);
    c.destroy();
  });
});

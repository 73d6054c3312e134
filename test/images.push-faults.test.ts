// A push that fails or is interrupted leaves nothing behind: no object at the key and no pending
// multipart upload, checked directly on the real S3 server (not through the proxy that broke the upload).
import { randomBytes } from "node:crypto";
import { execFileSync, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packImage, pushImage } from "../src/images";
import { leftovers, pipegenAsync, requireS3, S3_ENDPOINT, S3_KEY, S3_SECRET, s3Env, testBucket } from "./_s3";
import { hostPort, startFaultProxy, type FaultProxy } from "./fixtures/images/proxy";
import { makeImageDir, tempDir } from "./fixtures/images/trees";

const dir = tempDir("faults");
let b: Awaited<ReturnType<typeof testBucket>>;
let small: string;
let large: string;
const proxies: FaultProxy[] = [];
const creds = { accessKeyId: S3_KEY, secretAccessKey: S3_SECRET };

beforeAll(async () => {
  await requireS3();
  b = await testBucket("faults");
  makeImageDir(path.join(dir, "img"), { specials: false });
  writeFileSync(path.join(dir, "img", "rootfs", "opt", "blob"), randomBytes(2 * 1024 * 1024));
  small = path.join(dir, "small-1.tgz"); // below the multipart threshold: one PUT
  await packImage({ input: path.join(dir, "img"), output: small, level: 1 });
  writeFileSync(path.join(dir, "img", "rootfs", "opt", "blob"), randomBytes(24 * 1024 * 1024));
  large = path.join(dir, "large-1.tgz");
  await packImage({ input: path.join(dir, "img"), output: large, level: 1 });
});
afterAll(async () => {
  for (const p of proxies) await p.close();
  await b?.cleanup();
  execFileSync("rm", ["-rf", dir]);
});

async function proxy(opts: { dropAfterBytes?: number; maxDrops?: number; bytesPerSecond?: number; stallAfterBytes?: number }): Promise<FaultProxy> {
  const p = await startFaultProxy({ target: hostPort(S3_ENDPOINT), ...opts });
  proxies.push(p);
  return p;
}

describe("a connection dropped mid-upload", () => {
  it("multipart: the push fails with one line, the upload is aborted and no object exists", async () => {
    // every connection that carries more than 1 MiB is cut: each 5 MiB part dies (retries too), while the
    // small CreateMultipartUpload and AbortMultipartUpload requests pass
    const p = await proxy({ dropAfterBytes: 1024 * 1024 });
    const key = "images/large-1.tgz";
    const err = await pushImage({
      file: large,
      target: `s3://${b.bucket}/${key}`,
      s3: { endpoint: p.endpoint, credentials: creds, maxAttempts: 2 },
      partSize: 5 * 1024 * 1024,
      concurrency: 2,
    }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(
      new RegExp(
        `^uploading ${large.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} to s3://${b.bucket}/${key}: the connection to ${p.endpoint} was dropped \\((ECONNRESET|EPIPE)\\)$`,
      ),
    );
    expect(p.dropped()).toBeGreaterThan(0);
    expect(await leftovers(b.client, b.bucket, key)).toEqual({ object: false, uploads: [] });
  });

  it("single PUT: the push fails and no object exists", async () => {
    expect(readFileSync(small).length).toBeGreaterThan(1024 * 1024);
    const p = await proxy({ dropAfterBytes: 256 * 1024 });
    const key = "images/small-1.tgz";
    await expect(
      pushImage({ file: small, target: `s3://${b.bucket}/${key}`, s3: { endpoint: p.endpoint, credentials: creds, maxAttempts: 1 } }),
    ).rejects.toThrow(/the connection to .* was dropped/);
    expect(await leftovers(b.client, b.bucket, key)).toEqual({ object: false, uploads: [] });
  });

  it("a server that stops reading mid-part: the push fails after the stall timeout and cleans up", async () => {
    const p = await proxy({ stallAfterBytes: 1024 * 1024 });
    const key = "images/stalled-1.tgz";
    const started = Date.now();
    await expect(
      pushImage({
        file: large,
        target: `s3://${b.bucket}/${key}`,
        s3: { endpoint: p.endpoint, credentials: creds, maxAttempts: 1, stallTimeoutSeconds: 2 },
        partSize: 5 * 1024 * 1024,
        concurrency: 2,
      }),
    ).rejects.toThrow(
      new RegExp(
        `^uploading .* to s3://${b.bucket}/${key}: ${p.endpoint} stopped responding \\(no data moved for 2 s; is the server overloaded or out of space\\?\\)$`,
      ),
    );
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await leftovers(b.client, b.bucket, key)).toEqual({ object: false, uploads: [] });
  });

  it("a transient drop is retried with the part re-read from the file, and the upload completes intact", async () => {
    const p = await proxy({ dropAfterBytes: 1024 * 1024, maxDrops: 2 });
    const key = "images/retried-1.tgz";
    const r = await pushImage({
      file: large,
      target: `s3://${b.bucket}/${key}`,
      s3: { endpoint: p.endpoint, credentials: creds },
      partSize: 5 * 1024 * 1024,
      concurrency: 2,
    });
    expect(p.dropped()).toBe(2);
    expect(r.etag).toMatch(/-\d+$/); // size and multipart ETag were verified by pushImage
    const head = await b.client.send(new HeadObjectCommand({ Bucket: b.bucket, Key: key }));
    expect(head.ContentLength).toBe(readFileSync(large).length);
    expect((await leftovers(b.client, b.bucket, key)).uploads).toEqual([]);
  });

  it("the same file pushes fine once the network is healthy (the failure was the proxy's doing)", async () => {
    const r = await pushImage({
      file: large,
      target: `s3://${b.bucket}/images/large-1.tgz`,
      s3: { endpoint: S3_ENDPOINT, credentials: creds },
      partSize: 5 * 1024 * 1024,
    });
    expect(r.bytes).toBe(readFileSync(large).length);
    expect(await leftovers(b.client, b.bucket, "images/large-1.tgz")).toEqual({ object: true, uploads: [] });
  });
});

describe("an interrupted push (Ctrl-C)", () => {
  it("SIGINT during a multipart upload aborts it: exit 130, no object, no pending upload", async () => {
    // slow the upload down (~4 MiB/s) so the signal lands while parts are in flight
    const p = await proxy({ bytesPerSecond: 4 * 1024 * 1024 });
    const key = "images/interrupted-1.tgz";
    let sent = false;
    let child: ChildProcess | undefined;
    const run = pipegenAsync(["image", "push", large, `s3://${b.bucket}/${key}`, "--endpoint", p.endpoint, "--part-size", "5", "--no-verify"], {
      env: s3Env(),
      onSpawn: (c) => (child = c),
    });
    // wait until the multipart upload exists on the server, then interrupt
    for (let i = 0; i < 200 && !sent; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const l = await leftovers(b.client, b.bucket, key);
      if (l.uploads.length > 0) {
        child!.kill("SIGINT");
        sent = true;
      }
    }
    const r = await run;
    expect(sent).toBe(true);
    expect(r.status, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/SIGINT: stopping pushing .* and cleaning up/);
    expect(r.stderr).toMatch(/interrupted; the upload was aborted and nothing was left at the key/);
    expect(await leftovers(b.client, b.bucket, key)).toEqual({ object: false, uploads: [] });
  });
});

// The real S3 server the image tests run against: Ceph RGW from ../shared/tools/ceph-rgw (booted by
// .ci/services in CI, by hand in development). There is no fallback: when no server answers, the tests
// FAIL with instructions. A mocked client would prove nothing about signatures, multipart or ETags.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { S3Client } from "@aws-sdk/client-s3";
import { cli, repoRoot } from "./_paths";

export const S3_ENDPOINT = process.env.PIPEGEN_TEST_S3_ENDPOINT ?? "http://127.0.0.1:7480";
export const S3_KEY = "PIPEGENKEY";
export const S3_SECRET = "PIPEGENSECRET";

type Sdk = typeof import("@aws-sdk/client-s3");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = (): Sdk => require("@aws-sdk/client-s3") as Sdk;

/** Environment for a CLI run against the test server (the AWS way: env vars only). */
export function s3Env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    AWS_ACCESS_KEY_ID: S3_KEY,
    AWS_SECRET_ACCESS_KEY: S3_SECRET,
    AWS_ENDPOINT_URL: S3_ENDPOINT,
    AWS_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/nonexistent",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
    ...extra,
  };
}

/** A raw SDK client for test setup and for checking what is really on the server. */
export function rawClient(endpoint = S3_ENDPOINT): S3Client {
  const { S3Client } = sdk();
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  return new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: S3_KEY, secretAccessKey: S3_SECRET },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

let reachable: Promise<void> | undefined;

/** Throws (loudly) when the S3 server does not answer a signed request. */
export function requireS3(): Promise<void> {
  reachable ??= (async () => {
    const client = rawClient();
    try {
      await client.send(new (sdk().ListBucketsCommand)({}));
    } catch (err) {
      throw new Error(
        `NO S3 SERVER at ${S3_ENDPOINT} (${(err as Error).name}: ${(err as Error).message}). The image tests need the real Ceph RGW: ` +
          `install it with the line in ../shared/tools/ceph-rgw/README.md and run ../shared/tools/ceph-rgw/boot.sh ` +
          `(CI does this in .ci/services), or point PIPEGEN_TEST_S3_ENDPOINT at another S3 server with the same keys.`,
      );
    } finally {
      client.destroy();
    }
  })();
  return reachable;
}

/** A fresh bucket with a unique name; `cleanup` empties and removes it (objects and pending uploads). */
export async function testBucket(tag: string): Promise<{ bucket: string; client: S3Client; cleanup: () => Promise<void> }> {
  await requireS3();
  const bucket = `pg-${tag}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`.toLowerCase().slice(0, 63);
  const client = rawClient();
  await client.send(new (sdk().CreateBucketCommand)({ Bucket: bucket }));
  return { bucket, client, cleanup: () => emptyAndDelete(client, bucket).finally(() => client.destroy()) };
}

async function emptyAndDelete(client: S3Client, bucket: string): Promise<void> {
  const s = sdk();
  for (const u of (await client.send(new s.ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []) {
    await client.send(new s.AbortMultipartUploadCommand({ Bucket: bucket, Key: u.Key!, UploadId: u.UploadId! }));
  }
  // every version and delete marker (versioned buckets), which also covers plain objects
  for (;;) {
    const page = await client.send(new s.ListObjectVersionsCommand({ Bucket: bucket }));
    const all = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])];
    if (all.length === 0) break;
    for (const v of all)
      await client.send(
        new s.DeleteObjectCommand({ Bucket: bucket, Key: v.Key!, ...(v.VersionId && v.VersionId !== "null" ? { VersionId: v.VersionId } : {}) }),
      );
  }
  await client.send(new s.DeleteBucketCommand({ Bucket: bucket }));
}

/** Puts small objects (the body does not matter for listing tests). */
export async function putObjects(client: S3Client, bucket: string, keys: readonly string[], body: Buffer | string = "x"): Promise<void> {
  for (const Key of keys) await client.send(new (sdk().PutObjectCommand)({ Bucket: bucket, Key, Body: body }));
}

/** Everything on the server that an upload could leave behind: the object (if any) and pending multipart uploads. */
export async function leftovers(client: S3Client, bucket: string, key: string): Promise<{ object: boolean; uploads: string[] }> {
  const s = sdk();
  let object = true;
  try {
    await client.send(new s.HeadObjectCommand({ Bucket: bucket, Key: key }));
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw err;
    object = false;
  }
  const uploads = ((await client.send(new s.ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).map((u) => `${u.Key} ${u.UploadId}`);
  return { object, uploads };
}

export interface AsyncRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI without blocking the test's event loop (needed when the test also runs a proxy). */
export function pipegenAsync(args: string[], opts: { env?: NodeJS.ProcessEnv; onSpawn?: (child: ChildProcess) => void } = {}): Promise<AsyncRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: repoRoot, env: { ...process.env, ...opts.env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    opts.onSpawn?.(child);
    child.on("error", reject);
    child.on("close", (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

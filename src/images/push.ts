/**
 * `pushImage`: uploads an image archive to `s3://bucket/key` so that nothing partial is ever visible.
 *
 * - Small files: one PutObject with Content-MD5 (S3 is atomic per PUT and checks the digest).
 * - Large files: a multipart upload whose parts are streamed from the file at their offsets (memory does
 *   not grow with the part size or the file), each sent with its Content-MD5 (the server rejects a
 *   corrupted part) and retried on transient failures.
 * - After the upload, HeadObject must show the expected size and ETag (MD5, or MD5 of the part MD5s
 *   plus "-N" for multipart), otherwise the object is deleted and the push fails.
 * - Any failure or abort (SIGINT in the CLI) stops starting parts, lets the parts in flight finish (for at most
 *   DRAIN_MS), then aborts the multipart upload and checks that the server no longer has it, aborting again if a
 *   part landed late: no object appears at the key and no parts are left behind. (Parts in flight are not cut
 *   off: a proxy that buffers request bodies, as nginx does, would still deliver a part after the abort, and a
 *   part that lands after an abort brings the upload back on Ceph RGW.)
 */
import { createHash } from "node:crypto";
import { closeSync, createReadStream, openSync, read as fsRead, statSync } from "node:fs";
import { PipegenError } from "../errors";
import { createS3Client, loadS3Sdk, type ResolvedS3, type S3Options } from "./s3-client";
import { isNotFound, s3Failure, type S3ErrorContext } from "./s3-errors";
import { parseS3Url } from "./s3-url";
import type { PipelineIssue } from "../issues";
import { outputNameWarnings } from "./pack";
import { verifyImage, type VerifyImageReport } from "./verify";

export interface PushImageOptions {
  /** The archive to upload. */
  readonly file: string;
  /** Where: `s3://bucket/key`. */
  readonly target: string;
  readonly s3?: S3Options;
  readonly client?: ResolvedS3;
  /** Replace an existing object at the key. @default false (pushing a version twice is usually a mistake) */
  readonly force?: boolean;
  /** Verify the archive's layout before uploading. @default true */
  readonly verify?: boolean;
  /** Bytes per part (≥ 5 MiB); raised automatically to stay within 10,000 parts. @default 8 MiB */
  readonly partSize?: number;
  /** Parts uploaded at once. @default 4 */
  readonly concurrency?: number;
  /** Files up to this size go up in a single PUT. @default partSize */
  readonly multipartThreshold?: number;
  /** Progress in bytes acknowledged by the server. */
  readonly onProgress?: (sent: number, total: number) => void;
  /** Stops the upload and cleans up (the push then rejects with code `pipegen.interrupted`). */
  readonly signal?: AbortSignal;
}

export interface PushImageResult {
  readonly bucket: string;
  readonly key: string;
  readonly bytes: number;
  /** The ETag the server reports, without quotes. */
  readonly etag: string;
  /** Parts used (1 for a single PUT). */
  readonly parts: number;
  /** The pre-upload verification, when it ran. */
  readonly verification?: VerifyImageReport;
  /** Problems with the key's name that would bite the s3 resource (suffix, version format). */
  readonly warnings: readonly PipelineIssue[];
}

const MiB = 1024 * 1024;
const MAX_PARTS = 10000;

/** The part size actually used for a file: at least `wanted`, large enough for ≤ 10,000 parts, whole MiB. */
export function partSizeFor(size: number, wanted = 8 * MiB): number {
  const min = Math.ceil(size / MAX_PARTS / MiB) * MiB;
  return Math.max(wanted, min, 5 * MiB);
}

/** Uploads an image archive; see the module comment for the guarantees. */
export async function pushImage(opts: PushImageOptions): Promise<PushImageResult> {
  const loc = parseS3Url(opts.target, { needKey: true });
  let size: number;
  try {
    const st = statSync(opts.file);
    if (!st.isFile()) throw new Error("not a file");
    size = st.size;
  } catch {
    throw new PipegenError("pipegen.pushInput", `${opts.file} does not exist or is not a file`);
  }
  let verification: VerifyImageReport | undefined;
  if (opts.verify !== false) {
    verification = await verifyIsolated(opts.file);
    if (!verification.ok) {
      throw new PipegenError("pipegen.pushVerify", `${opts.file} is not a usable image; nothing was uploaded (pass --no-verify to push anyway)`, {
        issues: verification.problems.filter((p) => p.severity === "error"),
      });
    }
  }
  const s3 = opts.client ?? (await createS3Client(opts.s3));
  const ctx: S3ErrorContext = {
    action: `uploading ${opts.file} to ${opts.target}`,
    bucket: loc.bucket,
    key: loc.key,
    endpointLabel: s3.endpointLabel,
    ...(s3.accessKeyId ? { accessKeyId: s3.accessKeyId } : {}),
  };
  const abort = new AbortController();
  const onAbort = (): void => abort.abort(opts.signal?.reason);
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    if (opts.signal?.aborted) throw interrupted(ctx);
    if (!opts.force) await refuseExisting(s3, loc.bucket, loc.key, ctx, abort.signal);
    const partSize = partSizeFor(size, opts.partSize);
    const threshold = opts.multipartThreshold ?? partSize;
    const uploaded =
      size <= threshold
        ? await putSingle(s3, loc.bucket, loc.key, opts.file, size, ctx, abort.signal, opts.onProgress)
        : await putMultipart(s3, loc.bucket, loc.key, opts.file, size, partSize, Math.max(1, opts.concurrency ?? 4), ctx, abort.signal, opts.onProgress);
    const etag = await confirm(s3, loc.bucket, loc.key, size, uploaded.etag, ctx);
    return {
      bucket: loc.bucket,
      key: loc.key,
      bytes: size,
      etag,
      parts: uploaded.parts,
      ...(verification ? { verification } : {}),
      warnings: outputNameWarnings(loc.key),
    };
  } catch (err) {
    if (abort.signal.aborted || opts.signal?.aborted) throw interrupted(ctx, err);
    throw s3Failure(err, ctx);
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    if (!opts.client) s3.client.destroy();
  }
}

/**
 * The pre-upload verification, run in a worker thread with a small young generation when pipegen runs from
 * its bundle: decompressing a gigabyte makes V8 grow its young generation to its default maximum, and that
 * memory would stay with the process through the upload. A worker's heap goes away with the worker, so
 * the push's peak memory is the larger of the two phases instead of their sum. From TypeScript sources
 * (tests) there is no bundle to load in a worker, so it runs in-process.
 */
async function verifyIsolated(file: string): Promise<VerifyImageReport> {
  const bundle = __filename;
  if (!bundle.endsWith(".js")) return verifyImage(file);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: loaded only by the commands that need it
  const { Worker } = require("node:worker_threads") as typeof import("node:worker_threads");
  const code = [
    'const { parentPort, workerData } = require("node:worker_threads");',
    "require(workerData.bundle).verifyImage(workerData.file).then(",
    "  (report) => parentPort.postMessage({ report }),",
    "  (err) => parentPort.postMessage({ error: { message: err.message, code: err.code, exitCode: err.exitCode } }));",
  ].join("\n");
  type Reply = { report?: VerifyImageReport; error?: { message: string; code?: string; exitCode?: number } };
  let msg: Reply | undefined;
  const worker = new Worker(code, { eval: true, workerData: { bundle, file }, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
  try {
    msg = await new Promise<Reply | undefined>((resolve) => {
      worker.once("message", resolve);
      worker.once("error", () => resolve(undefined));
      worker.once("exit", () => resolve(undefined));
    });
  } finally {
    await worker.terminate();
  }
  if (!msg) return verifyImage(file); // the worker could not run (unusual embedding): same check, in-process
  if (msg.error)
    throw new PipegenError(msg.error.code ?? "pipegen.verify", msg.error.message, msg.error.exitCode !== undefined ? { exitCode: msg.error.exitCode } : {});
  return msg.report!;
}

function interrupted(ctx: S3ErrorContext, cause?: unknown): PipegenError {
  return new PipegenError("pipegen.interrupted", `${ctx.action}: interrupted; the upload was aborted and nothing was left at the key`, {
    exitCode: 130,
    cause,
  });
}

async function refuseExisting(s3: ResolvedS3, bucket: string, key: string, ctx: S3ErrorContext, signal: AbortSignal): Promise<void> {
  const { HeadObjectCommand } = loadS3Sdk();
  try {
    await s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
  } catch (err) {
    if (isNotFound(err) && (err as { name?: string }).name !== "NoSuchBucket") return;
    throw s3Failure(err, { ...ctx, action: `checking s3://${bucket}/${key}` });
  }
  throw new PipegenError(
    "pipegen.pushExists",
    `s3://${bucket}/${key} already exists; pipelines that fetched it would not see a change (push a new version, or pass --force)`,
  );
}

/** Reads `length` bytes at `offset`. */
function readAt(fd: number, offset: number, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const buf = Buffer.allocUnsafe(length);
    let got = 0;
    const step = (): void => {
      fsRead(fd, buf, got, length - got, offset + got, (err, n) => {
        if (err) return reject(err);
        if (n === 0) return reject(new PipegenError("pipegen.pushChanged", `the file shrank during the upload (expected ${offset + length} bytes)`));
        got += n;
        if (got === length) resolve(buf);
        else step();
      });
    };
    step();
  });
}

async function putSingle(
  s3: ResolvedS3,
  bucket: string,
  key: string,
  file: string,
  size: number,
  ctx: S3ErrorContext,
  signal: AbortSignal,
  onProgress?: (sent: number, total: number) => void,
): Promise<{ etag: string; parts: number }> {
  const { PutObjectCommand } = loadS3Sdk();
  const fd = openSync(file, "r");
  try {
    const body = await readAt(fd, 0, size);
    const md5 = createHash("md5").update(body).digest();
    await s3.client.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: size, ContentMD5: md5.toString("base64"), ContentType: "application/gzip" }),
      { abortSignal: signal },
    );
    onProgress?.(size, size);
    return { etag: md5.toString("hex"), parts: 1 };
  } catch (err) {
    throw signal.aborted ? err : s3Failure(err, ctx);
  } finally {
    closeSync(fd);
  }
}

async function putMultipart(
  s3: ResolvedS3,
  bucket: string,
  key: string,
  file: string,
  size: number,
  partSize: number,
  concurrency: number,
  ctx: S3ErrorContext,
  signal: AbortSignal,
  onProgress?: (sent: number, total: number) => void,
): Promise<{ etag: string; parts: number }> {
  const { CreateMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand } = loadS3Sdk();
  const count = Math.ceil(size / partSize);
  const created = await s3.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: "application/gzip" }), {
    abortSignal: signal,
  });
  const uploadId = created.UploadId;
  if (!uploadId) throw new PipegenError("pipegen.s3", `${ctx.action}: the server returned no upload id`);
  // `stop`: no new parts and no more retries (a failed part, or the caller's signal). `cutOff`: the requests in
  // flight are cancelled too, only once they have had DRAIN_MS to finish after a stop.
  const stop = new AbortController();
  const cutOff = new AbortController();
  let drainTimer: NodeJS.Timeout | undefined;
  const halt = (reason: unknown): void => {
    if (stop.signal.aborted) return;
    stop.abort(reason);
    drainTimer = setTimeout(() => cutOff.abort(reason), DRAIN_MS);
  };
  const onOuter = (): void => halt(signal.reason);
  signal.addEventListener("abort", onOuter, { once: true });
  const md5s: Buffer[] = new Array(count);
  const etags: string[] = new Array(count);
  let sent = 0;
  let next = 0;
  let failure: unknown;
  // Parts are never held in memory: each part's MD5 is computed by streaming its byte range, and the
  // upload streams the same range again. Memory does not depend on the part size or the file size; a file
  // that changes in between fails the server's Content-MD5 check. The SDK does not retry requests with a
  // streamed body, so failed parts are retried here, each attempt with a fresh stream.
  const workers = Math.min(concurrency, count);
  const attempts = s3.maxAttempts;
  const worker = async (): Promise<void> => {
    while (failure === undefined && !stop.signal.aborted && next < count) {
      const index = next++;
      const offset = index * partSize;
      const length = Math.min(partSize, size - offset);
      try {
        const md5 = await md5OfRange(file, offset, length, stop.signal);
        md5s[index] = md5;
        const r = await retrying(attempts, stop.signal, async () => {
          const body = createReadStream(file, { start: offset, end: offset + length - 1, highWaterMark: 256 * 1024 });
          try {
            return await s3.client.send(
              new UploadPartCommand({
                Bucket: bucket,
                Key: key,
                UploadId: uploadId,
                PartNumber: index + 1,
                Body: body,
                ContentLength: length,
                ContentMD5: md5.toString("base64"),
              }),
              { abortSignal: cutOff.signal },
            );
          } finally {
            body.destroy();
          }
        });
        etags[index] = r.ETag ?? `"${md5.toString("hex")}"`;
        sent += length;
        onProgress?.(sent, size);
      } catch (err) {
        // (a part cut short by the caller's signal is not the failure to report: the interruption is)
        if (failure === undefined && !signal.aborted) failure = err;
        halt(err);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, worker));
    if (signal.aborted) throw signal.reason ?? new Error("aborted");
    if (failure !== undefined) throw failure;
    await s3.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
      { abortSignal: signal },
    );
  } catch (err) {
    // Every part request has settled (Promise.all above); abortUpload checks that no late part brought it back.
    const left = await abortUpload(s3, bucket, key, uploadId);
    if (left !== undefined) {
      throw new PipegenError(
        "pipegen.s3",
        `${describe(err, ctx)}; aborting multipart upload ${uploadId} also failed (${left}), remove it with 'aws s3api abort-multipart-upload --bucket ${bucket} --key ${key} --upload-id ${uploadId}'`,
        { cause: err },
      );
    }
    throw err;
  } finally {
    clearTimeout(drainTimer);
    signal.removeEventListener("abort", onOuter);
  }
  const etag = createHash("md5").update(Buffer.concat(md5s)).digest("hex") + `-${count}`;
  return { etag, parts: count };
}

/** How long parts in flight may take to finish once a push stops, before they are cut off. */
const DRAIN_MS = 30_000;

/**
 * Aborts a multipart upload and checks that the server no longer knows it (ListParts answers NoSuchUpload), then
 * checks again SETTLE_MS later: aborting again whenever it is back, as S3's documentation advises for parts that
 * land after an abort. (Seen on Ceph RGW: an upload gone right after the abort was listed again, with no parts,
 * a moment later, about once in twenty interrupted pushes.) Undefined when it is gone, else why it could not be
 * removed.
 */
async function abortUpload(s3: ResolvedS3, bucket: string, key: string, uploadId: string): Promise<string | undefined> {
  const { AbortMultipartUploadCommand, ListPartsCommand } = loadS3Sdk();
  let why = "it is still listed";
  /** the last check found it gone: the next one, after SETTLE_MS, confirms it */
  let gone = false;
  for (let round = 0; round < 8; round++) {
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, gone ? SETTLE_MS : 250 * 2 ** Math.min(round - 1, 3)));
    if (!gone) {
      try {
        await s3.client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
      } catch (err) {
        if (!isNotFound(err)) why = (err as Error).message ?? String(err);
      }
    }
    try {
      await s3.client.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MaxParts: 1 }));
      gone = false;
      why = "it is still listed";
    } catch (err) {
      if (isNotFound(err)) {
        if (gone) return undefined;
        gone = true;
      } else {
        gone = false;
        why = (err as Error).message ?? String(err);
      }
    }
  }
  return why;
}

/** How long an aborted upload must stay gone before the push believes it. */
const SETTLE_MS = 1000;

/** Whether a failed request is worth repeating: network trouble, timeouts, throttling, server errors. */
function transient(err: unknown): boolean {
  const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; cause?: { code?: string } };
  if (e.name === "AbortError") return false;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  if (["TimeoutError", "RequestTimeout", "RequestTimeTooSkewed", "SlowDown", "InternalError", "ServiceUnavailable"].includes(e.name ?? "")) return true;
  return /^(ECONNRESET|EPIPE|ETIMEDOUT|ECONNREFUSED|EAI_AGAIN|ENOTFOUND|EHOSTUNREACH|ENETUNREACH)$/.test(e.code ?? e.cause?.code ?? "");
}

/** Runs `fn` up to `attempts` times with exponential backoff (100 ms, 200 ms, … capped at 5 s) on transient errors. */
async function retrying<T>(attempts: number, signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= attempts || signal.aborted || !transient(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 100 * 2 ** (attempt - 1) * (1 + Math.random()))));
    }
  }
}

/** MD5 of a byte range of a file, streamed. */
async function md5OfRange(file: string, offset: number, length: number, signal: AbortSignal): Promise<Buffer> {
  const hash = createHash("md5");
  let got = 0;
  for await (const chunk of createReadStream(file, { start: offset, end: offset + length - 1, highWaterMark: 256 * 1024, signal })) {
    hash.update(chunk as Buffer);
    got += (chunk as Buffer).length;
  }
  if (got !== length) throw new PipegenError("pipegen.pushChanged", `the file shrank during the upload (expected ${offset + length} bytes)`);
  return hash.digest();
}

function describe(err: unknown, ctx: S3ErrorContext): string {
  return s3Failure(err, ctx).message;
}

/**
 * HeadObject after the upload: the size must match, and the ETag must be the MD5 we computed (single PUT)
 * or the multipart ETag. Objects encrypted with SSE-KMS/SSE-C have ETags that are not MD5s: then only the
 * size is compared (each part's Content-MD5 was still checked by the server). A mismatch deletes the object.
 */
async function confirm(s3: ResolvedS3, bucket: string, key: string, size: number, expected: string, ctx: S3ErrorContext): Promise<string> {
  const { HeadObjectCommand, DeleteObjectCommand } = loadS3Sdk();
  const head = await s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  const etag = (head.ETag ?? "").replace(/"/g, "");
  const md5Etags = head.ServerSideEncryption !== "aws:kms" && head.ServerSideEncryption !== "aws:kms:dsse" && !head.SSECustomerAlgorithm;
  const problem =
    head.ContentLength !== size
      ? `the server has ${head.ContentLength} bytes, the file has ${size}`
      : md5Etags && etag.toLowerCase() !== expected
        ? `the server's ETag ${etag} is not the expected ${expected}`
        : undefined;
  if (problem === undefined) return etag;
  try {
    await s3.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  } catch (err) {
    throw new PipegenError(
      "pipegen.pushIntegrity",
      `${ctx.action}: integrity check failed (${problem}) and deleting the bad object failed too: ${describe(err, ctx)}`,
    );
  }
  throw new PipegenError("pipegen.pushIntegrity", `${ctx.action}: integrity check failed (${problem}); the object was deleted`);
}

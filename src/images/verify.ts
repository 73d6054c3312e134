/**
 * `verifyImage`: streams an image archive once and reports everything that would stop Concourse from
 * using it after the s3 resource's `unpack: true` (resource-types.md §1.6, §5): an archive type the
 * resource can unpack, `rootfs/` and a valid `metadata.json` at the top level, no device nodes (the
 * resource's unprivileged `tar` cannot create them) and no entries that would land outside the output.
 */
import { Readable } from "node:stream";
import { createReadStream, statSync } from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { PipegenError } from "../errors";
import type { PipelineIssue } from "../issues";
import { checkImageMetadata, namesInDatabase, userNeedsLookup, type ImageMetadata } from "./metadata";
import { createS3Client, loadS3Sdk, type ResolvedS3, type S3Options } from "./s3-client";
import { s3Failure } from "./s3-errors";
import { isS3Url, parseS3Url } from "./s3-url";

/** Archive types as the s3 resource sniffs them (h2non/filetype on the first 512 bytes). */
export type ArchiveFormat = "gzip" | "tar" | "bzip2" | "zip" | "unknown";

export interface VerifyImageReport {
  /** What was verified: a file path or an s3:// address. */
  readonly source: string;
  readonly format: ArchiveFormat;
  /** True when there is no error (warnings allowed). */
  readonly ok: boolean;
  /** Each problem: `path` is the archive entry (or `metadata.json:<field>`) it is about. */
  readonly problems: readonly PipelineIssue[];
  /** Entries in the tar (when it could be read). */
  readonly entries: number;
  /** Bytes of the archive as stored, and of the tar inside it. */
  readonly bytes: number;
  readonly tarBytes: number;
  readonly metadata?: ImageMetadata;
}

export interface VerifyImageOptions {
  /** Options for s3:// sources. */
  readonly s3?: S3Options;
  readonly client?: ResolvedS3;
  readonly signal?: AbortSignal;
}

const MAX_SMALL_FILE = 1 << 20; // metadata.json, /etc/passwd, /etc/group are read into memory up to this size
const GUNZIP_SUFFIXES = [".tgz", ".gz", ".taz"];

function problem(severity: "error" | "warning", code: string, where: string, message: string, hint?: string): PipelineIssue {
  return { code: `pipegen/${code}`, severity, path: where, message, ...(hint ? { hint } : {}) };
}

/** Sniffs the first bytes the way the s3 resource does. */
export function sniffArchive(head: Buffer): ArchiveFormat | "xz" | "zstd" | "7z" | "rar" {
  if (head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08) return "gzip";
  if (head.length >= 3 && head.toString("latin1", 0, 3) === "BZh") return "bzip2";
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5 || head[2] === 7) && (head[3] === 4 || head[3] === 6 || head[3] === 8)) return "zip";
  if (head.length >= 262 && head.toString("latin1", 257, 262) === "ustar") return "tar";
  if (head.length >= 6 && head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return "xz";
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return "zstd";
  if (head.length >= 6 && head.subarray(0, 6).equals(Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]))) return "7z";
  if (head.length >= 4 && head.toString("latin1", 0, 4) === "Rar!") return "rar";
  return "unknown";
}

/** Reads up to `n` bytes from an async iterator and returns them with a stream of everything (head included). */
async function peek(source: AsyncIterable<Buffer>, n: number): Promise<{ head: Buffer; all: AsyncIterable<Buffer> }> {
  const it = source[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let ended = false;
  while (size < n) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    chunks.push(r.value);
    size += r.value.length;
  }
  const head = Buffer.concat(chunks).subarray(0, n);
  async function* all(): AsyncGenerator<Buffer> {
    yield* chunks;
    if (ended) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { head, all: all() };
}

/** Counts bytes flowing through an async iterable. */
async function* counted(source: AsyncIterable<Buffer>, add: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    add(chunk.length);
    yield chunk;
  }
}

/** Normalizes an entry name; returns the problem when it is absolute or climbs out with '..'. */
function entryPath(name: string): { path: string; problem?: "absolute" | "dotdot" } {
  const parts: string[] = [];
  let dotdot = false;
  for (const p of name.split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..") dotdot = true;
    parts.push(p);
  }
  const path = parts.join("/");
  if (name.startsWith("/")) return { path, problem: "absolute" };
  return dotdot ? { path, problem: "dotdot" } : { path };
}

/** Verifies an image archive from a stream (`name` is the file or key name, for the suffix check). */
export async function verifyImageStream(source: AsyncIterable<Buffer>, name: string, label = name): Promise<VerifyImageReport> {
  const problems: PipelineIssue[] = [];
  let bytes = 0;
  let tarBytes = 0;
  const { head, all } = await peek(counted(source, (n) => (bytes += n)), 512);
  const sniffed = sniffArchive(head);
  const base = path.basename(name);
  const report = (format: ArchiveFormat, entries = 0, metadata?: ImageMetadata): VerifyImageReport => ({
    source: label, format, ok: !problems.some((p) => p.severity === "error"), problems, entries, bytes, tarBytes, ...(metadata ? { metadata } : {}),
  });
  if (sniffed === "xz" || sniffed === "zstd" || sniffed === "7z" || sniffed === "rar") {
    problems.push(problem("error", "image-archive-type", base, `${sniffed} archive: the s3 resource's unpack only knows gzip, bzip2, tar and zip ("not an archive")`, "pipegen image pack writes a .tgz"));
    return report("unknown");
  }
  if (sniffed === "unknown") {
    problems.push(problem("error", "image-archive-type", base, head.length === 0 ? "empty file: not an archive" : `not an archive the s3 resource can unpack (first bytes ${head.subarray(0, 4).toString("hex")}); it fails with "not an archive"`));
    return report("unknown");
  }
  if (sniffed === "bzip2" || sniffed === "zip") {
    problems.push(problem("error", "image-archive-type", base, `${sniffed} archive: the s3 resource can unpack it, but pipegen cannot look inside to verify it${sniffed === "zip" ? " (and unzip keeps no owners)" : ""}`, "repack it with pipegen image pack"));
    for await (const _ of all) void _; // count the bytes
    return report(sniffed);
  }
  let tarSource: AsyncIterable<Buffer> = all;
  if (sniffed === "gzip") {
    if (!GUNZIP_SUFFIXES.some((s) => base.endsWith(s))) {
      problems.push(problem("error", "image-name-suffix", base, `gzip data in a file named '${base}': the s3 resource runs gunzip, which refuses names that do not end in .gz or .tgz`, "name it <name>-<version>.tgz"));
    }
    const gunzip = zlib.createGunzip();
    const src = Readable.from(all, { objectMode: false, highWaterMark: 1 << 16 }); // bytes, not 16 chunks
    src.on("error", (err) => gunzip.destroy(err));
    src.pipe(gunzip);
    const inner = await peek(gunzip as AsyncIterable<Buffer>, 512);
    if (sniffArchive(inner.head) !== "tar") {
      problems.push(problem("error", "image-archive-type", base, "the gzip data is not a tar archive: the s3 resource would keep the decompressed file, and there would be no rootfs/"));
      for await (const _ of inner.all) void _;
      return report("gzip");
    }
    tarSource = inner.all;
  }
  const format: ArchiveFormat = sniffed;
  let entries = 0;
  let metadataText: string | undefined;
  let metadataProblem: string | undefined;
  let rootfsEntries = 0;
  const wrapped = new Set<string>();
  const small: Record<"passwd" | "group", string | undefined> = { passwd: undefined, group: undefined };
  const tarStream = require("tar-stream") as typeof import("tar-stream");
  const extract = tarStream.extract();
  const feeder = Readable.from(counted(tarSource, (n) => (tarBytes += n)), { objectMode: false, highWaterMark: 1 << 16 });
  feeder.on("error", (err) => extract.destroy(err));
  feeder.pipe(extract as unknown as NodeJS.WritableStream);
  try {
    for await (const entry of extract) {
      entries++;
      const h = entry.header;
      const { path: p, problem: bad } = entryPath(h.name);
      if (bad === "absolute") problems.push(problem("error", "image-absolute-path", h.name, "absolute path: the entry would be written outside the output directory (GNU tar strips the '/', other tars may not)"));
      if (bad === "dotdot") problems.push(problem("error", "image-dotdot-path", h.name, "path contains '..': the entry would be written outside the output directory"));
      if (h.type === "character-device" || h.type === "block-device") {
        problems.push(problem("error", "image-device-node", p, `${h.type.replace("-", " ")}: the s3 resource extracts in an unprivileged container, where tar cannot create device nodes`, "leave dev/ out (pipegen image pack does)"));
      }
      if (h.type === "link" && h.linkname) {
        const target = entryPath(h.linkname);
        if (target.problem) problems.push(problem("error", "image-link-escape", p, `hard link to '${h.linkname}' points outside the archive`));
      }
      if (p === "rootfs" || p.startsWith("rootfs/")) rootfsEntries++;
      else {
        const m = /^(.+?)\/rootfs(\/|$)/.exec(p);
        if (m) wrapped.add(m[1]!);
      }
      const isFile = h.type === "file" || h.type === "contiguous-file";
      if (p === "metadata.json") {
        if (!isFile) metadataProblem = `metadata.json is a ${h.type}, not a file`;
        else if ((h.size ?? 0) > MAX_SMALL_FILE) metadataProblem = `metadata.json is ${h.size} bytes; that is not image metadata`;
        else metadataText = await readAll(entry);
      } else if ((p === "rootfs/etc/passwd" || p === "rootfs/etc/group") && isFile && (h.size ?? 0) <= MAX_SMALL_FILE) {
        small[p === "rootfs/etc/passwd" ? "passwd" : "group"] = await readAll(entry);
      }
      entry.resume();
    }
  } catch (err) {
    const msg = (err as Error).message;
    const what = /unexpected end of file/i.test(msg) ? "the gzip stream ends early (truncated upload or download?)" : /incorrect header check|invalid/i.test(msg) ? `corrupt data (${msg})` : msg;
    problems.push(problem("error", "image-corrupt", base, `cannot read the archive after ${entries} entries: ${what}`));
    return report(format, entries);
  } finally {
    feeder.destroy();
  }
  if (entries === 0) problems.push(problem("error", "image-empty", base, "the archive has no entries"));
  if (rootfsEntries === 0) {
    const hint = wrapped.size > 0 ? `everything is under '${[...wrapped][0]}/': archive the contents of that directory, so rootfs/ is at the top` : undefined;
    problems.push(problem("error", "image-no-rootfs", base, "no rootfs/ at the top level: Concourse uses <output>/rootfs as the container's root filesystem", hint));
  } else if (rootfsEntries === 1) {
    problems.push(problem("warning", "image-empty-rootfs", "rootfs/", "rootfs/ is empty"));
  }
  let metadata: ImageMetadata | undefined;
  if (metadataProblem) problems.push(problem("error", "image-metadata", "metadata.json", metadataProblem));
  else if (metadataText === undefined) {
    problems.push(problem("error", "image-no-metadata", base, `no metadata.json at the top level: Concourse fails with "stream image metadata file … Is the image in rootfs format?"`, wrapped.size > 0 ? `everything is under '${[...wrapped][0]}/'` : undefined));
  } else {
    const checked = checkImageMetadata(metadataText);
    problems.push(...checked.issues);
    metadata = checked.metadata;
    const lookup = metadata ? userNeedsLookup(metadata.user) : undefined;
    if (lookup?.user && !(small.passwd !== undefined && namesInDatabase(small.passwd).has(lookup.user))) {
      problems.push(problem("warning", "image-user-unknown", "metadata.json:user", `user '${lookup.user}' is not in rootfs/etc/passwd${small.passwd === undefined ? " (there is none)" : ""}: Concourse cannot resolve it to set volume ownership and only logs that`));
    }
    if (lookup?.group && !(small.group !== undefined && namesInDatabase(small.group).has(lookup.group))) {
      problems.push(problem("warning", "image-user-unknown", "metadata.json:user", `group '${lookup.group}' is not in rootfs/etc/group${small.group === undefined ? " (there is none)" : ""}`));
    }
  }
  return report(format, entries, metadata);
}

async function readAll(stream: AsyncIterable<unknown>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

/** Verifies a local `.tgz` or an `s3://bucket/key` object. */
export async function verifyImage(source: string, opts: VerifyImageOptions = {}): Promise<VerifyImageReport> {
  if (!isS3Url(source)) {
    let st;
    try {
      st = statSync(source);
    } catch {
      throw new PipegenError("pipegen.verifyInput", `${source} does not exist`);
    }
    if (!st.isFile()) throw new PipegenError("pipegen.verifyInput", `${source} is not a file`);
    return verifyImageStream(createReadStream(source, { highWaterMark: 1 << 20 }), source);
  }
  const loc = parseS3Url(source, { needKey: true });
  const s3 = opts.client ?? (await createS3Client(opts.s3));
  const ctx = { action: `reading ${source}`, bucket: loc.bucket, key: loc.key, endpointLabel: s3.endpointLabel, ...(s3.accessKeyId ? { accessKeyId: s3.accessKeyId } : {}) };
  try {
    const { GetObjectCommand } = loadS3Sdk();
    let res;
    try {
      res = await s3.client.send(new GetObjectCommand({ Bucket: loc.bucket, Key: loc.key }), opts.signal ? { abortSignal: opts.signal } : {});
    } catch (err) {
      throw s3Failure(err, ctx);
    }
    const body = res.Body as Readable | undefined;
    if (!body) throw new PipegenError("pipegen.s3", `${ctx.action}: the server sent no body`);
    try {
      return await verifyImageStream(body, loc.key, source);
    } catch (err) {
      throw s3Failure(err, ctx);
    }
  } finally {
    if (!opts.client) s3.client.destroy();
  }
}

/**
 * `verifyImage`: reads an image archive once and reports everything that would stop Concourse from
 * using it after the s3 resource's `unpack: true` (resource-types.md §1.6, §5): an archive type the
 * resource can unpack, `rootfs/` and a valid `metadata.json` at the top level, no device nodes (the
 * resource's unprivileged `tar` cannot create them) and no entries that would land outside the output.
 * tar, and gzip or bzip2 of a tar, are streamed (bzip2 through ./bzip2); a zip is read through its
 * central directory (./verify-zip), which is where unzip takes names, modes and owners from.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { PipegenError } from "../errors";
import type { PipelineIssue } from "../issues";
import type { ImageMetadata } from "./metadata";
import { createS3Client, loadS3Sdk, type ResolvedS3, type S3Options } from "./s3-client";
import { s3Failure } from "./s3-errors";
import { isS3Url, parseS3Url } from "./s3-url";
import { entryPath, ImageLayout, problem } from "./verify-layout";

/** Archive types as the s3 resource sniffs them (h2non/filetype on the first 512 bytes). */
/** "1 entry", "2 entries". */
const entryCount = (n: number): string => `${n} entr${n === 1 ? "y" : "ies"}`;

export type ArchiveFormat = "gzip" | "tar" | "bzip2" | "zip" | "unknown";

export interface VerifyImageReport {
  /** What was verified: a file path or an s3:// address. */
  readonly source: string;
  readonly format: ArchiveFormat;
  /** True when there is no error (warnings allowed). */
  readonly ok: boolean;
  /** Each problem: `path` is the archive entry (or `metadata.json:<field>`) it is about. */
  readonly problems: readonly PipelineIssue[];
  /** Entries in the tar or zip (when it could be read). */
  readonly entries: number;
  /** Bytes of the archive as stored, and of the tar inside it (for a zip: its entries' unpacked sizes). */
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

const GUNZIP_SUFFIXES = [".tgz", ".gz", ".taz"];

/** Sniffs the first bytes the way the s3 resource does. */
export function sniffArchive(head: Buffer): ArchiveFormat | "xz" | "zstd" | "7z" | "rar" {
  if (head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08) return "gzip";
  if (head.length >= 3 && head.toString("latin1", 0, 3) === "BZh") return "bzip2";
  if (
    head.length >= 4 &&
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    (head[2] === 3 || head[2] === 5 || head[2] === 7) &&
    (head[3] === 4 || head[3] === 6 || head[3] === 8)
  )
    return "zip";
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

/** Verifies an image archive from a stream (`name` is the file or key name, for the suffix check). */
export async function verifyImageStream(source: AsyncIterable<Buffer>, name: string, label = name): Promise<VerifyImageReport> {
  return verifyFrom(source, name, label);
}

/** Where a stream comes from when it is a local file: a zip is then read in place instead of spooled. */
interface LocalFile {
  readonly file: string;
  readonly size: number;
  /** Stops the stream when the file is read another way. */
  readonly close: () => void;
}

/** A decoding failure of the compressed data or the tar, in the user's words. */
function corruptWhat(err: unknown): string {
  const e = err as Error;
  if (e?.name === "Bzip2Error") return e.message;
  const msg = e?.message ?? String(err);
  if (/unexpected end of file/i.test(msg)) return "the gzip stream ends early (truncated upload or download?)";
  if (/incorrect header check|invalid/i.test(msg)) return `corrupt data (${msg})`;
  return msg;
}

async function verifyFrom(source: AsyncIterable<Buffer>, name: string, label: string, local?: LocalFile): Promise<VerifyImageReport> {
  const problems: PipelineIssue[] = [];
  let bytes = 0;
  let tarBytes = 0;
  const { head, all } = await peek(
    counted(source, (n) => (bytes += n)),
    512,
  );
  const sniffed = sniffArchive(head);
  const base = path.basename(name);
  const report = (format: ArchiveFormat, entries = 0, metadata?: ImageMetadata): VerifyImageReport => ({
    source: label,
    format,
    ok: !problems.some((p) => p.severity === "error"),
    problems,
    entries,
    bytes,
    tarBytes,
    ...(metadata ? { metadata } : {}),
  });
  const drain = async (data: AsyncIterable<Buffer>): Promise<void> => {
    try {
      for await (const _ of data) void _; // count the bytes, and notice a damaged tail
    } catch (err) {
      problems.push(problem("error", "image-corrupt", base, `cannot read the archive: ${corruptWhat(err)}`));
    }
  };
  if (sniffed === "xz" || sniffed === "zstd" || sniffed === "7z" || sniffed === "rar") {
    problems.push(
      problem(
        "error",
        "image-archive-type",
        base,
        `${sniffed} archive: the s3 resource's unpack only knows gzip, bzip2, tar and zip ("not an archive")`,
        "pipegen image pack writes a .tgz",
      ),
    );
    return report("unknown");
  }
  if (sniffed === "unknown") {
    problems.push(
      problem(
        "error",
        "image-archive-type",
        base,
        head.length === 0
          ? "empty file: not an archive"
          : `not an archive the s3 resource can unpack (first bytes ${head.subarray(0, 4).toString("hex")}); it fails with "not an archive"`,
      ),
    );
    return report("unknown");
  }
  if (sniffed === "zip") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: loaded only by the commands that need it
    const { verifyZip } = require("./verify-zip") as typeof import("./verify-zip");
    let zip: Awaited<ReturnType<typeof verifyZip>>;
    if (local) {
      local.close();
      bytes = local.size;
      zip = await verifyZip(local.file, base, problems);
    } else {
      zip = await spoolZip(all, (file) => verifyZip(file, base, problems));
    }
    tarBytes = zip.unpackedBytes;
    return report("zip", zip.entries, zip.metadata);
  }
  let tarSource: AsyncIterable<Buffer> = all;
  if (sniffed === "gzip" || sniffed === "bzip2") {
    let decoded: AsyncIterable<Buffer>;
    if (sniffed === "gzip") {
      if (!GUNZIP_SUFFIXES.some((s) => base.endsWith(s))) {
        problems.push(
          problem(
            "error",
            "image-name-suffix",
            base,
            `gzip data in a file named '${base}': the s3 resource runs gunzip, which refuses names that do not end in .gz or .tgz`,
            "name it <name>-<version>.tgz",
          ),
        );
      }
      const gunzip = zlib.createGunzip();
      const src = Readable.from(all, { objectMode: false, highWaterMark: 1 << 16 }); // bytes, not 16 chunks
      src.on("error", (err) => gunzip.destroy(err));
      src.pipe(gunzip);
      decoded = gunzip as AsyncIterable<Buffer>;
    } else {
      // bunzip2 has no suffix rule: an unknown suffix only makes it name the output <name>.out
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: loaded only by the commands that need it
      decoded = (require("./bzip2") as typeof import("./bzip2")).bunzip2(all);
    }
    let inner: Awaited<ReturnType<typeof peek>>;
    try {
      inner = await peek(decoded, 512);
    } catch (err) {
      problems.push(problem("error", "image-corrupt", base, `cannot read the archive: ${corruptWhat(err)}`));
      return report(sniffed);
    }
    if (sniffArchive(inner.head) !== "tar") {
      problems.push(
        problem(
          "error",
          "image-archive-type",
          base,
          `the ${sniffed} data is not a tar archive: the s3 resource would keep the decompressed file, and there would be no rootfs/`,
        ),
      );
      await drain(inner.all);
      return report(sniffed);
    }
    tarSource = inner.all;
  }
  const format: ArchiveFormat = sniffed;
  let entries = 0;
  const layout = new ImageLayout(problems, base);
  const links = new SymlinkPaths();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: loaded only by the commands that need it
  const tarStream = require("tar-stream") as typeof import("tar-stream");
  const extract = tarStream.extract();
  const feeder = Readable.from(
    counted(tarSource, (n) => (tarBytes += n)),
    { objectMode: false, highWaterMark: 1 << 16 },
  );
  feeder.on("error", (err) => extract.destroy(err));
  feeder.pipe(extract as unknown as NodeJS.WritableStream);
  try {
    for await (const entry of extract) {
      entries++;
      const h = entry.header;
      const { path: p, problem: bad } = entryPath(h.name);
      if (bad === "absolute")
        problems.push(
          problem(
            "error",
            "image-absolute-path",
            h.name,
            "absolute path: the entry would be written outside the output directory (GNU tar strips the '/', other tars may not)",
          ),
        );
      if (bad === "dotdot")
        problems.push(problem("error", "image-dotdot-path", h.name, "path contains '..': the entry would be written outside the output directory"));
      if (h.type === "character-device" || h.type === "block-device") {
        problems.push(
          problem(
            "error",
            "image-device-node",
            p,
            `${h.type.replace("-", " ")}: the s3 resource extracts in an unprivileged container, where tar cannot create device nodes`,
            "leave dev/ out (pipegen image pack does)",
          ),
        );
      }
      if (h.type === "link" && h.linkname) {
        const target = entryPath(h.linkname);
        if (target.problem) problems.push(problem("error", "image-link-escape", p, `hard link to '${h.linkname}' points outside the archive`));
      }
      const badField = badHeaderField(h);
      if (badField) problems.push(problem("error", "image-bad-header", p, `${badField}: GNU tar refuses such a header`));
      const through = links.through(p);
      if (through) {
        problems.push(
          problem(
            "error",
            "image-write-through-symlink",
            p,
            `written through the symlink '${through.path}' (→ ${through.target}) made earlier in the archive: a tar that follows it writes outside rootfs/`,
            "do not put files under a path the archive makes a symlink",
          ),
        );
      }
      links.saw(p, h.type === "symlink" ? (h.linkname ?? "") : undefined);
      const kind = h.type === "file" || h.type === "contiguous-file" ? "file" : (h.type ?? "file");
      const small = layout.see(p, kind, h.size ?? 0);
      if (small) layout.provide(small, await readAll(entry));
      entry.resume();
    }
  } catch (err) {
    problems.push(problem("error", "image-corrupt", base, `cannot read the archive after ${entryCount(entries)}: ${corruptWhat(err)}`));
    return report(format, entries);
  } finally {
    feeder.destroy();
  }
  const metadata = layout.finish(entries);
  return report(format, entries, metadata);
}

/**
 * Symlinks the archive has made so far, by normalized path, to notice a later entry written through one
 * (`rootfs/out -> /etc`, then `rootfs/out/passwd`): tar follows a symlink in the middle of a path.
 */
class SymlinkPaths {
  private readonly links = new Map<string, string>();

  saw(p: string, symlinkTarget: string | undefined): void {
    if (symlinkTarget !== undefined) this.links.set(p, symlinkTarget);
    else if (this.links.size > 0) this.links.delete(p); // a later entry at that path replaces the link
  }

  /** The symlink a proper prefix of `p` is, if any (checked per '/': a path is short, the map lookups cheap). */
  through(p: string): { path: string; target: string } | undefined {
    if (this.links.size === 0) return undefined;
    for (let i = p.indexOf("/"); i > 0; i = p.indexOf("/", i + 1)) {
      const prefix = p.slice(0, i);
      const target = this.links.get(prefix);
      if (target !== undefined) return { path: prefix, target };
    }
    return undefined;
  }
}

/** A numeric header field GNU tar would refuse: a pax uid/gid/mtime/size that is not a number, or a NaN. */
function badHeaderField(h: { pax?: unknown; uid?: number; gid?: number; mtime?: Date }): string | undefined {
  const pax = (h.pax ?? {}) as Record<string, string | undefined>;
  for (const key of ["uid", "gid", "size"] as const) {
    const v = pax[key];
    if (v !== undefined && !/^\d{1,18}$/.test(v)) return `pax ${key}=${JSON.stringify(v.slice(0, 40))} is not a whole number`;
  }
  const t = pax.mtime;
  if (t !== undefined && !/^-?\d{1,18}(\.\d*)?$/.test(t)) return `pax mtime=${JSON.stringify(t.slice(0, 40))} is not a time in seconds`;
  if (h.uid !== undefined && !Number.isFinite(h.uid)) return "the uid field is not a number";
  if (h.gid !== undefined && !Number.isFinite(h.gid)) return "the gid field is not a number";
  if (h.mtime !== undefined && !Number.isFinite(h.mtime.getTime())) return "the mtime field is not a number";
  return undefined;
}

/**
 * A zip's names, modes and owners live in its central directory at the END of the file (local headers lack the
 * external attributes, and with data descriptors even the sizes), so a zip cannot be judged in one pass over a
 * stream. An s3 object or a stream is therefore written to a private temporary file first, as the s3 resource
 * itself downloads the whole object before running unzip. The file is removed whatever happens.
 */
async function spoolZip<T>(data: AsyncIterable<Buffer>, use: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), "pipegen-verify-")); // mode 0700: only this user can read the copy
  try {
    const file = path.join(dir, "archive.zip");
    await pipeline(Readable.from(data, { objectMode: false }), createWriteStream(file, { flags: "wx", mode: 0o600 }));
    return await use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function readAll(stream: AsyncIterable<unknown>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

/** Verifies a local archive (.tgz, .tar, .tar.bz2, .zip) or an `s3://bucket/key` object. */
export async function verifyImage(source: string, opts: VerifyImageOptions = {}): Promise<VerifyImageReport> {
  if (!isS3Url(source)) {
    let st;
    try {
      st = statSync(source);
    } catch {
      throw new PipegenError("pipegen.verifyInput", `${source} does not exist`);
    }
    if (!st.isFile()) throw new PipegenError("pipegen.verifyInput", `${source} is not a file`);
    const stream = createReadStream(source, { highWaterMark: 1 << 20 });
    return verifyFrom(stream, source, source, { file: source, size: st.size, close: () => stream.destroy() });
  }
  const loc = parseS3Url(source, { needKey: true });
  const s3 = opts.client ?? (await createS3Client(opts.s3));
  const ctx = {
    action: `reading ${source}`,
    bucket: loc.bucket,
    key: loc.key,
    endpointLabel: s3.endpointLabel,
    ...(s3.accessKeyId ? { accessKeyId: s3.accessKeyId } : {}),
  };
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

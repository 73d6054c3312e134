/**
 * `packImage`: writes `<name>-<version>.tgz` with `metadata.json` and `rootfs/` at its top level, the
 * layout the s3 resource's `unpack: true` turns into a Concourse image (resource-types.md §1.6, §5.1).
 *
 * Streaming end to end (memory does not grow with the image), gzip on the thread pool while the main
 * thread reads files, and an atomic output: a temporary sibling is written, synced and renamed, and is
 * removed on any failure or abort.
 */
import { createHash } from "node:crypto";
import {
  closeSync,
  constants as fsConstants,
  existsSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  type Stats,
} from "node:fs";
import * as path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createWriteStream } from "node:fs";
import { ExitCode, PipegenError } from "../errors";
import { checkOutputPath, outputWriteError } from "../output-path";
import type { PipelineIssue } from "../issues";
import { checkImageMetadata } from "./metadata";
import { fsFailure, shortPath } from "./fs-errors";
import { MAX_SMALL_FILE } from "./verify-layout";
import { parallelGzip } from "./gzip";
import { imageDirTar, rootfsTarReroot, treeSize, type SkippedEntry, type TarSourceOptions } from "./pack-sources";
import { parseS3Version, s3VersionOrderingTrap } from "./version";

export type { SkippedEntry } from "./pack-sources";

export interface PackImageOptions {
  /** An image directory (`rootfs/` + `metadata.json`) or a docker-image output (`rootfs.tar` + `metadata.json`). */
  readonly input: string;
  /** The `.tgz` to write, e.g. `ubuntu-22.04.tgz`. Written atomically. */
  readonly output: string;
  /**
   * Byte-identical archives for identical trees: entries are always sorted, and with this flag every mtime
   * is fixed to `mtime` (default: `SOURCE_DATE_EPOCH`, else 0). @default false
   */
  readonly reproducible?: boolean;
  /** The fixed mtime (seconds since the epoch) used by `reproducible`. */
  readonly mtime?: number;
  /** gzip level 1–9. @default 6 (gzip's default) */
  readonly level?: number;
  /** Progress: input bytes consumed and the total (0 when unknown). Called often; throttle it yourself. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
  /** Mode, owner, mtime and xattrs by rootfs-relative path, instead of the disk's (see `TarSourceOptions.attributes`). */
  readonly attributes?: TarSourceOptions["attributes"];
  /**
   * More regular files for the archive's top level, after metadata.json, under their base names (e.g.
   * registry-image's `labels.json`). Not `metadata.json` or `rootfs`, no name twice. @default none
   */
  readonly extraFiles?: readonly string[];
}

export interface PackImageResult {
  readonly output: string;
  /** Which input layout was found. */
  readonly input: "image-dir" | "rootfs-tar";
  /** Size of the written archive. */
  readonly bytes: number;
  /** Hex SHA-256 of the written archive. */
  readonly sha256: string;
  /** Device nodes, FIFOs and sockets that were left out. */
  readonly skipped: readonly SkippedEntry[];
  /** Warnings about the input (metadata.json, the output name). */
  readonly warnings: readonly PipelineIssue[];
}

/** Finds which kind of input a directory is; throws a one-line error when it is neither. */
export function detectImageInput(dir: string): { kind: "image-dir"; rootfs: string; metadata: string } | { kind: "rootfs-tar"; tar: string; metadata: string } {
  let st;
  try {
    st = statSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new PipegenError("pipegen.packInput", `${dir} does not exist`);
    throw fsFailure(err, "image pack");
  }
  if (!st.isDirectory())
    throw new PipegenError("pipegen.packInput", `${dir} is not a directory (expected rootfs/ + metadata.json, or rootfs.tar + metadata.json)`);
  const metadata = path.join(dir, "metadata.json");
  const rootfs = path.join(dir, "rootfs");
  const tar = path.join(dir, "rootfs.tar");
  // lstat: a rootfs that is a symlink (to / say) is never followed, and neither is a rootfs.tar linked to /dev/zero
  const rootfsSt = lstatOrUndefined(rootfs);
  const tarSt = lstatOrUndefined(tar);
  if (rootfsSt?.isSymbolicLink())
    throw new PipegenError(
      "pipegen.packInput",
      `${rootfs} is a symbolic link; pipegen does not follow it (it could lead anywhere, / included): pack the directory it points to`,
    );
  if (!rootfsSt?.isDirectory() && tarSt?.isSymbolicLink())
    throw new PipegenError("pipegen.packInput", `${tar} is a symbolic link; pipegen does not follow it: copy the archive in its place`);
  const hasRootfs = rootfsSt?.isDirectory() === true;
  const hasTar = tarSt?.isFile() === true;
  if (!hasRootfs && !hasTar)
    throw new PipegenError(
      "pipegen.packInput",
      `${dir} has neither rootfs/ nor rootfs.tar (expected registry-image 'format: rootfs' or docker-image 'rootfs: true' output)`,
    );
  if (!existsSync(metadata) && !lstatOrUndefined(metadata))
    throw new PipegenError(
      "pipegen.packInput",
      `${dir} has no metadata.json; Concourse needs it to run the image ("stream image metadata file … Is the image in rootfs format?")`,
    );
  return hasRootfs ? { kind: "image-dir", rootfs, metadata } : { kind: "rootfs-tar", tar, metadata };
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw fsFailure(err, "image pack");
  }
}

/**
 * metadata.json's text: a regular file of at most 1 MiB. Opened without blocking (a FIFO would wait forever for a
 * writer, and Ctrl-C could not stop a blocked read), checked on the open descriptor, read with a bound (a link to
 * /dev/zero never ends).
 */
export function readMetadataFile(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  } catch (err) {
    throw fsFailure(err, "metadata.json");
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new PipegenError("pipegen.packInput", `${shortPath(file)} is ${kindOf(st)}, not a regular file`);
    if (st.size > MAX_SMALL_FILE)
      throw new PipegenError("pipegen.packInput", `${shortPath(file)} is ${st.size} bytes, more than the ${MAX_SMALL_FILE} bytes image metadata may have`);
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got).toString("utf8");
  } catch (err) {
    throw fsFailure(err, "metadata.json");
  } finally {
    closeSync(fd);
  }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a file";
}

/** The first bytes of rootfs.tar: a compressed or non-tar file is named as such before anything is written. */
function checkRootfsTar(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  } catch (err) {
    throw fsFailure(err, "rootfs.tar");
  }
  const head = Buffer.alloc(512);
  let got = 0;
  try {
    got = readSync(fd, head, 0, 512, 0);
  } catch (err) {
    throw fsFailure(err, "rootfs.tar");
  } finally {
    closeSync(fd);
  }
  if (got >= 2 && head[0] === 0x1f && head[1] === 0x8b)
    throw new PipegenError("pipegen.packInput", `${shortPath(file)} is gzip-compressed; docker-image writes a plain tar: gunzip it first`);
  if (got === 0) throw new PipegenError("pipegen.packInput", `${shortPath(file)} is empty: not a tar archive`);
  if (got < 512) throw new PipegenError("pipegen.packInput", `${shortPath(file)} is ${got} bytes: too short for a tar archive`);
}

/** Problems with the output name that would bite at `check` time. */
export function outputNameWarnings(output: string): PipelineIssue[] {
  const base = path.basename(output);
  const out: PipelineIssue[] = [];
  if (!/\.(tgz|tar\.gz)$/.test(base)) {
    out.push({
      code: "pipegen/image-name-suffix",
      severity: "warning",
      path: base,
      message: "name does not end in .tgz or .tar.gz: the s3 resource's gunzip refuses other suffixes",
    });
    return out;
  }
  const m = /^(.+?)-(v?)(\d[^/]*?|)\.(?:tgz|tar\.gz)$/.exec(base);
  if (!m) return out;
  if (m[2])
    out.push({
      code: "pipegen/image-name-version",
      severity: "warning",
      path: base,
      message: `the version starts with 'v': keep the 'v' outside the regexp group (name-v(.*)\\.tgz), or 'v10' sorts below 'v9'`,
    });
  const parsed = parseS3Version(m[3]!);
  if (!parsed.ok)
    out.push({
      code: "pipegen/image-name-version",
      severity: "warning",
      path: base,
      message: `version '${m[3]}' does not parse for the s3 resource (${parsed.error}): its check would crash on this key`,
    });
  else {
    const trap = s3VersionOrderingTrap(parsed.version);
    if (trap) out.push({ code: "pipegen/image-name-version", severity: "warning", path: base, message: `version '${m[3]}' sorts surprisingly: ${trap}` });
  }
  return out;
}

/** Packs an image directory or docker-image output into a `.tgz` the s3 resource can unpack. */
export async function packImage(opts: PackImageOptions): Promise<PackImageResult> {
  try {
    return await packImageUnchecked(opts);
  } catch (err) {
    throw fsFailure(err, "image pack");
  }
}

async function packImageUnchecked(opts: PackImageOptions): Promise<PackImageResult> {
  const input = detectImageInput(opts.input);
  checkOutputPath(opts.output); // before packing, not after minutes of work
  const out = path.resolve(opts.output);
  if (input.kind === "image-dir" && (out + path.sep).startsWith(path.resolve(input.rootfs) + path.sep)) {
    throw new PipegenError("pipegen.packOutput", `output ${opts.output} is inside ${input.rootfs}; it would pack itself`);
  }
  const level = opts.level ?? 6;
  if (!Number.isInteger(level) || level < 1 || level > 9)
    throw new PipegenError("pipegen.usage", `gzip level must be 1–9, got ${level}`, { exitCode: ExitCode.usage });

  const meta = checkImageMetadata(readMetadataFile(input.metadata), "metadata.json");
  if (input.kind === "rootfs-tar") checkRootfsTar(input.tar);
  const errors = meta.issues.filter((i) => i.severity === "error");
  if (errors.length > 0) throw new PipegenError("pipegen.packMetadata", `${input.metadata} is not valid image metadata`, { issues: errors });
  const warnings = [...meta.issues, ...outputNameWarnings(out)];
  const extraFiles = checkExtraFiles(opts.extraFiles ?? []);

  const mtime = opts.reproducible ? (opts.mtime ?? sourceDateEpoch() ?? 0) : undefined;
  const skipped: SkippedEntry[] = [];
  let done = 0;
  const total = opts.onProgress ? (input.kind === "image-dir" ? treeSize(input.rootfs) : statSync(input.tar).size) : 0;
  const sourceOpts = {
    ...(mtime !== undefined ? { mtime } : {}),
    onSkip: (e: SkippedEntry) => skipped.push(e),
    ...(opts.attributes ? { attributes: opts.attributes } : {}),
    ...(extraFiles.length > 0 ? { extraFiles } : {}),
    ...(opts.onProgress
      ? {
          onBytes: (n: number) => {
            done += n;
            opts.onProgress!(done, total);
          },
        }
      : {}),
  };
  const tar = input.kind === "image-dir" ? imageDirTar(input.rootfs, input.metadata, sourceOpts) : rootfsTarReroot(input.tar, input.metadata, sourceOpts);

  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.${Date.now()}.tmp`);
  const hash = createHash("sha256");
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  try {
    await pipeline(
      Readable.from(tar, { objectMode: false, highWaterMark: 4 }),
      parallelGzip({ level }),
      tap,
      createWriteStream(tmp, { flags: "wx", mode: 0o644 }),
      opts.signal ? { signal: opts.signal } : {},
    );
    const fd = openSync(tmp, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, out);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      /* never created or already gone */
    }
    if ((err as Error).name === "AbortError")
      throw new PipegenError("pipegen.interrupted", `packing ${opts.output}: interrupted; nothing was written`, { exitCode: 130, cause: err });
    // failures to create, write or rename the output (not to read the input) get the one-line answer
    const e = err as NodeJS.ErrnoException & { dest?: string };
    if (e.path === tmp || e.dest === out) throw outputWriteError(opts.output, err);
    // tar-stream's words for a rootfs.tar that is not a tar, or ends early
    if (input.kind === "rootfs-tar" && err instanceof Error && !("code" in err) && /tar|unexpected end|header/i.test(err.message)) {
      throw new PipegenError("pipegen.packInput", `${shortPath(input.tar)}: not a readable tar archive (${err.message.split("\n")[0]})`, { cause: err });
    }
    throw err;
  }
  return { output: out, input: input.kind, bytes, sha256: hash.digest("hex"), skipped, warnings };
}

function checkExtraFiles(files: readonly string[]): readonly string[] {
  const seen = new Set<string>(["metadata.json", "rootfs"]);
  for (const f of files) {
    const base = path.basename(f);
    if (seen.has(base))
      throw new PipegenError("pipegen.usage", `extra file ${f}: the archive already has a '${base}' at its top level`, { exitCode: ExitCode.usage });
    seen.add(base);
    let st;
    try {
      st = statSync(f);
    } catch {
      throw new PipegenError("pipegen.packInput", `extra file ${f} does not exist`);
    }
    if (!st.isFile()) throw new PipegenError("pipegen.packInput", `extra file ${f} is not a regular file`);
  }
  return files;
}

function sourceDateEpoch(): number | undefined {
  const v = process.env.SOURCE_DATE_EPOCH;
  if (v === undefined || v === "") return undefined;
  if (!/^\d+$/.test(v))
    throw new PipegenError("pipegen.usage", `SOURCE_DATE_EPOCH must be whole seconds since the epoch, got '${v}'`, { exitCode: ExitCode.usage });
  return Number(v);
}

/**
 * The two inputs `pipegen image pack` accepts, each turned into a stream of tar bytes whose top level is
 * `metadata.json` and `rootfs/`:
 *
 * - an image directory (`rootfs/` + `metadata.json`, what registry-image writes with `format: rootfs`),
 *   walked depth-first in sorted order without following symlinks;
 * - a docker-image `rootfs: true` output (`rootfs.tar` + `metadata.json`), a flat export that is re-rooted
 *   under `rootfs/` entry by entry.
 *
 * Device nodes, FIFOs and sockets are left out with a note (the s3 resource extracts in an unprivileged
 * container, where `mknod` fails). Entries that would land outside the tree are refused.
 */
import {
  closeSync,
  constants as fsConstants,
  createReadStream,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
  type Stats,
} from "node:fs";
import * as path from "node:path";
import { PipegenError } from "../errors";
import { encodeTarHeader, tarPadding, TAR_END, type TarHeader } from "./tar-header";
import { shortPath, showBytes } from "./fs-errors";

/** Something left out of the archive, and why. */
export interface SkippedEntry {
  /** Archive path it would have had (`rootfs/dev/null`). */
  readonly path: string;
  readonly type: "character-device" | "block-device" | "fifo" | "socket" | "link-to-skipped" | "unknown";
}

export interface TarSourceOptions {
  /** Fixed mtime (seconds) for every entry; undefined keeps the real ones. */
  readonly mtime?: number;
  readonly onSkip: (entry: SkippedEntry) => void;
  /** Called with the number of input bytes consumed so far. */
  readonly onBytes?: (n: number) => void;
  /**
   * Mode bits, owner, mtime and xattrs to write instead of the disk's, by rootfs-relative path ("" is rootfs/
   * itself): `pipegen image export` applies layers without root and keeps what the layers said here.
   */
  readonly attributes?: (rel: string) => TarEntryAttributes | undefined;
  /**
   * Regular files written at the archive's top level right after metadata.json, under their base names
   * (`pipegen image export` adds registry-image's `labels.json`).
   */
  readonly extraFiles?: readonly string[];
}

/** What `attributes` may say about a rootfs path. */
export interface TarEntryAttributes {
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly mtime: number;
  /** Extended attributes (raw values), written as pax `SCHILY.xattr.*` records on the entry. */
  readonly xattrs?: ReadonlyMap<string, Uint8Array>;
}

const BATCH = 1 << 20; // hand zlib ~1 MiB at a time: fewer, larger thread-pool jobs
const READ_CHUNK = 1 << 20;

/** Collects small buffers into ~1 MiB chunks. */
class Batcher {
  private parts: Buffer[] = [];
  private size = 0;
  add(b: Buffer): void {
    if (b.length === 0) return;
    this.parts.push(b);
    this.size += b.length;
  }
  get full(): boolean {
    return this.size >= BATCH;
  }
  take(): Buffer | undefined {
    if (this.size === 0) return undefined;
    const out = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    return out;
  }
}

function mtimeOf(st: Stats, fixed: number | undefined): number {
  return fixed ?? Math.floor(st.mtimeMs / 1000);
}

/** Reads exactly `size` bytes of a file in chunks; a file that shrank while packing is an error. */
function* fileChunks(file: string, size: number, onBytes?: (n: number) => void): Generator<Buffer> {
  const fd = openSync(file, "r");
  try {
    let done = 0;
    while (done < size) {
      const want = Math.min(READ_CHUNK, size - done);
      const buf = Buffer.allocUnsafe(want);
      let got = 0;
      while (got < want) {
        const n = readSync(fd, buf, got, want - got, done + got);
        if (n === 0)
          throw new PipegenError("pipegen.packChanged", `${file} shrank while it was being packed (expected ${size} bytes); pack an unchanging tree`);
        got += n;
      }
      done += want;
      onBytes?.(want);
      yield buf;
    }
  } finally {
    closeSync(fd);
  }
}

/** The metadata.json entry (first in the archive so that readers can check it early), then the extra files. */
function* metadataEntry(file: string, opts: TarSourceOptions): Generator<Buffer> {
  yield* topLevelFile(file, "metadata.json", opts);
  for (const extra of opts.extraFiles ?? []) yield* topLevelFile(extra, path.basename(extra), opts);
}

function* topLevelFile(file: string, name: string, opts: TarSourceOptions): Generator<Buffer> {
  // O_NONBLOCK: a FIFO put in its place after the checks must not block the open forever
  const fd = openSync(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  let st: Stats;
  try {
    st = fstatSync(fd);
  } finally {
    closeSync(fd);
  }
  if (!st.isFile()) throw new PipegenError("pipegen.packInput", `${file} is not a regular file`);
  yield encodeTarHeader({ name, type: "file", mode: st.mode, uid: st.uid, gid: st.gid, size: st.size, mtime: mtimeOf(st, opts.mtime) });
  yield* fileChunks(file, st.size);
  yield tarPadding(st.size);
}

/** Sum of regular file sizes under `dir` (for progress), without following symlinks. */
export function treeSize(dir: string): number {
  let total = 0;
  const seen = new Set<string>(); // hard links are stored once
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const name of sortedNames(d)) {
      const p = path.join(d, name);
      const st = lstatSync(p);
      if (st.isDirectory()) stack.push(p);
      else if (st.isFile() && (st.nlink === 1 || !seen.has(`${st.dev}:${st.ino}`))) {
        if (st.nlink > 1) seen.add(`${st.dev}:${st.ino}`);
        total += st.size;
      }
    }
  }
  return total;
}

/** Tar bytes for an image directory: metadata.json, then rootfs/ depth-first in sorted order. */
export async function* imageDirTar(rootfs: string, metadata: string, opts: TarSourceOptions): AsyncGenerator<Buffer> {
  const batch = new Batcher();
  for (const b of metadataEntry(metadata, opts)) batch.add(b);
  const links = new Map<string, string>(); // "dev:ino" of multiply-linked files -> first archive path
  const rootSt = lstatSync(rootfs);
  const rootAttr = opts.attributes?.("");
  batch.add(
    encodeTarHeader({
      name: "rootfs/",
      type: "directory",
      mode: rootSt.mode,
      uid: rootSt.uid,
      gid: rootSt.gid,
      size: 0,
      mtime: mtimeOf(rootSt, opts.mtime),
      ...(rootAttr ? { ...rootAttr, mtime: opts.mtime ?? rootAttr.mtime } : {}),
    }),
  );
  // Explicit stack of sorted directory listings: memory grows with depth × width, not with the tree.
  const stack: { dir: string; arc: string; names: string[]; i: number }[] = [{ dir: rootfs, arc: "rootfs/", names: sortedNames(rootfs), i: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.i >= top.names.length) {
      stack.pop();
      continue;
    }
    const name = top.names[top.i++]!;
    const full = path.join(top.dir, name);
    const arc = top.arc + name;
    const st = lstatSync(full);
    const attr = opts.attributes?.(arc.slice("rootfs/".length));
    const base = attr
      ? { mode: attr.mode, uid: attr.uid, gid: attr.gid, mtime: opts.mtime ?? attr.mtime }
      : { mode: st.mode, uid: st.uid, gid: st.gid, mtime: mtimeOf(st, opts.mtime) };
    // xattrs belong to the inode: written with the entry that carries it, not repeated on hard links to it
    const withXattrs = attr?.xattrs && attr.xattrs.size > 0 ? { ...base, xattrs: attr.xattrs } : base;
    if (st.isDirectory()) {
      batch.add(encodeTarHeader({ ...withXattrs, name: `${arc}/`, type: "directory", size: 0 }));
      stack.push({ dir: full, arc: `${arc}/`, names: sortedNames(full), i: 0 });
    } else if (st.isSymbolicLink()) {
      batch.add(encodeTarHeader({ ...withXattrs, name: arc, type: "symlink", size: 0, linkname: readlinkSync(full) }));
    } else if (st.isFile()) {
      const id = `${st.dev}:${st.ino}`;
      const first = st.nlink > 1 ? links.get(id) : undefined;
      if (first !== undefined) {
        batch.add(encodeTarHeader({ ...base, name: arc, type: "link", size: 0, linkname: first }));
      } else {
        if (st.nlink > 1) links.set(id, arc);
        batch.add(encodeTarHeader({ ...withXattrs, name: arc, type: "file", size: st.size }));
        if (st.size <= READ_CHUNK) {
          for (const c of fileChunks(full, st.size, opts.onBytes)) batch.add(c);
        } else {
          const pending = batch.take();
          if (pending) yield pending;
          yield* fileChunks(full, st.size, opts.onBytes);
        }
        batch.add(tarPadding(st.size));
      }
    } else {
      opts.onSkip({
        path: arc,
        type: st.isCharacterDevice() ? "character-device" : st.isBlockDevice() ? "block-device" : st.isFIFO() ? "fifo" : st.isSocket() ? "socket" : "unknown",
      });
    }
    if (batch.full) yield batch.take()!;
  }
  batch.add(TAR_END);
  yield batch.take()!;
}

function sortedNames(dir: string): string[] {
  // Names as bytes first: one that is not UTF-8 would come back with U+FFFD in it, a name no file has.
  const raw = readdirSync(dir, { encoding: "buffer" });
  const names: string[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const name = raw[i]!.toString("utf8");
    if (name.includes("\uFFFD") && !Buffer.from(name).equals(raw[i]!)) {
      throw new PipegenError(
        "pipegen.packInput",
        `${shortPath(dir)}: the name '${showBytes(raw[i]!)}' is not UTF-8; pipegen writes UTF-8 names (pax), so rename it first`,
      );
    }
    names[i] = name;
  }
  // byte order of the UTF-8 names, so the order does not depend on locale or readdir order
  return names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** Normalizes an entry path of a flat rootfs export; throws when it would escape the tree. */
export function normalizeRootfsPath(name: string, what: string): string {
  if (name.startsWith("/"))
    throw new PipegenError("pipegen.packEscape", `${what}: entry '${name}' has an absolute path; refusing to pack an archive that writes outside its tree`);
  const parts: string[] = [];
  for (const p of name.split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..")
      throw new PipegenError("pipegen.packEscape", `${what}: entry '${name}' contains '..'; refusing to pack an archive that writes outside its tree`);
    parts.push(p);
  }
  return parts.join("/");
}

/** A pax uid/gid: decimal digits that fit a JavaScript number exactly (`uid=abc` or `uid=1e23` is refused). */
function paxId(value: string, key: string, entry: string, what: string): number {
  const n = /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw badHeader(what, entry, `pax ${key}=${JSON.stringify(value.slice(0, 40))} is not a whole number`);
  return n;
}

/** A pax mtime: decimal seconds, perhaps with a fraction (POSIX), within what tar headers can hold. */
function paxTime(value: string, entry: string, what: string): number {
  const n = /^-?\d{1,15}(\.\d*)?$/.test(value) ? Math.floor(Number(value)) : NaN;
  if (!Number.isSafeInteger(n)) throw badHeader(what, entry, `pax mtime=${JSON.stringify(value.slice(0, 40))} is not a time in seconds`);
  return n;
}

function headerNumber(n: number, key: string, entry: string, what: string): number {
  if (!Number.isSafeInteger(n) || n < -(2 ** 40)) throw badHeader(what, entry, `its ${key} field is not a number`);
  return n;
}

function badHeader(what: string, entry: string, why: string): PipegenError {
  return new PipegenError("pipegen.packInput", `${what}: entry '${shortPath(entry)}': ${why}; GNU tar would refuse the archive pipegen wrote from it`);
}

/** Tar bytes for a docker-image `rootfs: true` output: metadata.json, then rootfs.tar re-rooted under rootfs/. */
export async function* rootfsTarReroot(tarFile: string, metadata: string, opts: TarSourceOptions): AsyncGenerator<Buffer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: loaded only by the commands that need it
  const tarStream = require("tar-stream") as typeof import("tar-stream");
  const batch = new Batcher();
  for (const b of metadataEntry(metadata, opts)) batch.add(b);
  const extract = tarStream.extract();
  const input = createReadStream(tarFile, { highWaterMark: READ_CHUNK });
  input.on("error", (err) => extract.destroy(err));
  input.pipe(extract as unknown as NodeJS.WritableStream);
  const skipped = new Set<string>();
  let rootDone = false;
  const what = path.basename(tarFile);
  try {
    for await (const entry of extract) {
      const h = entry.header;
      const rel = normalizeRootfsPath(h.name, what);
      const arc = rel === "" ? "rootfs/" : `rootfs/${rel}`;
      const pax = (h.pax ?? {}) as Record<string, string | undefined>;
      const header: Omit<TarHeader, "name" | "type" | "size"> = {
        mode: h.mode ?? 0o644,
        uid: pax.uid !== undefined ? paxId(pax.uid, "uid", h.name, what) : headerNumber(h.uid ?? 0, "uid", h.name, what),
        gid: pax.gid !== undefined ? paxId(pax.gid, "gid", h.name, what) : headerNumber(h.gid ?? 0, "gid", h.name, what),
        mtime:
          opts.mtime ??
          (pax.mtime !== undefined ? paxTime(pax.mtime, h.name, what) : headerNumber(Math.floor((h.mtime?.getTime() ?? 0) / 1000), "mtime", h.name, what)),
      };
      if (!rootDone && rel !== "") {
        batch.add(encodeTarHeader({ name: "rootfs/", type: "directory", mode: 0o755, uid: 0, gid: 0, size: 0, mtime: opts.mtime ?? header.mtime }));
      }
      if (rel === "" && rootDone) {
        entry.resume();
        continue; // a second "./" entry: nothing new to say
      }
      rootDone = true;
      switch (h.type) {
        case "directory":
          batch.add(encodeTarHeader({ ...header, name: arc.endsWith("/") ? arc : `${arc}/`, type: "directory", size: 0 }));
          break;
        case "symlink":
          batch.add(encodeTarHeader({ ...header, name: arc, type: "symlink", size: 0, linkname: h.linkname ?? "" }));
          break;
        case "link": {
          const target = normalizeRootfsPath(h.linkname ?? "", `${what}: hard link '${h.name}'`);
          if (skipped.has(target)) {
            opts.onSkip({ path: arc, type: "link-to-skipped" });
            skipped.add(rel);
          } else {
            batch.add(encodeTarHeader({ ...header, name: arc, type: "link", size: 0, linkname: `rootfs/${target}` }));
          }
          break;
        }
        case "file":
        case "contiguous-file": {
          const size = h.size ?? 0;
          batch.add(encodeTarHeader({ ...header, name: arc, type: "file", size }));
          for await (const chunk of entry) {
            batch.add(chunk as Buffer);
            opts.onBytes?.((chunk as Buffer).length);
            if (batch.full) yield batch.take()!;
          }
          batch.add(tarPadding(size));
          break;
        }
        case "character-device":
        case "block-device":
        case "fifo":
          opts.onSkip({ path: arc, type: h.type });
          skipped.add(rel);
          break;
        default:
          opts.onSkip({ path: arc, type: "unknown" });
          skipped.add(rel);
      }
      entry.resume(); // drain whatever was not consumed (bodies of skipped entries)
      if (batch.full) yield batch.take()!;
    }
  } finally {
    input.destroy();
  }
  if (!rootDone) batch.add(encodeTarHeader({ name: "rootfs/", type: "directory", mode: 0o755, uid: 0, gid: 0, size: 0, mtime: opts.mtime ?? 0 }));
  batch.add(TAR_END);
  yield batch.take()!;
}

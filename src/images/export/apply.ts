/**
 * Applies image layers, in order, to a rootfs directory — what registry-image's `format: rootfs` does:
 *
 * - `.wh.<name>` deletes `<name>` from the lower layers; `.wh..wh..opq` empties its directory of
 *   everything the lower layers put there (entries of the same layer stay, before or after the marker);
 * - block and character devices are left out (the s3 resource's unprivileged tar cannot create them), and
 *   so are FIFOs; each is reported;
 * - paths with `..` that would leave the tree are refused, and a path through a symlink is resolved
 *   inside the rootfs (as a container would see it), never on the host;
 * - symlinks, hard links and directories are kept.
 *
 * Ownership, permission bits, mtimes and extended attributes (pax `SCHILY.xattr.*` records, e.g.
 * `security.capability` on ping) are NOT written to disk: they are recorded per path in `attrs` and
 * handed to the packer. An entry's xattrs are the whole set: a later layer's entry for the same path
 * replaces them (it may have none), a whiteout removes them with the path, and a hard link shares its
 * target's. So the export needs no root, keeps setuid bits and uid/gid exactly, and the
 * files on disk stay readable and writable by the user running it.
 */
import {
  createReadStream,
  createWriteStream,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  readSync,
  openSync,
  closeSync,
  rmSync,
  symlinkSync,
  type Stats,
} from "node:fs";
import * as path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import * as zlib from "node:zlib";
import { PipegenError } from "../../errors";
import type { SkippedEntry } from "../pack-sources";
import { PaxXattrScanner, type Xattrs } from "./pax-xattrs";
import { zstdDecompressor } from "./zstd";

/** What a tar header says about an entry, kept for the packer. */
export interface EntryAttributes {
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Seconds since the epoch. */
  readonly mtime: number;
  /** Extended attributes, raw values, names in byte order; absent when the entry has none. */
  readonly xattrs?: Xattrs;
}

type TarEntry = import("tar-stream").Extract extends AsyncIterable<infer T> ? T : never;

const MAX_SYMLINK_HOPS = 40; // Linux's limit
const DEFAULT_DIR: EntryAttributes = { mode: 0o755, uid: 0, gid: 0, mtime: 0 };

/** How a layer blob is compressed, from its first bytes (registry-image sniffs too: labels lie). */
export function sniffCompression(file: string): "gzip" | "zstd" | "tar" {
  const fd = openSync(file, "r");
  try {
    const b = Buffer.alloc(4);
    const n = readSync(fd, b, 0, 4, 0);
    if (n >= 2 && b[0] === 0x1f && b[1] === 0x8b) return "gzip";
    // a zstd frame, or a skippable frame (0x184D2A50-5F), which may come first in a valid zstd stream
    if (n >= 4 && (b.readUInt32LE(0) === 0xfd2fb528 || (b.readUInt32LE(0) & 0xfffffff0) === 0x184d2a50)) return "zstd";
    return "tar";
  } finally {
    closeSync(fd);
  }
}

/** The decompressed tar stream of a layer blob. */
export function layerTarStream(file: string, what: string, onBytes?: (n: number) => void): Readable {
  const kind = sniffCompression(file);
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const counted: Readable = onBytes
    ? raw.pipe(
        new Transform({
          transform(c: Buffer, _e, cb) {
            onBytes(c.length);
            cb(null, c);
          },
        }),
      )
    : raw;
  if (counted !== raw) raw.on("error", (err) => counted.destroy(err));
  if (kind === "tar") {
    counted.on("close", () => raw.destroy());
    return counted;
  }
  if (kind === "zstd") {
    const out = zstdDecompressor(counted, what);
    out.on("close", () => raw.destroy());
    return out;
  }
  const inflate = zlib.createGunzip() as unknown as Readable;
  counted.on("error", (err) => inflate.destroy(err));
  inflate.on("close", () => raw.destroy()); // a layer abandoned half-way must not keep its file open
  return counted.pipe(inflate as unknown as NodeJS.WritableStream) as unknown as Readable;
}

/** Builds a rootfs from layers; one instance per image. */
export class RootfsBuilder {
  /** Attributes by rootfs-relative path ("" is the root, "etc/passwd"), for the packer. */
  readonly attrs = new Map<string, EntryAttributes>();
  /** Paths created by the layer being applied (an opaque marker must not remove them). */
  private current = new Set<string>();
  /** Entries left out that no later layer removed, so hard links to them are skipped too. */
  private skippedPaths = new Map<string, SkippedEntry["type"]>();
  /** Raw xattrs of the layer being applied, by entry. */
  private xattrs: PaxXattrScanner | undefined;

  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    this.attrs.set("", DEFAULT_DIR);
  }

  /** Applies one layer (a decompressed tar stream). `what` names it in errors (`layer 2/3 sha256:…`). */
  async applyLayer(tar: Readable, what: string, signal?: AbortSignal): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: loaded only by the commands that need it
    const tarStream = require("tar-stream") as typeof import("tar-stream");
    const extract = tarStream.extract();
    // the scanner sees the bytes first, so an entry's xattrs are known by the time tar-stream emits it
    const scanner = new PaxXattrScanner();
    tar.on("error", (err) => extract.destroy(err));
    tar.pipe(scanner).pipe(extract as unknown as NodeJS.WritableStream);
    this.xattrs = scanner;
    this.current = new Set();
    try {
      for await (const entry of extract) {
        if (signal?.aborted) throw signal.reason ?? new Error("aborted");
        await this.applyEntry(entry, what);
      }
    } catch (err) {
      if (err instanceof PipegenError || signal?.aborted) throw err;
      throw new PipegenError("pipegen.layerFormat", `${what}: not a readable tar layer (${(err as Error).message})`, { cause: err });
    } finally {
      tar.destroy();
      scanner.destroy();
    }
  }

  private async applyEntry(entry: TarEntry, what: string): Promise<void> {
    const h = entry.header;
    const rel = normalizeEntryPath(h.name, what);
    const pax = (h.pax ?? {}) as Record<string, string | undefined>;
    const xattrs = this.xattrs?.xattrsAt((h as { byteOffset?: number }).byteOffset); // taken for every entry, so none pile up
    const attrs: EntryAttributes = {
      mode: (h.mode ?? 0o644) & 0o7777,
      uid: pax.uid !== undefined ? Number(pax.uid) : (h.uid ?? 0),
      gid: pax.gid !== undefined ? Number(pax.gid) : (h.gid ?? 0),
      mtime: pax.mtime !== undefined ? Math.floor(Number(pax.mtime)) : Math.floor((h.mtime?.getTime() ?? 0) / 1000),
      ...(xattrs ? { xattrs } : {}),
    };
    if (rel === "") {
      if (h.type === "directory") this.attrs.set("", attrs);
      entry.resume();
      return;
    }
    const base = path.posix.basename(rel);
    const dir = path.posix.dirname(rel) === "." ? "" : path.posix.dirname(rel);
    if (base.startsWith(".wh.")) {
      // whiteouts only remove: a directory that does not exist has nothing to hide
      const parent = this.resolveDir(dir, what, h.name, false);
      if (parent !== undefined && base === ".wh..wh..opq") this.clearOpaque(parent);
      else if (parent !== undefined) {
        const victim = parent === "" ? base.slice(4) : `${parent}/${base.slice(4)}`;
        if (!this.current.has(victim)) this.remove(victim);
      }
      entry.resume();
      return;
    }
    const parent = this.resolveDir(dir, what, h.name, true)!;
    const target = parent === "" ? base : `${parent}/${base}`;

    const full = path.join(this.root, target);
    const existing = lstatOrUndefined(full);
    if (existing && !(existing.isDirectory() && h.type === "directory")) this.remove(target);
    this.skippedPaths.delete(target);

    switch (h.type) {
      case "directory":
        if (!existing?.isDirectory()) mkdirSync(full, { mode: 0o700 });
        this.attrs.set(target, attrs);
        break;
      case "file":
      case "contiguous-file":
        await pipeline(entry as AsyncIterable<Buffer>, createWriteStream(full, { flags: "wx", mode: 0o600 }));
        this.attrs.set(target, attrs);
        break;
      case "symlink":
        symlinkSync(h.linkname ?? "", full);
        this.attrs.set(target, { ...attrs, mode: 0o777 });
        break;
      case "link": {
        const linkRel = normalizeEntryPath(h.linkname ?? "", what);
        const linkParent = this.resolveDir(path.posix.dirname(linkRel) === "." ? "" : path.posix.dirname(linkRel), what, h.linkname ?? "", false);
        const linkTarget =
          linkParent === undefined ? undefined : linkParent === "" ? path.posix.basename(linkRel) : `${linkParent}/${path.posix.basename(linkRel)}`;
        if (linkTarget !== undefined && this.skippedPaths.has(linkTarget)) {
          this.skip(target, "link-to-skipped");
          break;
        }
        const st = linkTarget === undefined ? undefined : lstatOrUndefined(path.join(this.root, linkTarget));
        if (!st || st.isDirectory() || linkTarget === undefined) {
          throw new PipegenError(
            "pipegen.layerFormat",
            `${what}: hard link '${h.name}' points to '${h.linkname}', which ${st ? "is a directory" : "does not exist"} in the image`,
          );
        }
        linkSync(path.join(this.root, linkTarget), full);
        this.attrs.set(target, this.attrs.get(linkTarget) ?? attrs);
        break;
      }
      case "character-device":
      case "block-device":
      case "fifo":
        this.skip(target, h.type);
        break;
      default:
        this.skip(target, "unknown");
    }
    this.current.add(target);
    entry.resume();
  }

  private skip(target: string, type: SkippedEntry["type"]): void {
    this.skippedPaths.set(target, type);
  }

  /** Entries of the final image that were left out, named as in the archive (`rootfs/dev/null`). */
  get skipped(): SkippedEntry[] {
    return [...this.skippedPaths].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([p, type]) => ({ path: `rootfs/${p}`, type }));
  }

  /**
   * Resolves a directory path of an entry inside the rootfs, following symlinks as the container would
   * (an absolute link target starts again at the rootfs, `..` stops at it), and creates missing
   * directories when `create` (else returns undefined for a missing one). Returns the real rootfs-relative path.
   */
  private resolveDir(rel: string, what: string, entryName: string, create: boolean): string | undefined {
    const todo = rel === "" ? [] : rel.split("/");
    let cur = "";
    let hops = 0;
    while (todo.length > 0) {
      const part = todo.shift()!;
      if (part === "" || part === ".") continue;
      if (part === "..") {
        cur = cur.includes("/") ? cur.slice(0, cur.lastIndexOf("/")) : "";
        continue;
      }
      const next = cur === "" ? part : `${cur}/${part}`;
      const full = path.join(this.root, next);
      const st = lstatOrUndefined(full);
      if (!st) {
        if (!create) return undefined;
        mkdirSync(full, { mode: 0o700 });
        this.attrs.set(next, DEFAULT_DIR);
        this.current.add(next);
        cur = next;
      } else if (st.isSymbolicLink()) {
        if (++hops > MAX_SYMLINK_HOPS) throw new PipegenError("pipegen.layerFormat", `${what}: too many levels of symbolic links under '${entryName}'`);
        const link = readlinkSync(full);
        if (link.startsWith("/")) cur = "";
        todo.unshift(...link.split("/"));
      } else if (st.isDirectory()) {
        cur = next;
      } else {
        if (!create) return undefined;
        throw new PipegenError("pipegen.layerFormat", `${what}: '${entryName}' needs '${next}' to be a directory, but it is a file in the image`);
      }
    }
    return cur;
  }

  /** Deletes a path (recursively) and the attributes recorded under it. */
  private remove(target: string): void {
    for (const s of this.skippedPaths.keys()) if (s === target || s.startsWith(`${target}/`)) this.skippedPaths.delete(s);
    const full = path.join(this.root, target);
    const st = lstatOrUndefined(full);
    if (!st) return;
    this.forget(target, st);
    rmSync(full, { recursive: true, force: true });
  }

  private forget(target: string, st: Stats): void {
    this.attrs.delete(target);
    this.skippedPaths.delete(target);
    if (!st.isDirectory()) return;
    const full = path.join(this.root, target);
    for (const name of readdirSync(full)) {
      const child = `${target}/${name}`;
      this.forget(child, lstatSync(path.join(full, name)));
    }
  }

  /** `.wh..wh..opq`: removes what lower layers put under `dir`, keeping this layer's own entries. */
  private clearOpaque(dir: string): void {
    const full = path.join(this.root, dir);
    for (const name of readdirSync(full)) {
      const child = dir === "" ? name : `${dir}/${name}`;
      if (!this.current.has(child)) {
        this.remove(child);
        continue;
      }
      const st = lstatSync(path.join(full, name));
      if (st.isDirectory()) this.clearOpaque(child);
    }
    // skipped entries below dir (devices) from lower layers are gone too
    for (const s of this.skippedPaths.keys()) if ((dir === "" || s.startsWith(`${dir}/`)) && !this.current.has(s)) this.skippedPaths.delete(s);
  }

  /** Attributes for the packer (`rel` relative to the rootfs). */
  attributesOf(rel: string): EntryAttributes | undefined {
    return this.attrs.get(rel);
  }
}

/** Entry names as layer tars write them (`./etc/x`, `etc/x`, `/etc/x`): '..' that climbs out is refused. */
export function normalizeEntryPath(name: string, what: string): string {
  const parts: string[] = [];
  for (const p of name.split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..") {
      if (parts.length === 0)
        throw new PipegenError("pipegen.layerEscape", `${what}: entry '${name}' would write outside the image's root; refusing the image`);
      parts.pop();
      continue;
    }
    parts.push(p);
  }
  return parts.join("/");
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

/**
 * Encodes tar headers (POSIX ustar, with a pax extended header when a field does not fit or the entry
 * has extended attributes).
 *
 * pipegen writes archives with this small encoder rather than tar-stream's packer because it needs full
 * control of a few fields that matter for images: uids/gids above 262143 (rootless and user-namespaced
 * images) and non-ASCII or long names go to a pax record instead of being truncated, directories always
 * end in '/', and owner names are never written (the archive is `--numeric-owner`, like the s3 resource
 * needs). Reading is left to tar-stream, which handles every dialect found in the wild.
 */
import { PipegenError } from "../errors";

/** Entry types pipegen writes. */
export type TarEntryType = "file" | "directory" | "symlink" | "link";

export interface TarHeader {
  /** Path inside the archive, without a leading '/'; directories get a trailing '/' here. */
  readonly name: string;
  readonly type: TarEntryType;
  /** Permission bits including setuid/setgid/sticky (`mode & 0o7777`). */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Bytes of data that follow (files only). */
  readonly size: number;
  /** Modification time in whole seconds since the epoch. */
  readonly mtime: number;
  /** Target of a symlink, or archive path of a hard link's first name. */
  readonly linkname?: string;
  /**
   * Extended attributes, written as pax `SCHILY.xattr.<name>` records (what GNU tar `--xattrs`, bsdtar
   * and Go's archive/tar read), in byte order of their names. Values are raw bytes.
   */
  readonly xattrs?: ReadonlyMap<string, Uint8Array>;
}

const TYPEFLAG: Record<TarEntryType, number> = { file: 0x30, link: 0x31, symlink: 0x32, directory: 0x35 };
const MAX_OCTAL_7 = 0o7777777;
const MAX_OCTAL_11 = 0o77777777777;

/** The zero padding that follows `size` bytes of entry data. */
export function tarPadding(size: number): Buffer {
  const rest = size % 512;
  return rest === 0 ? EMPTY : Buffer.alloc(512 - rest);
}
const EMPTY = Buffer.alloc(0);

/** The two zero blocks that end an archive. */
export const TAR_END = Buffer.alloc(1024);

/** Encodes one entry's header block(s): a pax header first when needed, then the ustar header. */
export function encodeTarHeader(h: TarHeader): Buffer {
  const name = h.type === "directory" && !h.name.endsWith("/") ? `${h.name}/` : h.name;
  const pax: [string, string | Uint8Array][] = [];
  const split = splitUstarName(name);
  if (!split) pax.push(["path", name]);
  const linkname = h.linkname ?? "";
  if (linkname && (!isAscii(linkname) || Buffer.byteLength(linkname) > 100)) pax.push(["linkpath", linkname]);
  if (h.uid > MAX_OCTAL_7) pax.push(["uid", String(h.uid)]);
  if (h.gid > MAX_OCTAL_7) pax.push(["gid", String(h.gid)]);
  if (h.size > MAX_OCTAL_11) pax.push(["size", String(h.size)]);
  if (h.mtime < 0 || h.mtime > MAX_OCTAL_11) pax.push(["mtime", String(h.mtime)]);
  if (h.xattrs && h.xattrs.size > 0) pax.push(...xattrRecords(name, h.xattrs));

  const main = ustarBlock({
    name: split?.name ?? asciiFallback(name, 100),
    prefix: split?.prefix ?? "",
    mode: h.mode & 0o7777,
    uid: h.uid > MAX_OCTAL_7 ? 0 : h.uid,
    gid: h.gid > MAX_OCTAL_7 ? 0 : h.gid,
    size: h.size > MAX_OCTAL_11 ? 0 : h.size,
    mtime: h.mtime < 0 || h.mtime > MAX_OCTAL_11 ? 0 : h.mtime,
    typeflag: TYPEFLAG[h.type],
    linkname: pax.some(([k]) => k === "linkpath") ? asciiFallback(linkname, 100) : linkname,
  });
  if (pax.length === 0) return main;
  const body = encodePaxRecords(pax);
  const paxHeader = ustarBlock({
    name: asciiFallback(`PaxHeaders/${name.replace(/\/$/, "")}`, 100),
    prefix: "",
    mode: 0o644,
    uid: 0,
    gid: 0,
    size: body.length,
    mtime: Math.min(Math.max(h.mtime, 0), MAX_OCTAL_11),
    typeflag: 0x78, // 'x': extended header for the next entry
    linkname: "",
  });
  return Buffer.concat([paxHeader, body, tarPadding(body.length), main]);
}

function xattrRecords(entry: string, xattrs: ReadonlyMap<string, Uint8Array>): [string, Uint8Array][] {
  const names = [...xattrs.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return names.map((n) => {
    // a pax key ends at the first '=', and NUL ends the name for the kernel: such a name cannot be kept
    if (n === "" || n.includes("=") || n.includes("\0"))
      throw new PipegenError("pipegen.packInput", `${entry}: extended attribute name '${n}' cannot be written to a tar archive`);
    return [`SCHILY.xattr.${n}`, xattrs.get(n)!];
  });
}

/** pax records: "<len> <key>=<value>\n", where len counts the whole record including itself. */
function encodePaxRecords(records: [string, string | Uint8Array][]): Buffer {
  const parts = records.map(([k, v]) => {
    const value = typeof v === "string" ? Buffer.from(v) : v; // xattr values are bytes, kept as they are
    const n = Buffer.byteLength(` ${k}=`) + value.length + 1;
    let len = n + String(n).length;
    if (String(len).length !== String(n).length) len = n + String(len).length;
    return Buffer.concat([Buffer.from(`${len} ${k}=`), value, Buffer.from("\n")]);
  });
  return Buffer.concat(parts);
}

/** Splits a path into ustar's name (≤100 bytes) and prefix (≤155 bytes), or null if it cannot. */
function splitUstarName(name: string): { name: string; prefix: string } | null {
  if (!isAscii(name)) return null;
  if (name.length <= 100) return { name, prefix: "" };
  // the prefix ends at a '/', which is not stored; a trailing '/' of a directory stays in name
  for (let i = name.length - 1; i > 0; i--) {
    if (name[i] !== "/" || i === name.length - 1) continue;
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (prefix.length <= 155 && rest.length <= 100 && rest.length > 0) return { name: rest, prefix };
  }
  return null;
}

function isAscii(s: string): boolean {
  return /^[\x01-\x7f]*$/.test(s);
}

/** A readable stand-in for readers without pax support. */
function asciiFallback(s: string, max: number): string {
  const ascii = s.replace(/[^\x20-\x7e]/g, "_");
  return ascii.length <= max ? ascii : ascii.slice(ascii.length - max);
}

interface Block {
  name: string;
  prefix: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: number;
  linkname: string;
}

function ustarBlock(b: Block): Buffer {
  const buf = Buffer.alloc(512);
  buf.write(b.name, 0, 100, "latin1");
  octal(buf, 100, 8, b.mode);
  octal(buf, 108, 8, b.uid);
  octal(buf, 116, 8, b.gid);
  octal(buf, 124, 12, b.size);
  octal(buf, 136, 12, b.mtime);
  buf.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  buf[156] = b.typeflag;
  buf.write(b.linkname, 157, 100, "latin1");
  buf.write("ustar\x0000", 257, 8, "latin1");
  // uname/gname (265, 297) stay empty: owners are numeric
  octal(buf, 329, 8, 0);
  octal(buf, 337, 8, 0);
  buf.write(b.prefix, 345, 155, "latin1");
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += buf[i]!;
  buf.write(sum.toString(8).padStart(6, "0") + "\x00 ", 148, 8, "latin1");
  return buf;
}

/** Zero-padded octal number followed by a NUL, filling `width` bytes. */
function octal(buf: Buffer, offset: number, width: number, value: number): void {
  buf.write(
    Math.trunc(value)
      .toString(8)
      .padStart(width - 1, "0") + "\x00",
    offset,
    width,
    "latin1",
  );
}

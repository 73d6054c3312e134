/**
 * Extended attributes of layer entries, read from their pax `SCHILY.xattr.<name>` records as raw bytes.
 *
 * tar-stream (which reads the layers) decodes pax values as UTF-8, which mangles binary values:
 * `security.capability` with `cap_setuid`, or an ACL's 0xffffffff ids, would come out as U+FFFD. So this
 * transform sits in front of the extractor and walks the same byte stream with the same framing rules
 * tar-stream uses, keeping, for each entry that has xattrs, its raw values keyed by the stream offset just
 * after the entry's own header block — which tar-stream reports as `header.byteOffset`. Keying by offset
 * (rather than counting entries) means a framing disagreement can only lose xattrs, never move them to
 * another file. It never fails the stream: errors in the tar are tar-stream's to report.
 */
import { Transform, type TransformCallback } from "node:stream";

/** Extended attributes by name (`security.capability`, `user.foo`), values as raw bytes. */
export type Xattrs = ReadonlyMap<string, Buffer>;

const BLOCK = 512;
const MAX_PAX = 1 << 20; // tar-stream refuses larger long headers; nothing to keep beyond that
const XATTR_PREFIX = "SCHILY.xattr.";

interface PaxRecords {
  size?: string;
  xattrs?: Map<string, Buffer>;
}

export class PaxXattrScanner extends Transform {
  private readonly found = new Map<number, Xattrs>();
  private offset = 0; // stream offset of the first byte not yet looked at
  private header: Buffer = Buffer.alloc(0); // a header block being collected
  private skip = 0; // bytes of data (plus padding) still to pass over
  private pax: { type: "x" | "g"; missing: number; parts: Buffer[] } | undefined; // a pax body being collected
  private local: PaxRecords | undefined;
  private global: PaxRecords | undefined;
  private broken = false;

  /** The xattrs of the entry whose header ended at `byteOffset` (tar-stream's `header.byteOffset`); forgets them. */
  xattrsAt(byteOffset: number | undefined): Xattrs | undefined {
    if (byteOffset === undefined) return undefined;
    const x = this.found.get(byteOffset);
    this.found.delete(byteOffset);
    return x;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (!this.broken) {
      try {
        this.scan(chunk);
      } catch {
        this.broken = true; // not a tar we understand: tar-stream will say so, or read it without us
      }
    }
    cb(null, chunk);
  }

  private scan(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length && !this.broken) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        this.offset += n;
        continue;
      }
      if (this.pax) {
        const n = Math.min(this.pax.missing, chunk.length - i);
        this.pax.parts.push(chunk.subarray(i, i + n));
        this.pax.missing -= n;
        i += n;
        this.offset += n;
        if (this.pax.missing === 0) this.endPax();
        continue;
      }
      const n = Math.min(BLOCK - this.header.length, chunk.length - i);
      this.header = this.header.length === 0 && n === BLOCK ? chunk.subarray(i, i + n) : Buffer.concat([this.header, chunk.subarray(i, i + n)]);
      i += n;
      this.offset += n;
      if (this.header.length === BLOCK) {
        const block = this.header;
        this.header = Buffer.alloc(0);
        this.onHeader(block);
      }
    }
  }

  /** One header block, read the way tar-stream's extract reads it. */
  private onHeader(b: Buffer): void {
    const sum = checksum(b);
    if (sum === 8 * 32) return; // an empty block: tar-stream skips it
    if (sum !== octal(b, 148, 8)) {
      this.broken = true;
      return;
    }
    const flag = b[156]!;
    let size = octal(b, 124, 12);
    if (!(size >= 0)) {
      this.broken = true;
      return;
    }
    if (flag === 0x78 /* x */ || flag === 0x67 /* g */) {
      if (size > MAX_PAX) {
        this.broken = true;
        return;
      }
      // (tar-stream never reads a pax body of size 0, so neither does this)
      if (size > 0) this.pax = { type: flag === 0x78 ? "x" : "g", missing: size, parts: [] };
      return;
    }
    if (flag === 0x4c /* L */ || flag === 0x4b /* K */) {
      this.skip = padded(size); // GNU long names: not entries of their own
      return;
    }
    // a real entry: tar-stream applies the pending local pax (merged over the global one) to it
    const records = this.local;
    this.local = undefined;
    if (records?.size) size = parseInt(records.size, 10);
    if (!(size >= 0)) {
      this.broken = true;
      return;
    }
    if (records?.xattrs && records.xattrs.size > 0) this.found.set(this.offset, sortedXattrs(records.xattrs));
    // tar-stream reads no data for directories, whatever their size says (and so must we, to stay in step)
    const isDirectory = flag === 0x35 || ((flag === 0 || flag === 0x30) && nameEndsWithSlash(b));
    this.skip = isDirectory ? 0 : padded(size);
  }

  private endPax(): void {
    const p = this.pax!;
    this.pax = undefined;
    const total = p.parts.reduce((n, x) => n + x.length, 0);
    const records = parsePaxRecords(Buffer.concat(p.parts, total));
    this.skip = padded(total) - total;
    // a global header's xattrs are not any file's (Go returns it as an entry of its own); its size
    // override is merged into the next local header's, as tar-stream does
    if (p.type === "g") this.global = records.size !== undefined ? { size: records.size } : {};
    else this.local = this.global ? { ...this.global, ...records } : records;
  }
}

/**
 * pax records (`<len> <key>=<value>\n`, len counting the whole record) with xattr values kept as bytes.
 * Only what matters here is kept: the size override and `SCHILY.xattr.*` (as Go's archive/tar and GNU tar
 * write them). Go and tar-stream stop at the first malformed record; so does this.
 */
export function parsePaxRecords(buf: Buffer): PaxRecords {
  const out: PaxRecords = {};
  let pos = 0;
  while (pos < buf.length) {
    const space = buf.indexOf(0x20, pos);
    if (space < 0) break;
    const len = parseInt(buf.toString("latin1", pos, space), 10);
    if (!(len > space - pos) || pos + len > buf.length) break;
    const rec = buf.subarray(space + 1, pos + len - 1); // without the trailing newline
    const eq = rec.indexOf(0x3d);
    if (eq < 0) break;
    const key = rec.toString("utf8", 0, eq);
    if (key === "size") out.size = rec.toString("latin1", eq + 1);
    else if (key.startsWith(XATTR_PREFIX) && key.length > XATTR_PREFIX.length) {
      (out.xattrs ??= new Map()).set(key.slice(XATTR_PREFIX.length), Buffer.from(rec.subarray(eq + 1)));
    }
    pos += len;
  }
  return out;
}

/** Xattrs in byte order of their names, so archives come out the same whatever order the layer had. */
export function sortedXattrs(x: Xattrs): Xattrs {
  return new Map([...x].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
}

function padded(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

function checksum(b: Buffer): number {
  let sum = 8 * 32; // the checksum field counts as spaces
  for (let i = 0; i < 148; i++) sum += b[i]!;
  for (let i = 156; i < BLOCK; i++) sum += b[i]!;
  return sum;
}

/** Whether the ustar name (with its prefix, as tar-stream joins them) ends in '/': an old-style directory. */
function nameEndsWithSlash(b: Buffer): boolean {
  const end = b.subarray(0, 100).indexOf(0);
  const len = end < 0 ? 100 : end;
  if (len > 0) return b[len - 1] === 0x2f;
  const ustar = b.toString("latin1", 257, 263) === "ustar\0";
  return ustar && b[345] !== 0; // "<prefix>/" + an empty name
}

/**
 * A numeric header field as tar-stream decodes it: base-256 when the high bit is set, else octal text
 * after leading spaces, up to the next space, leading NULs skipped (NaN when it is not a number).
 */
function octal(b: Buffer, off: number, len: number): number {
  const f = b.subarray(off, off + len);
  if (f[0]! & 0x80) {
    if (f[0] !== 0x80) return NaN; // negative: never a size or a checksum
    let v = 0;
    for (let i = 1; i < f.length; i++) v = v * 256 + f[i]!;
    return v;
  }
  let start = 0;
  while (start < f.length && f[start] === 0x20) start++;
  let end = f.indexOf(0x20, start);
  if (end < 0) end = f.length;
  while (start < end && f[start] === 0) start++;
  if (start === end) return 0;
  return parseInt(f.toString("latin1", start, end), 8);
}

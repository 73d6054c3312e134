/**
 * zstd decompression of layer blobs (`application/vnd.oci.image.layer.v1.tar+zstd`).
 *
 * node:zlib has a zstd decoder from Node.js 22.15 / 23.8; pipegen supports Node 20, so where it is missing
 * the blob is decoded in JavaScript by fzstd (a small pure-JS decoder, no native code, no WASM). fzstd decodes
 * whole blocks, and one call of its `push` decodes every complete block it is given: a megabyte of input made
 * of RLE blocks (a sparse file of zeros) would come out as gigabytes at once. So the blob is cut here at
 * zstd's own boundaries (frame header, one block at a time, checksum) and each block's output is handed on
 * before the next block is decoded: memory stays at one block plus the frame's window, however big the layer.
 *
 * Cutting the frames here also gives what the errors need: truncated data, a bad frame, a window larger than
 * zstd's default decoding limit (128 MiB, the same limit node:zlib and the zstd CLI apply) are each reported
 * as one line naming the layer. Skippable frames are dropped here; concatenated frames decode in order.
 * fzstd does not check a frame's XXH64 content checksum (which `zstd` writes by default), and without it most
 * corruptions decode to wrong bytes without an error; so it is checked here, with xxhash-wasm. (Blobs are
 * checked against their sha256 digest as they download; this is about blobs that were pushed corrupted.)
 */
import { Readable, Transform } from "node:stream";
import * as zlib from "node:zlib";
import { PipegenError } from "../../errors";

type ZstdZlib = typeof zlib & { createZstdDecompress?: () => Transform };

const ZSTD_MAGIC = 0xfd2fb528;
/** zstd's default `windowLogMax` for decoding (ZSTD_WINDOWLOG_LIMIT_DEFAULT): larger windows need `--long=N` on the CLI too. */
const MAX_WINDOW = 2 ** 27;

/** Whether node:zlib in the running Node.js can decode zstd. */
export function hasNativeZstd(): boolean {
  return typeof (zlib as ZstdZlib).createZstdDecompress === "function";
}

/**
 * A decoder from a zstd blob to its content: node:zlib's when the running Node.js has one (unless `js`),
 * otherwise the streaming JS decoder. Errors come out as one-line PipegenErrors naming `what`.
 */
export function zstdDecompressor(input: Readable, what: string, opts: { js?: boolean } = {}): Readable {
  if (!opts.js && hasNativeZstd()) {
    const native = (zlib as ZstdZlib).createZstdDecompress!();
    const out = new Transform({ transform: (c: Buffer, _e, cb) => cb(null, c) });
    input.on("error", (err) => out.destroy(err));
    // node:zlib says "unexpected end of file" (Z_BUF_ERROR) for a cut-off stream: the same answer as the JS decoder's
    native.on("error", (err) => {
      const truncated = (err as NodeJS.ErrnoException).code === "Z_BUF_ERROR" || /unexpected end of file/i.test((err as Error).message);
      out.destroy(zstdError(what, truncated ? TRUNCATED : (err as Error).message, err));
    });
    out.on("close", () => {
      native.destroy();
      input.destroy();
    });
    return input.pipe(native).pipe(out);
  }
  const out = Readable.from(decodeJs(input, what), { objectMode: false, highWaterMark: 1 << 20 });
  out.on("close", () => input.destroy()); // a layer abandoned half-way must not keep its file open
  return out;
}

const TRUNCATED = "the data ends in the middle of a frame: the layer is truncated";

function zstdError(what: string, detail: string, cause?: unknown): PipegenError {
  return new PipegenError("pipegen.layerFormat", `${what}: not valid zstd data (${detail})`, cause === undefined ? {} : { cause });
}

/**
 * Decodes a zstd stream block by block, yielding each block's output before reading further. Each frame gets
 * its own fzstd decoder, ended at the frame's end, so a frame's output is all out when its checksum is checked.
 */
async function* decodeJs(input: AsyncIterable<Buffer>, what: string): AsyncGenerator<Buffer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: loaded only by the commands that need it
  const { Decompress } = require("fzstd") as typeof import("fzstd");
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: loaded only by the commands that need it
  const xxhash = require("xxhash-wasm") as typeof import("xxhash-wasm").default; // CommonJS: the module is the function
  const { create64 } = await xxhash();
  const produced: Uint8Array[] = [];
  let hash: ReturnType<typeof create64> | undefined;
  const decoder = (): InstanceType<typeof Decompress> =>
    new Decompress((data) => {
      if (data.length === 0) return;
      hash?.update(data);
      produced.push(data);
    });
  let frame = decoder();
  const push = (unit: Uint8Array, final: boolean): void => {
    try {
      frame.push(unit, final);
    } catch (err) {
      const e = err as Error & { code?: number };
      // fzstd's code 5 is "unexpected EOF": a block ends before its content does
      throw zstdError(what, e.code === 5 ? "a block is shorter than its content" : e.message, e);
    }
  };
  const cutter = new FrameCutter(what);
  for await (const chunk of input) {
    for (const unit of cutter.units(chunk)) {
      if (unit.kind === "header") {
        frame = decoder();
        hash = unit.checksum ? create64() : undefined;
      }
      push(unit.data, unit.kind === "end" || unit.kind === "last-block");
      if (unit.kind === "end" && hash) {
        const want = unit.data.readUInt32LE(0);
        const got = Number(hash.digest() & 0xffffffffn);
        if (want !== got) throw zstdError(what, `the content checksum of the frame ending at byte ${cutter.consumed} does not match: the data is corrupted`);
      }
      while (produced.length > 0) {
        const d = produced.shift()!;
        yield Buffer.from(d.buffer, d.byteOffset, d.length);
      }
    }
  }
  cutter.end();
}

/** A piece of a zstd stream: a frame header, a block, the frame's last block (no checksum follows), a checksum. */
interface Unit {
  readonly kind: "header" | "block" | "last-block" | "end";
  readonly data: Buffer;
  /** Whether the current frame ends with a content checksum. */
  readonly checksum: boolean;
}

/**
 * Cuts a zstd stream into the units the decoder is fed: a frame header, one block (header and content), a
 * frame checksum. Skippable frames are dropped. Checks only framing; the decoder checks the blocks.
 */
class FrameCutter {
  private pending: Buffer = Buffer.alloc(0);
  /** Where in the frame the next unit starts. */
  private state: "frame" | "block" | "checksum" | "skip" = "frame";
  private checksum = false;
  private skip = 0;
  private offset = 0; // bytes of the blob consumed, for messages

  constructor(private readonly what: string) {}

  *units(chunk: Buffer): Generator<Unit> {
    let buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let at = 0;
    for (;;) {
      const n = this.next(buf, at);
      if (n === undefined) break;
      this.offset += n.size;
      if (n.kind !== "skip") yield { kind: n.kind, data: buf.subarray(at, at + n.size), checksum: this.checksum };
      at += n.size;
    }
    // keep the unfinished unit (at most one block, ≤ 2 MiB by its 21-bit size field)
    buf = buf.subarray(at);
    this.pending = buf.length > 0 ? Buffer.from(buf) : Buffer.alloc(0);
  }

  /** The end of the blob: anything but a finished frame means it was cut short. */
  end(): void {
    if (this.state !== "frame" || this.pending.length > 0) {
      throw new PipegenError("pipegen.layerFormat", `${this.what}: not valid zstd data (${TRUNCATED})`);
    }
  }

  /** Bytes of the blob cut into units so far. */
  get consumed(): number {
    return this.offset;
  }

  /** The size and kind of the next whole unit at `at`; undefined if it is not all there yet. */
  private next(buf: Buffer, at: number): { size: number; kind: Unit["kind"] | "skip" } | undefined {
    const left = buf.length - at;
    switch (this.state) {
      case "skip": {
        if (left === 0) return undefined;
        const size = Math.min(left, this.skip);
        this.skip -= size;
        if (this.skip === 0) this.state = "frame";
        return { size, kind: "skip" };
      }
      case "checksum":
        if (left < 4) return undefined;
        this.state = "frame";
        return { size: 4, kind: "end" };
      case "block": {
        if (left < 3) return undefined;
        const h = buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16);
        const last = h & 1;
        const type = (h >> 1) & 3;
        const size = h >>> 3;
        if (type === 3) throw this.bad("a block of the reserved type 3");
        const total = 3 + (type === 1 ? 1 : size);
        if (left < total) return undefined;
        if (!last) return { size: total, kind: "block" };
        this.state = this.checksum ? "checksum" : "frame";
        return { size: total, kind: this.checksum ? "block" : "last-block" };
      }
      case "frame": {
        if (left < 4) return undefined;
        const magic = buf.readUInt32LE(at);
        if ((magic & 0xfffffff0) === 0x184d2a50) {
          if (left < 8) return undefined;
          this.skip = buf.readUInt32LE(at + 4);
          this.state = this.skip > 0 ? "skip" : "frame";
          return { size: 8, kind: "skip" };
        }
        if (magic !== ZSTD_MAGIC) throw this.bad(this.offset === 0 ? "no zstd frame at the start" : `no zstd frame after byte ${this.offset}`);
        if (left < 5) return undefined;
        const fhd = buf[at + 4]!;
        if (fhd & 0x08) throw this.bad("a frame header with the reserved bit set");
        const single = (fhd >> 5) & 1;
        const dictBytes = [0, 1, 2, 4][fhd & 3]!;
        const fcsBytes = [single, 2, 4, 8][fhd >> 6]!;
        const size = 5 + (single ? 0 : 1) + dictBytes + fcsBytes;
        if (left < size) return undefined;
        if (dictBytes > 0 && buf.readUIntLE(at + 5 + (single ? 0 : 1), dictBytes) !== 0)
          throw this.bad("a frame that needs a zstd dictionary, which image layers do not have");
        let window: number;
        if (!single) {
          const wd = buf[at + 5]!;
          const base = 2 ** (10 + (wd >> 3));
          window = base + (base / 8) * (wd & 7);
        } else {
          const p = at + 5 + dictBytes;
          window =
            fcsBytes === 1 ? buf[p]! : fcsBytes === 2 ? buf.readUInt16LE(p) + 256 : fcsBytes === 4 ? buf.readUInt32LE(p) : Number(buf.readBigUInt64LE(p));
        }
        if (window > MAX_WINDOW) {
          throw this.bad(
            `a frame needs a ${Math.ceil(window / 2 ** 20)} MiB window; zstd decoders accept up to 128 MiB unless told otherwise (zstd --long=N or --memory), and so does pipegen`,
          );
        }
        this.checksum = ((fhd >> 2) & 1) === 1;
        this.state = "block";
        return { size, kind: "header" };
      }
    }
  }

  private bad(detail: string): PipegenError {
    return new PipegenError("pipegen.layerFormat", `${this.what}: not valid zstd data (${detail})`);
  }
}

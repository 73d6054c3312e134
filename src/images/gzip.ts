/**
 * Parallel gzip (the pigz technique): the input is cut into fixed blocks, each block is deflated on the
 * libuv thread pool with the previous 32 KiB as its dictionary and ended with a sync flush, and the
 * pieces are joined into ONE ordinary gzip member. Any gunzip reads it; the s3 resource's `gunzip` does.
 *
 * Why: gzip is the bottleneck of packing (GNU `tar -czf` runs tar and gzip as two processes). Spreading
 * it over the cores keeps pipegen at least as fast as tar on a 2-core machine. The output depends only on
 * the input bytes, the level and the block size, so `--reproducible` archives stay byte-identical.
 */
import { Transform, type TransformCallback } from "node:stream";
import * as zlib from "node:zlib";
import { availableParallelism } from "node:os";

const BLOCK = 1 << 20; // 1 MiB input per job: large enough to amortize the dictionary, small enough to pipeline
const DICT = 32 * 1024;

export interface ParallelGzipOptions {
  /** 1–9. @default 6 */
  readonly level?: number;
  /** Jobs in flight. @default the number of cores (at least 2) */
  readonly jobs?: number;
}

/** A Transform that gzips its input using several threads. */
export function parallelGzip(opts: ParallelGzipOptions = {}): Transform {
  return new ParallelGzip(opts.level ?? 6, opts.jobs ?? Math.max(2, availableParallelism()));
}

class ParallelGzip extends Transform {
  private pending: Buffer[] = [];
  private pendingSize = 0;
  private prevTail: Buffer | undefined;
  private inFlight: Promise<Buffer>[] = [];
  private crc = 0;
  private length = 0;
  private headerSent = false;
  private startedAny = false;

  constructor(
    private readonly level: number,
    private readonly jobs: number,
  ) {
    super({ highWaterMark: BLOCK, readableHighWaterMark: BLOCK });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.pending.push(chunk);
    this.pendingSize += chunk.length;
    this.drainBlocks(false).then(() => cb(), cb);
  }

  override _flush(cb: TransformCallback): void {
    this.drainBlocks(true).then(() => {
      const trailer = Buffer.alloc(8);
      trailer.writeUInt32LE(this.crc >>> 0, 0);
      trailer.writeUInt32LE(this.length % 2 ** 32, 4);
      this.push(trailer);
      cb();
    }, cb);
  }

  /** Starts jobs for every full block (and the final partial one), keeping at most `jobs` in flight. */
  private async drainBlocks(final: boolean): Promise<void> {
    if (!this.headerSent) {
      // magic, deflate, no flags, mtime 0 (reproducible), extra flags as zlib sets them, OS = Unix
      this.push(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, this.level === 9 ? 2 : this.level === 1 ? 4 : 0, 3]));
      this.headerSent = true;
    }
    while (this.pendingSize >= BLOCK || (final && (this.pendingSize > 0 || !this.startedAny))) {
      const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingSize);
      const block = all.subarray(0, Math.min(BLOCK, all.length));
      const rest = all.subarray(block.length);
      this.pending = rest.length > 0 ? [rest] : [];
      this.pendingSize = rest.length;
      const last = final && this.pendingSize === 0;
      this.startJob(block, last);
      while (this.inFlight.length >= this.jobs) this.push(await this.inFlight.shift()!);
    }
    if (final) while (this.inFlight.length > 0) this.push(await this.inFlight.shift()!);
  }

  private startJob(block: Buffer, last: boolean): void {
    this.startedAny = true;
    this.crc = crc32(block, this.crc);
    this.length += block.length;
    const dictionary = this.prevTail;
    // keep a copy: the block's memory may be reused by the producer once the job is queued
    this.prevTail = Buffer.from(block.subarray(Math.max(0, block.length - DICT)));
    const options: zlib.ZlibOptions = { level: this.level, finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH };
    if (dictionary) options.dictionary = dictionary;
    this.inFlight.push(new Promise((resolve, reject) => zlib.deflateRaw(block, options, (err, out) => (err ? reject(err) : resolve(out)))));
  }
}

type Crc32 = (data: Buffer, value?: number) => number;
const nativeCrc32 = (zlib as unknown as { crc32?: Crc32 }).crc32;
let table: Uint32Array | undefined;

/** CRC-32 as gzip uses it; zlib's native one where Node has it (≥ 20.15), a table-driven fallback otherwise. */
export function crc32(data: Buffer, prev = 0): number {
  if (nativeCrc32) return nativeCrc32(data, prev);
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = ~prev >>> 0;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

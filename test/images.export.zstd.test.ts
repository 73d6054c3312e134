// zstd layers, made by the real zstd CLI, applied through layerTarStream + RootfsBuilder exactly as the export
// does: the rootfs (tree, contents, kept attributes) must equal the one from the same tar gzip-compressed. On a
// Node.js without zstd in node:zlib (Node 20) that is the pure-JS decoder; the JS decoder is also driven
// directly, so these tests mean something where node:zlib has zstd too. Broken blobs must fail in one line
// that names the layer.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { lstatSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { Readable } from "node:stream";
import * as zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { PipegenError } from "../src/errors";
import { layerTarStream, RootfsBuilder, sniffCompression } from "../src/images/export/apply";
import { hasNativeZstd, zstdDecompressor } from "../src/images/export/zstd";
import { rawTar, type RawEntry } from "./fixtures/export/registry";
import { tempDir } from "./fixtures/images/trees";

const dir = tempDir("export-zstd");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** ~2.6 MB of text that compresses like real files: many zstd blocks, and more than one 1 MiB read. */
const big = Array.from(
  { length: 40_000 },
  (_, i) =>
    `line ${i} ${createHash("sha1")
      .update(String(i % 977))
      .digest("hex")}\n`,
).join("");
const ENTRIES: RawEntry[] = [
  { name: "etc/", type: "directory", mode: 0o755 },
  { name: "etc/passwd", body: "root:x:0:0:root:/root:/bin/sh\n", mode: 0o644 },
  { name: "etc/shadow", body: "root:*:19000:0:99999:7:::\n", mode: 0o640, gid: 42 },
  { name: "usr/bin/", type: "directory" },
  { name: "usr/bin/ping", body: "\x7fELF not really", mode: 0o4755 },
  { name: "usr/bin/ping6", type: "link", linkname: "usr/bin/ping" },
  { name: "bin", type: "symlink", linkname: "usr/bin" },
  { name: "var/lib/big.txt", body: big, mode: 0o600, uid: 1000, gid: 1000 },
  { name: "tmp/", type: "directory", mode: 0o1777 },
  { name: "empty", body: "" },
];
let layerTar: Buffer | undefined;
const tarOf = async (): Promise<Buffer> => (layerTar ??= await rawTar(ENTRIES));

const zstd = (input: Buffer, ...args: string[]): Buffer => execFileSync("zstd", ["-q", "-c", ...args], { input, maxBuffer: 1 << 28 });
/** A skippable frame (magic 0x184D2A5?), which decoders must step over. */
const skippable = (payload: Buffer): Buffer => {
  const h = Buffer.alloc(8);
  h.writeUInt32LE(0x184d2a53, 0);
  h.writeUInt32LE(payload.length, 4);
  return Buffer.concat([h, payload]);
};

function blob(data: Buffer, name: string): string {
  const file = path.join(dir, `${n++}-${name}`);
  writeFileSync(file, data);
  return file;
}

interface Applied {
  root: string;
  b: RootfsBuilder;
}

/** Applies a layer file the way the export does (sniffed, decompressed, streamed into the builder). */
async function applyFile(file: string, what = "layer 1/1 sha256:0123456789ab"): Promise<Applied> {
  const root = path.join(dir, `r${n++}`, "rootfs");
  const b = new RootfsBuilder(root);
  await b.applyLayer(layerTarStream(file, what), what);
  return { root, b };
}

/** Applies a zstd blob through the pure-JS decoder, whatever node:zlib offers. */
async function applyJs(data: Buffer, what = "layer 1/1 sha256:0123456789ab"): Promise<Applied> {
  const root = path.join(dir, `r${n++}`, "rootfs");
  const b = new RootfsBuilder(root);
  await b.applyLayer(zstdDecompressor(Readable.from(chunks(data, 65_536)), what, { js: true }), what);
  return { root, b };
}

/** Splits into reads of `size` bytes, so frames and blocks straddle reads. */
const chunks = (data: Buffer, size: number): Buffer[] =>
  Array.from({ length: Math.ceil(data.length / size) }, (_, i) => data.subarray(i * size, (i + 1) * size));

/** Everything the export keeps of a rootfs: paths, kinds, link targets, content hashes, inode sharing, attributes. */
function snapshot({ root, b }: Applied): unknown[] {
  const out: unknown[] = [];
  const inodes = new Map<number, string>();
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(root, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const full = path.join(root, r);
      const st = lstatSync(full);
      const kind = st.isDirectory() ? "dir" : st.isSymbolicLink() ? `-> ${readlinkSync(full)}` : createHash("sha256").update(readFileSync(full)).digest("hex");
      const sameAs = st.isFile() ? inodes.get(st.ino) : undefined;
      if (st.isFile() && !sameAs) inodes.set(st.ino, r);
      out.push([r, kind, sameAs ?? "", b.attributesOf(r)]);
      if (st.isDirectory()) walk(r);
    }
  };
  walk("");
  return out;
}

let gzipSnapshot: unknown[] | undefined;
async function expected(): Promise<unknown[]> {
  if (!gzipSnapshot) {
    const file = blob(zlib.gzipSync(await tarOf()), "layer.tar.gz");
    expect(sniffCompression(file)).toBe("gzip");
    gzipSnapshot = snapshot(await applyFile(file));
    expect(gzipSnapshot.length).toBe(13); // the fixture itself is what we think it is
  }
  return gzipSnapshot;
}

/** The one line a broken blob must give, and nothing applied past it. */
async function expectLayerError(p: Promise<unknown>, detail: RegExp): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PipegenError);
  const e = err as PipegenError;
  expect(e.code).toBe("pipegen.layerFormat");
  expect(e.message).not.toContain("\n");
  expect(e.message).toMatch(/^layer 1\/1 sha256:0123456789ab: /);
  expect(e.message).toMatch(detail);
}

describe("zstd layers", () => {
  it(`are decoded by ${hasNativeZstd() ? "node:zlib" : "the pure-JS decoder"} on this Node.js (${process.version}), as the gzip layer`, async () => {
    // engines says node >= 20: on 20 there is no zstd in node:zlib, so this is the JS path
    if (Number(process.versions.node.split(".")[0]) === 20) expect(hasNativeZstd()).toBe(false);
    const file = blob(zstd(await tarOf()), "layer.tar.zst");
    expect(sniffCompression(file)).toBe("zstd");
    expect(snapshot(await applyFile(file))).toEqual(await expected());
  });

  it("the JS decoder: one frame, level 19, --long (128 MiB window), no checksum", async () => {
    const tar = await tarOf();
    for (const args of [[], ["-19"], ["--long"], ["--no-check"]]) {
      expect(snapshot(await applyJs(zstd(tar, ...args))), args.join(" ")).toEqual(await expected());
    }
  });

  it("the JS decoder: frames concatenated (split mid-entry), with skippable frames before, between and after", async () => {
    const tar = await tarOf();
    const cut = 1_000_003; // inside big.txt's content
    const multi = Buffer.concat([zstd(tar.subarray(0, cut)), zstd(tar.subarray(cut, cut + 7)), zstd(tar.subarray(cut + 7))]);
    expect(snapshot(await applyJs(multi))).toEqual(await expected());
    // the zstd CLI agrees that this is one valid stream
    expect(execFileSync("zstd", ["-q", "-dc"], { input: multi, maxBuffer: 1 << 28 }).equals(tar)).toBe(true);
    const withSkips = Buffer.concat([
      skippable(Buffer.from("pipegen")),
      zstd(tar.subarray(0, cut)),
      skippable(Buffer.alloc(0)),
      zstd(tar.subarray(cut)),
      skippable(Buffer.alloc(300_000, 7)),
    ]);
    expect(snapshot(await applyJs(withSkips))).toEqual(await expected());
    // and through the export's own path (a file on disk)
    expect(snapshot(await applyFile(blob(withSkips, "skips.zst")))).toEqual(await expected());
  });

  it("the JS decoder streams: a layer of 1 GiB of zeros in 40 kB of zstd is decoded as it is read, not all at once", async () => {
    const zeros = execFileSync("sh", ["-c", "head -c 1073741824 /dev/zero | zstd -q -c"], { maxBuffer: 1 << 24 });
    expect(zeros.length).toBeLessThan(100_000);
    const rssBefore = process.memoryUsage().rss;
    let total = 0;
    let peak = 0;
    const out = zstdDecompressor(Readable.from([zeros]), "layer", { js: true });
    await new Promise<void>((resolve, reject) => {
      // a slow consumer: the decoder must wait for it, not decode the whole GiB ahead into memory
      out.on("data", (c: Buffer) => {
        total += c.length;
        if ((total & 0x3ffffff) === 0) {
          peak = Math.max(peak, process.memoryUsage().rss);
          out.pause();
          setTimeout(() => out.resume(), 5);
        }
      });
      out.on("end", resolve);
      out.on("error", reject);
    });
    expect(total).toBe(1 << 30);
    expect(peak - rssBefore).toBeLessThan(256 * 2 ** 20); // nowhere near the 1 GiB of output
  });

  describe("broken blobs fail in one line naming the layer", () => {
    const broken = async (): Promise<{ tar: Buffer; zst: Buffer }> => {
      const tar = await tarOf();
      return { tar, zst: zstd(tar) };
    };

    it("truncated: mid-block, inside the frame header, before the checksum", async () => {
      const { zst } = await broken();
      for (const cut of [Math.floor(zst.length / 2), 5, zst.length - 2]) {
        const data = zst.subarray(0, cut);
        const truncated = /: not valid zstd data \(the data ends in the middle of a frame: the layer is truncated\)$/;
        await expectLayerError(applyJs(data), truncated);
        await expectLayerError(applyFile(blob(data, "cut.zst")), truncated);
      }
    });

    it("corrupted: a flipped content bit is caught by the frame checksum; a damaged block header or frame is named", async () => {
      const { zst } = await broken();
      const flipped = Buffer.from(zst);
      flipped[Math.floor(zst.length * 0.6)]! ^= 0x10;
      // the bad bytes may be caught by the checksum or first look like a broken tar; either way one line
      await expectLayerError(applyJs(flipped), /: (not valid zstd data \(.+\)|not a readable tar layer \(.+\))$/);
      await expectLayerError(applyFile(blob(flipped, "flipped.zst")), /: (not valid zstd data \(.+\)|not a readable tar layer \(.+\))$/);

      const badSum = Buffer.from(zst);
      badSum[zst.length - 1]! ^= 0xff;
      await expectLayerError(
        applyJs(badSum),
        /: not valid zstd data \(the content checksum of the frame ending at byte \d+ does not match: the data is corrupted\)$/,
      );

      const reserved = Buffer.from(zst);
      const headerSize = 6; // magic, descriptor, window (zstd -c from a pipe: no content size)
      reserved[headerSize]! |= 0b110; // block type 3 is reserved
      await expectLayerError(applyJs(reserved), /: not valid zstd data \(a block of the reserved type 3\)$/);

      const trailing = Buffer.concat([zst, Buffer.from("garbage after the frame")]);
      await expectLayerError(applyJs(trailing), new RegExp(`: not valid zstd data \\(no zstd frame after byte ${zst.length}\\)$`));
    });

    it("a window over 128 MiB is refused as zstd itself does by default", async () => {
      const zst = zstd(Buffer.alloc(1000, 1), "--long=30");
      await expectLayerError(applyJs(zst), /: not valid zstd data \(a frame needs a 1024 MiB window; zstd decoders accept up to 128 MiB unless told otherwise/);
      expect(() => execFileSync("zstd", ["-q", "-dc"], { input: zst, stdio: "pipe" })).toThrow(); // same as the CLI without --long=30
    });
  });
});

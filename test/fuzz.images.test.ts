// Properties of the image tools on hostile input: `image verify` of a damaged archive (bytes flipped, cut,
// repeated) reports problems and never throws; `image pack` of an odd folder (symlinks anywhere, FIFOs, odd names,
// metadata.json that is not a file) packs or refuses with one line, and what it packs verifies clean.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Readable } from "node:stream";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPipegenError } from "../src/index";
import { packImage, verifyImage, verifyImageStream } from "../src/images";
import { isOneLine, params } from "./_fuzz";

const dir = mkdtempSync(path.join(tmpdir(), "pipegen-fuzz-images-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let tgz: Buffer;
let tar: Buffer;
beforeAll(async () => {
  const img = path.join(dir, "seed");
  mkdirSync(path.join(img, "rootfs", "etc"), { recursive: true });
  writeFileSync(path.join(img, "metadata.json"), JSON.stringify({ env: ["PATH=/bin"], user: "root" }));
  writeFileSync(path.join(img, "rootfs", "etc", "passwd"), "root:x:0:0::/root:/bin/sh\n");
  symlinkSync("passwd", path.join(img, "rootfs", "etc", "link"));
  await packImage({ input: img, output: path.join(dir, "seed-1.0.tgz"), reproducible: true });
  tgz = readFileSync(path.join(dir, "seed-1.0.tgz"));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded where the test needs it
  tar = Buffer.from(require("node:zlib").gunzipSync(tgz));
});

const damage = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
    fc.record({ kind: fc.constant("repeat" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 1024 }) }),
  ),
  { minLength: 1, maxLength: 4 },
);

function applyDamage(buf: Buffer, edits: { kind: string; at: number; byte?: number; len?: number }[]): Buffer {
  let b = Buffer.from(buf);
  for (const e of edits) {
    const at = b.length === 0 ? 0 : e.at % b.length;
    if (e.kind === "flip" && b.length > 0) b[at] = e.byte!;
    else if (e.kind === "cut") b = b.subarray(0, at);
    else if (e.kind === "repeat") b = Buffer.concat([b.subarray(0, at + e.len!), b.subarray(at)]);
  }
  return b;
}

describe("fuzz: image verify of damaged archives", () => {
  it("reports, never throws", async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), damage, async (gz, edits) => {
        const bytes = applyDamage(gz ? tgz : tar, edits);
        const report = await verifyImageStream(Readable.from([bytes]), gz ? "x-1.0.tgz" : "x-1.0.tar");
        for (const p of report.problems) expect(isOneLine(p.message), p.message).toBe(true);
      }),
      params(150),
    );
  });
});

/** One entry of an odd folder. */
const entry = fc.record({
  name: fc.oneof(fc.constantFrom("a", "b c", "é", "..x", "-", ".hidden", "x".repeat(200), "new\nline", "tab\tname"), fc.string({ minLength: 1, maxLength: 8 })),
  kind: fc.constantFrom("file", "dir", "symlink", "fifo", "empty"),
  target: fc.constantFrom("/", "/etc", "..", "../..", "a", "missing", "/dev/zero"),
});

const metadataKind = fc.constantFrom("good", "garbage", "dir", "fifo", "devzero", "missing", "symlink-good");

let folders = 0;
function makeFolder(meta: string, entries: { name: string; kind: string; target: string }[], rootfsLink: boolean): string {
  const img = path.join(dir, `odd${folders++}`);
  mkdirSync(img);
  const metadata = path.join(img, "metadata.json");
  if (meta === "good") writeFileSync(metadata, JSON.stringify({ env: ["PATH=/bin"] }));
  else if (meta === "garbage") writeFileSync(metadata, "{not json");
  else if (meta === "dir") mkdirSync(metadata);
  else if (meta === "fifo") spawnSync("mkfifo", [metadata]);
  else if (meta === "devzero") symlinkSync("/dev/zero", metadata);
  else if (meta === "symlink-good") {
    writeFileSync(path.join(img, "real.json"), JSON.stringify({ env: ["PATH=/bin"] }));
    symlinkSync("real.json", metadata);
  }
  const rootfs = path.join(img, "rootfs");
  if (rootfsLink) {
    symlinkSync("/", rootfs);
    return img;
  }
  mkdirSync(rootfs);
  const used = new Set<string>();
  for (const e of entries) {
    const name = e.name.replace(/[/\0]/g, "_");
    // a name used twice is skipped: writing a file over a FIFO made before would wait for a reader forever
    if (name === "." || name === ".." || used.has(name)) continue;
    used.add(name);
    const p = path.join(rootfs, name);
    try {
      if (e.kind === "file") writeFileSync(p, name);
      else if (e.kind === "empty") writeFileSync(p, "");
      else if (e.kind === "dir") mkdirSync(p);
      else if (e.kind === "symlink") symlinkSync(e.target, p);
      else spawnSync("mkfifo", [p]);
    } catch {
      /* a name the filesystem refuses (too long): left out */
    }
  }
  return img;
}

describe("fuzz: image pack of odd folders", () => {
  it("packs what verifies clean, or refuses with one line", async () => {
    await fc.assert(
      fc.asyncProperty(metadataKind, fc.array(entry, { maxLength: 6 }), fc.boolean(), async (meta, entries, rootfsLink) => {
        const img = makeFolder(meta, entries, rootfsLink && entries.length === 0);
        const out = path.join(dir, `${path.basename(img)}-1.0.tgz`);
        try {
          await packImage({ input: img, output: out });
        } catch (err) {
          expect(isPipegenError(err), String(err)).toBe(true);
          expect(isOneLine((err as Error).message), (err as Error).message).toBe(true);
          return;
        }
        const report = await verifyImage(out);
        expect(report.problems.filter((p) => p.severity === "error")).toEqual([]);
      }),
      params(40),
    );
  });
});

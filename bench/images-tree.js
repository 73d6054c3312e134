// Generates a deterministic "mixed" image tree for bench/images.js: a rootfs of ~N MB made of many
// small text files (config, scripts, sources), medium binaries (random, incompressible, like shared
// libraries and already-compressed data), a few large files, symlinks and hard links.
// usage: node bench/images-tree.js <dir> [megabytes=300]
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const WORDS =
  "the quick brown fox jumps over lazy dog export function const return import from module class static if else for while async await lib usr bin share locale config ssl cert".split(
    " ",
  );

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

function text(rand, size) {
  const parts = [];
  let n = 0;
  while (n < size) {
    const line =
      Array.from({ length: 4 + Math.floor(rand() * 10) }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(" ") + ` ${Math.floor(rand() * 100000)}\n`;
    parts.push(line);
    n += line.length;
  }
  return Buffer.from(parts.join("")).subarray(0, size);
}

function binary(rand, size) {
  const b = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i += 4) b.writeUInt32LE((rand() * 4294967296) >>> 0, Math.min(i, size - 4));
  return b;
}

function generate(dir, megabytes = 300) {
  const rand = rng(42);
  const target = megabytes * 1024 * 1024;
  fs.rmSync(dir, { recursive: true, force: true });
  const rootfs = path.join(dir, "rootfs");
  fs.mkdirSync(rootfs, { recursive: true });
  fs.writeFileSync(path.join(dir, "metadata.json"), JSON.stringify({ env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], user: "" }));
  let total = 0;
  let files = 0;
  const budgets = [
    { share: 0.35, kind: "text", min: 512, max: 24 * 1024, dir: "usr/share/doc" },
    { share: 0.15, kind: "text", min: 24 * 1024, max: 512 * 1024, dir: "usr/lib/python3/site-packages" },
    { share: 0.3, kind: "binary", min: 64 * 1024, max: 4 * 1024 * 1024, dir: "usr/lib/x86_64-linux-gnu" },
    { share: 0.2, kind: "mixed", min: 16 * 1024 * 1024, max: 24 * 1024 * 1024, dir: "opt/app" },
  ];
  for (const b of budgets) {
    let spent = 0;
    let i = 0;
    while (spent < b.share * target) {
      const size = Math.floor(b.min + rand() * (b.max - b.min));
      const sub = path.join(rootfs, b.dir, `d${i % 37}`);
      fs.mkdirSync(sub, { recursive: true });
      const data =
        b.kind === "text"
          ? text(rand, size)
          : b.kind === "binary"
            ? binary(rand, size)
            : Buffer.concat([text(rand, size >> 1), binary(rand, size - (size >> 1))]);
      const file = path.join(sub, `f${i}.${b.kind === "text" ? "txt" : "bin"}`);
      fs.writeFileSync(file, data);
      if (i % 50 === 0) fs.symlinkSync(`f${i}.${b.kind === "text" ? "txt" : "bin"}`, path.join(sub, `link${i}`));
      if (i % 97 === 0) fs.linkSync(file, path.join(sub, `hard${i}`));
      spent += size;
      i++;
      files++;
    }
    total += spent;
  }
  return { total, files };
}

module.exports = { generate };

if (require.main === module) {
  const [dir, mb] = process.argv.slice(2);
  if (!dir) {
    console.error("usage: node bench/images-tree.js <dir> [megabytes]");
    process.exit(2);
  }
  const t0 = Date.now();
  const r = generate(path.resolve(dir), mb ? Number(mb) : 300);
  console.log(`generated ${(r.total / 1048576).toFixed(0)} MB in ${r.files} files under ${dir} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

#!/usr/bin/env node
// Benchmarks for the S3 image tooling (issue 5), run against the built CLI as a user runs it:
//
// 1. pack: `pipegen image pack` vs GNU `tar -czf` on the same generated ~300 MB tree, in the same run,
//    page cache warmed first, best of N runs each. Target: pipegen >= 0.9x tar's throughput.
// 2. push: `pipegen image push` of a ~1 GB image archive to a local S3 server (Ceph RGW from
//    ../shared/tools/ceph-rgw), peak RSS measured with GNU time. Target: <= 150 MB.
//    The object (and the bench bucket) are deleted afterwards: RGW's memstore holds data in RAM.
//
// usage: node bench/images.js [--mb 300] [--push-mb 1024] [--runs 2] [--skip-pack] [--skip-push] [--keep]
// env:   PIPEGEN_TEST_S3_ENDPOINT (default http://127.0.0.1:7480), keys PIPEGENKEY / PIPEGENSECRET
"use strict";
const { execFileSync, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { generate } = require("./images-tree");

const root = path.resolve(__dirname, "..");
const cli = path.join(root, "bin", "pipegen.js");
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const MB = 1024 * 1024;
const endpoint = process.env.PIPEGEN_TEST_S3_ENDPOINT || "http://127.0.0.1:7480";
const s3env = { ...process.env, AWS_ACCESS_KEY_ID: "PIPEGENKEY", AWS_SECRET_ACCESS_KEY: "PIPEGENSECRET", AWS_ENDPOINT_URL: endpoint, AWS_REGION: "us-east-1" };
const gnuTime = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

function timed(cmd, argv, env) {
  const t0 = process.hrtime.bigint();
  const r = gnuTime
    ? spawnSync(gnuTime, ["-f", "%M", cmd, ...argv], { env, encoding: "utf8", maxBuffer: 64 * MB })
    : spawnSync(cmd, argv, { env, encoding: "utf8", maxBuffer: 64 * MB });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(" ")} failed (${r.status}):\n${r.stderr}`);
  const rssKb = gnuTime ? Number(r.stderr.trim().split("\n").pop()) : NaN;
  return { seconds, rssMb: rssKb / 1024, stderr: r.stderr };
}

function treeBytes(dir) {
  let total = 0;
  const seen = new Set(); // hard links hold their data once
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const st = fs.statSync(p);
        if (st.nlink > 1 && seen.has(st.ino)) continue;
        seen.add(st.ino);
        total += st.size;
      }
    }
  };
  walk(dir);
  return total;
}

function warm(dir) {
  execFileSync("tar", ["-cf", "/dev/null", "-C", dir, "."]); // GNU tar skips reading for /dev/null…
  execFileSync("sh", ["-c", `find ${JSON.stringify(dir)} -type f -exec cat {} + > /dev/null`]); // …so read it for real
}

function benchPack(work) {
  const mb = opt("--mb", 300);
  const runs = opt("--runs", 2);
  const tree = path.join(work, "tree");
  console.log(`pack: generating a ~${mb} MB mixed tree…`);
  const g = generate(tree, mb);
  const bytes = treeBytes(path.join(tree, "rootfs"));
  warm(tree);
  const results = { tar: [], pipegen: [] };
  for (let i = 0; i < runs; i++) {
    const t = timed("tar", ["-czf", path.join(work, "tar.tgz"), "-C", tree, "metadata.json", "rootfs"]);
    results.tar.push(t);
    const p = timed(process.execPath, [cli, "image", "pack", tree, "-o", path.join(work, "pipegen.tgz")]);
    results.pipegen.push(p);
    fs.rmSync(path.join(work, "pipegen.tgz"));
  }
  const best = (xs) => xs.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
  const tar = best(results.tar);
  const pg = best(results.pipegen);
  const tarSize = fs.statSync(path.join(work, "tar.tgz")).size;
  timed(process.execPath, [cli, "image", "pack", tree, "-o", path.join(work, "pipegen.tgz")]);
  const pgSize = fs.statSync(path.join(work, "pipegen.tgz")).size;
  const row = (name, r, size) =>
    `  ${name.padEnd(16)} ${r.seconds.toFixed(2).padStart(7)} s  ${(bytes / MB / r.seconds).toFixed(1).padStart(6)} MB/s  peak RSS ${r.rssMb.toFixed(0).padStart(4)} MB  archive ${(size / MB).toFixed(1)} MB`;
  console.log(`pack: ${(bytes / MB).toFixed(0)} MB in ${g.files} files, best of ${runs} (${os.cpus().length} cores)`);
  console.log(row("tar -czf", tar, tarSize));
  console.log(row("pipegen pack", pg, pgSize));
  const ratio = tar.seconds / pg.seconds;
  console.log(`  pipegen / tar throughput: ${ratio.toFixed(2)}x (target >= 0.90x) ${ratio >= 0.9 ? "OK" : "MISSED"}`);
  return {
    inputMb: bytes / MB,
    files: g.files,
    tarSeconds: tar.seconds,
    pipegenSeconds: pg.seconds,
    ratio,
    tarArchiveMb: tarSize / MB,
    pipegenArchiveMb: pgSize / MB,
    pipegenPeakRssMb: pg.rssMb,
  };
}

function sdk() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  const s3 = require("@aws-sdk/client-s3");
  const client = new s3.S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "PIPEGENKEY", secretAccessKey: "PIPEGENSECRET" },
    requestChecksumCalculation: "WHEN_REQUIRED",
  });
  return { s3, client };
}

async function benchPush(work) {
  const mb = opt("--push-mb", 1024);
  const img = path.join(work, "big");
  fs.rmSync(img, { recursive: true, force: true });
  fs.mkdirSync(path.join(img, "rootfs", "opt"), { recursive: true });
  fs.writeFileSync(path.join(img, "metadata.json"), JSON.stringify({ env: ["PATH=/usr/bin:/bin"], user: "" }));
  console.log(`push: writing a ${mb} MB incompressible image and packing it (gzip -1)…`);
  const fd = fs.openSync(path.join(img, "rootfs", "opt", "data.bin"), "w");
  const chunk = Buffer.alloc(16 * MB);
  for (let left = mb * MB; left > 0; left -= chunk.length) {
    require("node:crypto").randomFillSync(chunk);
    fs.writeSync(fd, chunk, 0, Math.min(chunk.length, left));
  }
  fs.closeSync(fd);
  const archive = path.join(work, "big-1.0.0.tgz");
  timed(process.execPath, [cli, "image", "pack", img, "-o", archive, "--level", "1"]);
  fs.rmSync(img, { recursive: true, force: true });
  const size = fs.statSync(archive).size;
  const { s3, client } = sdk();
  const bucket = `pg-bench-${Date.now().toString(36)}`;
  await client.send(new s3.CreateBucketCommand({ Bucket: bucket }));
  let r;
  try {
    console.log(`push: uploading ${(size / MB).toFixed(0)} MB to ${endpoint} (verify + multipart, defaults)…`);
    r = timed(process.execPath, [cli, "image", "push", archive, `s3://${bucket}/images/big-1.0.0.tgz`], s3env);
    console.log(`  ${r.stderr.split("\n").find((l) => l.startsWith("pushed")) ?? ""}`);
    console.log(
      `  ${r.seconds.toFixed(1)} s (${(size / MB / r.seconds).toFixed(1)} MB/s incl. the verify pass), peak RSS ${r.rssMb.toFixed(0)} MB (target <= 150 MB) ${r.rssMb <= 150 ? "OK" : "MISSED"}`,
    );
  } finally {
    if (!flag("--keep")) {
      await client.send(new s3.DeleteObjectCommand({ Bucket: bucket, Key: "images/big-1.0.0.tgz" })).catch(() => undefined);
      await client.send(new s3.DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
    }
    client.destroy();
    fs.rmSync(archive, { force: true });
  }
  return { archiveMb: size / MB, seconds: r.seconds, peakRssMb: r.rssMb };
}

async function main() {
  if (!fs.existsSync(path.join(root, "dist", "cli.js")))
    execFileSync(process.execPath, [path.join(root, "scripts", "build.js"), "--no-types"], { stdio: "inherit" });
  if (!gnuTime) console.log("note: /usr/bin/time not found; peak RSS is not measured");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pipegen-bench-images-"));
  const out = { node: process.version };
  try {
    if (!flag("--skip-pack")) out.pack = benchPack(work);
    if (!flag("--skip-push")) out.push = await benchPush(work);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(JSON.stringify(out));
}

main().catch((err) => {
  console.error(err.message || err);
  process.exit(1);
});

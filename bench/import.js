#!/usr/bin/env node
// bench/import: how fast is `pipegen import`? Imports every shared corpus pipeline (pipelines/ and
// extra-top-level-keys/; with --tasks also tasks/) in one process through the built library, as the CLI does,
// and reports the median and the slowest file. Target: median per file <= 100 ms.
// Loading ts-morph (the formatter) happens once, on the first file; it is reported on its own ("cold start") and
// measured before the per-file timings, so it does not count against any one file.
// Usage: node scripts/build.js --no-types && node bench/import.js [--tasks] [--runs N]
"use strict";
const { existsSync, readdirSync, readFileSync } = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const shared = [path.resolve(root, "..", "shared"), "/work/shared"].find((d) => existsSync(path.join(d, "corpus")));
if (!shared) throw new Error("shared/corpus not found (looked beside the repo and in /work/shared)");
const pipegen = require(path.join(root, "dist", "index.js"));
const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 3;
const dirs = ["pipelines", "extra-top-level-keys", ...(process.argv.includes("--tasks") ? ["tasks"] : [])];
const TARGET_MS = 100;

const files = dirs.flatMap((d) =>
  readdirSync(path.join(shared, "corpus", d))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => path.join(shared, "corpus", d, f)),
);
const inputs = files.map((file) => ({ file, text: readFileSync(file, "utf8") }));

const cold = process.hrtime.bigint();
pipegen.importYaml("jobs: []\n", { file: "warmup.yml" });
const coldMs = Number(process.hrtime.bigint() - cold) / 1e6;

// the best of `runs` passes per file: the noise of a shared 2-core machine only ever adds time
const best = new Map();
let failures = 0;
for (let r = 0; r < runs; r++) {
  for (const { file, text } of inputs) {
    const start = process.hrtime.bigint();
    try {
      pipegen.importYaml(text, { file });
    } catch (err) {
      if (r === 0) {
        failures++;
        console.error(`failed: ${path.basename(file)}: ${err.message}`);
      }
      continue;
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (!best.has(file) || ms < best.get(file)) best.set(file, ms);
  }
}

const times = [...best.entries()].sort((a, b) => a[1] - b[1]);
const median = times[Math.floor(times.length / 2)][1];
const p90 = times[Math.floor(times.length * 0.9)][1];
const [slowFile, slowMs] = times[times.length - 1];
const lines = (f) => readFileSync(f, "utf8").split("\n").length;
console.log(`pipegen import: ${times.length} files (${dirs.join(", ")}), best of ${runs} passes each`);
console.log(`  cold start (loading ts-morph + first format): ${coldMs.toFixed(1)} ms`);
console.log(`  median ${median.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms, total ${times.reduce((s, t) => s + t[1], 0).toFixed(0)} ms`);
console.log(`  slowest: ${path.basename(slowFile)} (${lines(slowFile)} lines) ${slowMs.toFixed(1)} ms`);
console.log(`  target: median <= ${TARGET_MS} ms: ${median <= TARGET_MS ? "met" : "NOT met"}${failures ? `; ${failures} files failed` : ""}`);
if (median > TARGET_MS || failures > 0) process.exitCode = 1;

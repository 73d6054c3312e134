#!/usr/bin/env node
// Validator speed targets (issue 3). Run after `node scripts/build.js`:
//   node bench/validate.js
// 1. every shared corpus pipeline in ONE `pipegen validate --json` process: target <= 2 s wall;
// 2. in-process validatePipeline() of a synthetic 500-job pipeline (get with trigger, task with inline config
//    and a registry-image image_resource, put to s3): target <= 50 ms.
"use strict";
const { spawnSync } = require("node:child_process");
const { existsSync, readdirSync } = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const shared = [path.resolve(root, "..", "shared"), "/work/shared"].find((d) => existsSync(path.join(d, "corpus")));
if (!shared) throw new Error("shared/corpus not found");
const corpus = path.join(shared, "corpus", "pipelines");
const files = readdirSync(corpus)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => path.join(corpus, f));

// 1. one CLI process over the whole corpus
const t0 = process.hrtime.bigint();
const r = spawnSync(process.execPath, [path.join(root, "bin", "pipegen.js"), "validate", "--json", ...files], { encoding: "utf8", maxBuffer: 64 << 20 });
const cliMs = Number(process.hrtime.bigint() - t0) / 1e6;
const lines = r.stdout.trim().split("\n").filter(Boolean);
if (lines.length !== files.length) throw new Error(`expected ${files.length} JSON lines, got ${lines.length}: ${r.stderr}`);
const valid = lines.map((l) => JSON.parse(l)).filter((x) => x.valid).length;

// 2. in-process, synthetic 500 jobs
const { validatePipeline } = require(path.join(root, "dist", "index.js"));
const jobs = [];
const resources = [
  { name: "out", type: "s3", source: { bucket: "artifacts", regexp: "app-(.*).tgz", access_key_id: "((aws.id))", secret_access_key: "((aws.secret))" } },
];
for (let i = 0; i < 500; i++) {
  resources.push({ name: `src-${i}`, type: "git", source: { uri: `https://example.com/repo-${i}.git`, branch: "main" } });
  jobs.push({
    name: `build-${i}`,
    plan: [
      { get: `src-${i}`, trigger: true },
      {
        task: "compile",
        config: {
          platform: "linux",
          image_resource: { type: "registry-image", source: { repository: "golang", tag: "1.22" } },
          inputs: [{ name: `src-${i}` }],
          outputs: [{ name: "dist" }],
          run: { path: "make", args: ["-C", `src-${i}`, "dist"] },
        },
      },
      { put: "out", params: { file: "dist/app-*.tgz" } },
    ],
  });
}
const pipeline = { resources, jobs };
const first = time(() => validatePipeline(pipeline));
const runs = [];
for (let i = 0; i < 20; i++) runs.push(time(() => validatePipeline(pipeline)));
runs.sort((a, b) => a - b);
const issues = validatePipeline(pipeline).filter((i) => i.severity === "error");
if (issues.length) throw new Error(`synthetic pipeline has errors: ${issues[0].message}`);

function time(fn) {
  const s = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - s) / 1e6;
}
const fmt = (ms) => `${ms.toFixed(1)} ms`;
console.log(
  `corpus: ${files.length} pipelines in one \`pipegen validate --json\`: ${fmt(cliMs)} wall (${valid} valid) — target <= 2000 ms ${cliMs <= 2000 ? "OK" : "MISSED"}`,
);
console.log(
  `synthetic 500 jobs in-process: first ${fmt(first)}, median ${fmt(runs[10])}, best ${fmt(runs[0])} — target <= 50 ms ${runs[10] <= 50 ? "OK" : "MISSED"}`,
);
if (cliMs > 2000 || runs[10] > 50) process.exitCode = 1;

#!/usr/bin/env node
// Runs every benchmark that needs nothing but this repo and shared/: render, loaders, validate, import.
// The image benchmarks need an S3 server and ~1.5 GB of scratch space: run `node bench/images.js` for those.
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");

let failed = false;
for (const bench of ["render.js", "loaders.js", "validate.js", "import.js"]) {
  console.log(`\n=== bench/${bench}`);
  const r = spawnSync(process.execPath, [path.join(__dirname, bench)], { stdio: "inherit" });
  if (r.status !== 0) failed = true;
}
console.log("\n(bench/images.js is not run here: it needs an S3 server; see its header)");
process.exit(failed ? 1 : 0);

#!/usr/bin/env node
// `npm run fuzz`: the fuzz suite (test/fuzz.*.test.ts) with many more inputs than CI tries. FUZZ_RUNS sets how
// many inputs each property tries (default 20000), FUZZ_SEED the seed (default: a new one each run, printed, so
// a failure can be replayed with FUZZ_SEED=<seed> npm run fuzz). Extra arguments go to vitest (e.g. a file).
// A failing input goes into test/fixtures/fuzz-regressions/ so the regular tests run it from then on.
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const env = { ...process.env };
env.FUZZ_RUNS ??= "20000";
env.FUZZ_SEED ??= String(Math.floor(Math.random() * 2 ** 31));
const files = process.argv.length > 2 ? process.argv.slice(2) : ["test/fuzz."];
process.stderr.write(`fuzz: FUZZ_RUNS=${env.FUZZ_RUNS} FUZZ_SEED=${env.FUZZ_SEED}\n`);
const r = spawnSync(process.execPath, [path.join(root, "node_modules", "vitest", "vitest.mjs"), "run", "--testTimeout=0", ...files], {
  cwd: root,
  env,
  stdio: "inherit",
});
process.exit(r.status ?? 1);

// Shared timing helpers for the benchmarks: run a command N times, report the median wall time.
"use strict";
const { spawnSync } = require("node:child_process");

/** Median wall time in ms of running `cmd args` `runs` times (after `warmup` unmeasured runs). */
function timeCommand(cmd, args, { runs = 15, warmup = 3, cwd, env } = {}) {
  const samples = [];
  for (let i = 0; i < warmup + runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
    if (i >= warmup) samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], min: samples[0], max: samples[samples.length - 1] };
}

function fmt(t) {
  return `${t.median.toFixed(1)} ms (min ${t.min.toFixed(1)}, max ${t.max.toFixed(1)})`;
}

module.exports = { timeCommand, fmt };

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

/**
 * Median wall times of several commands, run in turns (a, b, c, a, b, c, …) so that the machine's slow and
 * fast moments fall on all of them alike: ratios between them are what the benchmarks report.
 * `commands`: { name: { cmd, args, cwd?, env? } }. Returns { name: { median, min, max } }.
 */
function timeInterleaved(commands, { runs = 15, warmup = 3 } = {}) {
  const names = Object.keys(commands);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < warmup + runs; i++) {
    for (const name of names) {
      const { cmd, args, cwd, env } = commands[name];
      const start = process.hrtime.bigint();
      const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
      if (i >= warmup) samples[name].push(ms);
    }
  }
  const out = {};
  for (const name of names) {
    const s = samples[name].sort((a, b) => a - b);
    out[name] = { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
  }
  return out;
}

function fmt(t) {
  return `${t.median.toFixed(1)} ms (min ${t.min.toFixed(1)}, max ${t.max.toFixed(1)})`;
}

module.exports = { timeCommand, timeInterleaved, fmt };

#!/usr/bin/env node
"use strict";
// Start-up is most of the time of a `pipegen render`, and compiling pipegen's bundles is a large part of it.
// Node 20 has no built-in compile cache, so pipegen's own bundles (dist/*.js, nothing else) are compiled through
// vm.Script with V8 code caches kept next to the .ts transform cache. Measured: ~25 ms less per run.
// PIPEGEN_NO_CACHE=1 turns it off; a cache that cannot be read or written only costs speed.
// A pipegen run is short: a 500-job render is ~60 ms of JavaScript. V8 starts optimising hot functions with
// TurboFan after a small budget, and on a 2-core machine that compile work competes with the run itself and is
// mostly wasted. An 8x budget leaves optimisation to work that runs long enough to repay it. Measured in one
// run: 500-job render median 143 -> 122-136 ms; validate/import of the largest corpus file (15k lines) 2-9%
// slower. An --interrupt-budget given to node on its command line wins.
if (!process.execArgv.some((a) => a.startsWith("--interrupt-budget"))) {
  require("node:v8").setFlagsFromString("--interrupt-budget=540672");
}
const Module = require("node:module");
const path = require("node:path");

function cacheDir() {
  if (process.env.PIPEGEN_NO_CACHE === "1") return undefined;
  if (process.env.PIPEGEN_CACHE_DIR) return path.join(process.env.PIPEGEN_CACHE_DIR, "v8");
  const base = process.env.XDG_CACHE_HOME || path.join(require("node:os").homedir(), ".cache");
  return path.join(base, "pipegen", "v8");
}

function installCodeCache(dir) {
  const fs = require("node:fs");
  const vm = require("node:vm");
  const dist = path.join(__dirname, "..", "dist") + path.sep;
  const compile = Module.prototype._compile;
  const toWrite = [];
  Module.prototype._compile = function (content, filename) {
    if (!filename.startsWith(dist) || !filename.endsWith(".js")) return compile.call(this, content, filename);
    let cacheFile;
    let cachedData;
    try {
      const st = fs.statSync(filename);
      cacheFile = path.join(dir, `${path.basename(filename)}-${st.size}-${Math.trunc(st.mtimeMs)}-${process.version}-${process.arch}.v8`);
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) toWrite.push([script, cacheFile]);
    const fn = script.runInThisContext({ displayErrors: true });
    const mod = this;
    const req = (id) => mod.require(id);
    req.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
    req.main = require.main;
    req.cache = Module._cache;
    req.extensions = Module._extensions;
    return fn.call(mod.exports, mod.exports, req, mod, filename, path.dirname(filename));
  };
  // Written at exit, so the functions that ran are in the cache too.
  process.once("exit", () => {
    for (const [script, file] of toWrite) {
      try {
        fs.mkdirSync(dir, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, file);
        // drop caches of earlier builds of the same bundle
        const prefix = file.slice(dir.length + 1).split("-")[0] + "-";
        for (const old of fs.readdirSync(dir)) {
          if (old.startsWith(prefix) && path.join(dir, old) !== file && old.endsWith(".v8")) fs.rmSync(path.join(dir, old), { force: true });
        }
      } catch {
        // read-only home, full disk: run without a cache
      }
    }
  });
}

const dir = cacheDir();
if (dir) installCodeCache(dir);
// Once the command is done, exit at once rather than let Node tear down the heap of a big render (~3 ms of a
// 500-job render). Only with stdout and stderr flushed: where pipe writes are asynchronous (macOS, Windows),
// whatever is still buffered is written first.
require("../dist/cli.js").main().then(exitWhenFlushed);

function exitWhenFlushed() {
  const busy = [process.stdout, process.stderr].find((s) => s.writableLength > 0);
  if (busy) busy.once("drain", exitWhenFlushed);
  else process.exit();
}

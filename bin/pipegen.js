#!/usr/bin/env node
"use strict";
// Start-up is most of the time of a `pipegen render`, so two caches keep compiled code between runs, with
// pipegen's other caches ($PIPEGEN_CACHE_DIR, else $XDG_CACHE_HOME/pipegen, else ~/.cache/pipegen):
// - pipegen's own bundles load with a V8 code cache taken after the command ran, so it holds the functions the
//   command called, not only the top-level code (src/boot/code-cache.ts says why and measures it);
// - users' transformed modules use Node's compile cache where Node has one (Node >= 22.1).
// PIPEGEN_NO_CACHE=1 turns both off; a cache that cannot be written only costs speed.
const path = require("node:path");
const { enableCompileCache } = require("node:module");
const { enableBundleCache, requireBundle, saveBundleCaches } = require("../dist/code-cache.js");

if (process.env.PIPEGEN_NO_CACHE !== "1") {
  const dir = process.env.PIPEGEN_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(require("node:os").homedir(), ".cache"), "pipegen");
  const command = process.argv.slice(2).find((arg) => !arg.startsWith("-")) || "other";
  enableBundleCache(path.join(dir, "bundles"), command);
  if (typeof enableCompileCache === "function") {
    try {
      enableCompileCache(path.join(dir, "v8"));
    } catch {
      // an unusable cache folder: run without it
    }
  }
}

// Once the command is done, exit at once rather than let Node tear down the heap of a big render, and rather
// than wait for timers a user's pipeline module may have left behind. Only with stdout and stderr flushed:
// where pipe writes are asynchronous (macOS, Windows), whatever is still buffered is written first.
requireBundle(path.join(__dirname, "..", "dist", "cli.js"))
  .main()
  .then(() => {
    saveBundleCaches();
    exitWhenFlushed();
  });

function exitWhenFlushed() {
  const busy = [process.stdout, process.stderr].find((s) => s.writableLength > 0);
  if (busy) busy.once("drain", exitWhenFlushed);
  else process.exit();
}

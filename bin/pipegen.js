#!/usr/bin/env node
"use strict";
// Start-up is most of the time of a `pipegen render`. Where Node has a compile cache (Node >= 22.1), pipegen's
// bundles and the users' transformed modules are compiled once and then loaded from V8's code cache, kept with
// pipegen's other caches. PIPEGEN_NO_CACHE=1 turns it off; a cache that cannot be written only costs speed.
const { enableCompileCache } = require("node:module");

if (typeof enableCompileCache === "function" && process.env.PIPEGEN_NO_CACHE !== "1") {
  const path = require("node:path");
  const dir = process.env.PIPEGEN_CACHE_DIR
    ? path.join(process.env.PIPEGEN_CACHE_DIR, "v8")
    : path.join(process.env.XDG_CACHE_HOME || path.join(require("node:os").homedir(), ".cache"), "pipegen", "v8");
  try {
    enableCompileCache(dir);
  } catch {
    // an unusable cache folder: run without it
  }
}

// Once the command is done, exit at once rather than let Node tear down the heap of a big render, and rather
// than wait for timers a user's pipeline module may have left behind. Only with stdout and stderr flushed:
// where pipe writes are asynchronous (macOS, Windows), whatever is still buffered is written first.
require("../dist/cli.js").main().then(exitWhenFlushed);

function exitWhenFlushed() {
  const busy = [process.stdout, process.stderr].find((s) => s.writableLength > 0);
  if (busy) busy.once("drain", exitWhenFlushed);
  else process.exit();
}

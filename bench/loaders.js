#!/usr/bin/env node
// bench/loaders: why pipegen transforms users' .ts files with sucrase, and caches the result.
// Times, in fresh processes, loading a transformer and transforming examples/app-ci.ts with:
// sucrase (pure JS), esbuild's transformSync (native binary, spawns a service process), TypeScript's
// transpileModule, and, where Node has it (>= 22.13), Node's own module.stripTypeScriptTypes (which also prints an
// ExperimentalWarning on stderr); and a pipegen render with a cold vs a warm transform cache.
// Run it with each supported Node: `node bench/loaders.js`, `.cache/nodes/n24/package/bin/node bench/loaders.js`.
// Usage: node bench/loaders.js [--runs N]
"use strict";
const path = require("node:path");
const { timeCommand, fmt } = require("./_timing");

const root = path.resolve(__dirname, "..");
const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 10;
const file = path.join(root, "examples", "app-ci.ts");
const read = `const src=require("fs").readFileSync(${JSON.stringify(file)},"utf8");`;
const loaders = {
  "node -e 0 (baseline)": "0",
  sucrase: `${read}require("sucrase").transform(src,{transforms:["typescript","imports"],filePath:"x.ts"})`,
  "esbuild transformSync": `${read}require("esbuild").transformSync(src,{loader:"ts",format:"cjs"})`,
  "typescript transpileModule": `${read}require("typescript").transpileModule(src,{compilerOptions:{module:1}})`,
};
if (typeof require("node:module").stripTypeScriptTypes === "function") {
  loaders["node stripTypeScriptTypes"] = `${read}require("node:module").stripTypeScriptTypes(src,{mode:"transform"})`;
}
console.log(`bench/loaders: ${runs} runs each (median), node ${process.version}`);
const results = {};
for (const [name, code] of Object.entries(loaders)) {
  results[name] = timeCommand(process.execPath, ["-e", code], { runs, cwd: root });
  console.log(`${name.padEnd(30)} ${fmt(results[name])}`);
}
// PIPEGEN_NO_CACHE=1: every run transforms the file and compiles pipegen's bundles from scratch
const coldRender = timeCommand(process.execPath, [path.join(root, "bin/pipegen.js"), "render", file], {
  runs,
  cwd: root,
  env: { PIPEGEN_NO_CACHE: "1" },
});
const warmRender = timeCommand(process.execPath, [path.join(root, "bin/pipegen.js"), "render", file], { runs, cwd: root });
console.log(`${"pipegen render, no caches".padEnd(30)} ${fmt(coldRender)}`);
console.log(`${"pipegen render, warm caches".padEnd(30)} ${fmt(warmRender)}`);

#!/usr/bin/env node
// Builds pipegen: esbuild bundles for the runtime (one file per entry, tree-shaken, so `pipegen render`
// starts fast), and tsc declarations for the typed API. Runs on `npm ci` through the `prepare` script.
"use strict";
const { execFileSync } = require("node:child_process");
const { rmSync, mkdirSync, renameSync, existsSync } = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");

const root = path.resolve(__dirname, "..");
const dist = path.join(root, "dist");
const pkg = require(path.join(root, "package.json"));

// Heavy dependencies stay external and are only required by the commands that need them.
const external = ["ts-morph", "@aws-sdk/*", "@smithy/*", "sucrase", "typescript"];

async function main() {
  // Build into a fresh folder and swap it in at the end, so a build never leaves dist/ half-written for
  // a CLI run (or a test) that happens at the same time.
  const out = path.join(root, `.dist-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const common = {
    bundle: true, platform: "node", target: "node20", format: "cjs", sourcemap: "linked",
    logLevel: "warning", external, define: { PIPEGEN_VERSION: JSON.stringify(pkg.version) },
    minifySyntax: true,
  };
  await esbuild.build({ ...common, entryPoints: { index: "src/index.ts", testing: "src/testing-entry.ts" }, outdir: out,
    // testing.js must share index.js's instance (the builders' registries live there)
    plugins: [shareIndex()] });
  await esbuild.build({ ...common, entryPoints: { cli: "src/cli/main.ts" }, outdir: out, plugins: [shareIndex()] });
  if (!process.argv.includes("--no-types")) {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json", "--outDir", out], { cwd: root, stdio: "inherit" });
  }
  const old = path.join(root, `.dist-old-${process.pid}`);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(out, dist);
  rmSync(old, { recursive: true, force: true });
}

/** Makes every import of src/index.ts from another entry resolve to the built dist/index.js at run time. */
function shareIndex() {
  return {
    name: "share-index",
    setup(build) {
      build.onResolve({ filter: /(^|\/)index$/ }, (args) => {
        if (args.kind === "entry-point") return undefined;
        const target = path.resolve(args.resolveDir, args.path);
        if (target === path.join(root, "src", "index")) return { path: "./index.js", external: true };
        return undefined;
      });
    },
  };
}

main().catch((err) => {
  rmSync(path.join(root, `.dist-${process.pid}`), { recursive: true, force: true });
  console.error(err.message || err);
  process.exit(1);
});

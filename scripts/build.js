#!/usr/bin/env node
// Builds pipegen: esbuild bundles for the runtime, and tsc declarations for the typed API. Runs on `npm ci`
// through the `prepare` script.
//
// The runtime is split in two, because most of a `pipegen render` is start-up and a big bundle costs time to
// load even from V8's code cache (measured: ~20 ms per run for the 1 MB single bundle):
//   dist/index.js     the core: builders, renderer, validator, .ts loader — everything `render` needs;
//   dist/features.js  what the core loads lazily with `require()` (the YAML reader and the yaml library, zod
//                     model, importer, image tooling, fly wrappers), loaded on first use.
// Both are one set of module instances: features.js takes every core module it imports from index.js (through
// the hidden `__pipegenCore` export), so classes, registries and caches are never duplicated. cli.js and the
// subpath entries (testing.js, images.js, fly.js) do the same. The lazy wrappers of the image tooling and fly
// (src/lazy/images.ts, src/lazy/fly.ts) are core modules although src/index.ts does not import them (its
// declarations must not reach their Node-only types): they are entries of the core's probe.
"use strict";
const { execFileSync } = require("node:child_process");
const { rmSync, mkdirSync, renameSync, existsSync, copyFileSync, writeFileSync, readFileSync, readdirSync } = require("node:fs");
const path = require("node:path");
// A clone installed with `npm install <folder or git url>` runs this through `prepare` without pipegen's dev
// dependencies when they were not installed in it: say so in one line rather than with a stack trace.
let esbuild;
try {
  esbuild = require("esbuild");
} catch {
  console.error(
    `pipegen: cannot build ${path.resolve(__dirname, "..")}: its dev dependencies are not installed (run \`npm ci\` in that folder first, or install pipegen from the npm registry or from a tarball made by \`npm pack\`)`,
  );
  process.exit(1);
}

const root = path.resolve(__dirname, "..");
const dist = path.join(root, "dist");
const pkg = require(path.join(root, "package.json"));

// Heavy dependencies stay external and are only required by the commands that need them.
const external = ["ts-morph", "@aws-sdk/*", "@smithy/*", "sucrase", "typescript", "elkjs"];
const CORE_EXPORT = "__pipegenCore";
const EXTS = [".ts", ".js", "/index.ts", "/index.js"];
const CORE_ENTRIES = ["src/index.ts", "src/lazy/images.ts", "src/lazy/fly.ts"];

/** `src/yaml/read.ts` -> `src/yaml/read`: the key a module has in the core and features tables. */
const keyOf = (abs) =>
  path
    .relative(root, abs)
    .split(path.sep)
    .join("/")
    .replace(/\.(ts|js)$/, "");

function resolveSource(resolveDir, request) {
  const base = path.resolve(resolveDir, request);
  for (const ext of ["", ...EXTS]) if (existsSync(base + ext) && !base.endsWith("/") && (ext !== "" || /\.(ts|js)$/.test(base))) return base + ext;
  return undefined;
}

async function main() {
  // Build into a fresh folder and swap it in at the end, so a build never leaves dist/ half-written for
  // a CLI run (or a test) that happens at the same time.
  const out = path.join(root, `.dist-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  copyFileSync(path.join(root, "src/load/native-import.cjs"), path.join(out, "native-import.cjs"));
  const common = {
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    // maps are written but not linked: the loader turns on Node's source-map support for users' modules, and
    // Node would then read the maps of pipegen's own bundles as they load (megabytes, for nothing)
    sourcemap: "external",
    logLevel: "warning",
    external,
    define: { PIPEGEN_VERSION: JSON.stringify(pkg.version) },
    minifySyntax: true,
  };

  // 1. Which source files make up the core: what src/index.ts reaches through imports, not through require().
  const lazy = new Set();
  const probe = await esbuild.build({
    ...common,
    entryPoints: CORE_ENTRIES,
    write: false,
    outdir: out,
    metafile: true,
    sourcemap: false,
    plugins: [keepNativeImport, lazyRequires(lazy, true)],
  });
  const core = Object.keys(probe.metafile.inputs)
    .filter((f) => f.startsWith("src/"))
    .map((f) => f.replace(/\.(ts|js)$/, ""))
    .sort();

  // 2. The features bundle: every lazily required module, each evaluated on first use.
  // (a module required lazily that is also imported by the core is taken from the core)
  const coreSet = new Set(core);
  /** the core modules the other bundles import (filled while they are built) */
  const usedCore = new Set();
  const featuresEntry = [...lazy]
    .sort()
    .map((k) => {
      if (coreSet.has(k)) usedCore.add(k);
      const load = coreSet.has(k) ? `require("./index.js").${CORE_EXPORT}[${JSON.stringify(k)}]` : `require(${JSON.stringify(path.join(root, k))})`;
      return `Object.defineProperty(exports, ${JSON.stringify(k)}, { enumerable: true, get: () => ${load} });`;
    })
    .join("\n");
  await esbuild.build({
    ...common,
    stdin: { contents: featuresEntry, resolveDir: root, sourcefile: "features.js", loader: "js" },
    outfile: path.join(out, "features.js"),
    plugins: [keepNativeImport, fromCore(coreSet, usedCore)],
  });

  // 3. The CLI and the subpath entries use the core's instances too.
  await esbuild.build({
    ...common,
    entryPoints: { testing: "src/testing-entry.ts", images: "src/images-entry.ts", fly: "src/fly-entry.ts", cli: "src/cli/main.ts" },
    outdir: out,
    plugins: [keepNativeImport, lazyChildProcessInCommander, fromCore(coreSet, usedCore)],
  });

  // 4. The core bundle: src/index.ts plus a table of the core modules the other bundles take from it. (Only
  // those: each entry makes esbuild build the module's namespace object, a getter per export, on every start.)
  const tabled = [...usedCore].sort();
  const coreEntry = [
    `export * from ${JSON.stringify(path.join(root, "src/index.ts"))};`,
    ...tabled.map((k, i) => `import * as m${i} from ${JSON.stringify(path.join(root, k))};`),
    `export const ${CORE_EXPORT} = { ${tabled.map((k, i) => `${JSON.stringify(k)}: m${i}`).join(", ")} };`,
  ].join("\n");
  await esbuild.build({
    ...common,
    stdin: { contents: coreEntry, resolveDir: root, sourcefile: "core-entry.ts", loader: "ts" },
    outfile: path.join(out, "index.js"),
    plugins: [keepNativeImport, lazyRequires(lazy, false)],
  });

  // 4b. An ES module face of the core for `import "pipegen"`. Node would otherwise parse the whole CommonJS core
  // (cjs-module-lexer, ~290 kB) on every import to find its export names; this file lists them, and takes the one
  // instance of the core through require().
  const names = JSON.parse(
    execFileSync(process.execPath, ["-e", `process.stdout.write(JSON.stringify(Object.keys(require(${JSON.stringify(path.join(out, "index.js"))}))))`], {
      encoding: "utf8",
    }),
  ).filter((n) => n !== CORE_EXPORT && /^[A-Za-z_$][\w$]*$/.test(n));
  writeFileSync(
    path.join(out, "index.mjs"),
    [
      `// pipegen for ES modules: the CommonJS core (./index.js), with its export names listed so Node need not parse it.`,
      `import { createRequire } from "node:module";`,
      `const core = createRequire(import.meta.url)("./index.js");`,
      `export default core;`,
      `export const { ${names.join(", ")} } = core;`,
      ``,
    ].join("\n"),
  );

  // 5. The CLI's loader of pipegen's own bundles with a code cache: standalone, loaded before any bundle.
  await esbuild.build({ ...common, entryPoints: { "code-cache": "src/boot/code-cache.ts" }, outdir: out });

  // 6. The loader's hooks for Node 20's hooks thread (module.register): standalone, as ESM.
  await esbuild.build({
    ...common,
    format: "esm",
    entryPoints: { "load-hooks": "src/load/hooks-thread.ts" },
    outdir: out,
    outExtension: { ".js": ".mjs" },
    banner: { js: `import { createRequire as __pipegenCreateRequire } from "node:module";\nconst require = __pipegenCreateRequire(import.meta.url);` },
  });

  asciiOnly(out);

  if (!process.argv.includes("--no-types")) {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json", "--outDir", out], { cwd: root, stdio: "inherit" });
  }
  const old = path.join(root, `.dist-old-${process.pid}`);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(out, dist);
  rmSync(old, { recursive: true, force: true });
}

/**
 * Makes every bundle pure ASCII, as esbuild's default charset means its output to be: it escapes non-ASCII
 * characters in strings, templates and regular expressions, but keeps comments as written (`§`, `…`), where an
 * escape changes nothing. A bundle with one non-ASCII byte is decoded on Node's slow UTF-8 path and held by V8 as
 * a two-byte string (measured on Node 24: reading dist/index.js took 1.3-1.5 ms, 0.6 ms once ASCII).
 */
function asciiOnly(dir) {
  for (const name of readdirSync(dir)) {
    if (!/\.(c|m)?js$/.test(name)) continue;
    const file = path.join(dir, name);
    const text = readFileSync(file, "utf8");
    // eslint-disable-next-line no-control-regex
    if (/^[\x00-\x7f]*$/.test(text)) continue;
    // (UTF-16 units as \uXXXX: the one escape that means the same in a string, a template and a regular expression)
    writeFileSync(
      file,
      text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
    );
  }
}

/**
 * src/load/native-import.cjs stays a file of its own (dist/native-import.cjs): its `import()` must be Node's own,
 * and the CLI runs the bundles through vm.Script (src/boot/code-cache.ts), where an `import()` would have no loader.
 */
const keepNativeImport = {
  name: "keep-native-import",
  setup(build) {
    build.onResolve({ filter: /native-import\.cjs$/ }, () => ({ path: "./native-import.cjs", external: true }));
  },
};

/**
 * commander requires node:child_process as it loads, for executable subcommands, which pipegen has none of; that
 * brings child_process, dgram and their dependencies into every run (measured on Node 24: loading dist/cli.js took
 * ~5 ms instead of ~13). Its `childProcess.spawn` is reached through a proxy that requires the module on first use.
 */
const lazyChildProcessInCommander = {
  name: "lazy-child-process-in-commander",
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: "child_process", namespace: "lazy-child-process" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "lazy-child-process" }, () => ({
      contents: `let cp; module.exports = new Proxy({}, { get: (_, key) => (cp ??= require("node:child_process"))[key] });`,
      loader: "js",
    }));
  },
};

/** `require("./x")` of a source module from the core becomes a property of dist/features.js; `seen` collects them. */
function lazyRequires(seen, probeOnly) {
  return {
    name: "lazy-requires",
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        if (args.kind !== "require-call") return undefined;
        const file = resolveSource(args.resolveDir, args.path);
        if (!file || !file.startsWith(path.join(root, "src") + path.sep)) return undefined;
        const key = keyOf(file);
        seen.add(key);
        return probeOnly ? { path: file, external: true } : { path: key, namespace: "features-ref" };
      });
      build.onLoad({ filter: /.*/, namespace: "features-ref" }, (args) => ({
        contents: `module.exports = require("./features.js")[${JSON.stringify(args.path)}];`,
        loader: "js",
      }));
      build.onResolve({ filter: /^\.\/features\.js$/ }, () => ({ path: "./features.js", external: true }));
    },
  };
}

/**
 * Imports of core modules (anything but the entry's own files) are taken from dist/index.js at run time; `used`
 * collects their keys, for the core's table.
 */
function fromCore(core, used) {
  return {
    name: "from-core",
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        if (args.kind === "entry-point" || args.namespace === "core-ref") return undefined;
        const file = resolveSource(args.resolveDir, args.path);
        if (!file) return undefined;
        const key = keyOf(file);
        if (!core.has(key)) return undefined;
        if (key !== "src/index") used.add(key);
        return { path: key, namespace: "core-ref" };
      });
      build.onLoad({ filter: /.*/, namespace: "core-ref" }, (args) => ({
        // (an ES re-export: esbuild copies the core's exports once, not once per importing file)
        contents:
          args.path === "src/index" ? `export * from "./index.js";` : `module.exports = require("./index.js").${CORE_EXPORT}[${JSON.stringify(args.path)}];`,
        loader: "js",
      }));
      build.onResolve({ filter: /^\.\/index\.js$/ }, (args) => (args.namespace === "core-ref" ? { path: "./index.js", external: true } : undefined));
    },
  };
}

main().catch((err) => {
  rmSync(path.join(root, `.dist-${process.pid}`), { recursive: true, force: true });
  console.error(err.message || err);
  process.exit(1);
});

// Loads pipegen's own bundles (dist/index.js, cli.js, features.js) for the CLI with a V8 code cache made *after*
// the command ran.
//
// Why not only Node's compile cache (module.enableCompileCache, Node >= 22.1)? It stores the code V8 compiled
// while *loading* a file: top-level code, not the functions compiled lazily on their first call. A render calls
// a few hundred of pipegen's functions once each, and compiling them was most of a small render's own time
// (measured on Node 24: validating hello-s3 took 6-9 ms the first time in a process, 0.5 ms the second). A code
// cache taken with `vm.Script#createCachedData()` once the command is done holds those functions too. Node 20 has
// no compile cache at all, so there this cache also saves compiling the bundles' top level.
//
// Only public APIs: `vm.Script` with `cachedData`, `module.createRequire`, and `require.cache`, which Node documents
// as writable (the bundles are entered there, so `require("pipegen")` from a user's module — or an `import` of it —
// gets these very instances). Users' modules never go through here: they load through the loader's hooks.
//
// One cache per bundle and per command (`render`, `validate`, …), since each command calls other functions; a
// cache is written when there was none or V8 refused it (another Node version, other V8 flags), atomically.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import { Script } from "node:vm";

interface Loaded {
  script: Script;
  cacheFile: string;
  /** the cache was missing or refused: write one after the command */
  save: boolean;
}

let cacheDir: string | undefined;
let profile = "other";
const loaded = new Map<string, Loaded>();

/** Turn the cache on for this process: `dir` holds the caches, `command` names the profile. */
export function enableBundleCache(dir: string, command: string): void {
  cacheDir = dir;
  profile = /^[a-z][a-z-]{0,30}$/.test(command) ? command : "other";
}

/** The folder of the caches when the cache is on (a worker thread is handed it, to load its code the same way). */
export function bundleCacheDir(): string | undefined {
  return cacheDir;
}

/** `require(file)` for one of pipegen's bundles, through the code cache when it is on. */
export function requireBundle(file: string): unknown {
  const cached = require.cache[file];
  if (cached) return cached.exports;
  // without the cache (or with a bundle that cannot be read here), Node loads the bundle as it always would
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!cacheDir) return require(file);
  let source: string;
  let key: string;
  try {
    source = readFileSync(file, "utf8");
    const st = statSync(file);
    key = hash(`${st.size}|${st.mtimeMs}|${st.ino}`);
  } catch {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file);
  }
  const cacheFile = path.join(cacheDir, `${path.basename(file, ".js")}.${profile}.${process.version}-${process.arch}.${key}.v8`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // the wrapper Node gives a CommonJS module, so the bundle runs exactly as it would under require()
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  loaded.set(file, { script, cacheFile, save: !cachedData || script.cachedDataRejected === true });

  const dir = path.dirname(file);
  const nodeRequire = createRequire(file);
  // sibling bundles load through here too (cli.js requires ./index.js, the core requires ./features.js lazily)
  const bundleRequire = Object.assign(
    (id: string) => (id.startsWith("./") && id.endsWith(".js") && !id.includes("/", 2) ? requireBundle(path.join(dir, id)) : nodeRequire(id)),
    {
      resolve: nodeRequire.resolve,
      cache: nodeRequire.cache,
      main: nodeRequire.main,
      extensions: nodeRequire.extensions,
    },
  );
  const mod = new Module(file, require.main);
  mod.filename = file;
  mod.paths = nodeRequire.resolve.paths("pipegen") ?? [];
  require.cache[file] = mod;
  try {
    (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, bundleRequire, mod, file, dir);
  } catch (err) {
    delete require.cache[file];
    loaded.delete(file);
    throw err;
  }
  mod.loaded = true;
  return mod.exports;
}

/** Write the caches that were missing or refused; called once the command is done. Never fails the command. */
export function saveBundleCaches(): void {
  if (!cacheDir) return;
  for (const { script, cacheFile, save } of loaded.values()) {
    if (!save) continue;
    try {
      mkdirSync(cacheDir, { recursive: true });
      // older caches of this bundle, command and Node (of an older pipegen build) go
      const prefix = path.basename(cacheFile).replace(/[^.]+\.v8$/, "");
      for (const name of readdirSync(cacheDir)) if (name.startsWith(prefix) && name.endsWith(".v8")) rmSync(path.join(cacheDir, name), { force: true });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch {
      // a cache that cannot be written only costs speed
    }
  }
}

/** FNV-1a, in hex: a short, stable name for a cache key (no crypto to load for it). */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}

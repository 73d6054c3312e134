/**
 * TypeScript to JavaScript for the loader: sucrase (pure JS, no native binary, keeps every line where it was;
 * chosen by measurement, see bench/loaders.js and the README), with a source map pipegen makes itself by
 * aligning tokens per line (sucrase's own map drifts after template literals), inlined so Node's source-map
 * support maps stack traces and `module.findSourceMap()` maps call sites.
 *
 * Results are cached on disk by the file's content, so repeated runs skip the transform (and loading sucrase,
 * most of a cold start). This module must stay free of pipegen's other modules: it also runs inside Node 20's
 * module-hooks thread (dist/load-hooks.mjs).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { alignLines, encodeLineMappings } from "./column-map";
import type { ModuleFormat } from "./format";

declare const PIPEGEN_VERSION: string;
const VERSION = typeof PIPEGEN_VERSION === "string" ? PIPEGEN_VERSION : "dev";
/** Bumped whenever the output changes shape, so old cache entries are not reused. */
const CACHE_FORMAT = "5";

/** Where transforms are cached: $PIPEGEN_CACHE_DIR, else $XDG_CACHE_HOME/pipegen, else ~/.cache/pipegen. */
export function cacheDir(kind: "ts" | "v8" = "ts"): string | undefined {
  if (process.env.PIPEGEN_NO_CACHE === "1") return undefined;
  if (process.env.PIPEGEN_CACHE_DIR) return path.join(process.env.PIPEGEN_CACHE_DIR, kind);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "pipegen", kind);
}

/**
 * A 64-bit FNV-1a hash as 16 hex digits (two 32-bit lanes with different offsets). The cache key needs no
 * cryptographic strength (entries are checked against their source), and node:crypto costs ~4 ms to load.
 */
function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}

/** A syntax error in a TypeScript file: where it is (1-based) and what is wrong. */
export class TypeScriptSyntaxError extends SyntaxError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = "SyntaxError";
  }
}

interface CacheEntry {
  readonly source: string;
  readonly code: string;
}

/** The JavaScript (with an inline source map) of a TypeScript file, for the given module format. */
export function transformTypeScript(source: string, file: string, format: ModuleFormat): string {
  const dir = cacheDir("ts");
  const key = `${hash64(`${CACHE_FORMAT}\0${VERSION}\0${format}\0${file}`)}${hash64(source)}`;
  const cached = dir ? path.join(dir, `${key}.json`) : undefined;
  if (cached) {
    try {
      const entry = JSON.parse(readFileSync(cached, "utf8")) as CacheEntry;
      if (entry.source === source) return entry.code;
    } catch {
      // not cached yet (or unreadable): transform below
    }
  }
  const code = transformUncached(source, file, format);
  if (cached && dir) {
    try {
      mkdirSync(dir, { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ source, code } satisfies CacheEntry));
      renameSync(tmp, cached);
    } catch {
      // a read-only or full cache directory only costs speed
    }
  }
  return code;
}

/**
 * Top-level await in a file that runs as CommonJS is a syntax error Node reports with a warning about ES modules
 * on stderr: found here first (a compile without running, only for files that say `await`), it is one line.
 */
function checkNoTopLevelAwait(source: string, code: string, file: string): void {
  if (!/\bawait\b/.test(source)) return;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Script } = require("node:vm") as typeof import("node:vm");
    new Script(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, { filename: file });
  } catch (err) {
    if (!(err instanceof SyntaxError) || !/await is only valid/.test(err.message)) return; // Node reports it when it runs the file
    const line = Number(/:(\d+)\n/.exec(String(err.stack))?.[1] ?? 1);
    const column = (source.split("\n")[line - 1] ?? "").search(/\bawait\b/) + 1;
    throw new TypeScriptSyntaxError(
      file,
      line,
      Math.max(column, 1),
      'top-level await needs an ES module ("type": "module" in package.json, or a .mts file); this file runs as CommonJS',
    );
  }
}

function transformUncached(source: string, file: string, format: ModuleFormat): string {
  // sucrase is loaded only on a cache miss: it is most of the cost of a cold start
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { transform } = require("sucrase") as typeof import("sucrase");
  let result: ReturnType<typeof transform>;
  try {
    result = transform(source, {
      transforms: format === "module" ? ["typescript"] : ["typescript", "imports"],
      filePath: file,
      disableESTransforms: true,
      keepUnusedImports: false,
      // `import()` stays a real dynamic import in CommonJS too (ESM-only packages can be imported)
      preserveDynamicImport: true,
    });
  } catch (err) {
    const loc = (err as { loc?: { line: number; column: number } }).loc;
    const reason = (err as Error).message.replace(/^Error transforming .*?: /, "").replace(/\s*\(\d+:\d+\)$/, "");
    // (sucrase's columns are 1-based)
    throw new TypeScriptSyntaxError(file, loc?.line ?? 1, loc?.column ?? 1, reason);
  }
  if (format === "commonjs") checkNoTopLevelAwait(source, result.code, file);
  // (sucrase keeps lines; should a future version not, the code runs unmapped rather than mapped wrongly)
  const lines = alignLines(source, result.code);
  const mappings = lines ? encodeLineMappings(lines) : "";
  const map = { version: 3, file: path.basename(file), sources: [path.basename(file)], names: [], mappings };
  return `${result.code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(map)).toString("base64")}\n`;
}

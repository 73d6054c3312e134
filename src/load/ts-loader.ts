/**
 * Loads users' `.ts` pipeline files with no build step. The TypeScript is transformed by sucrase (pure JS, no
 * native binary; it keeps line numbers) and the result is cached on disk, keyed by the file's content, so
 * repeated `pipegen render` runs skip the transform entirely. `import … from "pipegen"` always resolves to the
 * running pipegen, so the builders a pipeline uses are the ones that render it.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import Module from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { fillSites, setPositionMapper } from "../dsl/site";
import { instrumentCalls, SITE_GLOBAL, uninstrumentedColumn, type Shifts } from "./instrument";
import { alignColumns, mapColumn, type ColumnMap } from "./column-map";
import { decodeMappings, originalPosition, type DecodedMap } from "./source-map";

declare const PIPEGEN_VERSION: string;
const VERSION = typeof PIPEGEN_VERSION === "string" ? PIPEGEN_VERSION : "dev";
/** Bumped whenever the transform options change, so old cache entries are not reused. */
const CACHE_FORMAT = "4";
const TS_EXTENSIONS = [".ts", ".mts", ".cts", ".tsx"];

interface Compiled {
  /** the .ts it was made from: a cache entry is used only for exactly this text (the key is a fast hash) */
  source?: string;
  code: string;
  /** source map of the transform (sucrase), from the code before instrumentation to the .ts */
  mappings: string;
  /** call-site instrumentation (absent when the file was not instrumented) */
  shifts?: Shifts;
  /** columns of the transformed lines matched to the .ts by their tokens (the transform's map is used where absent) */
  columns?: ColumnMap;
}

/** What maps positions of a loaded file back to its source. */
type PositionInfo = Pick<Compiled, "mappings" | "shifts" | "columns">;
const positionsByFile = new Map<string, PositionInfo>();
const decodedByFile = new Map<string, DecodedMap>();
let installed = false;

/** Where compiled files are cached: $PIPEGEN_CACHE_DIR, else $XDG_CACHE_HOME/pipegen, else ~/.cache/pipegen. */
export function cacheDir(): string | undefined {
  if (process.env.PIPEGEN_NO_CACHE === "1") return undefined;
  if (process.env.PIPEGEN_CACHE_DIR) return process.env.PIPEGEN_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "pipegen", "ts");
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

/** Files under node_modules are libraries: their calls are not the user's, so they are not instrumented. */
function isLibrary(filename: string): boolean {
  return filename.includes(`${path.sep}node_modules${path.sep}`);
}

function compile(source: string, filename: string): Compiled {
  const dir = cacheDir();
  const key = `${hash64(`${CACHE_FORMAT}\0${VERSION}\0${filename}`)}${hash64(source)}`;
  const cached = dir ? path.join(dir, `${key}.json`) : undefined;
  if (cached) {
    try {
      const entry = JSON.parse(readFileSync(cached, "utf8")) as Compiled;
      if (entry.source === source) return entry;
    } catch {
      // not cached yet (or unreadable): compile below
    }
  }
  // sucrase is loaded only on a cache miss: it is most of the cost of a cold start
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { transform } = require("sucrase") as typeof import("sucrase");
  const result = transform(source, {
    transforms: ["typescript", "imports"],
    filePath: filename,
    sourceMapOptions: { compiledFilename: filename },
    disableESTransforms: true,
    keepUnusedImports: false,
  });
  const mappings = result.sourceMap?.mappings ?? "";
  const columns = alignColumns(source, result.code);
  let compiled: Compiled = { source, code: result.code, mappings, columns };
  if (!isLibrary(filename)) {
    const decoded = decodeMappings(mappings);
    const instrumented = instrumentCalls(result.code, (line, column) => toOriginal(decoded, columns, line, column));
    if (instrumented.code !== result.code) compiled = { ...compiled, code: instrumented.code, shifts: instrumented.shifts };
  }
  if (cached && dir) {
    try {
      mkdirSync(dir, { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(compiled));
      renameSync(tmp, cached);
    } catch {
      // a read-only or full cache directory only costs speed
    }
  }
  return compiled;
}

/** A 1-based position of the transformed code in the .ts: aligned columns first, the transform's map second. */
function toOriginal(decoded: DecodedMap, columns: ColumnMap | undefined, line: number, column: number): { line: number; column: number } | undefined {
  const aligned = columns ? mapColumn(columns, line, column) : undefined;
  return aligned !== undefined ? { line, column: aligned } : originalPosition(decoded, line, column);
}

/** True for files the loader instruments (the user's own `.ts`): their builder calls get sites without stacks. */
export function isInstrumentedFile(filename: string): boolean {
  if (!TS_EXTENSIONS.includes(path.extname(filename)) || isLibrary(filename)) return false;
  // Already loaded: its code ran as it was compiled then. Otherwise compile it now (the require that follows
  // uses this result): a file the instrumenter could not parse must not be run expecting call sites.
  const known = positionsByFile.get(filename);
  if (known) return known.shifts !== undefined;
  try {
    const compiled = compile(readFileSync(filename, "utf8"), filename);
    precompiled.set(filename, compiled);
    return compiled.shifts !== undefined;
  } catch {
    return false; // unreadable: the require reports it
  }
}

/** Compiled by `isInstrumentedFile` for the require that comes next. */
const precompiled = new Map<string, Compiled>();

/** Path of the module that `import "pipegen"` should load: the running copy. */
function pipegenEntry(sub: string): string | undefined {
  const bundled = __filename.endsWith(".js");
  if (sub !== "" && sub !== "testing") return undefined;
  if (bundled) return path.join(__dirname, sub === "" ? "index.js" : "testing.js");
  return path.resolve(__dirname, "..", sub === "" ? "index.ts" : "testing-entry.ts");
}

/** Installs the `.ts` require hook (idempotent). */
export function installTsLoader(): void {
  if (installed) return;
  installed = true;
  const extensions = (Module as unknown as { _extensions: Record<string, (m: Module, filename: string) => void> })._extensions;
  for (const ext of TS_EXTENSIONS) {
    extensions[ext] = (m: Module, filename: string) => {
      const ready = precompiled.get(filename);
      precompiled.delete(filename);
      const compiled = ready ?? compile(readFileSync(filename, "utf8"), filename);
      positionsByFile.set(filename, { mappings: compiled.mappings, shifts: compiled.shifts, columns: compiled.columns });
      (m as unknown as { _compile(code: string, filename: string): void })._compile(compiled.code, filename);
    };
  }
  const M = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const resolve = M._resolveFilename;
  M._resolveFilename = function (request: string, ...rest: unknown[]): string {
    if (request === "pipegen" || request.startsWith("pipegen/")) {
      const entry = pipegenEntry(request === "pipegen" ? "" : request.slice("pipegen/".length));
      if (entry) return entry;
    }
    return resolve.call(this, request, ...rest);
  };
  (globalThis as Record<string, unknown>)[SITE_GLOBAL] = fillSites;
  setPositionMapper((file, line, column) => {
    const info = positionsByFile.get(file);
    if (info === undefined) return undefined;
    let decoded = decodedByFile.get(file);
    if (!decoded) {
      decoded = decodeMappings(info.mappings);
      decodedByFile.set(file, decoded);
    }
    return toOriginal(decoded, info.columns, line, uninstrumentedColumn(info.shifts, line, column));
  });
}

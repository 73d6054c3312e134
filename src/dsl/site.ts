/**
 * Where a builder was called from. Every builder records the first stack frame outside pipegen, so
 * problems found later (at render or validation time) can point at the user's `file:line:col`.
 */
import * as path from "node:path";
import type { SourceSite } from "../issues";

// pipegen's own code lives in dist/ (bundled) or src/ (tests run from source); frames there are skipped.
const ownRoot = __dirname.replace(/[\\/](dist|src)([\\/].*)?$/, "");
const ownDirs = [path.join(ownRoot, "dist") + path.sep, path.join(ownRoot, "src") + path.sep];

/** Maps a generated position back to the user's source (installed by the .ts loader). */
export type PositionMapper = (file: string, line: number, column: number) => { line: number; column: number } | undefined;
let mapper: PositionMapper | undefined;

/** Lets the `.ts` loader translate positions in transformed code back to the original file. */
export function setPositionMapper(fn: PositionMapper | undefined): void {
  mapper = fn;
}

/** A generated position mapped back to the user's source (unchanged when no mapping is known). */
export function mapPosition(file: string, line: number, column: number): { line: number; column: number } {
  return mapper?.(file, line, column) ?? { line, column };
}

/**
 * A call site, captured one of two ways:
 * - from the stack: V8 records the raw frames when the holder is made, and formats them only when the stack is
 *   first read (pipegen reads it only to report a problem, so most sites are never resolved);
 * - from instrumented code (`load/instrument.ts`): while a pipeline module loaded by pipegen's `.ts` loader
 *   runs, a builder leaves a placeholder that the innermost enclosing call of the user's code fills in with its
 *   position. No stack is captured at all, which makes builder calls several times cheaper.
 */
export interface SiteRef {
  readonly stack?: unknown;
  file?: string;
  line?: number;
  column?: number;
}

/** Placeholders waiting for the enclosing instrumented call to return: `pending[0 .. pendingCount)`. */
const pending: SiteRef[] = [];
// a count rather than `pending.length = 0`, which would give back the array's storage on every call
let pendingCount = 0;
let fromInstrumentation = false;

/**
 * Runs `fn` with sites taken from instrumented code rather than from the stack. Only for code whose builder
 * calls happen inside instrumented modules (a pipeline module loaded through the `.ts` loader).
 */
export async function withInstrumentedSites<T>(fn: () => Promise<T> | T): Promise<T> {
  const before = fromInstrumentation;
  fromInstrumentation = true;
  try {
    return await fn();
  } finally {
    fromInstrumentation = before;
    // builders called outside any instrumented call keep no site
    if (!before) {
      pending.length = 0;
      pendingCount = 0;
    }
  }
}

/**
 * Called by instrumented code around each call: fills the placeholders left by the builders that ran during the
 * call (and were not claimed by an inner call) with the call's position, and returns the call's value.
 */
export function fillSites<T>(file: string, line: number, column: number, value: T): T {
  for (let i = 0; i < pendingCount; i++) {
    const ref = pending[i]!;
    ref.file = file;
    ref.line = line;
    ref.column = column;
  }
  pendingCount = 0;
  return value;
}

/** Captures the call site of the builder that called this function. */
export function captureSite(): SiteRef {
  if (fromInstrumentation) {
    const ref: SiteRef = { file: undefined, line: 0, column: 0 };
    pending[pendingCount++] = ref;
    return ref;
  }
  const limit = Error.stackTraceLimit;
  // builders are at most a few frames deep inside pipegen; fewer frames make each capture cheaper
  Error.stackTraceLimit = 5;
  const holder: SiteRef = {};
  Error.captureStackTrace(holder, captureSite);
  Error.stackTraceLimit = limit;
  return holder;
}

const resolved = new WeakMap<SiteRef, SourceSite | null>();

/** The first frame outside pipegen of a captured stack, mapped back to the user's source. */
export function resolveSite(ref: SiteRef | undefined): SourceSite | undefined {
  if (!ref) return undefined;
  if (ref.file !== undefined) return { file: ref.file, line: ref.line ?? 0, column: ref.column ?? 0 };
  // (`in`, not a read: reading `stack` would format it as text before prepareStackTrace is set)
  if (!("stack" in ref)) return undefined;
  const known = resolved.get(ref);
  if (known !== undefined) return known ?? undefined;
  const prepare = Error.prepareStackTrace;
  let frames: NodeJS.CallSite[] = [];
  try {
    Error.prepareStackTrace = (_err, callSites) => callSites;
    frames = (ref.stack as NodeJS.CallSite[] | undefined) ?? [];
  } finally {
    Error.prepareStackTrace = prepare;
  }
  let site: SourceSite | null = null;
  for (const frame of Array.isArray(frames) ? frames : []) {
    const file = frame.getFileName();
    if (!file || file.startsWith("node:") || ownDirs.some((dir) => file.startsWith(dir))) continue;
    if (file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    const line = frame.getLineNumber() ?? 0;
    const column = frame.getColumnNumber() ?? 0;
    const mapped = mapper?.(file, line, column);
    site = { file: file.startsWith("file://") ? new URL(file).pathname : file, line: mapped?.line ?? line, column: mapped?.column ?? column };
    break;
  }
  resolved.set(ref, site);
  return site ?? undefined;
}

/** Defines `site` on a builder object as a lazily resolved property. */
export function withSite<T extends object>(obj: T, ref: SiteRef | undefined): T & { readonly site?: SourceSite } {
  Object.defineProperty(obj, "site", { enumerable: false, configurable: false, get: () => resolveSite(ref) });
  return obj as T & { readonly site?: SourceSite };
}

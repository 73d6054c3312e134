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

/**
 * A call site captured cheaply: V8 records the raw frames when the holder is made, and formats them only
 * when the stack is first read. pipegen reads it only to report a problem, so most sites are never resolved.
 */
export interface SiteRef {
  readonly stack?: unknown;
}

/** Captures the call site of the builder that called this function. */
export function captureSite(): SiteRef {
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

/**
 * Where a builder was called from. Every builder records its call stack (V8 keeps the raw frames and formats
 * them only when read), so problems found later, at render or validation time, can point at the user's
 * `file:line:col`: the first frame outside pipegen, mapped back to the `.ts` with the source map Node keeps for
 * each module the loader transformed (`module.findSourceMap`). Most sites are never read.
 */
import { findSourceMap } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { SourceSite } from "../issues";

// pipegen's own code lives in dist/ (bundled) or src/ (tests run from source); frames there are skipped.
const ownRoot = __dirname.replace(/[\\/](dist|src)([\\/].*)?$/, "");
const ownDirs = [path.join(ownRoot, "dist") + path.sep, path.join(ownRoot, "src") + path.sep];

/** A captured call stack, read only when the site is needed. */
export interface SiteRef {
  readonly stack?: unknown;
}

/** Captures the call site of the builder that called this function. */
export function captureSite(): SiteRef {
  const limit = Error.stackTraceLimit;
  // builders call this at most two frames deep inside pipegen (step builders go through makeStep): four frames
  // reach the user's call with one to spare, and fewer frames make each capture cheaper
  Error.stackTraceLimit = 4;
  const holder: SiteRef = {};
  Error.captureStackTrace(holder, captureSite);
  Error.stackTraceLimit = limit;
  return holder;
}

/** A 1-based position in generated code mapped to the original source (itself when the file has no map). */
export function originalPosition(file: string, line: number, column: number): { line: number; column: number } {
  let map: ReturnType<typeof findSourceMap>;
  try {
    map = findSourceMap(file);
  } catch {
    map = undefined;
  }
  if (!map) return { line, column };
  const entry = map.findEntry(line - 1, column - 1) as { originalLine?: number; originalColumn?: number };
  if (typeof entry?.originalLine !== "number" || typeof entry.originalColumn !== "number") return { line, column };
  return { line: entry.originalLine + 1, column: entry.originalColumn + 1 };
}

/** True for a frame's file that is the user's code (not pipegen's, not Node's, not a library's). */
export function isUserFrame(file: string): boolean {
  if (file.startsWith("node:") || file.startsWith("data:")) return false;
  const p = file.startsWith("file:") ? fileURLToPath(file) : file;
  return !ownDirs.some((dir) => p.startsWith(dir)) && !p.includes(`${path.sep}node_modules${path.sep}`);
}

const resolved = new WeakMap<SiteRef, SourceSite | null>();

/** The first frame outside pipegen of a captured stack, mapped back to the user's source. */
export function resolveSite(ref: SiteRef | undefined): SourceSite | undefined {
  // (`in`, not a read: reading `stack` would format it as text before prepareStackTrace is set)
  if (!ref || !("stack" in ref)) return undefined;
  const known = resolved.get(ref);
  if (known !== undefined) return known ?? undefined;
  const prepare = Error.prepareStackTrace;
  let frames: NodeJS.CallSite[] = [];
  try {
    Error.prepareStackTrace = (_err, callSites) => callSites;
    frames = (ref.stack as NodeJS.CallSite[] | undefined) ?? [];
  } catch {
    frames = [];
  } finally {
    Error.prepareStackTrace = prepare;
  }
  let site: SourceSite | null = null;
  for (const frame of Array.isArray(frames) ? frames : []) {
    const file = frame.getFileName() ?? frame.getScriptNameOrSourceURL?.();
    if (!file || !isUserFrame(file)) continue;
    const pos = originalPosition(file, frame.getLineNumber() ?? 0, frame.getColumnNumber() ?? 0);
    site = { file: file.startsWith("file:") ? fileURLToPath(file) : file, line: pos.line, column: pos.column };
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

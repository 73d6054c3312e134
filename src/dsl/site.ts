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

/** Captures the call site of the builder that called this function. Cheap enough to do on every builder call. */
export function captureSite(): SourceSite | undefined {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  let frames: NodeJS.CallSite[] = [];
  try {
    Error.stackTraceLimit = 16;
    Error.prepareStackTrace = (_err, callSites) => callSites;
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, captureSite);
    frames = holder.stack ?? [];
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
  for (const frame of frames) {
    const file = frame.getFileName();
    if (!file || file.startsWith("node:") || ownDirs.some((dir) => file.startsWith(dir))) continue;
    if (file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    const line = frame.getLineNumber() ?? 0;
    const column = frame.getColumnNumber() ?? 0;
    const mapped = mapper?.(file, line, column);
    return { file: file.startsWith("file://") ? new URL(file).pathname : file, line: mapped?.line ?? line, column: mapped?.column ?? column };
  }
  return undefined;
}

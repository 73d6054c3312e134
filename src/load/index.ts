/**
 * Loading a pipeline from a file: a `.ts`/`.js` module whose default export (or a named one) is a pipeline,
 * or a function (sync or async) returning one.
 */
import { existsSync, statSync } from "node:fs";
import * as path from "node:path";
import { PipegenError } from "../errors";
import { isPipeline, type Pipeline } from "../dsl/pipeline";
import { isTaskConfig, type TaskConfigSpec } from "../dsl/steps";
import { mapPosition, withInstrumentedSites } from "../dsl/site";
import { installTsLoader, isInstrumentedFile } from "./ts-loader";

export { installTsLoader, cacheDir } from "./ts-loader";

/** Options of `loadPipelineModule()`. */
export interface LoadOptions {
  /** The export to use. @default "default" */
  readonly exportName?: string;
}

const MODULE_EXTENSIONS = new Set([".ts", ".mts", ".cts", ".tsx", ".js", ".cjs", ".mjs"]);

/** True for files `loadPipelineModule` can load (as opposed to YAML). */
export function isModuleFile(file: string): boolean {
  return MODULE_EXTENSIONS.has(path.extname(file));
}

/** Loads a `.ts`/`.js` file and returns the pipeline it exports. Throws a `PipegenError` with a one-line reason. */
export async function loadPipelineModule(file: string, options: LoadOptions = {}): Promise<Pipeline> {
  const value = await loadRenderableModule(file, options);
  if (isTaskConfig(value)) {
    throw new PipegenError("pipegen.notAPipeline", `${file}: the ${options.exportName ? `export '${options.exportName}'` : "default export"} is a task config, not a pipeline (render it with pipegen render)`);
  }
  return value;
}

/** Loads a `.ts`/`.js` file whose export is a pipeline or a task config made with `taskConfig()`. */
export async function loadRenderableModule(file: string, options: LoadOptions = {}): Promise<Pipeline | TaskConfigSpec> {
  const abs = path.resolve(file);
  if (!existsSync(abs) || !statSync(abs).isFile()) throw new PipegenError("pipegen.fileNotFound", `${file}: no such file`);
  installTsLoader();
  // a .ts module is instrumented by the loader: its builders take their call sites from it, not from stacks
  return isInstrumentedFile(abs) ? withInstrumentedSites(() => loadExport(file, abs, options)) : loadExport(file, abs, options);
}

async function loadExport(file: string, abs: string, options: LoadOptions): Promise<Pipeline | TaskConfigSpec> {
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(abs) as Record<string, unknown>;
  } catch (err) {
    throw new PipegenError("pipegen.loadFailed", `${file} could not be loaded: ${describeError(err, abs)}`, { cause: err });
  }
  const exportName = options.exportName ?? "default";
  let value: unknown = mod?.[exportName];
  if (value === undefined && exportName === "default" && isPipeline(mod)) value = mod;
  if (value === undefined) {
    const names = Object.keys(mod ?? {}).filter((k) => k !== "__esModule");
    const hint = names.length ? ` (it exports: ${names.join(", ")}; choose one with --export)` : "";
    throw new PipegenError("pipegen.noExport", `${file} has no ${exportName === "default" ? "default export" : `export named '${exportName}'`}${hint}`);
  }
  if (typeof value === "function") {
    try {
      value = await (value as () => unknown)();
    } catch (err) {
      throw new PipegenError("pipegen.loadFailed", `${file}: the exported function threw: ${describeError(err, abs)}`, { cause: err });
    }
  }
  if (!isPipeline(value) && !isTaskConfig(value)) {
    throw new PipegenError("pipegen.notAPipeline", `${file}: the ${exportName === "default" ? "default export" : `export '${exportName}'`} is not a pipeline (make it with pipeline({ jobs: [...] }), or a task file with taskConfig({ ... }))`);
  }
  return value;
}

/** One line: the error's message and where in the user's file it was thrown. */
function describeError(err: unknown, file: string): string {
  if (!(err instanceof Error)) return String(err);
  const frame = (err.stack ?? "").split("\n").find((l) => l.includes(file));
  // `at fn (/path/file.ts:4:9)` or `at /path/file.ts:4:9`
  const where = frame ? /(?:\(|^at\s+)([^()]+?):(\d+):(\d+)\)?$/.exec(frame.trim()) : null;
  const message = err.message.split("\n")[0];
  if (!where) return message;
  // positions in the stack are in the loaded (transformed) code: map them back to the user's .ts
  const pos = mapPosition(where[1], Number(where[2]), Number(where[3]));
  return `${message} (at ${path.relative(process.cwd(), where[1])}:${pos.line}:${pos.column})`;
}

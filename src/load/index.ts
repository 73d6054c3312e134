/**
 * Loading a pipeline from a file: a `.ts`/`.mts`/`.cts` (or JavaScript) module whose default export (or a named
 * one) is a pipeline, or a function (sync or async) returning one. The module runs as Node runs it: an ES
 * module with `import()`, a CommonJS one with `require()`, TypeScript understood through the loader's hooks.
 */
import { statSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { PipegenError } from "../errors";
import { isPipeline, type Pipeline } from "../dsl/pipeline";
import { isTaskConfig, type TaskConfigSpec } from "../dsl/steps";
import { moduleFormatOf } from "./format";
import { installImportHooks, installLoader, packageRoot } from "./install";
import { describeLoadError } from "./describe-error";
import { findImportCycle } from "./dependencies";

export { installLoader } from "./install";
export { cacheDir } from "./transform";
export { moduleFiles } from "./dependencies";

/** Options of `loadPipelineModule()`. */
export interface LoadOptions {
  /** The export to use. @default "default" */
  readonly exportName?: string;
}

const MODULE_EXTENSIONS = new Set([".ts", ".mts", ".cts", ".js", ".cjs", ".mjs"]);
const YAML_EXTENSIONS = new Set([".yml", ".yaml", ".json"]);

/** True for files `loadPipelineModule` can load (as opposed to YAML). */
export function isModuleFile(file: string): boolean {
  return MODULE_EXTENSIONS.has(path.extname(file));
}

/** Loads a `.ts`/`.js` file and returns the pipeline it exports. Throws a `PipegenError` with a one-line reason. */
export async function loadPipelineModule(file: string, options: LoadOptions = {}): Promise<Pipeline> {
  const value = await loadRenderableModule(file, options);
  if (isTaskConfig(value)) {
    throw new PipegenError(
      "pipegen.notAPipeline",
      `${file}: the ${options.exportName ? `export '${options.exportName}'` : "default export"} is a task config, not a pipeline (render it with pipegen render)`,
    );
  }
  return value;
}

/** Loads a `.ts`/`.js` file whose export is a pipeline or a task config made with `taskConfig()`. */
export async function loadRenderableModule(file: string, options: LoadOptions = {}): Promise<Pipeline | TaskConfigSpec> {
  const abs = checkModuleFile(file);
  const exportName = options.exportName ?? "default";
  const what = exportName === "default" ? "default export" : `export '${exportName}'`;
  let mod: Record<string, unknown>;
  try {
    mod = await untilSettled(loadModule(abs), `${file}: loading the module never finished (a top-level await that nothing resolves)`);
  } catch (err) {
    if (err instanceof PipegenError) throw err;
    throw new PipegenError("pipegen.loadFailed", `${file} could not be loaded: ${describeLoadError(err)}${cycleNote(abs)}`, { cause: err });
  }
  let value: unknown = readExport(mod, exportName);
  if (value === undefined && exportName === "default" && isPipeline(mod)) value = mod;
  if (value === undefined) {
    let names: string[] = [];
    try {
      names = Object.keys(mod ?? {}).filter((k) => k !== "__esModule");
    } catch {
      names = [];
    }
    const hint = names.length ? ` (it exports: ${names.join(", ")}; choose one with --export)` : "";
    throw new PipegenError(
      "pipegen.noExport",
      `${file} has no ${exportName === "default" ? "default export" : `export named '${exportName}'`}${hint}${cycleNote(abs)}`,
    );
  }
  const thenable = typeof (value as { then?: unknown } | null)?.then === "function";
  if (typeof value === "function" || thenable) {
    const run = thenable ? () => value : (value as () => unknown);
    const kind = thenable ? "a promise that" : "a function whose promise";
    try {
      value = await untilSettled(Promise.resolve().then(run), `${file}: the ${what} is ${kind} never settled (nothing was left to wait for)`);
    } catch (err) {
      if (err instanceof PipegenError) throw err;
      throw new PipegenError("pipegen.loadFailed", `${file}: the ${what} threw: ${describeLoadError(err)}`, { cause: err });
    }
  }
  if (!isPipeline(value) && !isTaskConfig(value)) {
    throw new PipegenError(
      "pipegen.notAPipeline",
      `${file}: the ${what} is ${describeValue(value)}, not a pipeline (make it with pipeline({ jobs: [...] }), or a task file with taskConfig({ ... }))${cycleNote(abs)}`,
    );
  }
  return value;
}

/** The absolute path of a module file to load, or a one-line error for what cannot be loaded as code. */
function checkModuleFile(file: string): string {
  const abs = path.resolve(file);
  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(abs);
  } catch {
    st = undefined;
  }
  if (!st) throw new PipegenError("pipegen.fileNotFound", `${file}: no such file`);
  if (st.isDirectory()) throw new PipegenError("pipegen.isDirectory", `${file} is a directory: give the pipeline's .ts file`);
  const ext = path.extname(abs);
  if (YAML_EXTENSIONS.has(ext)) {
    throw new PipegenError(
      "pipegen.notAModule",
      `${file} is ${ext === ".json" ? "JSON" : "YAML"}, not code: render takes a .ts pipeline; to check this file run 'pipegen validate ${file}', to turn it into TypeScript run 'pipegen import ${file}'`,
    );
  }
  if (!MODULE_EXTENSIONS.has(ext))
    throw new PipegenError("pipegen.notAModule", `${file}: not a module pipegen can load (expected .ts, .mts, .cts, .js, .mjs or .cjs)`);
  return abs;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const nativeImport = require("./native-import.cjs") as (url: string) => Promise<Record<string, unknown>>;

/** Runs a user's module file (absolute path) as Node would, TypeScript included, and returns its exports. */
export async function loadModule(abs: string): Promise<Record<string, unknown>> {
  installLoader();
  if (moduleFormatOf(abs) === "module") {
    installImportHooks();
    return nativeImport(pathToFileURL(abs).href);
  }
  return createRequire(abs)(abs) as Record<string, unknown>;
}

function readExport(mod: Record<string, unknown>, name: string): unknown {
  try {
    return mod?.[name];
  } catch (err) {
    throw new PipegenError("pipegen.loadFailed", `reading the export '${name}' threw: ${describeLoadError(err)}`, { cause: err });
  }
}

/**
 * `promise`, or a rejection with `message` when Node is about to exit with the promise still pending: nothing
 * is left that could settle it, and without this the process would exit 0 having printed nothing.
 */
function untilSettled<T>(promise: Promise<T>, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stuck = () => reject(new PipegenError("pipegen.neverSettled", message));
    process.once("beforeExit", stuck);
    promise.then(
      (v) => {
        process.off("beforeExit", stuck);
        resolve(v);
      },
      (e: unknown) => {
        process.off("beforeExit", stuck);
        reject(e);
      },
    );
  });
}

function cycleNote(abs: string): string {
  let cycle: string[] | undefined;
  try {
    cycle = findImportCycle(abs, packageRoot);
  } catch {
    cycle = undefined;
  }
  if (!cycle) return "";
  const show = (f: string) => path.relative(process.cwd(), f) || f;
  return ` (import cycle: ${cycle.map(show).join(" -> ")})`;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

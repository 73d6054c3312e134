/**
 * The loader's module customization hooks, written once over a `next` that is synchronous (Node's
 * `module.registerHooks`, in-thread, for both `import` and `require`) or asynchronous (Node 20's
 * `module.register`, in Node's hooks thread, for `import`). They resolve what users' TypeScript imports
 * (`resolve.ts`) and hand Node the JavaScript of `.ts`/`.mts`/`.cts` files (`transform.ts`), in the module
 * format Node's own rules give the file. This module must stay free of pipegen's other modules.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isTypeScriptFile, moduleFormatOf } from "./format";
import { parentPath, resolveFromTypeScript, specifierSite } from "./resolve";
import { transformTypeScript } from "./transform";

export interface ResolveContext {
  readonly parentURL?: string;
  readonly conditions?: readonly string[];
  readonly importAttributes?: Record<string, string>;
}
export interface ResolveResult {
  readonly url: string;
  readonly format?: string | null;
  readonly shortCircuit?: boolean;
}
export interface LoadResult {
  readonly format: string;
  readonly source?: string | ArrayBuffer | Uint8Array | null;
  readonly shortCircuit?: boolean;
}

/** What `resolve` does before asking Node: a file URL, or undefined to let Node resolve. */
export function resolveFirst(specifier: string, context: ResolveContext, packageRoot: string): ResolveResult | undefined {
  const file = resolveFromTypeScript(specifier, context.parentURL, packageRoot, context.conditions);
  return file ? { url: pathToFileURL(file).href, shortCircuit: true } : undefined;
}

/** What `load` does for TypeScript files: undefined for anything else (Node loads it). */
export function loadTypeScript(url: string): LoadResult | undefined {
  if (!url.startsWith("file:")) return undefined;
  const file = fileURLToPath(url);
  if (!isTypeScriptFile(file)) return undefined;
  const format = moduleFormatOf(file);
  return { format, source: transformTypeScript(readFileSync(file, "utf8"), file, format), shortCircuit: true };
}

/**
 * Node's "cannot find" error for an import in a user's TypeScript file, with the importing `file:line:col`
 * (Node names only the importing file's absolute path). Other errors are returned as they are.
 */
export function withImportSite(err: unknown, specifier: string, parent: string | undefined): unknown {
  const from = parentPath(parent);
  const code = (err as { code?: unknown } | null)?.code;
  if (!from || !isTypeScriptFile(from) || (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND")) return err;
  const site = specifierSite(from, specifier);
  const where = `${relative(from)}${site ? `:${site.line}:${site.column}` : ""}`;
  const out = new Error(`Cannot find module '${specifier}' (imported at ${where})`);
  (out as Error & { code: string }).code = code;
  return out;
}

function relative(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

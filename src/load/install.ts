/**
 * Installs the loader of users' TypeScript with Node's supported mechanisms, once per process:
 * - Node >= 22.15 (and 24): `module.registerHooks()`: in-thread hooks that serve `import` and `require` alike;
 * - Node 20: `module.register()` hooks in Node's hooks thread for ES modules (started only when an ES module is
 *   loaded: the thread costs ~50 ms to start), and `node20-commonjs.ts` for CommonJS;
 * - source maps through Node's own support (`process.setSourceMapsEnabled`), so stack traces and
 *   `module.findSourceMap()` give positions in the `.ts`.
 */
import Module from "node:module";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { loadTypeScript, resolveFirst, withImportSite, type LoadResult, type ResolveContext, type ResolveResult } from "./hooks";
import { installNode20CommonJs } from "./node20-commonjs";

interface SyncHooks {
  resolve(specifier: string, context: ResolveContext, next: (s: string, c?: ResolveContext) => ResolveResult): ResolveResult;
  load(url: string, context: object, next: (u: string, c?: object) => LoadResult): LoadResult;
}
interface ModuleApi {
  registerHooks?: (hooks: SyncHooks) => unknown;
  register?: (specifier: string, options: { data: unknown }) => void;
}

/** The folder of the running pipegen (its package.json): dist/ and src/ are its children. */
export const packageRoot = __dirname.replace(/[\\/](dist|src)([\\/].*)?$/, "");

let installed = false;
let threadHooks = false;

/** True where `import` and `require` are both served by in-thread hooks (Node >= 22.15). */
export function hasInThreadHooks(): boolean {
  return typeof (Module as unknown as ModuleApi).registerHooks === "function";
}

/** Installs the loader (idempotent). */
export function installLoader(): void {
  if (installed) return;
  installed = true;
  process.setSourceMapsEnabled(true);
  const api = Module as unknown as ModuleApi;
  if (api.registerHooks) {
    api.registerHooks({
      resolve(specifier, context, next) {
        const first = resolveFirst(specifier, context, packageRoot);
        if (first) return first;
        try {
          return next(specifier, context);
        } catch (err) {
          throw withImportSite(err, specifier, context.parentURL);
        }
      },
      load(url, context, next) {
        return loadTypeScript(url) ?? next(url, context);
      },
    });
  } else {
    installNode20CommonJs(packageRoot);
  }
}

/** Makes `import` of TypeScript work: on Node 20, starts the hooks thread (a no-op elsewhere). */
export function installImportHooks(): void {
  installLoader();
  if (threadHooks || hasInThreadHooks()) return;
  threadHooks = true;
  const api = Module as unknown as ModuleApi;
  api.register?.(pathToFileURL(path.join(packageRoot, "dist", "load-hooks.mjs")).href, { data: { packageRoot } });
}

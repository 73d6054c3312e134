/**
 * TypeScript in CommonJS on Node 20. Node 20 has no in-thread module hooks (`module.registerHooks` came in
 * Node 22.15), and the hooks of `module.register()` do not apply to `require()`. So on Node 20 only, CommonJS
 * `.ts`/`.cts` files are compiled through `require.extensions` (documented, deprecated) and resolved through
 * `Module._resolveFilename` (internal). This is the one place pipegen touches Node's loader outside the
 * supported hooks; it is installed only where `module.registerHooks` is missing, and goes with Node 20.
 */
import { readFileSync } from "node:fs";
import Module from "node:module";
import { resolveFromTypeScript } from "./resolve";
import { transformTypeScript } from "./transform";
import { withImportSite } from "./hooks";

interface CjsModule {
  filename?: string;
  _compile(code: string, filename: string): void;
}
type ResolveFilename = (request: string, parent: CjsModule | undefined, ...rest: unknown[]) => string;

export function installNode20CommonJs(packageRoot: string): void {
  const extensions = require.extensions as unknown as Record<string, (m: CjsModule, filename: string) => void>;
  const compile = (m: CjsModule, filename: string) => m._compile(transformTypeScript(readFileSync(filename, "utf8"), filename, "commonjs"), filename);
  extensions[".ts"] = compile;
  extensions[".cts"] = compile;
  const M = Module as unknown as { _resolveFilename: ResolveFilename };
  const original = M._resolveFilename;
  M._resolveFilename = function (this: unknown, request, parent, ...rest) {
    const file = resolveFromTypeScript(request, parent?.filename, packageRoot);
    if (file) return file;
    try {
      return original.call(this, request, parent, ...rest);
    } catch (err) {
      throw withImportSite(err, request, parent?.filename);
    }
  };
}

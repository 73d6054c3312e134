/**
 * Entry of `dist/load-hooks.mjs`: the loader's hooks for Node 20, which has no in-thread hooks
 * (`module.registerHooks`, Node >= 22.15). `module.register()` runs them in Node's hooks thread, for `import`.
 */
import { loadTypeScript, resolveFirst, withImportSite, type LoadResult, type ResolveContext, type ResolveResult } from "./hooks";

let packageRoot = "";

export function initialize(data: { packageRoot: string }): void {
  packageRoot = data.packageRoot;
}

export async function resolve(
  specifier: string,
  context: ResolveContext,
  next: (s: string, c: ResolveContext) => Promise<ResolveResult>,
): Promise<ResolveResult> {
  const first = resolveFirst(specifier, context, packageRoot);
  if (first) return first;
  try {
    return await next(specifier, context);
  } catch (err) {
    throw withImportSite(err, specifier, context.parentURL);
  }
}

export async function load(url: string, context: object, next: (u: string, c: object) => Promise<LoadResult>): Promise<LoadResult> {
  return loadTypeScript(url) ?? next(url, context);
}

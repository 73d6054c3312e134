// Worker threads that load big code (ELK for graph layout, the validator for deep documents) load it through the
// CLI's code cache (code-cache.ts) when the CLI turned it on. The cache's state lives in the one instance of
// dist/code-cache.js that bin/pipegen.js loaded, so it is found by path, not imported (an import would bundle a
// second, empty copy).
import * as path from "node:path";
import { packageRoot } from "../load/install";

/** For a worker's workerData: where dist/code-cache.js is and the cache folder; undefined when the cache is off. */
export function workerCodeCache(): { codeCache: string; cacheDir: string } | undefined {
  const codeCache = path.join(packageRoot, "dist", "code-cache.js");
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cacheDir = (require(codeCache) as { bundleCacheDir(): string | undefined }).bundleCacheDir();
    return cacheDir ? { codeCache, cacheDir } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Worker source defining `requireCached(file)` (a require through the cache when workerData carries it, else a
 * plain require) and `saveCached()` (writes the caches that were missing; call it before the worker answers, since
 * the CLI may exit as soon as it has its answer). `profile` names the caches.
 */
export function workerCachePrelude(profile: string): string {
  return `let codeCacheModule;
try {
  if (workerData.cacheDir) {
    codeCacheModule = require(workerData.codeCache);
    codeCacheModule.enableBundleCache(workerData.cacheDir, ${JSON.stringify(profile)});
  }
} catch {
  codeCacheModule = undefined;
}
const requireCached = (file) => (codeCacheModule ? codeCacheModule.requireBundle(file) : require(file));
const saveCached = () => codeCacheModule && codeCacheModule.saveBundleCaches();
`;
}

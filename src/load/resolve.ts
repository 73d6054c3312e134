/**
 * How the loader resolves what a user's TypeScript file imports, beyond what Node does itself. Used by every
 * loading path (module hooks in-thread or in Node 20's hooks thread, Node 20's CommonJS loader), so a project
 * resolves the same way on every Node version:
 * - `pipegen` and its subpaths are the running pipegen, so the builders a pipeline uses are the ones that
 *   render it (also when pipegen is installed globally and not in the project);
 * - from a `.ts`/`.mts`/`.cts` file, relative imports written the way tsc wants them under NodeNext (`./x.js`
 *   for `x.ts`) or under `moduleResolution: bundler` (`./x`, `./dir` for `dir/index.ts`) find the TypeScript file;
 * - tsconfig `paths` aliases (with `baseUrl`) apply to imports from the project's TypeScript files.
 * Only files that exist are returned; anything else is left to Node, which reports what it cannot find.
 * This module must stay free of pipegen's other modules: it also runs in Node 20's hooks thread.
 */
import { readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const TS_PARENT = /\.[mc]?ts$/;
/** `./x.js` may name `./x.ts`: tsc's NodeNext wants the extension of the output file. */
const JS_TO_TS: Record<string, readonly string[]> = { ".js": [".ts", ".tsx"], ".mjs": [".mts"], ".cjs": [".cts"], ".jsx": [".tsx"] };
/** Extensionless imports (bundler resolution), in tsc's order of preference. */
const PROBE = [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".json"];

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** A parent given as a file: URL or a path, as a path (undefined for other URLs: data:, node:, …). */
export function parentPath(parent: string | undefined): string | undefined {
  if (!parent) return undefined;
  if (parent.startsWith("file:")) return fileURLToPath(parent);
  return path.isAbsolute(parent) ? parent : undefined;
}

/**
 * The file of the running pipegen that `pipegen` or `pipegen/<sub>` names, from its package.json exports, for an
 * importer with these conditions (`import` for ES modules; `require` when not given).
 */
export function pipegenFile(specifier: string, packageRoot: string, conditions: readonly string[] = ["require"]): string | undefined {
  if (specifier !== "pipegen" && !specifier.startsWith("pipegen/")) return undefined;
  const sub = specifier === "pipegen" ? "." : `./${specifier.slice("pipegen/".length)}`;
  const exportsMap = pipegenExports(packageRoot);
  const entry = exportsMap[sub];
  let target: unknown;
  if (typeof entry === "string") target = entry;
  else if (entry && typeof entry === "object") {
    // the first condition that applies, in the order package.json lists them (as Node picks)
    for (const [condition, value] of Object.entries(entry as Record<string, unknown>)) {
      if (condition === "default" || (condition !== "types" && conditions.includes(condition))) {
        target = value;
        break;
      }
    }
  }
  return typeof target === "string" ? path.join(packageRoot, target) : undefined;
}

let exportsCache: { root: string; map: Record<string, unknown> } | undefined;
function pipegenExports(root: string): Record<string, unknown> {
  if (exportsCache?.root === root) return exportsCache.map;
  let map: Record<string, unknown> = {};
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { exports?: Record<string, unknown> };
    map = pkg.exports ?? {};
  } catch {
    map = {};
  }
  exportsCache = { root, map };
  return map;
}

/**
 * The file a specifier imported by `parent` names, when the loader resolves it rather than Node: undefined to
 * let Node resolve it. `packageRoot` is the running pipegen's folder.
 */
export function resolveFromTypeScript(specifier: string, parent: string | undefined, packageRoot: string, conditions?: readonly string[]): string | undefined {
  const own = pipegenFile(specifier, packageRoot, conditions);
  if (own) return own;
  // (every require and import of the process passes here: most are not from a TypeScript file)
  if (!parent || !TS_PARENT.test(parent)) return undefined;
  const from = parentPath(parent);
  if (!from) return undefined;
  if (
    specifier.startsWith("./") ||
    specifier.startsWith("../") ||
    specifier === "." ||
    specifier === ".." ||
    specifier.startsWith("/") ||
    specifier.startsWith("file:")
  ) {
    const base = specifier.startsWith("file:") ? fileURLToPath(specifier) : path.resolve(path.dirname(from), specifier);
    return fileFor(base);
  }
  if (from.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
  for (const candidate of tsconfigPathCandidates(specifier, from)) {
    const found = fileFor(candidate);
    if (found) return found;
  }
  return undefined;
}

/** An existing file for `base`: itself, its TypeScript source (`.js` -> `.ts`), an extension, or a folder's index. */
function fileFor(base: string): string | undefined {
  if (isFile(base)) return base;
  const ext = path.extname(base);
  for (const ts of JS_TO_TS[ext] ?? []) {
    const file = base.slice(0, -ext.length) + ts;
    if (isFile(file)) return file;
  }
  for (const probe of PROBE) if (isFile(base + probe)) return base + probe;
  if (isDirectory(base)) for (const probe of PROBE) if (isFile(path.join(base, `index${probe}`))) return path.join(base, `index${probe}`);
  return undefined;
}

interface PathsConfig {
  /** folder the targets are relative to (baseUrl, else the tsconfig's folder) */
  readonly base: string;
  readonly paths: Readonly<Record<string, readonly string[]>>;
}

const pathsByDir = new Map<string, PathsConfig | null>();

/** Targets of the tsconfig `paths` patterns that match, most specific pattern first (tsc's rule). */
function tsconfigPathCandidates(specifier: string, from: string): string[] {
  const config = pathsConfigFor(path.dirname(from));
  if (!config) return [];
  const matches: { prefixLength: number; targets: string[] }[] = [];
  for (const [pattern, targets] of Object.entries(config.paths)) {
    const star = pattern.indexOf("*");
    if (star < 0) {
      if (pattern === specifier) matches.push({ prefixLength: Infinity, targets: targets.map((t) => path.resolve(config.base, t)) });
      continue;
    }
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix)) {
      const middle = specifier.slice(prefix.length, specifier.length - suffix.length);
      matches.push({ prefixLength: prefix.length, targets: targets.map((t) => path.resolve(config.base, t.replace("*", middle))) });
    }
  }
  matches.sort((a, b) => b.prefixLength - a.prefixLength);
  return matches.flatMap((m) => m.targets);
}

/** The `paths` of the nearest tsconfig.json (following relative `extends`), or null. */
function pathsConfigFor(dir: string): PathsConfig | null {
  const known = pathsByDir.get(dir);
  if (known !== undefined) return known;
  let found: PathsConfig | null;
  const file = path.join(dir, "tsconfig.json");
  if (isFile(file)) found = readPathsConfig(file, 0);
  else if (path.basename(dir) === "node_modules" || path.dirname(dir) === dir) found = null;
  else found = pathsConfigFor(path.dirname(dir));
  pathsByDir.set(dir, found);
  return found;
}

function readPathsConfig(file: string, depth: number): PathsConfig | null {
  let json: { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } };
  try {
    json = parseJsonc(readFileSync(file, "utf8")) as typeof json;
  } catch {
    return null; // tsc reports a broken tsconfig; the loader just does without aliases
  }
  const options = json?.compilerOptions ?? {};
  const dir = path.dirname(file);
  let inherited: PathsConfig | null = null;
  if (typeof json?.extends === "string" && json.extends.startsWith(".") && depth < 8) {
    const parent = path.resolve(dir, json.extends);
    inherited = readPathsConfig(parent.endsWith(".json") ? parent : `${parent}.json`, depth + 1);
  }
  if (options.paths && typeof options.paths === "object") {
    const base = typeof options.baseUrl === "string" ? path.resolve(dir, options.baseUrl) : dir;
    const paths: Record<string, readonly string[]> = {};
    for (const [k, v] of Object.entries(options.paths as Record<string, unknown>))
      if (Array.isArray(v)) paths[k] = v.filter((t): t is string => typeof t === "string");
    return { base, paths };
  }
  if (inherited && typeof options.baseUrl === "string") return { ...inherited, base: path.resolve(dir, options.baseUrl) };
  return inherited;
}

/** JSON with comments and trailing commas, as tsconfig files are written. */
function parseJsonc(text: string): unknown {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 1;
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, "$1"));
}

/** `file:line:col` of the first place `parent` names `specifier` in quotes (for "cannot find" messages). */
export function specifierSite(parent: string, specifier: string): { line: number; column: number } | undefined {
  let text: string;
  try {
    text = readFileSync(parent, "utf8");
  } catch {
    return undefined;
  }
  for (const quote of ['"', "'", "`"]) {
    const at = text.indexOf(quote + specifier + quote);
    if (at < 0) continue;
    const before = text.slice(0, at);
    const line = before.split("\n").length;
    return { line, column: at - before.lastIndexOf("\n") };
  }
  return undefined;
}

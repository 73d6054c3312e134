/**
 * Which module system a TypeScript file runs in, by Node's own rules: `.mts` is ESM, `.cts` is CommonJS, and a
 * `.ts` follows the `"type"` of the nearest package.json (CommonJS when it has none), as tsc's NodeNext does.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";

export type ModuleFormat = "module" | "commonjs";

/** The TypeScript extensions the loader transforms. */
export const TS_EXTENSIONS: readonly string[] = [".ts", ".mts", ".cts"];

export function isTypeScriptFile(file: string): boolean {
  return TS_EXTENSIONS.includes(path.extname(file));
}

const typeByDir = new Map<string, ModuleFormat>();

export function moduleFormatOf(file: string): ModuleFormat {
  const ext = path.extname(file);
  if (ext === ".mts" || ext === ".mjs") return "module";
  if (ext === ".cts" || ext === ".cjs") return "commonjs";
  return packageTypeOf(path.dirname(file));
}

function packageTypeOf(dir: string): ModuleFormat {
  const known = typeByDir.get(dir);
  if (known) return known;
  let type: ModuleFormat;
  let text: string | undefined;
  try {
    text = readFileSync(path.join(dir, "package.json"), "utf8");
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined; // Node reports an invalid package.json itself when it loads the file
    }
    type = typeof parsed === "object" && parsed !== null && (parsed as { type?: unknown }).type === "module" ? "module" : "commonjs";
  } else {
    const parent = path.dirname(dir);
    type = parent === dir ? "commonjs" : packageTypeOf(parent);
  }
  typeByDir.set(dir, type);
  return type;
}

/**
 * One line for an error thrown while loading a user's module: what went wrong and where in the user's
 * `.ts` (Node's source-map support maps stack traces of transformed files back to the original positions).
 * Never throws, whatever was thrown (a value whose `message`, `stack` or `toString` throws included).
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { isUserFrame } from "../dsl/site";
import { TypeScriptSyntaxError } from "./transform";

function show(file: string): string {
  const abs = file.startsWith("file:") ? fileURLToPath(file) : file;
  const rel = path.relative(process.cwd(), abs);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : abs;
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

export function describeLoadError(err: unknown): string {
  if (err instanceof TypeScriptSyntaxError) return `syntax error at ${show(err.file)}:${err.line}:${err.column}: ${err.reason}`;
  if (!(err instanceof Error)) {
    const text = safe(() => String(err), "");
    return text ? `it threw ${text}` : "it threw a value that cannot be shown";
  }
  const message = safe(() => String(err.message), "").split("\n")[0] ?? "";
  const stack = safe(() => String(err.stack ?? ""), "");
  // a syntax error from the hooks thread (Node 20) arrives as a plain error with the same message shape
  const tsSyntax = /^(\/.+?|[A-Za-z]:\\.+?):(\d+):(\d+): (.*)$/.exec(message);
  if (tsSyntax && err.name === "SyntaxError") return `syntax error at ${show(tsSyntax[1]!)}:${tsSyntax[2]}:${tsSyntax[3]}: ${tsSyntax[4]}`;
  // "Cannot find module './x.js' (imported at main.ts:3:20)" is complete as it is
  if (/\(imported at .+\)$/.test(message)) return message;
  // V8's syntax errors: the stack starts with `file:line` of the offending code
  if (err.name === "SyntaxError") {
    const head = /^(.+?):(\d+)\n/.exec(stack);
    const hint = /await is only valid/.test(message) ? ' (top-level await needs an ES module: "type": "module" in package.json, or a .mts file)' : "";
    if (head && isUserFrame(head[1]!)) return `syntax error at ${show(head[1]!)}:${head[2]}: ${message}${hint}`;
    return `${message}${hint}`;
  }
  const where = firstUserFrame(stack);
  return where ? `${message || err.name} (at ${where})` : message || err.name;
}

/** `file:line:col` of the first frame of a stack in the user's code. */
function firstUserFrame(stack: string): string | undefined {
  for (const raw of stack.split("\n")) {
    const line = raw.trim();
    if (!line.startsWith("at ")) continue;
    // `at fn (/path/file.ts:4:9)`, `at /path/file.ts:4:9`, `at file:///path/file.ts:4:9`
    const m = /(?:\(|^at\s+)((?:file:\/\/)?[^()]+?):(\d+):(\d+)\)?$/.exec(line);
    if (!m || !isUserFrame(m[1]!)) continue;
    return `${show(m[1]!)}:${m[2]}:${m[3]}`;
  }
  return undefined;
}

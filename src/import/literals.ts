/**
 * TypeScript literals for YAML scalars: strings (with `((vars))` as `v("…")`), numbers, booleans, null, and
 * property keys. Every literal evaluates to exactly the YAML value, so the rendered YAML reads back the same.
 */
import { isValidVarName } from "../dsl/var";
import { atom, call, type Expr } from "./expr";

/** `((name))` references; names are checked with Concourse's own rule before they become `v()`. */
const VAR_REF = /\(\(([^()]*)\)\)/g;
/** Legacy `{{name}}` (fly's pre-3.0 templates); only one-line strings (perhaps ending in a newline) are rewritten. */
const LEGACY_REF = /\{\{([-\w./:\p{L}]+)\}\}/gu;

/** A piece of a string: literal text, or a var. */
export type Part = { readonly text: string } | { readonly varName: string; readonly legacy?: boolean };

/** Splits a string into text and vars. Legacy `{{name}}` parts are marked so the caller can warn. */
export function splitVars(s: string, legacy = true): Part[] {
  const parts: Part[] = [];
  // a script (several lines) may use {{…}} for its own templates: only one-line values are rewritten
  const oneLine = !s.slice(0, -1).includes("\n");
  const re = new RegExp(`${VAR_REF.source}${legacy && oneLine ? `|${LEGACY_REF.source}` : ""}`, "gu");
  let last = 0;
  for (const m of s.matchAll(re)) {
    const name = m[1] ?? m[2]!;
    if (!isValidVarName(name)) continue;
    if (m.index! > last) parts.push({ text: s.slice(last, m.index) });
    parts.push(m[1] !== undefined ? { varName: name } : { varName: name, legacy: true });
    last = m.index! + m[0].length;
  }
  if (last < s.length) parts.push({ text: s.slice(last) });
  return parts;
}

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/;

/** A string literal: double quotes, or single quotes when that avoids escaping. */
export function quote(s: string): string {
  // JSON leaves U+2028/U+2029 raw; escaped, they cannot surprise an older tool reading the file
  const json = JSON.stringify(s).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  if (s.includes('"') && !s.includes("'")) {
    return `'${json.slice(1, -1).replace(/\\"/g, '"')}'`;
  }
  return json;
}

/** Text for the inside of a template literal: backslashes, backticks and `${` escaped, CR and controls as escapes. */
export function templateText(s: string): string {
  return s
    .replace(/\\/g, "\\\\")
    .replace(/`/g, "\\`")
    .replace(/\$\{/g, "\\${")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** `v("name")`. */
export function varCall(name: string): Expr {
  return call("v", atom(JSON.stringify(name)));
}

/**
 * A string value as code: `v("x")` for a lone var, a template literal for text with vars or several lines,
 * a quoted literal otherwise. With `vars: false` the text is kept verbatim (fields that take plain strings).
 */
export function stringExpr(s: string, options: { vars?: boolean; onLegacy?: (name: string) => void; onVar?: () => void } = {}): Expr {
  const parts = options.vars === false ? [{ text: s }] : splitVars(s);
  for (const p of parts) if ("varName" in p && p.legacy) options.onLegacy?.(p.varName);
  if (parts.some((p) => "varName" in p)) options.onVar?.();
  if (parts.length === 1 && "varName" in parts[0]!) return varCall(parts[0].varName);
  // one line (perhaps ending in a newline), or text with control characters, reads best quoted; several lines as a
  // template literal
  const newline = s.indexOf("\n");
  const plain = parts.every((p) => "text" in p);
  if (plain && (newline === -1 || newline === s.length - 1 || CONTROL.test(s))) return atom(quote(s));
  const body = parts.map((p) => ("text" in p ? templateText(p.text) : `\${v(${JSON.stringify(p.varName)})}`)).join("");
  return atom(`\`${body}\``);
}

/** True when the string is exactly one var (so it can be a `Secret`). */
export function isSingleVar(s: string): boolean {
  const parts = splitVars(s);
  return parts.length === 1 && "varName" in parts[0]!;
}

/** A number literal that evaluates to the same number. */
export function numberText(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "Infinity" : "-Infinity";
  if (Object.is(n, -0)) return "-0";
  return String(n);
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** A property key as written in an object literal. */
export function keyText(k: string): string {
  // `__proto__: x` would set the prototype instead of adding a key
  if (k === "__proto__") return `["__proto__"]`;
  return IDENT.test(k) ? k : JSON.stringify(k);
}

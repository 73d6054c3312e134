/**
 * A small, deterministic YAML emitter for Concourse configs. Written for pipegen rather than configuring a
 * general library because the rules are specific and must hold for every reader Concourse users have:
 * - keys in insertion order (the renderer inserts them in the Concourse docs' order), 2-space indentation,
 *   sequences not indented under their key (the style of Concourse's docs);
 * - no anchors or aliases (shared objects are written out in full), no line folding, ever;
 * - strings quoted wherever YAML 1.1 (go-yaml v2, what Concourse parses with) or YAML 1.2 would read them as
 *   anything but that string: `yes`, `off`, `~`, `17.04`, `1e3`, `0x1F`, `.`, `- x`…;
 * - multi-line strings as literal block scalars (`|`, `|-`, `|+`), so scripts stay readable.
 */

/** Words YAML 1.1 or 1.2 resolve to null or a boolean, plus the 1.1 merge and value keys. */
const RESERVED = new Set([
  "",
  "~",
  "null",
  "Null",
  "NULL",
  "y",
  "Y",
  "yes",
  "Yes",
  "YES",
  "n",
  "N",
  "no",
  "No",
  "NO",
  "true",
  "True",
  "TRUE",
  "false",
  "False",
  "FALSE",
  "on",
  "On",
  "ON",
  "off",
  "Off",
  "OFF",
  "<<",
  "=",
]);

// Characters that may not start a plain scalar (YAML indicators), besides '-', '?' and ':' handled below.
const INDICATOR_START = /^[,[\]{}#&*!|>'"%@`]/;
// Anything that starts like a number, a timestamp, .inf/.nan or a version: quoting these is always safe.
const NUMBER_LIKE = /^[-+]?\.?[0-9]|^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/;
// Control characters (other than tab/newline) and the characters YAML 1.1 treats as line breaks.
const NEEDS_ESCAPE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]/;

// Most keys and values are simple words, paths, URLs or ((vars)): without spaces, starting with a letter, `_`, `(`
// or `/`, and not ending in `:`, these are plain-safe unless reserved (the full rules below agree on all of them).
const SIMPLE = /^[A-Za-z_(/][A-Za-z0-9_\-./()*@=+$:]*$/;

/** True when `s` can be written as a plain (unquoted) scalar and read back as the same string. */
export function isPlainSafe(s: string): boolean {
  if (RESERVED.has(s)) return false;
  if (SIMPLE.test(s)) return s.charCodeAt(s.length - 1) !== 58; /* ':' */
  if (NUMBER_LIKE.test(s) || s === ".") return false;
  if (INDICATOR_START.test(s)) return false;
  if (/^\s|\s$/.test(s)) return false;
  if (s.includes("\n") || s.includes("\r") || s.includes("\t") || NEEDS_ESCAPE.test(s)) return false;
  if (s.includes(": ") || s.includes(" #") || s.endsWith(":")) return false;
  if (s.startsWith("---") || s.startsWith("...")) return false;
  const c0 = s[0];
  if ((c0 === "-" || c0 === "?" || c0 === ":") && (s.length === 1 || s[1] === " ")) return false;
  if (c0 === "?" || c0 === ":") return false;
  return true;
}

/** A YAML double-quoted scalar (JSON's escapes are valid YAML; YAML 1.1 line breaks are escaped too). */
export function doubleQuoted(s: string): string {
  return JSON.stringify(s).replace(/[\u0085\u2028\u2029\ufeff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function scalar(value: string | number | boolean | null): string {
  if (value === null) return "null";
  // the renderer only hands over JSON data; anything else is written as its text rather than crashing
  if (typeof value === "object" || typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") return doubleQuoted(String(value));
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return ".nan";
    if (!Number.isFinite(value)) return value > 0 ? ".inf" : "-.inf";
    return String(value);
  }
  return isPlainSafe(value) ? value : doubleQuoted(value);
}

/** A mapping key and its colon: the same few keys repeat in every job, so their YAML form is computed once. */
function keyText(key: string): string {
  let out = keyCache.get(key);
  if (out === undefined) {
    out = (isPlainSafe(key) ? key : doubleQuoted(key)) + ":";
    if (keyCache.size < 10_000) keyCache.set(key, out);
  }
  return out;
}
const keyCache = new Map<string, string>();

/** Can `s` be a literal block scalar? (Multi-line, printable, and not made only of line breaks.) */
function blockable(s: string): boolean {
  return s.includes("\n") && !s.includes("\r") && !NEEDS_ESCAPE.test(s) && s.replace(/\n/g, "") !== "" && !/[ \t]\n|[ \t]$/.test(s);
}

function blockScalar(s: string, indent: string): string {
  let chomp = "-";
  let body = s;
  if (s.endsWith("\n")) {
    chomp = /\n\n$/.test(s) ? "+" : "";
    body = chomp === "+" ? s.slice(0, -1) : s.slice(0, -1);
  }
  // An explicit indentation indicator when the text itself starts with a space.
  const indicator = /^[ \n]/.test(body) ? "2" : "";
  const lines = body.split("\n").map((line) => (line === "" ? "" : indent + line));
  return `|${indicator}${chomp}\n${lines.join("\n")}`;
}

// Deeper than any real pipeline; stops a cyclic value with a clear message instead of a stack overflow.
const MAX_DEPTH = 500;
const TOO_DEEP = "cannot render a config nested this deeply (a cycle?)";

/**
 * Writes the entries of a mapping; false when it has none (undefined values are not written), and the caller
 * writes `{}`. `firstPrefix` replaces the indentation of the first entry, for a mapping that starts on a
 * sequence item's line (`- name: x`). Plain loops, no closures, one pass over each object: this runs once per
 * object of the pipeline, mostly before V8 has optimised anything.
 */
function emitEntries(out: string[], obj: Record<string, unknown>, indent: string, firstPrefix: string | undefined, depth: number): boolean {
  if (depth > MAX_DEPTH) throw new Error(TOO_DEEP);
  let first = true;
  for (const key in obj) {
    const value = obj[key];
    if (value === undefined) continue;
    const head = (first && firstPrefix !== undefined ? firstPrefix : indent) + keyText(key);
    first = false;
    if (typeof value === "object" && value !== null) {
      if (Array.isArray(value)) {
        if (value.length === 0) out.push(head + " []");
        else {
          out.push(head);
          emitSeq(out, value, indent, depth + 1);
        }
      } else {
        const at = out.length;
        out.push(head);
        if (!emitEntries(out, value as Record<string, unknown>, indent + "  ", undefined, depth + 1)) out[at] = head + " {}";
      }
    } else if (typeof value === "string" && value.includes("\n") && blockable(value)) {
      out.push(head + " " + blockScalar(value, indent + "  "));
    } else {
      out.push(head + " " + scalar(value as string | number | boolean | null));
    }
  }
  return !first;
}

function emitSeq(out: string[], list: readonly unknown[], indent: string, depth: number): void {
  if (depth > MAX_DEPTH) throw new Error(TOO_DEEP);
  const dash = indent + "- ";
  for (let i = 0; i < list.length; i++) {
    const value = list[i] === undefined ? null : list[i];
    if (typeof value === "object" && value !== null) {
      if (Array.isArray(value)) {
        if (value.length === 0) out.push(dash + "[]");
        else {
          out.push(indent + "-");
          emitSeq(out, value, indent + "  ", depth + 1);
        }
      } else if (!emitEntries(out, value as Record<string, unknown>, indent + "  ", dash, depth + 1)) {
        out.push(dash + "{}");
      }
    } else if (typeof value === "string" && value.includes("\n") && blockable(value)) {
      out.push(dash + blockScalar(value, indent + "  "));
    } else {
      out.push(dash + scalar(value as string | number | boolean | null));
    }
  }
}

/** Renders a JSON-like value (a Concourse config) as YAML text. The top level must be a mapping. */
export function toYaml(value: Record<string, unknown>): string {
  const out: string[] = [];
  if (!emitEntries(out, value, "", undefined, 0)) out.push("{}");
  return out.join("\n") + "\n";
}

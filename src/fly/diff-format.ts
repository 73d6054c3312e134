/**
 * Printing a structural diff for people: one line per change, `+` added, `-` removed, `~` changed, `↕` moved,
 * coloured on a terminal, with multi-line values shown as indented YAML. Values are already redacted.
 */
import { stringify } from "yaml";
import type { Change } from "./structural-diff";
import { REDACTED } from "./redact";

export interface FormatOptions {
  /** Use ANSI colours. @default false */
  readonly color?: boolean;
}

const ANSI = { red: "\x1b[31m", green: "\x1b[32m", yellow: "\x1b[33m", cyan: "\x1b[36m", dim: "\x1b[2m", reset: "\x1b[0m" };

/** The diff as text lines (no trailing newline on each). Empty when there are no changes. */
export function formatChanges(changes: readonly Change[], options: FormatOptions = {}): string[] {
  const paint = (color: keyof typeof ANSI, s: string) => (options.color ? `${ANSI[color]}${s}${ANSI.reset}` : s);
  const lines: string[] = [];
  for (const c of changes) {
    switch (c.kind) {
      case "added":
        for (const line of block(paint, "green", "+", c.path, c.after)) lines.push(line);
        break;
      case "removed":
        for (const line of block(paint, "red", "-", c.path, c.before)) lines.push(line);
        break;
      case "moved":
        lines.push(paint("cyan", `↕ ${c.path}: moved from ${c.from}${typeof c.after === "string" ? ` to ${c.after}` : ""}`));
        break;
      case "changed": {
        const before = inline(c.before);
        const after = inline(c.after);
        const note = c.secret ? paint("dim", " (credential changed)") : "";
        if (before !== undefined && after !== undefined) {
          lines.push(`${paint("yellow", `~ ${c.path}:`)} ${paint("red", before)} → ${paint("green", after)}${note}`);
        } else {
          lines.push(paint("yellow", `~ ${c.path}:`) + note);
          for (const l of yamlLines(c.before)) lines.push(paint("red", `    - ${l}`));
          for (const l of yamlLines(c.after)) lines.push(paint("green", `    + ${l}`));
        }
        break;
      }
    }
  }
  return lines;
}

/** A one-line summary: `3 differences: 1 added, 1 removed, 1 changed`. */
export function summarizeChanges(changes: readonly Change[]): string {
  if (changes.length === 0) return "no differences";
  const count = (k: Change["kind"]) => changes.filter((c) => c.kind === k).length;
  const parts = (["added", "removed", "changed", "moved"] as const).filter((k) => count(k) > 0).map((k) => `${count(k)} ${k}`);
  return `${changes.length} difference${changes.length === 1 ? "" : "s"}: ${parts.join(", ")}`;
}

function block(paint: (c: keyof typeof ANSI, s: string) => string, color: keyof typeof ANSI, sign: string, path: string, v: unknown): string[] {
  const one = inline(v);
  if (one !== undefined) return [paint(color, `${sign} ${path}: ${one}`)];
  return [paint(color, `${sign} ${path}:`), ...yamlLines(v).map((l) => paint(color, `    ${l}`))];
}

/** Scalars (and short flat lists) on one line; undefined for anything that needs several. */
function inline(v: unknown): string | undefined {
  if (v === REDACTED) return REDACTED;
  if (v === null || typeof v === "boolean" || typeof v === "number") return String(v);
  if (typeof v === "string") return v.includes("\n") ? undefined : JSON.stringify(v);
  if (Array.isArray(v) && v.every((x) => x === null || typeof x !== "object")) {
    const s = `[${v.map((x) => (x === REDACTED ? REDACTED : JSON.stringify(x))).join(", ")}]`;
    return s.length <= 100 ? s : undefined;
  }
  return undefined;
}

function yamlLines(v: unknown): string[] {
  if (v === undefined) return [];
  return stringify(v, { lineWidth: 0, aliasDuplicateObjects: false }).replace(/\n$/, "").split("\n");
}

/**
 * Small ports of Go standard-library behaviour whose exact error texts Concourse users see:
 * `encoding/json` type names, and `fmt` `%v`/`%T`/`%q` (concourse-spec.md §0.3, §3.3).
 * `time.ParseDuration` is in src/go-duration.ts.
 */
import { goFormatFloat } from "../yaml/go-scalar";

/** The JSON kind Go's `encoding/json` names in "cannot unmarshal <kind> into …". */
export function jsonKind(v: unknown): string {
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "number";
  if (Array.isArray(v)) return "array";
  if (v === null || v === undefined) return "null";
  return "object";
}

/** The JSON text of a number as Go's encoder writes it (the same thresholds as JavaScript's). */
export function numberText(n: number): string {
  return JSON.stringify(n) ?? String(n);
}

/** Go `%v` of a value decoded from JSON into `interface{}`. */
export function goV(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return goFormatFloat(v, 64);
  if (Array.isArray(v)) return `[${v.map(goV).join(" ")}]`;
  const keys = Object.keys(v as object).sort();
  return `map[${keys.map((k) => `${k}:${goV((v as Record<string, unknown>)[k])}`).join(" ")}]`;
}

/** Go `%T` of a value decoded from JSON into `interface{}`. */
export function goT(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "float64";
  if (Array.isArray(v)) return "[]interface {}";
  return "map[string]interface {}";
}

/** Go `%q` of a string (close enough: JSON escaping is Go escaping for printable text). */
export function goQ(s: string): string {
  return JSON.stringify(s);
}

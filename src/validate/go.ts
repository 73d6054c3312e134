/**
 * Small ports of Go standard-library behaviour whose exact error texts Concourse users see:
 * `encoding/json` type names, `fmt` `%v`/`%T`/`%q`, and `time.ParseDuration` (concourse-spec.md §0.3, §3.3).
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

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, "µs": 1e3, "μs": 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const MAX_NS = 9223372036854775807;

/** Go `time.ParseDuration`: nanoseconds, or the exact Go error text. */
export function parseGoDuration(orig: string): { ns: number } | { error: string } {
  const invalid = { error: `time: invalid duration ${goQ(orig)}` };
  let s = orig;
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return { ns: 0 };
  if (s === "") return invalid;
  let total = 0;
  while (s !== "") {
    if (!(s[0] === "." || (s[0]! >= "0" && s[0]! <= "9"))) return invalid;
    const intMatch = /^[0-9]*/.exec(s)![0];
    s = s.slice(intMatch.length);
    let frac = "";
    let post = false;
    if (s[0] === ".") {
      s = s.slice(1);
      frac = /^[0-9]*/.exec(s)![0];
      s = s.slice(frac.length);
      post = frac.length > 0;
    }
    if (intMatch.length === 0 && !post) return invalid;
    let i = 0;
    while (i < s.length && !(s[i] === "." || (s[i]! >= "0" && s[i]! <= "9"))) i++;
    if (i === 0) return { error: `time: missing unit in duration ${goQ(orig)}` };
    const unit = s.slice(0, i);
    s = s.slice(i);
    const mult = UNIT_NS[unit];
    if (mult === undefined) return { error: `time: unknown unit ${goQ(unit)} in duration ${goQ(orig)}` };
    const value = (intMatch === "" ? 0 : Number(intMatch)) + (frac ? Number(`0.${frac}`) : 0);
    total += value * mult;
    if (total > MAX_NS) return invalid;
  }
  return { ns: neg ? -total : total };
}

/**
 * Go's `time.ParseDuration` and `Duration.String()`, the one copy pipegen has. The validator needs Go's exact
 * error texts (`time: unknown unit "d" in duration "1d"`, concourse-spec.md §3.3); `pipegen diff` needs the
 * canonical form the ATC stores (`1m` is handed back as `1m0s`). Durations are bigints of nanoseconds, like Go's
 * int64, so `1.5h` and `90m` compare exactly and the int64 overflow checks are Go's.
 */
import { goQ } from "./validate/go";

const UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const TWO_63 = 1n << 63n;
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/** Go `time.ParseDuration`: nanoseconds, or Go's error text. */
export function parseGoDuration(orig: string): { ns: bigint } | { error: string } {
  const invalid = { error: `time: invalid duration ${goQ(orig)}` };
  let s = orig;
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return { ns: 0n };
  if (s === "") return invalid;
  let total = 0n;
  while (s !== "") {
    if (!(s[0] === "." || isDigit(s[0]))) return invalid;
    // [0-9]*: Go fails on an integer part beyond 2^63
    let i = 0;
    while (isDigit(s[i])) i++;
    const whole = s.slice(0, i);
    s = s.slice(i);
    let v = whole === "" ? 0n : BigInt(whole);
    if (v > TWO_63) return invalid;
    // (\.[0-9]*)?: Go keeps the digits that fit in int64 and ignores the rest
    let frac = 0n;
    let scale = 1;
    let post = false;
    if (s[0] === ".") {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      while (isDigit(s[j])) {
        if (!overflow) {
          const next = frac * 10n + BigInt(s.charCodeAt(j) - 48);
          if (frac > (TWO_63 - 1n) / 10n || next > TWO_63) overflow = true;
          else {
            frac = next;
            scale *= 10;
          }
        }
        j++;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (whole === "" && !post) return invalid;
    let k = 0;
    while (k < s.length && !(s[k] === "." || isDigit(s[k]))) k++;
    if (k === 0) return { error: `time: missing unit in duration ${goQ(orig)}` };
    const name = s.slice(0, k);
    s = s.slice(k);
    const unit = UNITS[name];
    if (unit === undefined) return { error: `time: unknown unit ${goQ(name)} in duration ${goQ(orig)}` };
    if (v > TWO_63 / unit) return invalid;
    v *= unit;
    if (frac > 0n) {
      // Go scales the fraction in float64 (float64(f) * (float64(unit) / scale)), then truncates
      v += BigInt(Math.trunc(Number(frac) * (Number(unit) / scale)));
      if (v > TWO_63) return invalid;
    }
    total += v;
    if (total > TWO_63) return invalid;
  }
  if (neg) return { ns: -total };
  if (total > TWO_63 - 1n) return invalid;
  return { ns: total };
}

/** Formats nanoseconds like Go's `Duration.String()`: `1h0m0s`, `1m30s`, `1.5s`, `500ms`, `0s`. */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return "0s";
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1_000_000_000n) {
    // below one second: the largest unit that keeps a leading digit
    let unit: string;
    let div: bigint;
    if (u < 1_000n) return `${neg ? "-" : ""}${u}ns`;
    if (u < 1_000_000n) [unit, div] = ["µs", 1_000n];
    else [unit, div] = ["ms", 1_000_000n];
    out = fraction(u, div) + unit;
  } else {
    const h = u / 3_600_000_000_000n;
    u -= h * 3_600_000_000_000n;
    const m = u / 60_000_000_000n;
    u -= m * 60_000_000_000n;
    out = fraction(u, 1_000_000_000n) + "s";
    if (h > 0n || m > 0n) out = `${m}m` + out;
    if (h > 0n) out = `${h}h` + out;
  }
  return (neg ? "-" : "") + out;
}

function fraction(v: bigint, div: bigint): string {
  const whole = v / div;
  const rest = v % div;
  if (rest === 0n) return String(whole);
  const digits = String(div).length - 1;
  const frac = String(rest).padStart(digits, "0").replace(/0+$/, "");
  return `${whole}.${frac}`;
}

/** `1m` → `1m0s`; values Go cannot parse (including `never` and `((vars))`) are returned unchanged. */
export function normalizeGoDuration(text: string): string {
  const parsed = parseGoDuration(text);
  return "ns" in parsed ? formatGoDuration(parsed.ns) : text;
}

/**
 * Go's `time.ParseDuration` and `Duration.String()`, for comparing `check_every` the way Concourse stores it:
 * the ATC parses `1m` and hands back `1m0s`, so a rendered `1m` and a deployed `1m0s` are the same setting.
 * Durations are kept in nanoseconds as bigints (Go's int64), so `1.5h` and `90m` compare exactly.
 */

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  "µs": 1_000n, // U+00B5 micro sign
  "μs": 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Parses a Go duration (`1h30m`, `1.5s`, `-2m`, `0`). Returns undefined when Go would reject it. */
export function parseGoDuration(text: string): bigint | undefined {
  let s = text;
  let neg = false;
  if (s.startsWith("-") || s.startsWith("+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") return undefined;
  let total = 0n;
  while (s !== "") {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const whole = m[1] ?? "";
    const frac = m[2];
    if (whole === "" && (frac === undefined || frac === "")) return undefined;
    s = s.slice(m[0].length);
    const u = /^[^\d.]+/.exec(s);
    if (!u) return undefined; // a number without a unit
    const unit = UNITS[u[0]];
    if (unit === undefined) return undefined;
    s = s.slice(u[0].length);
    let value = BigInt(whole === "" ? "0" : whole) * unit;
    if (frac) {
      // Go keeps the fraction's precision down to the nanosecond, truncating below it
      const scale = 10n ** BigInt(frac.length);
      value += (BigInt(frac) * unit) / scale;
    }
    total += value;
  }
  return neg ? -total : total;
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
  const ns = parseGoDuration(text);
  return ns === undefined ? text : formatGoDuration(ns);
}

/**
 * Plain-scalar resolution the way go-yaml v2 does it (concourse-spec.md §0.3, §5.2, §5.6).
 *
 * Concourse decodes pipelines with go-yaml v2, which is YAML 1.1 for booleans (`yes`, `off`, `Y`…) but resolves
 * numbers with Go's `strconv` (so `0x1F`, `017`, `1_000` and `0o17` are ints, `.` and `1:20` stay strings, and
 * there are no sexagesimal numbers). The `yaml` package's own 1.1 schema differs on exactly those points, so the
 * reader parses with the failsafe schema and resolves plain scalars here.
 */

const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const TRUES = new Set(["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"]);
const FALSES = new Set(["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"]);
const POS_INF = new Set([".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"]);
const NEG_INF = new Set(["-.inf", "-.Inf", "-.INF"]);
const NANS = new Set([".nan", ".NaN", ".NAN"]);

/** go-yaml v2's `yamlStyleFloat`. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** Go `strconv.ParseInt(s, 0, 64)` syntax after underscores are removed. */
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[1-9][0-9]*|0)$/;
/** `2001-12-14`, `2001-12-14T21:59:43.10-05:00`, `2001-12-14 21:59:43.10` (go-yaml v2 `allowedTimestampFormats`). */
const TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]| )(\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(Z|[-+]\d{2}:\d{2})?)?$/;

/** The scalar's value as go-yaml v2 resolves an untagged plain scalar. */
export function resolvePlainScalar(text: string): unknown {
  if (text.length === 0) return null;
  const c = text.charCodeAt(0);
  // Only a leading digit, sign, '.' or one of "yYnNtTfFoO~" can make a plain scalar anything but a string.
  const isDigit = c >= 48 && c <= 57;
  if (!isDigit && c !== 43 && c !== 45 && c !== 46 && "yYnNtTfFoO~".indexOf(text[0]!) < 0) {
    return text;
  }
  if (NULLS.has(text)) return null;
  if (TRUES.has(text)) return true;
  if (FALSES.has(text)) return false;
  if (POS_INF.has(text)) return Infinity;
  if (NEG_INF.has(text)) return -Infinity;
  if (NANS.has(text)) return NaN;
  if (c === 46) {
    // '.': only a float such as `.5` (Go ParseFloat), never `.` alone.
    const f = goParseFloat(text);
    return f === undefined ? text : f;
  }
  if (!isDigit && c !== 43 && c !== 45) return text;
  if (isDigit) {
    const ts = resolveTimestamp(text);
    if (ts !== undefined) return ts;
  }
  const plain = text.replace(/_/g, "");
  const int = goParseInt(plain);
  if (int !== undefined) return int;
  if (YAML_STYLE_FLOAT.test(plain)) {
    const f = Number(plain);
    if (!Number.isNaN(f)) return f;
  }
  return text;
}

/** Go `strconv.ParseInt(s, 0, 64)` / `ParseUint` (values beyond 2^53 lose precision, as JSON numbers do). */
function goParseInt(s: string): number | undefined {
  if (!GO_INT.test(s)) return undefined;
  let sign = 1;
  let body = s;
  if (body[0] === "+" || body[0] === "-") {
    if (body[0] === "-") sign = -1;
    body = body.slice(1);
  }
  let value: number;
  if (/^0[xX]/.test(body)) value = parseInt(body.slice(2), 16);
  else if (/^0[bB]/.test(body)) value = parseInt(body.slice(2), 2);
  else if (/^0[oO]/.test(body)) value = parseInt(body.slice(2), 8);
  else if (body.length > 1 && body[0] === "0") value = parseInt(body.slice(1), 8);
  else value = parseInt(body, 10);
  return sign * value;
}

/** Go `strconv.ParseFloat` for the forms YAML can produce here. */
function goParseFloat(s: string): number | undefined {
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return undefined;
  return Number(s);
}

/**
 * go-yaml v2 resolves timestamps to `time.Time`, which sigs.k8s.io/yaml turns into its JSON form
 * (RFC 3339). So `date: 2001-12-14` reaches Concourse as the string `2001-12-14T00:00:00Z`.
 */
function resolveTimestamp(text: string): string | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const month = Number(mo),
    day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const pad = (v: string | undefined, n = 2) => (v ?? "0").padStart(n, "0");
  let out = `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}`;
  if (frac) {
    const digits = frac.slice(1, 10).replace(/0+$/, "");
    if (digits) out += "." + digits;
  }
  out += zone === undefined || zone === "Z" || zone === "+00:00" || zone === "-00:00" ? "Z" : zone;
  return out;
}

/** A map key as sigs.k8s.io/yaml turns it into a JSON key; undefined when it cannot (a null key). */
export function goKeyString(key: unknown): string | undefined {
  if (typeof key === "string") return key;
  if (typeof key === "boolean") return key ? "true" : "false";
  if (typeof key === "number") return Number.isInteger(key) && Math.abs(key) < 1e21 ? String(key) : goFormatFloat(key, 64);
  return undefined;
}

/**
 * Go `strconv.FormatFloat(f, 'g', -1, bits)`: the shortest digits that round-trip at that precision, written
 * with an exponent when it is below -4 or at least 6 (`1e+06`, `1.5e-05`).
 */
export function goFormatFloat(f: number, bits: 32 | 64): string {
  if (Number.isNaN(f)) return "NaN";
  if (f === Infinity) return "+Inf";
  if (f === -Infinity) return "-Inf";
  let digits: string;
  let exp: number;
  if (bits === 32) {
    const target = Math.fround(f);
    let p = 1;
    let str = target.toExponential(0);
    while (p <= 9) {
      str = target.toExponential(p - 1);
      if (Math.fround(Number(str)) === target) break;
      p++;
    }
    [digits, exp] = splitExponential(str);
  } else {
    [digits, exp] = splitExponential(f.toExponential());
  }
  const neg = digits.startsWith("-");
  if (neg) digits = digits.slice(1);
  const mantissa = digits.replace(".", "");
  let out: string;
  if (exp < -4 || exp >= 6) {
    out = mantissa[0]! + (mantissa.length > 1 ? "." + mantissa.slice(1) : "") + "e" + (exp < 0 ? "-" : "+") + String(Math.abs(exp)).padStart(2, "0");
  } else if (exp < 0) {
    out = "0." + "0".repeat(-exp - 1) + mantissa;
  } else if (mantissa.length <= exp + 1) {
    out = mantissa + "0".repeat(exp + 1 - mantissa.length);
  } else {
    out = mantissa.slice(0, exp + 1) + "." + mantissa.slice(exp + 1);
  }
  return (neg ? "-" : "") + out;
}

function splitExponential(s: string): [string, number] {
  const i = s.indexOf("e");
  return [s.slice(0, i), Number(s.slice(i + 1))];
}

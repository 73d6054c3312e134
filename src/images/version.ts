/**
 * Versions as the s3 resource parses and orders them (resource-types.md §1.4).
 *
 * The s3 resource does not use semver: it parses the captured string with cppforlife/go-semi-semantic
 * (pinned at 576b6af) and sorts with Go's `sort.Sort`. This is a re-implementation of that grammar and
 * comparison, including everything that fails to parse, because one unparseable key in a bucket makes the
 * resource's `check` panic. Error texts follow the library's, so pipegen can show the panic the resource
 * would print.
 */

/** One dot-separated component: an integer (no leading zero, fits in int64) or a string. */
export type S3VersionComponent = { readonly kind: "int"; readonly value: bigint } | { readonly kind: "str"; readonly value: string };

/** A parsed version: RELEASE[-PRE][+POST]; `pre`/`post` are empty when absent. */
export interface S3Version {
  /** The string that was parsed. */
  readonly raw: string;
  readonly release: readonly S3VersionComponent[];
  readonly pre: readonly S3VersionComponent[];
  readonly post: readonly S3VersionComponent[];
}

/** The result of parsing: a version, or the error the s3 resource would panic with. */
export type S3VersionParse = { readonly ok: true; readonly version: S3Version } | { readonly ok: false; readonly error: string };

// RELEASE may not contain '-' or '+'; the first '-' starts PRE; '+' starts POST (only one '+').
const VERSION_RE = /^(?<release>[0-9A-Za-z_.]+)(?:-(?<pre>[0-9A-Za-z_.-]+))?(?:\+(?<post>[0-9A-Za-z_.-]+))?$/;
const INT_RE = /^[0-9]+$/;
const ZERO_START_RE = /^0+[0-9]+$/;
const STR_RE = /^[0-9A-Za-z_-]+$/;
const INT64_MAX = 9223372036854775807n;

/**
 * Parses a captured version string exactly as go-semi-semantic's `NewVersionFromString` does.
 * Never throws: a failure carries the library's error text.
 */
export function parseS3Version(raw: string): S3VersionParse {
  if (raw.length === 0) return { ok: false, error: "Expected version to be non-empty string" };
  const m = VERSION_RE.exec(raw);
  if (!m?.groups) return { ok: false, error: `Expected version '${raw}' to match version format` };
  const parts: S3VersionComponent[][] = [];
  for (const seg of [m.groups.release, m.groups.pre, m.groups.post]) {
    if (seg === undefined || seg === "") {
      parts.push([]);
      continue;
    }
    const parsed = parseSegment(seg);
    if (typeof parsed === "string") return { ok: false, error: parsed };
    parts.push(parsed);
  }
  return { ok: true, version: { raw, release: parts[0]!, pre: parts[1]!, post: parts[2]! } };
}

/** Parses, throwing the message the s3 resource panics with (`version number was not valid: …`). */
export function mustParseS3Version(raw: string): S3Version {
  const r = parseS3Version(raw);
  if (!r.ok) throw new Error(`version number was not valid: ${r.error}`);
  return r.version;
}

function parseSegment(seg: string): S3VersionComponent[] | string {
  const out: S3VersionComponent[] = [];
  for (const piece of seg.split(".")) {
    if (INT_RE.test(piece) && !ZERO_START_RE.test(piece)) {
      // strconv.Atoi on a 64-bit platform: anything beyond int64 is a parse error, not a string
      const value = BigInt(piece);
      if (value > INT64_MAX) {
        return `Expected component '${piece}' from version segment '${seg}' to be a parseable integer: strconv.Atoi: parsing "${piece}": value out of range`;
      }
      out.push({ kind: "int", value });
    } else if (STR_RE.test(piece)) {
      out.push({ kind: "str", value: piece });
    } else {
      return `Expected component '${piece}' from version segment '${seg}' to be either an integer or a formatted string`;
    }
  }
  return out;
}

/**
 * Compares two parsed versions the way the s3 resource orders them: -1, 0 or 1.
 * Strings beat integers, trailing integer zeros are ignored, any PRE sorts below none, any POST above none.
 */
export function compareParsedS3Versions(a: S3Version, b: S3Version): -1 | 0 | 1 {
  const r = compareSegments(a.release, b.release);
  if (r !== 0) return r;
  if (a.pre.length > 0 || b.pre.length > 0) {
    if (a.pre.length === 0) return 1;
    if (b.pre.length === 0) return -1;
    const p = compareSegments(a.pre, b.pre);
    if (p !== 0) return p;
  }
  if (a.post.length > 0 || b.post.length > 0) {
    if (a.post.length === 0) return -1;
    if (b.post.length === 0) return 1;
    const p = compareSegments(a.post, b.post);
    if (p !== 0) return p;
  }
  return 0;
}

/**
 * Compares two version strings in the s3 resource's order (-1, 0, 1), for `Array.prototype.sort`.
 * Throws the resource's own panic text when either string does not parse.
 */
export function compareS3Versions(a: string, b: string): -1 | 0 | 1 {
  return compareParsedS3Versions(mustParseS3Version(a), mustParseS3Version(b));
}

function compareSegments(a: readonly S3VersionComponent[], b: readonly S3VersionComponent[]): -1 | 0 | 1 {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareComponents(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  if (a.length > n && !allZeros(a.slice(n))) return 1;
  if (b.length > n && !allZeros(b.slice(n))) return -1;
  return 0;
}

function compareComponents(x: S3VersionComponent, y: S3VersionComponent): -1 | 0 | 1 {
  if (x.kind !== y.kind) return x.kind === "str" ? 1 : -1; // a string always beats an integer
  if (x.value < y.value) return -1;
  return x.value > y.value ? 1 : 0; // strings: code units, which are bytes for the allowed ASCII set
}

function allZeros(cs: readonly S3VersionComponent[]): boolean {
  return cs.every((c) => c.kind === "int" && c.value === 0n);
}

/**
 * Why a version that parses may still sort in a way people do not expect (`v9` vs `v10`, `rc2` vs
 * `rc10`, `09` vs `10`): the components that are compared as text although they hold digits.
 * Returns undefined for versions made only of plain integers and pure words.
 */
export function s3VersionOrderingTrap(v: S3Version): string | undefined {
  for (const c of [...v.release, ...v.pre, ...v.post]) {
    if (c.kind !== "str") continue;
    if (/^0[0-9]+$/.test(c.value)) return `'${c.value}' has a leading zero, so it is compared as text (and text sorts above every number)`;
    if (/[0-9]/.test(c.value)) return `'${c.value}' mixes letters and digits, so it is compared as text ('rc10' < 'rc2', 'v10' < 'v9')`;
  }
  return undefined;
}

/**
 * How the s3 resource turns `source.regexp` into versions (resource-types.md §1.3):
 * the pattern is split on `/`, each piece is matched against one level of the key hierarchy (anchored),
 * and the version is then extracted from the whole key with the unanchored pattern.
 */
import { compileGoRegexp, goFindStringSubmatch, GoRegexpError, type GoRegexp } from "./go-regexp";
import { parseS3Version, type S3Version } from "./version";

/** One page of a delimiter listing (`ListObjectsV2` with `Delimiter: "/"`). */
export interface ListingPage {
  readonly prefixes: readonly string[];
  readonly keys: readonly string[];
  readonly next?: string;
}

/** Lists one level under `prefix`; `token` continues a truncated listing. */
export type ListLevel = (prefix: string, token: string | undefined) => Promise<ListingPage>;

// Go's specialCharsRE in versions.GetMatchingPathsFromBucket: a piece without these is a literal prefix.
const SPECIAL = /[\\*.[\](){}?|^$+]/;

/** Strips one leading `^` and one trailing `$`, then splits on `/`, as the resource does. */
export function splitS3Regexp(regexp: string): string[] {
  let r = regexp;
  if (r.startsWith("^")) r = r.slice(1);
  if (r.endsWith("$")) r = r.slice(0, -1);
  return r.split("/");
}

/**
 * Walks the bucket level by level exactly like the resource (breadth first, literal pieces extend the
 * prefix without listing) and returns the matching keys in the order the resource collects them.
 */
export async function matchingKeys(regexp: string, list: ListLevel): Promise<string[]> {
  const matched: string[] = [];
  const queue: { prefix: string; remains: string[] }[] = [{ prefix: "", remains: splitS3Regexp(regexp) }];
  while (queue.length > 0) {
    const { prefix, remains: all } = queue.shift()!;
    const section = all[0]!;
    const remains = all.slice(1);
    if (!SPECIAL.test(section) && remains.length > 0) {
      queue.push({ prefix: `${prefix}${section}/`, remains });
      continue;
    }
    // Listed prefixes are inserted unescaped, as the resource does: a key with regexp metacharacters
    // in a directory name can fail to compile here, which makes the resource panic too.
    const levelRe = compileGoRegexp(remains.length > 0 ? `^${prefix}${section}/$` : `^${prefix}${section}$`);
    let token: string | undefined;
    do {
      const page = await list(prefix, token);
      token = page.next;
      if (remains.length > 0) {
        for (const p of page.prefixes) if (levelRe.js.test(p)) queue.push({ prefix: p, remains });
      } else {
        for (const k of page.keys) if (levelRe.js.test(k)) matched.push(k);
      }
    } while (token !== undefined);
  }
  return matched;
}

/** What the resource extracts from one key. */
export type Extraction =
  /** The key has a version that parses. */
  | { readonly kind: "version"; readonly key: string; readonly capture: string; readonly version: S3Version }
  /** The capture does not parse: the resource's check panics on this key. */
  | { readonly kind: "invalid"; readonly key: string; readonly capture: string; readonly error: string }
  /** No capture group (or no match): the resource silently skips the key. */
  | { readonly kind: "skipped"; readonly key: string };

/** The compiled pattern and the index of the group that holds the version. */
export interface VersionPattern {
  readonly re: GoRegexp;
  /** 0 when the pattern has no capture group (the resource then never finds a version). */
  readonly versionGroup: number;
}

/** Compiles `source.regexp` and finds its version group: the only group, else the one named `version`, else group 1. */
export function versionPattern(regexp: string): VersionPattern {
  const re = compileGoRegexp(regexp);
  if (re.groups === 0) return { re, versionGroup: 0 };
  if (re.groups === 1) return { re, versionGroup: 1 };
  const named = re.names.indexOf("version");
  return { re, versionGroup: named > 0 ? named : 1 };
}

/** The resource's `versions.Extract` for one key. */
export function extractVersion(pattern: VersionPattern, key: string): Extraction {
  const m = goFindStringSubmatch(pattern.re, key);
  if (!m || m.length < 2) return { kind: "skipped", key };
  const capture = m[pattern.versionGroup] ?? "";
  const parsed = parseS3Version(capture);
  return parsed.ok
    ? { kind: "version", key, capture, version: parsed.version }
    : { kind: "invalid", key, capture, error: `version number was not valid: ${parsed.error}` };
}

/** Checks a regexp the way pipegen wants it before touching a bucket; returns a one-line problem or undefined. */
export function regexpProblem(regexp: string): string | undefined {
  try {
    const p = versionPattern(regexp);
    if (p.versionGroup === 0)
      return `regexp '${regexp}' has no capture group: the s3 resource finds no version (put the version in a group, e.g. app-(.*)\\.tgz)`;
    for (const piece of splitS3Regexp(regexp)) compileGoRegexp(piece);
  } catch (err) {
    if (err instanceof GoRegexpError)
      return `regexp '${regexp}' does not compile (${err.message}); a '/' inside a group or class breaks the resource's per-level split`;
    throw err;
  }
  return undefined;
}

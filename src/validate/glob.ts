/**
 * The two glob dialects Concourse uses: gobwas/glob for group `jobs` (concourse-spec.md §2.5, G2/G3) and Go's
 * `path.Match` for `passed` (§2.9 get, S11/S12, J10). Both compile to RegExps; a pattern that does not compile
 * is reported (groups) or matches nothing (passed).
 */

const cache = new Map<string, RegExp | null>();

/** Escapes a literal character for a `u`-flag RegExp (outside a class `-` must stay bare). */
function escapeChar(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}
/** Escapes a literal character inside a character class. */
function escapeClass(c: string): string {
  return /[\\\]\[^-]/.test(c) ? `\\${c}` : c;
}

/** gobwas/glob (no separators): `*`, `?`, `[abc]`, `[!a]`, `[a-z]`, `{a,b}`, `\` escapes. Null when invalid. */
export function compileGobwasGlob(pattern: string): RegExp | null {
  const key = `g:${pattern}`;
  if (cache.has(key)) return cache.get(key)!;
  let re: RegExp | null = null;
  try {
    const src = gobwasToRegExp(pattern);
    re = src === null ? null : new RegExp(`^${src}$`, "su");
  } catch {
    re = null;
  }
  cache.set(key, re);
  return re;
}

function gobwasToRegExp(p: string): string | null {
  let out = "";
  let depth = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === "\\") {
      if (i + 1 >= p.length) return null;
      out += escapeChar(p[++i]!);
    } else if (c === "*") out += ".*";
    else if (c === "?") out += ".";
    else if (c === "[") {
      const end = p.indexOf("]", i + 1);
      if (end < 0) return null;
      let body = p.slice(i + 1, end);
      let neg = false;
      if (body.startsWith("!")) {
        neg = true;
        body = body.slice(1);
      }
      if (body === "") return null;
      let cls = "";
      for (let j = 0; j < body.length; j++) {
        if (body[j + 1] === "-" && j + 2 < body.length) {
          if (body[j]! > body[j + 2]!) return null;
          cls += `${escapeClass(body[j]!)}-${escapeClass(body[j + 2]!)}`;
          j += 2;
        } else cls += escapeClass(body[j]!);
      }
      out += `[${neg ? "^" : ""}${cls}]`;
      i = end;
    } else if (c === "{") {
      depth++;
      out += "(?:";
    } else if (c === "}" && depth > 0) {
      depth--;
      out += ")";
    } else if (c === "," && depth > 0) out += "|";
    else out += escapeChar(c);
  }
  return depth === 0 ? out : null;
}

/** Go `path.Match(pattern, name)`; a malformed pattern matches nothing (Concourse ignores the error). */
export function goPathMatch(pattern: string, name: string): boolean {
  const key = `p:${pattern}`;
  let re = cache.get(key);
  if (re === undefined) {
    re = goPathToRegExp(pattern);
    cache.set(key, re);
  }
  return re !== null && re.test(name);
}

function goPathToRegExp(p: string): RegExp | null {
  let out = "";
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === "\\") {
      if (i + 1 >= p.length) return null;
      out += escapeChar(p[++i]!);
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      let j = i + 1;
      let neg = false;
      if (p[j] === "^") {
        neg = true;
        j++;
      }
      let cls = "";
      let closed = false;
      let first = true;
      while (j < p.length) {
        if (p[j] === "]" && !first) {
          closed = true;
          break;
        }
        first = false;
        let lo = p[j]!;
        if (lo === "\\") {
          if (j + 1 >= p.length) return null;
          lo = p[++j]!;
        }
        if (p[j + 1] === "-" && j + 2 < p.length && p[j + 2] !== "]") {
          let hi = p[j + 2]!;
          j += 2;
          if (hi === "\\") {
            if (j + 1 >= p.length) return null;
            hi = p[++j]!;
          }
          if (lo > hi) return null;
          cls += `${escapeClass(lo)}-${escapeClass(hi)}`;
        } else if (lo === "-") return null;
        else cls += escapeClass(lo);
        j++;
      }
      if (!closed || cls === "") return null;
      out += neg ? `(?!/)[^${cls}]` : `[${cls}]`;
      i = j;
    } else out += escapeChar(c);
  }
  try {
    return new RegExp(`^${out}$`, "su");
  } catch {
    return null;
  }
}

/**
 * Go (RE2) regular expressions, as the s3 resource compiles them, translated to JavaScript.
 *
 * Both engines report leftmost-first submatches, so a faithful translation gives the same captures. The
 * differences that matter for object keys are handled: `(?P<name>…)`, leading `(?flags)`, `\A`/`\z`,
 * `\Q…\E`, POSIX classes, Go's ASCII-only `\s`, `.` that excludes only `\n`, and escapes of any
 * punctuation. Constructs Go rejects (look-arounds, back-references) are refused with Go's wording;
 * constructs JavaScript cannot express are refused as unsupported rather than silently changed.
 */

/** A compiled Go regexp: the JS RegExp plus Go's view of its capture groups. */
export interface GoRegexp {
  /** The Go source text. */
  readonly source: string;
  /** Equivalent JS regexp (never global/sticky: `exec` is stateless). */
  readonly js: RegExp;
  /** Number of capture groups (Go's `NumSubexp`). */
  readonly groups: number;
  /** Group names by index, "" for unnamed (Go's `SubexpNames`, index 0 is the whole match). */
  readonly names: readonly string[];
}

/** A Go regexp that does not compile (message in Go's words where Go itself rejects it). */
export class GoRegexpError extends Error {
  constructor(
    readonly pattern: string,
    message: string,
  ) {
    super(`error parsing regexp: ${message}: \`${pattern}\``);
    this.name = "GoRegexpError";
  }
}

const POSIX_CLASSES: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};
// JS syntax characters that must stay escaped in `u` mode; other punctuation is emitted literally.
const JS_SYNTAX = new Set("^$\\.*+?()[]{}|/".split(""));
const GO_SPACE = "\\t\\n\\f\\r ";

/** Compiles a Go regexp (RE2 syntax) into its JavaScript equivalent. Throws GoRegexpError. */
export function compileGoRegexp(source: string): GoRegexp {
  let i = 0;
  let out = "";
  let flags = "u";
  let groups = 0;
  const names: string[] = [""];
  let depth = 0;
  const fail = (msg: string): never => {
    throw new GoRegexpError(source, msg);
  };

  // Leading flag group `(?i)`, `(?s)`, `(?is)` applies to the whole pattern: map it to JS flags.
  const lead = /^\(\?([imsU]+)\)/.exec(source);
  let dotAll = false;
  let multiLine = false;
  if (lead) {
    for (const f of lead[1]!) {
      if (f === "i") flags += "i";
      else if (f === "s") dotAll = true;
      else if (f === "m") {
        multiLine = true;
        flags += "m";
      } else fail("flag U (ungreedy) is not supported by pipegen");
    }
    i = lead[0].length;
  }

  while (i < source.length) {
    const c = source[i]!;
    if (c === "\\") {
      const [text, len] = escapeOutside(source, i, fail, multiLine);
      out += text;
      i += len;
    } else if (c === "[") {
      const [text, len] = charClass(source, i, fail);
      out += text;
      i += len;
    } else if (c === "(") {
      if (source.startsWith("(?P<", i) || (source.startsWith("(?<", i) && !/^\(\?<[=!]/.test(source.slice(i)))) {
        const start = source.indexOf("<", i) + 1;
        const end = source.indexOf(">", start);
        if (end < 0) fail(`invalid named capture: \`${source.slice(i)}\``);
        const name = source.slice(start, end);
        if (!/^[A-Za-z0-9_]+$/.test(name)) fail(`invalid named capture: \`${source.slice(i, end + 1)}\``);
        if (names.includes(name)) fail(`duplicate capture group name: \`${name}\``);
        groups++;
        names.push(name);
        out += `(?<${name}>`;
        i = end + 1;
      } else if (source.startsWith("(?:", i)) {
        out += "(?:";
        i += 3;
      } else if (source.startsWith("(?", i)) {
        const m = /^\(\?[imsU-]*:?\)?/.exec(source.slice(i));
        if (m && m[0].length > 2 && /[imsU]/.test(m[0]))
          fail(`inline flags \`${m[0]}\` inside the pattern are not supported by pipegen (put them at the start)`);
        fail(`invalid or unsupported Perl syntax: \`${source.slice(i, i + 3)}\``);
      } else {
        groups++;
        names.push("");
        out += "(";
        i += 1;
      }
      depth++;
    } else if (c === ")") {
      if (depth === 0) fail("unexpected )");
      depth--;
      out += ")";
      i += 1;
    } else if (c === ".") {
      out += dotAll ? "[\\s\\S]" : "[^\\n]";
      i += 1;
    } else if (c === "^") {
      out += "^";
      i += 1;
    } else if (c === "{") {
      // a repetition is copied whole; any other brace is a literal in Go (and must be escaped in JS)
      const rep = /^\{\d+(,\d*)?\}/.exec(source.slice(i));
      out += rep ? rep[0] : "\\{";
      i += rep ? rep[0].length : 1;
    } else if (c === "}" || c === "]") {
      out += "\\" + c;
      i += 1;
    } else {
      out += c;
      i += 1;
    }
  }
  if (depth !== 0) fail("missing closing )");
  let js: RegExp;
  try {
    js = new RegExp(out, flags);
  } catch (err) {
    return fail((err as Error).message.replace(/^Invalid regular expression: /, ""));
  }
  return { source, js, groups, names };
}

function escapeOutside(src: string, i: number, fail: (m: string) => never, multiLine: boolean): [string, number] {
  const n = src[i + 1];
  if (n === undefined) fail("trailing backslash at end of expression");
  switch (n) {
    case "A":
      return [multiLine ? "(?<![\\s\\S])" : "^", 2];
    case "z":
      return ["(?![\\s\\S])", 2];
    case "s":
      return [`[${GO_SPACE}]`, 2];
    case "S":
      return [`[^${GO_SPACE}]`, 2];
    case "d":
    case "D":
    case "w":
    case "W":
    case "b":
    case "B":
    case "n":
    case "t":
    case "r":
    case "f":
    case "v":
      return ["\\" + n, 2];
    case "a":
      return ["\\x07", 2];
    case "x": {
      const m = /^\\x(\{[0-9A-Fa-f]+\}|[0-9A-Fa-f]{2})/.exec(src.slice(i));
      if (!m) fail(`invalid escape sequence: \`${src.slice(i, i + 3)}\``);
      const hex = m![1]!.replace(/[{}]/g, "");
      return [`\\u{${hex}}`, m![0].length];
    }
    case "p":
    case "P": {
      const m = /^\\[pP](\{[A-Za-z_]+\}|[A-Za-z])/.exec(src.slice(i));
      if (!m) fail(`invalid character class range: \`${src.slice(i, i + 3)}\``);
      const name = m![1]!.replace(/[{}]/g, "");
      return [`\\${n}{${name.length === 1 ? name : unicodeName(name)}}`, m![0].length];
    }
    case "Q": {
      const end = src.indexOf("\\E", i + 2);
      const lit = end < 0 ? src.slice(i + 2) : src.slice(i + 2, end);
      return [lit.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&"), end < 0 ? src.length - i : end + 2 - i];
    }
    default:
      if (/[0-9]/.test(n!)) fail(`invalid escape sequence: \`\\${n}\``); // Go has no back-references
      if (/[A-Za-z]/.test(n!)) fail(`invalid escape sequence: \`\\${n}\``);
      return [JS_SYNTAX.has(n!) ? "\\" + n : n!, 2];
  }
}

function unicodeName(name: string): string {
  // Go uses script names directly (\p{Greek}); JS wants Script=Greek for scripts, plain for categories.
  return /^(L|Lu|Ll|Lt|Lm|Lo|M|Mn|Mc|Me|N|Nd|Nl|No|P|Pc|Pd|Ps|Pe|Pi|Pf|Po|S|Sm|Sc|Sk|So|Z|Zs|Zl|Zp|C|Cc|Cf|Cs|Co|Cn)$/.test(name) ? name : `Script=${name}`;
}

/** Translates a bracket expression starting at src[i] === "[". */
function charClass(src: string, i: number, fail: (m: string) => never): [string, number] {
  let j = i + 1;
  let out = "[";
  if (src[j] === "^") {
    out += "^";
    j++;
  }
  let first = true;
  while (j < src.length) {
    const c = src[j]!;
    if (c === "]" && !first) return [out + "]", j + 1 - i];
    first = false;
    if (c === "[" && src[j + 1] === ":") {
      const end = src.indexOf(":]", j + 2);
      if (end < 0) fail(`missing closing ]: \`${src.slice(i)}\``);
      let name = src.slice(j + 2, end);
      const negated = name.startsWith("^");
      if (negated) name = name.slice(1);
      const body = POSIX_CLASSES[name];
      if (body === undefined) fail(`invalid character class range: \`[:${name}:]\``);
      if (negated) fail(`negated POSIX class \`[:^${name}:]\` is not supported by pipegen`);
      out += body;
      j = end + 2;
      continue;
    }
    if (c === "\\") {
      const n = src[j + 1];
      if (n === undefined) fail("trailing backslash at end of expression");
      if (n === "s") {
        out += GO_SPACE;
        j += 2;
        continue;
      }
      if (n === "S") fail("`\\S` inside a character class is not supported by pipegen");
      if ("dDwWntrfv".includes(n!)) {
        out += "\\" + n;
        j += 2;
        continue;
      }
      if (n === "x" || n === "p" || n === "P") {
        const [text, len] = escapeOutside(src, j, fail, false);
        out += text;
        j += len;
        continue;
      }
      if (/[0-9A-Za-z]/.test(n!)) fail(`invalid escape sequence: \`\\${n}\``);
      out += "\\" + n; // every punctuation escape is valid inside a JS `u` class
      j += 2;
      continue;
    }
    if (c === "[" || c === "/") {
      out += "\\" + c;
      j++;
      continue;
    }
    out += c;
    j++;
  }
  return fail(`missing closing ]: \`${src.slice(i)}\``);
}

/** Go's `FindStringSubmatch`: the leftmost match and its groups ("" for groups that did not take part), or null. */
export function goFindStringSubmatch(re: GoRegexp, s: string): string[] | null {
  const m = re.js.exec(s);
  if (!m) return null;
  return Array.from({ length: re.groups + 1 }, (_, k) => m[k] ?? "");
}

/** Go's `MatchString`: whether the regexp matches anywhere in `s`. */
export function goMatchString(re: GoRegexp, s: string): boolean {
  return re.js.test(s);
}

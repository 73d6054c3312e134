/**
 * Identifiers for the generated consts, derived from Concourse names: `unit-tests` → `unitTestsJob` (camel) or
 * `unit_tests_job` (snake). They are valid, unique in the file, never reserved words, and never shadow the
 * builders the file imports.
 */

export type NameStyle = "camel" | "snake";
export const NAME_STYLES: readonly NameStyle[] = ["camel", "snake"];

const RESERVED = new Set([
  "break",
  "case",
  "catch",
  "class",
  "const",
  "continue",
  "debugger",
  "default",
  "delete",
  "do",
  "else",
  "enum",
  "export",
  "extends",
  "false",
  "finally",
  "for",
  "function",
  "if",
  "import",
  "in",
  "instanceof",
  "new",
  "null",
  "return",
  "super",
  "switch",
  "this",
  "throw",
  "true",
  "try",
  "typeof",
  "var",
  "void",
  "while",
  "with",
  "implements",
  "interface",
  "let",
  "package",
  "private",
  "protected",
  "public",
  "static",
  "yield",
  "await",
  "async",
  "of",
  "as",
  "any",
  "boolean",
  "number",
  "string",
  "symbol",
  "type",
  "never",
  "unknown",
  "object",
  "undefined",
  "NaN",
  "Infinity",
  "eval",
  "arguments",
  "require",
  "module",
  "exports",
  "process",
  "globalThis",
  "console",
]);

/** Words of a name: `Download-And-Package_image2` → [download, and, package, image2]; vars' brackets are dropped. */
export function words(name: string): string[] {
  return (
    name
      // letters with diacritics keep their base letter: `ünïcode` → unicode
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
      .split(/[^A-Za-z0-9]+/)
      .filter((w) => w !== "")
      .map((w) => w.toLowerCase())
  );
}

function join(parts: string[], style: NameStyle): string {
  if (style === "snake") return parts.join("_");
  return parts.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join("");
}

/** Hands out unique identifiers. */
export class NameAllocator {
  private readonly used = new Set<string>(RESERVED);
  private readonly builders: ReadonlySet<string>;
  /**
   * Per base, the number to try next: every smaller one is taken (names are only ever added), so 20,000 jobs whose
   * names all come out as `job` do not each count up from 2 again.
   */
  private readonly nextNumber = new Map<string, number>();

  /** `builders`: names the file imports, never handed out. */
  constructor(
    private readonly style: NameStyle,
    builders: Iterable<string> = [],
  ) {
    this.builders = new Set(builders);
    for (const t of this.builders) this.used.add(t);
  }

  /**
   * An identifier for `name`, with `suffix` (`job`, `type`…) appended unless the name already ends with it.
   * `fallback` is used when the name has no letters or digits.
   */
  allocate(name: string, suffix: string | undefined, fallback: string): string {
    let parts = words(name);
    if (parts.length === 0) parts = words(fallback);
    const suffixWords = suffix ? words(suffix) : [];
    const endsWith = suffixWords.length > 0 && suffixWords.every((w, i) => parts[parts.length - suffixWords.length + i] === w);
    if (!endsWith) parts = [...parts, ...suffixWords];
    if (/^[0-9]/.test(parts[0]!)) parts = [...words(fallback), ...parts];
    let base = join(parts, this.style);
    // a reserved word or an imported builder (`git`, `job`): say what it is (`gitResource`, `jobJob`)
    if (RESERVED.has(base) || this.builders.has(base)) base = join([...parts, ...words(fallback)], this.style);
    let candidate = base;
    let n = this.nextNumber.get(base) ?? 2;
    while (this.used.has(candidate)) candidate = `${base}${this.style === "snake" ? "_" : ""}${n++}`;
    if (candidate !== base) this.nextNumber.set(base, n);
    this.used.add(candidate);
    return candidate;
  }
}

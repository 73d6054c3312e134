/**
 * A tiny expression tree for the generated TypeScript, and the layout that prints it: an expression stays on one
 * line when it fits in `WIDTH` columns and holds no comment; otherwise objects, arrays and calls break one entry per
 * line (a call "hugs" its last object or array argument, as people write `job("x", {` … `})`).
 */

/** Preferred maximum line width of the generated code. */
export const WIDTH = 120;

/** A comment line, without the `//`. */
export type Comments = readonly string[];

export type Expr =
  /** Printed as is: identifiers, literals, template literals (which may span lines). */
  | { readonly kind: "atom"; readonly text: string }
  | { readonly kind: "call"; readonly callee: string; readonly args: readonly Expr[] }
  | { readonly kind: "object"; readonly entries: readonly Entry[]; readonly end?: Comments }
  | { readonly kind: "array"; readonly items: readonly Item[]; readonly end?: Comments }
  /** `expr as never`: a value the builders' types do not describe, kept so the output stays the same. */
  | { readonly kind: "cast"; readonly expr: Expr; readonly type: string };

export interface Item {
  readonly value: Expr;
  /** Comment lines printed before the item. */
  readonly leading?: Comments;
  /** A comment printed at the end of the item's line. */
  readonly trailing?: string;
}

export interface Entry extends Item {
  /** The property name, already printed (`name`, `"check-every"`, `["__proto__"]`). */
  readonly key: string;
}

export const atom = (text: string): Expr => ({ kind: "atom", text });
export const call = (callee: string, ...args: Expr[]): Expr => ({ kind: "call", callee, args });
export const obj = (entries: Entry[], end?: Comments): Expr => ({ kind: "object", entries, ...(end?.length ? { end } : {}) });
export const arr = (items: Item[], end?: Comments): Expr => ({ kind: "array", items, ...(end?.length ? { end } : {}) });
export const cast = (expr: Expr, type = "never"): Expr => ({ kind: "cast", expr, type });

/**
 * `flat` is asked for again at every level of printing, so its answer is kept on the expression itself (a
 * WeakMap with an entry for each of the ~10^5 expressions of a big import cost more in garbage collection than the
 * work it saved).
 */
interface FlatMemo {
  flatMemo?: string | null;
}

/**
 * The one-line form, or undefined when the expression must span lines (comments, multi-line literals) or is longer
 * than `WIDTH` (it is then never printed on one line: stopping there keeps the work per node bounded, where
 * building the one-line form of every enclosing expression of a 20,000-job pipeline took a second).
 */
export function flat(e: Expr): string | undefined {
  const memo = e as FlatMemo;
  const cached = memo.flatMemo;
  if (cached !== undefined) return cached ?? undefined;
  const f = flatUncached(e);
  memo.flatMemo = f ?? null;
  return f;
}

function flatUncached(e: Expr): string | undefined {
  switch (e.kind) {
    case "atom":
      return e.text.length > WIDTH || e.text.includes("\n") ? undefined : e.text;
    case "call": {
      const args = allFlat(e.args);
      return args === undefined ? undefined : fits(`${e.callee}(${args.join(", ")})`);
    }
    case "object": {
      if (e.end?.length) return undefined;
      if (e.entries.length === 0) return "{}";
      const parts: string[] = [];
      let length = 0;
      for (const en of e.entries) {
        if (en.leading?.length || en.trailing !== undefined) return undefined;
        const v = flat(en.value);
        if (v === undefined) return undefined;
        length += en.key.length + v.length + 4;
        if (length > WIDTH) return undefined;
        parts.push(`${en.key}: ${v}`);
      }
      return fits(`{ ${parts.join(", ")} }`);
    }
    case "array": {
      if (e.end?.length) return undefined;
      const parts: string[] = [];
      let length = 0;
      for (const it of e.items) {
        if (it.leading?.length || it.trailing !== undefined) return undefined;
        const v = flat(it.value);
        if (v === undefined) return undefined;
        length += v.length + 2;
        if (length > WIDTH) return undefined;
        parts.push(v);
      }
      return fits(`[${parts.join(", ")}]`);
    }
    case "cast": {
      const inner = flat(e.expr);
      return inner === undefined ? undefined : fits(`${inner} as ${e.type}`);
    }
  }
}

const fits = (s: string): string | undefined => (s.length > WIDTH ? undefined : s);

function allFlat(list: readonly Expr[]): string[] | undefined {
  const out: string[] = [];
  let length = 0;
  for (const x of list) {
    const f = flat(x);
    if (f === undefined) return undefined;
    length += f.length + 2;
    if (length > WIDTH) return undefined;
    out.push(f);
  }
  return out;
}

/** `// text` lines at the given indentation. */
export function commentLines(lines: Comments, indent: string): string {
  return lines.map((l) => `${indent}//${l === "" || l.startsWith(" ") ? "" : " "}${l}\n`).join("");
}

/**
 * Prints `e` starting at column `col` of a line indented by `indent`; `suffix` characters follow it on its last line
 * (a comma, `);`…), which counts against the width.
 */
export function print(e: Expr, indent: string, col: number, suffix = 0): string {
  const f = flat(e);
  if (f !== undefined && col + f.length + suffix <= WIDTH) return f;
  switch (e.kind) {
    case "atom":
      return e.text;
    case "cast":
      return `${print(e.expr, indent, col, suffix + 4 + e.type.length)} as ${e.type}`;
    case "object":
      if (e.entries.length === 0 && !e.end?.length) return "{}";
      return block(
        "{",
        "}",
        e.entries.map((en) => ({ ...en, head: `${en.key}: ` })),
        e.end,
        indent,
      );
    case "array":
      if (e.items.length === 0 && !e.end?.length) return "[]";
      return block(
        "[",
        "]",
        e.items.map((it) => ({ ...it, head: "" })),
        e.end,
        indent,
      );
    case "call":
      return printCall(e, indent, col, suffix);
  }
}

function printCall(e: Extract<Expr, { kind: "call" }>, indent: string, col: number, suffix: number): string {
  if (e.args.length === 0) return `${e.callee}()`;
  const last = e.args[e.args.length - 1]!;
  const init = allFlat(e.args.slice(0, -1));
  // hug only after simple arguments (names, literals): `time("x", {…}, {` would hide the second object
  if (init !== undefined && e.args.slice(0, -1).every((a) => a.kind === "atom") && (last.kind === "object" || last.kind === "array")) {
    // hug the last argument: `callee(a, b, {` … `})`
    const head = `${e.callee}(${init.map((a) => a + ", ").join("")}`;
    if (col + head.length + 1 <= WIDTH || init.length === 0) return `${head}${print(last, indent, col + head.length, suffix + 1)})`;
  }
  const inner = indent + "  ";
  const lines = e.args.map((a) => `${inner}${print(a, inner, inner.length, 1)},\n`);
  return `${e.callee}(\n${lines.join("")}${indent})`;
}

function block(open: string, close: string, items: (Item & { head: string })[], end: Comments | undefined, indent: string): string {
  const inner = indent + "  ";
  let out = `${open}\n`;
  for (const it of items) {
    let lead = it.leading ?? [];
    const start = inner.length + it.head.length;
    const body = print(it.value, inner, start, 1);
    let trailing = it.trailing;
    // a trailing comment after a value that spans lines would land after its closing bracket: move it above
    if (trailing !== undefined && body.includes("\n")) {
      lead = [...lead, trailing];
      trailing = undefined;
    }
    out += commentLines(lead, inner);
    out += `${inner}${it.head}${body},${trailing !== undefined ? ` //${trailing.startsWith(" ") ? "" : " "}${trailing}` : ""}\n`;
  }
  if (end?.length) out += commentLines(end, inner);
  return `${out}${indent}${close}`;
}

/**
 * Call-site instrumentation of users' pipeline code. Every builder records where it was called, so problems can
 * point at the user's `file:line:col`. Capturing a V8 stack per builder call costs ~3 µs and ~400 bytes, which
 * on a 500-job pipeline is a large part of a render. So the `.ts` loader rewrites each call expression
 * `f(a)` of the user's (already transformed) code into `__pipegenSite(__filename, line, col, f(a))`, where
 * line:col is the call's position in the original `.ts`, computed once here and cached with the transform.
 * Builders called while such a module runs leave a placeholder, and the innermost enclosing call of the
 * user's code fills it in (see `dsl/site.ts`).
 *
 * The position is the one V8 would report for the call (the callee's name, or the `(` for other callees),
 * mapped back through the transform's source map. Insertions move columns, so the shifts are kept to map
 * stack-trace positions of the instrumented code back as well.
 */
/** Maps a 1-based position of the code being instrumented to the original source (undefined: unknown). */
export type ToOriginal = (line: number, column: number) => { line: number; column: number } | undefined;

/** The global the instrumented code calls (installed by the loader). */
export const SITE_GLOBAL = "__pipegenSite";

/** Per generated line (1-based), the insertions on it as [column in the uninstrumented code (0-based), length]. */
export type Shifts = Record<number, [number, number][]>;

export interface InstrumentedCode {
  readonly code: string;
  readonly shifts: Shifts;
}

interface AstNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

interface Insertion {
  readonly at: number;
  readonly text: string;
  /** closing parens go before opening prefixes at one offset; among prefixes, outer first; among closings, inner first */
  readonly order: number;
}

/**
 * Instruments `code` (CommonJS output of the transform). `toOriginal` maps its positions to the original source.
 * Code that does not parse is returned as it is: Node reports the syntax error when it runs it.
 */
export function instrumentCalls(code: string, toOriginal: ToOriginal | undefined): InstrumentedCode {
  // acorn is loaded only when a file is transformed (a cache miss), like the transform itself
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const acorn = require("acorn") as typeof import("acorn");
  let ast: AstNode;
  try {
    ast = acorn.parse(code, { ecmaVersion: "latest", sourceType: "script", allowReturnOutsideFunction: true, allowHashBang: true }) as unknown as AstNode;
  } catch {
    return { code, shifts: {} };
  }
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineCol = (offset: number): [number, number] => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return [lo + 1, offset - lineStarts[lo]];
  };

  const insertions: Insertion[] = [];
  let depth = 0;
  const wrap = (call: AstNode, callee: AstNode): void => {
    const [line, col] = lineCol(reportedOffset(code, callee));
    const original = toOriginal?.(line, col + 1);
    const pos = original ?? { line, column: col + 1 };
    insertions.push({ at: call.start, text: `${SITE_GLOBAL}(__filename,${pos.line},${pos.column},`, order: 1e6 + depth });
    insertions.push({ at: call.end, text: ")", order: -depth });
  };

  // `spine`: the node is the object/callee part of an optional chain, where wrapping would break short-circuiting
  const visit = (node: unknown, spine: boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, false);
      return;
    }
    if (!isNode(node)) return;
    depth++;
    switch (node.type) {
      case "CallExpression": {
        const callee = node.callee as AstNode;
        const wrapped = !spine && !node.optional && callee.type !== "Super";
        if (wrapped) wrap(node, callee);
        visit(callee, spine || Boolean(node.optional));
        visit(node.arguments, false);
        break;
      }
      case "ChainExpression": {
        const inner = node.expression as AstNode;
        if (!spine && inner.type === "CallExpression") wrap(node, inner.callee as AstNode);
        visit(inner, true);
        break;
      }
      case "MemberExpression":
        visit(node.object, spine);
        if (node.computed) visit(node.property, false);
        break;
      default:
        for (const key in node) {
          if (key === "type" || key === "start" || key === "end") continue;
          const child = node[key];
          if (typeof child === "object" && child !== null) visit(child, false);
        }
    }
    depth--;
  };
  visit(ast, false);
  if (insertions.length === 0) return { code, shifts: {} };

  insertions.sort((a, b) => a.at - b.at || a.order - b.order);
  const parts: string[] = [];
  const shifts: Shifts = {};
  let last = 0;
  for (const ins of insertions) {
    parts.push(code.slice(last, ins.at), ins.text);
    last = ins.at;
    const [line, col] = lineCol(ins.at);
    (shifts[line] ??= []).push([col, ins.text.length]);
  }
  parts.push(code.slice(last));
  return { code: parts.join(""), shifts };
}

function isNode(x: unknown): x is AstNode {
  return typeof x === "object" && x !== null && typeof (x as AstNode).type === "string";
}

/** Where V8 reports a call: at the callee's name for `f()` and `o.f()`, else at the call's `(`. */
function reportedOffset(code: string, callee: AstNode): number {
  if (callee.type === "Identifier") return callee.start;
  if (callee.type === "MemberExpression" && !callee.computed) return (callee.property as AstNode).start;
  let i = callee.end;
  while (i < code.length && code[i] !== "(") i++;
  return i < code.length ? i : callee.start;
}

/** Maps a 1-based column of instrumented code back to the 1-based column of the code before instrumentation. */
export function uninstrumentedColumn(shifts: Shifts | undefined, line: number, column: number): number {
  const list = shifts?.[line];
  if (!list) return column;
  const col0 = column - 1;
  let moved = 0;
  for (const [at, length] of list) {
    if (col0 < at + moved) break;
    // inside inserted text: report the position it was inserted at
    if (col0 < at + moved + length) return at + 1;
    moved += length;
  }
  return col0 - moved + 1;
}

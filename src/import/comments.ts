/**
 * YAML comments, attached to the pipeline paths they describe, so the generated TypeScript can carry them over.
 *
 * Comments are found by the YAML lexer (so a `#` inside a string or a script is never one) and
 * attached by position: a comment on its own line goes with the next node at its indentation or deeper; one
 * indented deeper than the next node closes the collection above it (an "end" comment, like a commented-out last
 * key); one after content on the same line goes with the deepest node that starts on that line.
 */
import { CST, Lexer, LineCounter } from "yaml";

export interface NodeComments {
  /** Comment lines before the node. */
  leading: string[];
  /** A comment at the end of the node's first line. */
  trailing?: string;
  /** Comment lines after the last entry of a collection. */
  end: string[];
}

interface NodeStart {
  readonly path: string;
  readonly offset: number;
  readonly line: number;
  readonly col: number;
}

interface RawComment {
  readonly offset: number;
  readonly line: number;
  readonly col: number;
  readonly text: string;
  readonly ownLine: boolean;
}

export class CommentIndex {
  /** Comment lines before the first node of the document (a file header). */
  readonly header: string[] = [];
  /** Comments by raw path, in document order (entries are made in the order the comments appear). */
  private readonly byPath = new Map<string, NodeComments>();

  /** Builds the index from the YAML text and the start offset of every node (raw paths such as `jobs[0].plan[1]`). */
  static build(text: string, offsets: ReadonlyMap<string, number>): CommentIndex {
    const index = new CommentIndex();
    if (!text.includes("#")) return index;
    const lines = new LineCounter();
    const comments = findComments(text, lines);
    if (comments.length === 0) return index;
    // node starts in document order; for one position, the outermost path first
    const starts: NodeStart[] = [];
    for (const [path, offset] of offsets) {
      const pos = lines.linePos(offset);
      starts.push({ path, offset, line: pos.line, col: pos.col });
    }
    starts.sort((a, b) => a.offset - b.offset || a.path.length - b.path.length);
    index.attach(comments, starts);
    return index;
  }

  private entry(path: string): NodeComments {
    let e = this.byPath.get(path);
    if (!e) {
      e = { leading: [], end: [] };
      this.byPath.set(path, e);
    }
    return e;
  }

  private attach(comments: RawComment[], starts: NodeStart[]): void {
    let block: RawComment[] = [];
    const flush = () => {
      if (block.length > 0) this.attachBlock(block, starts);
      block = [];
    };
    for (const c of comments) {
      if (!c.ownLine) {
        flush();
        const owner = lastStartOnLine(starts, c.line, c.offset);
        if (owner) {
          const e = this.entry(owner.path);
          e.trailing = e.trailing === undefined ? c.text : `${e.trailing} ${c.text}`;
          continue;
        }
        block.push({ ...c, ownLine: true });
        continue;
      }
      const prev = block[block.length - 1];
      // a blank line, or a change of indentation, starts a new block
      if (prev && (c.col !== prev.col || c.line - prev.line > 2)) flush();
      else if (prev && c.line - prev.line === 2) block.push({ ...c, text: "\u0000" });
      block.push(c);
    }
    flush();
  }

  private attachBlock(block: RawComment[], starts: NodeStart[]): void {
    const first = block[0]!;
    const text = block.map((c) => (c.text === "\u0000" ? "" : c.text)).filter((t, i, all) => !(t === "" && all[i + 1] === ""));
    const nextIdx = starts.findIndex((s) => s.offset > first.offset);
    const next = nextIdx >= 0 ? starts[nextIdx] : undefined;
    const prevIdx = (nextIdx >= 0 ? nextIdx : starts.length) - 1;
    if (prevIdx < 0) {
      this.header.push(...text);
      return;
    }
    if (next && first.col <= next.col) {
      this.entry(next.path).leading.push(...text);
      return;
    }
    // indented deeper than what follows: it closes the collection of the nearest node above at its indentation
    for (let i = prevIdx; i >= 0; i--) {
      const s = starts[i]!;
      if (s.col <= first.col) {
        this.entry(parentPath(s.path)).end.push(...text);
        return;
      }
    }
    this.entry("").end.push(...text);
  }

  /** Removes and returns the comment lines before this path's node. */
  leading(path: string): string[] {
    const e = this.byPath.get(path);
    if (!e || e.leading.length === 0) return [];
    const out = e.leading;
    e.leading = [];
    this.prune(path, e);
    return out;
  }

  /** Removes and returns the comment at the end of this path's first line. */
  trailing(path: string): string | undefined {
    const e = this.byPath.get(path);
    if (!e) return undefined;
    const out = e.trailing;
    e.trailing = undefined;
    this.prune(path, e);
    return out;
  }

  /** Removes and returns the comment lines after the last entry of this path's collection. */
  end(path: string): string[] {
    const e = this.byPath.get(path);
    if (!e || e.end.length === 0) return [];
    const out = e.end;
    e.end = [];
    this.prune(path, e);
    return out;
  }

  private prune(path: string, e: NodeComments): void {
    if (e.leading.length === 0 && e.trailing === undefined && e.end.length === 0) this.byPath.delete(path);
  }

  /** True when every comment has been placed. */
  get empty(): boolean {
    return this.byPath.size === 0;
  }

  /** Removes and returns, as plain lines, every comment left at this path or below it, in document order. */
  takeUnder(path: string): string[] {
    const out: string[] = [];
    if (this.byPath.size === 0) return out;
    for (const [p, e] of this.byPath) {
      if (p !== path && !(path === "" || p.startsWith(path + ".") || p.startsWith(path + "["))) continue;
      out.push(...e.leading);
      if (e.trailing !== undefined) out.push(e.trailing);
      out.push(...e.end);
      this.byPath.delete(p);
    }
    return out;
  }
}

/** `a.b[2].c` → `a.b[2]`; `a.b[2]` → `a.b`; `a` → ``. */
export function parentPath(p: string): string {
  const dot = p.lastIndexOf(".");
  const bracket = p.lastIndexOf("[");
  const cut = Math.max(dot, bracket);
  return cut <= 0 ? "" : p.slice(0, cut);
}

function lastStartOnLine(starts: NodeStart[], line: number, before: number): NodeStart | undefined {
  let found: NodeStart | undefined;
  for (const s of starts) {
    if (s.offset >= before) break;
    if (s.line === line && (!found || s.offset >= found.offset)) found = s;
  }
  return found;
}

/**
 * Every comment of the first document, in order, with its position and whether it is alone on its line. The YAML
 * lexer yields the source in tokens (plus a few one-character control tokens that are not in the source), and only
 * real comments come out as tokens starting with `#`.
 */
function findComments(text: string, lines: LineCounter): RawComment[] {
  const out: RawComment[] = [];
  let offset = 0;
  let docs = 0;
  for (const token of new Lexer().lex(text)) {
    if (token.length === 1 && CONTROL.has(token)) {
      if (token === DOCUMENT && ++docs > 1) break;
      continue;
    }
    if (token[0] === "#") {
      const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
      out.push({
        offset,
        line: 0,
        col: 0,
        text: token.slice(1).replace(/\s+$/, ""),
        ownLine: text.slice(lineStart, offset).trim() === "",
      });
    }
    offset += token.length;
  }
  // line starts, for positions
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lines.addNewLine(i + 1);
  return out.map((c) => {
    const pos = lines.linePos(c.offset);
    return { ...c, line: pos.line, col: pos.col };
  });
}

// The lexer's marker tokens (a BOM is real source text, so it is not one of them).
const DOCUMENT = CST.DOCUMENT;
const CONTROL = new Set<string>([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

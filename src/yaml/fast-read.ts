/**
 * The fast reader: YAML text → the tree of nodes.ts in one pass over the lines, for the block style pipelines are
 * written in (block maps and lists, one-line plain and quoted scalars, one-line flow collections, literal `|`
 * scalars, anchors and aliases, comments).
 *
 * Why: the `yaml` library's parser and composer take ~1.4 s of CPU for 1 MB (its parser reads `process.env` per
 * token, and builds a token tree and then a Document of class instances); Concourse's go-yaml takes a few
 * milliseconds. This reader builds only what the converter needs.
 *
 * It answers only where it is sure to give what the library gives (the same values, the same node offsets, no
 * error): at anything else (tabs, `\r`, tags other than `!!str`, directives, multi-line quoted scalars,
 * multi-line flow collections, odd indentation, anything that would be a syntax error) it returns `undefined`
 * and the caller reads the text with the library. `test/yaml.fast-reader.test.ts` checks the two agree.
 */
import { LineCounter } from "yaml";
import { ALIAS, MAP, SCALAR, SEQ, type YAlias, type YMap, type YNode, type YPair, type YScalar, type YSeq } from "./nodes";

export interface FastRead {
  readonly root: YNode;
  readonly lineCounter: LineCounter;
}

/**
 * Characters the library treats specially (controls, YAML 1.1 line breaks, BOM, a `\r` that does not end a line)
 * and those go-yaml refuses (C1 controls, U+FFFE/U+FFFF; document.ts reports them): left to the library's path.
 * Lines may end in `\r\n`.
 */
const ODD_CHARS = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|\r(?!\n)/;
/** A plain scalar cannot start with these (or with `-`, `?`, `:` before a space). */
const INDICATOR = new Set([..."-?:,[]{}#&*!|>'\"%@`"]);
/** Longest implicit key the library accepts is 1024 characters; stay well under it. */
const MAX_KEY = 1000;

class Unsupported extends Error {}
function no(): never {
  throw new Unsupported();
}

/** An open block collection. */
interface Open {
  readonly node: YMap | YSeq;
  /** The column of its keys or dashes. */
  readonly indent: number;
}

/** A value still to come on the following lines (after `key:` or `-` with nothing else on the line). */
interface Pending {
  /** Stores the value in its parent. */
  readonly set: (n: YNode) => void;
  /** The column of the parent's keys or dashes: the value's lines must be deeper (or a list at a map's column). */
  readonly parentIndent: number;
  readonly parentIsMap: boolean;
  /** Where an empty value is (right after the indicator or anchor and the spaces that follow). */
  readonly emptyAt: number;
  readonly anchor: string | undefined;
}

/** Reads `text` when it is in the subset described above; `undefined` otherwise. */
export function fastRead(text: string): FastRead | undefined {
  if (ODD_CHARS.test(text)) return undefined;
  try {
    return new Reader(text).read();
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

class Reader {
  private readonly lines = new LineCounter();
  private readonly anchors = new Map<string, YNode>();
  private readonly stack: Open[] = [];
  private pending: Pending | undefined;
  private root: YNode | undefined;
  /** Where the current line starts. */
  private lineStart = 0;
  /** The deepest column the next content line may start at (after a line that ended with a complete value). */
  private maxNextIndent = Infinity;
  /** A `---` was read. */
  private started = false;
  /** The top-level collection was a flow collection, now closed. */
  private rootDone = false;

  constructor(private readonly text: string) {}

  read(): FastRead {
    const text = this.text;
    this.lines.addNewLine(0);
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", nl + 1)) this.lines.addNewLine(nl + 1);
    let start = 0;
    while (start < text.length) {
      const end = this.contentEnd(start);
      this.lineStart = start;
      const next = this.line(start, end);
      start = next > end ? next : this.nextLineStart(end);
    }
    if (this.pending) this.fillEmpty();
    if (this.root === undefined || this.root.kind !== MAP) no();
    return { root: this.root!, lineCounter: this.lines };
  }

  /** Where the content of the line starting at `start` ends (before its `\n` or `\r\n`). */
  private contentEnd(start: number): number {
    const text = this.text;
    let nl = text.indexOf("\n", start);
    if (nl < 0) nl = text.length;
    return nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
  }

  /** Where the line after the one whose content ends at `end` starts. */
  private nextLineStart(end: number): number {
    return this.text.charCodeAt(end) === 13 ? end + 2 : end + 1;
  }

  /** Handles one line; returns where the next line starts when it consumed more (a block scalar), else `end`. */
  private line(start: number, end: number): number {
    const text = this.text;
    let p = start;
    while (p < end && text.charCodeAt(p) === 32) p++;
    if (p === end || text.charCodeAt(p) === 35) return end; // blank or a comment line
    const indent = p - start;
    if (indent === 0) {
      const c = text[p];
      if (c === "%") no();
      if ((text.startsWith("---", p) || text.startsWith("...", p)) && (p + 3 === end || text.charCodeAt(p + 3) === 32)) {
        // one `---` before the content starts the document; another document, or content after it, is left to the library
        if (c !== "-" || this.root !== undefined || this.started) no();
        this.started = true;
        this.rest(p + 3, end);
        return end;
      }
    }
    if (indent > this.maxNextIndent) no(); // a continuation line, or deeper than a finished value allows
    this.maxNextIndent = Infinity;
    if (this.pending) {
      const pend = this.pending;
      const dash = this.isDash(p, end);
      if (indent > pend.parentIndent || (pend.parentIsMap && indent === pend.parentIndent && dash)) {
        this.pending = undefined;
        const coll = dash ? this.newSeq(p, pend.anchor) : this.newMap(p, pend.anchor);
        pend.set(coll);
        this.stack.push({ node: coll, indent });
        return this.entry(p, end, indent);
      }
      this.fillEmpty();
    }
    if (this.rootDone) no(); // content after a top-level flow collection
    if (this.root === undefined) {
      if (indent !== 0 || this.isDash(p, end)) no();
      if (text[p] === "{") {
        // a top-level flow map (a JSON file): nothing but comments may follow it
        const f = this.flow(p, end, undefined, -1);
        this.root = f.node;
        this.rootDone = true;
        this.rest(f.end, f.lineEnd);
        return this.nextLineStart(f.lineEnd);
      }
      const map = this.newMap(p, undefined);
      this.root = map;
      this.stack.push({ node: map, indent });
      return this.entry(p, end, indent);
    }
    // close what this line is outside of
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (top === undefined) return no();
      if (top.indent > indent) {
        this.stack.pop();
        continue;
      }
      // a list at its map's column ends where the map's next key starts
      if (top.node.kind === SEQ && top.indent === indent && !this.isDash(p, end)) {
        const below = this.stack[this.stack.length - 2];
        if (below && below.indent === indent && below.node.kind === MAP) {
          this.stack.pop();
          continue;
        }
      }
      if (top.indent !== indent) no();
      break;
    }
    return this.entry(p, end, indent);
  }

  private isDash(p: number, end: number): boolean {
    return this.text.charCodeAt(p) === 45 && (p + 1 === end || this.text.charCodeAt(p + 1) === 32);
  }

  /** An entry of the open collection on top of the stack, starting at `p` (its indentation). */
  private entry(p: number, end: number, indent: number): number {
    const top = this.stack[this.stack.length - 1]!;
    if (top.node.kind === SEQ) {
      if (!this.isDash(p, end)) no();
      const seq = top.node;
      const at = seq.items.length;
      seq.items.push(null);
      return this.valueAfter(p + 1, end, indent, false, (n) => (seq.items[at] = n), true);
    }
    return this.keyValue(p, end, top.node, indent);
  }

  /** `key: value` at `p`, into `map` whose keys are at column `indent`. */
  private keyValue(p: number, end: number, map: YMap, indent: number): number {
    const text = this.text;
    const c = text[p]!;
    let key: YScalar;
    let colon: number;
    if (c === '"' || c === "'") {
      const q = this.quoted(p, end);
      key = q.node;
      colon = q.end;
      if (text.charCodeAt(colon) !== 58 || (colon + 1 < end && text.charCodeAt(colon + 1) !== 32)) no();
    } else {
      if (INDICATOR.has(c)) no();
      colon = -1;
      for (let i = p; i < end; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 58 && (i + 1 === end || text.charCodeAt(i + 1) === 32)) {
          colon = i;
          break;
        }
        if (ch === 35 && text.charCodeAt(i - 1) === 32) no(); // a comment before any `: `: not a key line
      }
      if (colon < 0) no();
      let e = colon;
      while (e > p && text.charCodeAt(e - 1) === 32) e--;
      key = { kind: SCALAR, offset: p, value: text.slice(p, e), plain: true };
    }
    if (colon - p > MAX_KEY) no();
    const pair: { key: YNode | null; value: YNode | null } = { key, value: null };
    map.items.push(pair as YPair);
    return this.valueAfter(colon + 1, end, indent, true, (n) => (pair.value = n), false);
  }

  /**
   * The value after an indicator (`:` or `-`) at `p - 1`, in a collection at column `indent`. `set` stores it.
   * In a list item, `key: value` starts a compact map.
   */
  private valueAfter(p: number, end: number, indent: number, inMap: boolean, set: (n: YNode) => void, inSeq: boolean): number {
    const text = this.text;
    while (p < end && text.charCodeAt(p) === 32) p++;
    let anchor: string | undefined;
    let anchorEnd = 0;
    if (p < end && text.charCodeAt(p) === 38) {
      const a = this.name(p + 1, end);
      anchor = text.slice(p + 1, a);
      anchorEnd = a;
      p = a;
      if (p < end && text.charCodeAt(p) !== 32) no();
      while (p < end && text.charCodeAt(p) === 32) p++;
    }
    // `!!str x`: a plain scalar read as a string (other tags, and a tag with an anchor, are left to the library)
    let asString = false;
    if (anchor === undefined && text.startsWith("!!str ", p)) {
      asString = true;
      p += 6;
      while (p < end && text.charCodeAt(p) === 32) p++;
      const t = text[p];
      if (p === end || t === "#" || t === "*" || t === "[" || t === "{" || t === "|" || t === ">" || t === "&" || t === "!") no();
    }
    if (p === end || text.charCodeAt(p) === 35) {
      // nothing more on this line: the value is on the next lines, or empty
      let emptyAt = p;
      if (anchor !== undefined) {
        // after the anchor and the spaces that follow it
        emptyAt = anchorEnd;
        while (emptyAt < end && text.charCodeAt(emptyAt) === 32) emptyAt++;
      }
      this.pending = { set, parentIndent: indent, parentIsMap: inMap, emptyAt, anchor };
      return end;
    }
    const c = text[p]!;
    let node: YNode;
    let after: number;
    if (c === "*") {
      if (anchor !== undefined) no();
      const e = this.name(p + 1, end);
      const source = text.slice(p + 1, e);
      const target = this.anchors.get(source);
      if (target === undefined) no();
      node = { kind: ALIAS, offset: p, source, target } as YAlias;
      after = e;
    } else if (c === '"' || c === "'") {
      const q = this.quoted(p, end);
      if (text.charCodeAt(q.end) === 58) {
        if (!inSeq || asString) no();
        return this.compactMap(p, end, indent, set, anchor);
      }
      node = q.node;
      after = q.end;
    } else if (c === "[" || c === "{") {
      // the anchor is defined when the collection opens: an alias inside it refers to it
      const f = this.flow(p, end, anchor, indent);
      anchor = undefined;
      if (f.lineEnd > end) {
        // it went on over more lines: the rest of its last line, then the line after it
        this.rest(f.end, f.lineEnd);
        set(f.node);
        this.maxNextIndent = indent;
        return this.nextLineStart(f.lineEnd);
      }
      node = f.node;
      after = f.end;
    } else if (c === "|" || c === ">") {
      return this.literal(p, end, indent, set, anchor);
    } else {
      if (INDICATOR.has(c) && !((c === "-" || c === "?" || c === ":") && p + 1 < end && text.charCodeAt(p + 1) !== 32)) no();
      if (c === "?" || c === ":") no();
      // a plain scalar to the end of the line or a comment; `: ` inside makes it a key (or an error)
      let e = p;
      let colon = false;
      while (e < end) {
        const ch = text.charCodeAt(e);
        if (ch === 35 && text.charCodeAt(e - 1) === 32) break;
        if (ch === 58 && (e + 1 === end || text.charCodeAt(e + 1) === 32)) {
          colon = true;
          break;
        }
        e++;
      }
      if (colon) {
        if (!inSeq || asString) no(); // a nested map on a key's line is an error (a tagged key: left to the library)
        return this.compactMap(p, end, indent, set, anchor);
      }
      let v = e;
      while (v > p && text.charCodeAt(v - 1) === 32) v--;
      node = { kind: SCALAR, offset: p, value: text.slice(p, v), plain: !asString };
      after = e;
      if (e === end) {
        // it may go on over the next lines, indented deeper than its parent
        const more = this.plainContinuation(end, indent);
        if (more) {
          (node as { value: string }).value += more.text;
          if (anchor !== undefined) this.anchors.set(anchor, node);
          set(node);
          this.maxNextIndent = indent;
          return more.next;
        }
      }
    }
    if (anchor !== undefined) this.anchors.set(anchor, node);
    this.rest(after, end);
    set(node);
    this.maxNextIndent = indent;
    return end;
  }

  /**
   * The lines that continue a plain scalar which ended its first line at `end`: those indented deeper than
   * `parentIndent`, each joined to the text before with a space (a blank line between them is a line break), as
   * YAML folds a multi-line plain scalar. Lines that start with an indicator or hold `: ` or ` #` are left to the
   * library. Undefined when the next content line is not a continuation.
   */
  private plainContinuation(end: number, parentIndent: number): { text: string; next: number } | undefined {
    const text = this.text;
    let out = "";
    let blanks = 0;
    let lastEnd = -1;
    let pos = this.nextLineStart(end);
    while (pos < text.length) {
      const le = this.contentEnd(pos);
      let s = pos;
      while (s < le && text.charCodeAt(s) === 32) s++;
      if (s === le) {
        // a blank line: a line break if the scalar goes on after it
        blanks++;
        pos = this.nextLineStart(le);
        continue;
      }
      if (s - pos <= parentIndent) break;
      const c = text[s]!;
      if (INDICATOR.has(c)) no();
      let t = le;
      while (t > s && text.charCodeAt(t - 1) === 32) t--;
      const line = text.slice(s, t);
      if (line.includes(": ") || line.includes(" #") || line.endsWith(":")) no();
      out += (blanks === 0 ? " " : "\n".repeat(blanks)) + line;
      blanks = 0;
      lastEnd = le;
      pos = this.nextLineStart(le);
    }
    if (lastEnd < 0) return undefined;
    // (a scalar that ends the text without a line break is left to the library, as block scalars are)
    if (lastEnd >= text.length) no();
    return { text: out, next: this.nextLineStart(lastEnd) };
  }

  /** `- key: value`: a map whose keys are at the column of `key`. */
  private compactMap(p: number, end: number, dashIndent: number, set: (n: YNode) => void, anchor: string | undefined): number {
    if (anchor !== undefined) no(); // `- &a key: v` anchors the key; left to the library
    const map = this.newMap(p, undefined);
    set(map);
    const indent = p - this.lineStart;
    if (indent <= dashIndent) no();
    this.stack.push({ node: map, indent });
    return this.keyValue(p, end, map, indent);
  }

  private newMap(offset: number, anchor: string | undefined): YMap {
    const map: YMap = { kind: MAP, offset, flow: false, items: [] };
    if (anchor !== undefined) this.anchors.set(anchor, map);
    return map;
  }

  private newSeq(offset: number, anchor: string | undefined): YSeq {
    const seq: YSeq = { kind: SEQ, offset, items: [] };
    if (anchor !== undefined) this.anchors.set(anchor, seq);
    return seq;
  }

  /** The pending value is empty (the next line is not deeper). */
  private fillEmpty(): void {
    const pend = this.pending!;
    this.pending = undefined;
    const node: YScalar = { kind: SCALAR, offset: pend.emptyAt, value: "", plain: true };
    if (pend.anchor !== undefined) this.anchors.set(pend.anchor, node);
    pend.set(node);
  }

  /** Only spaces and a comment may follow a value on its line. */
  private rest(p: number, end: number): void {
    const text = this.text;
    if (p === end) return;
    if (text.charCodeAt(p) !== 32) no();
    while (p < end && text.charCodeAt(p) === 32) p++;
    if (p < end && text.charCodeAt(p) !== 35) no();
  }

  /** The end of an anchor or alias name starting at `p` (in a flow collection, a `,` or bracket ends it). */
  private name(p: number, end: number, flow = false): number {
    const text = this.text;
    let e = p;
    while (e < end) {
      const ch = text.charCodeAt(e);
      if (ch === 32) break;
      if (ch === 44 || ch === 91 || ch === 93 || ch === 123 || ch === 125) {
        if (flow) break;
        no();
      }
      e++;
    }
    if (e === p || text.charCodeAt(e - 1) === 58) no();
    return e;
  }

  /** A quoted scalar that ends on its line. */
  private quoted(p: number, end: number): { node: YScalar; end: number } {
    const text = this.text;
    const q = text.charCodeAt(p);
    if (q === 39) {
      let value = "";
      let from = p + 1;
      for (let i = p + 1; i < end; i++) {
        if (text.charCodeAt(i) !== 39) continue;
        if (text.charCodeAt(i + 1) === 39) {
          value += text.slice(from, i + 1);
          i++;
          from = i + 1;
          continue;
        }
        value += text.slice(from, i);
        return { node: { kind: SCALAR, offset: p, value, plain: false }, end: i + 1 };
      }
      return no();
    }
    let value = "";
    let from = p + 1;
    for (let i = p + 1; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 34) {
        value += text.slice(from, i);
        return { node: { kind: SCALAR, offset: p, value, plain: false }, end: i + 1 };
      }
      if (ch !== 92) continue;
      value += text.slice(from, i);
      const e = text[i + 1];
      const simple = e === undefined ? undefined : ESCAPES[e];
      if (simple !== undefined) {
        value += simple;
        i++;
      } else if (e === "x" || e === "u") {
        const n = e === "x" ? 2 : 4;
        const hex = text.slice(i + 2, i + 2 + n);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) no();
        const code = parseInt(hex, 16);
        if (code >= 0xd800 && code <= 0xdfff) no();
        value += String.fromCharCode(code);
        i += 1 + n;
      } else no();
      from = i + 1;
    }
    return no();
  }

  /**
   * A flow collection, read with an explicit stack (it may nest deeply). It may go on over the following lines when
   * they are indented deeper than `minIndent` (the column of the block it sits in); a scalar in it must end on its
   * line. Returns the collection, where it ends, and the end of the line it ends on.
   */
  private flow(p: number, firstEnd: number, outerAnchor: string | undefined, minIndent: number): { node: YNode; end: number; lineEnd: number } {
    const text = this.text;
    let end = firstEnd;
    /** Skips spaces, comments and line breaks (with the indentation rule) up to the next token. */
    const skip = (): void => {
      for (;;) {
        while (i < end && text.charCodeAt(i) === 32) i++;
        if (i < end && text.charCodeAt(i) === 35) {
          const before = text.charCodeAt(i - 1);
          if (before !== 32 && before !== 10) no();
          i = end;
        }
        if (i < end) return;
        if (end >= text.length) no(); // not closed
        i = this.nextLineStart(end);
        end = this.contentEnd(i);
        let s = i;
        while (s < end && text.charCodeAt(s) === 32) s++;
        if (s < end && text.charCodeAt(s) !== 35 && s - i <= minIndent) no();
      }
    };
    interface Frame {
      readonly node: YMap | YSeq;
      /** In a map: the pair whose value comes next. */
      pair: { key: YNode | null; value: YNode | null } | undefined;
      /** An entry was just read: a `,` or the closing bracket comes next. */
      done: boolean;
    }
    const frames: Frame[] = [];
    let i = p;
    let anchor: string | undefined = outerAnchor;
    const place = (node: YNode): void => {
      if (anchor !== undefined) {
        this.anchors.set(anchor, node);
        anchor = undefined;
      }
      const f = frames[frames.length - 1];
      if (f === undefined) return;
      if (f.node.kind === SEQ) {
        f.node.items.push(node);
        f.done = true;
      } else if (f.pair === undefined) {
        // a key: `: ` must follow (a key without a value is left to the library)
        const pair = { key: node, value: null };
        f.node.items.push(pair as YPair);
        f.pair = pair;
        if (node.kind !== SCALAR) no();
        if (text.charCodeAt(i) !== 58) no();
        i++;
        // after a quoted key the value may follow the `:` at once (`{"a":1}`, as in JSON); after a plain one, a space
        if (i < end && text.charCodeAt(i) !== 32 && node.plain) no();
      } else {
        f.pair.value = node;
        f.pair = undefined;
        f.done = true;
      }
    };
    for (;;) {
      skip();
      const c = text[i]!;
      const f = frames[frames.length - 1];
      if (f !== undefined && f.done) {
        if (c === ",") {
          f.done = false;
          i++;
          while (i < end && text.charCodeAt(i) === 32) i++;
          const n = text[i];
          if (n === "]" || n === "}" || n === ",") no(); // empty entries are left to the library
          continue;
        }
        if ((c === "]" && f.node.kind === SEQ) || (c === "}" && f.node.kind === MAP)) {
          frames.pop();
          i++;
          if (frames.length === 0) return { node: f.node, end: i, lineEnd: end };
          continue;
        }
        return no();
      }
      if (c === "]" || c === "}") {
        // an empty collection closes right after it opens
        if (f === undefined || f.node.items.length > 0 || f.pair !== undefined) no();
        if ((c === "]") !== (f.node.kind === SEQ)) no();
        f.done = true;
        continue;
      }
      if (c === "[" || c === "{") {
        if (f !== undefined && f.node.kind === MAP && f.pair === undefined) no(); // a collection as a key
        const node: YMap | YSeq = c === "[" ? { kind: SEQ, offset: i, items: [] } : { kind: MAP, offset: i, flow: true, items: [] };
        i++;
        // `place` marks the parent's entry as read: a `,` or its closing bracket comes after this one closes
        place(node);
        frames.push({ node, pair: undefined, done: false });
        continue;
      }
      if (c === "&") {
        if (anchor !== undefined) no();
        const e = this.name(i + 1, end, true);
        anchor = text.slice(i + 1, e);
        i = e;
        continue;
      }
      if (c === "*") {
        if (anchor !== undefined) no();
        const e = this.name(i + 1, end, true);
        const source = text.slice(i + 1, e);
        const target = this.anchors.get(source);
        if (target === undefined) no();
        const node: YAlias = { kind: ALIAS, offset: i, source, target };
        i = e;
        place(node);
        continue;
      }
      if (f === undefined) no();
      // `!!str x` as a value (not a key, not with an anchor): a plain scalar read as a string
      let asString = false;
      if (c === "!") {
        if (anchor !== undefined || !text.startsWith("!!str ", i) || (f.node.kind === MAP && f.pair === undefined)) no();
        i += 6;
        while (i < end && text.charCodeAt(i) === 32) i++;
        const t = text[i];
        if (t === undefined || t === '"' || t === "'" || t === "!" || t === "&" || t === "*" || t === "#") no();
        asString = true;
      }
      if (c === '"' || c === "'") {
        const q = this.quoted(i, end);
        i = q.end;
        place(q.node);
        continue;
      }
      const first = text[i]!;
      if (INDICATOR.has(first) && !(first === "-" && i + 1 < end && !" ,[]{}".includes(text[i + 1]!))) no();
      // a plain scalar in flow context ends at `,`, a bracket, or `: `; a `:` or `#` inside is left to the library
      let e = i;
      while (e < end) {
        const ch = text.charCodeAt(e);
        if (ch === 44 || ch === 91 || ch === 93 || ch === 123 || ch === 125) break;
        if (ch === 58 || ch === 35) {
          if (ch === 58 && f.node.kind === MAP && f.pair === undefined && (e + 1 === end || text.charCodeAt(e + 1) === 32)) break;
          no();
        }
        e++;
      }
      let v = e;
      while (v > i && text.charCodeAt(v - 1) === 32) v--;
      const node: YScalar = { kind: SCALAR, offset: i, value: text.slice(i, v), plain: !asString };
      i = e;
      place(node);
    }
  }

  /**
   * A block scalar at `p`: literal (`|`, `|-`) or folded (`>`, `>-`, without more-indented lines); returns where
   * the line after it starts.
   */
  private literal(p: number, end: number, parentIndent: number, set: (n: YNode) => void, anchor: string | undefined): number {
    const text = this.text;
    let h = p + 1;
    let chomp = "clip";
    if (text[h] === "-") {
      chomp = "strip";
      h++;
    } else if (text[h] === "+" || (text[h]! >= "0" && text[h]! <= "9")) no();
    this.rest(h, end);
    // the content: lines deeper than the first content line's indentation, or blank
    let contentIndent = -1;
    const parts: string[] = [];
    let blankRun = 0;
    let pos = this.nextLineStart(end);
    let lastContentEnd = -1;
    while (pos <= text.length) {
      let e = text.indexOf("\n", pos);
      if (e < 0) e = text.length;
      // the line's content, without a `\r` before its `\n` (a line break, as `\n` is)
      const ce = e > pos && text.charCodeAt(e - 1) === 13 ? e - 1 : e;
      let s = pos;
      while (s < ce && text.charCodeAt(s) === 32) s++;
      const spaces = s - pos;
      if (s === ce) {
        // a blank line: part of the scalar if content follows
        if (contentIndent >= 0 && spaces > contentIndent) no(); // trailing spaces kept in a blank line
        if (contentIndent < 0 && spaces > 0) no();
        if (e === text.length) break;
        blankRun++;
        pos = e + 1;
        continue;
      }
      if (contentIndent < 0) {
        if (spaces <= parentIndent) break;
        contentIndent = spaces;
      } else if (spaces < contentIndent) break;
      for (let b = 0; b < blankRun; b++) parts.push("");
      blankRun = 0;
      parts.push(text.slice(pos + contentIndent, ce));
      lastContentEnd = e;
      if (e === text.length) break;
      pos = e + 1;
    }
    if (contentIndent < 0 || lastContentEnd === text.length) no(); // empty, or no line break at the end
    const body = text.charCodeAt(p) === 62 ? folded(parts) : parts.join("\n");
    const node: YScalar = { kind: SCALAR, offset: p, value: body + (chomp === "clip" ? "\n" : ""), plain: false };
    if (anchor !== undefined) this.anchors.set(anchor, node);
    set(node);
    this.maxNextIndent = parentIndent;
    // the scalar's lines (not the blank lines after it) are consumed
    return lastContentEnd + 1;
  }
}

/**
 * The text of a folded scalar's lines (blank ones as ""): a line break between two lines becomes a space, and each
 * blank line between them one line break (YAML 1.2 §8.1.3). Lines indented deeper than the first (whose breaks are
 * kept) are left to the library.
 */
function folded(parts: readonly string[]): string {
  let out = "";
  let i = 0;
  // blank lines before the first line are line breaks of their own
  for (; i < parts.length && parts[i] === ""; i++) out += "\n";
  let first = true;
  let blanks = 0;
  for (; i < parts.length; i++) {
    const line = parts[i]!;
    if (line === "") {
      blanks++;
      continue;
    }
    if (line.charCodeAt(0) === 32) no();
    if (!first) out += blanks === 0 ? " " : "\n".repeat(blanks);
    out += line;
    first = false;
    blanks = 0;
  }
  return out;
}

const ESCAPES: Record<string, string> = {
  "\\": "\\",
  '"': '"',
  "/": "/",
  n: "\n",
  t: "\t",
  r: "\r",
  "0": "\0",
  b: "\b",
  f: "\f",
  " ": " ",
};

/**
 * The lower layer of the YAML reader: text → `yaml` Document (comments and source ranges intact) plus syntax
 * problems as issues with `file:line:col` and a caret excerpt. The importer builds on this to recover comments;
 * `read.ts` builds on it to get the plain value Concourse sees.
 *
 * Spec: concourse-spec.md §3.2 A2 (syntax errors; fly wraps them as `error parsing yaml before applying templates`).
 */
import { relaxIndentation } from "./relax-indent";
import { Document, LineCounter, parseAllDocuments } from "yaml";
import type { PipelineIssue } from "../issues";
import { caretExcerptAt } from "./excerpt";
import { FLY_YAML_PREFIX, NOT_PRINTABLE } from "./go-reader";
import { CONCOURSE_DEPTH_LIMIT, MAX_DEPTH } from "./limits";
import { fastRead } from "./fast-read";
import { fromDocument, type YNode } from "./nodes";

/** A problem found while reading YAML; `site` is the position in the YAML file. */
export interface YamlIssue extends PipelineIssue {
  /** The offending source line with a caret under the column. */
  readonly excerpt?: string;
}

/** The parsed YAML and everything needed to point at positions in it. */
export interface ParsedYaml {
  /** The first document (Concourse reads only the first one). Scalars are not resolved (failsafe schema). */
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  readonly text: string;
  readonly file: string;
  /** Syntax errors (`yaml/syntax`); when any is present `doc` may be incomplete. */
  readonly issues: YamlIssue[];
}

/** Prefix fly puts before every YAML problem. */
export { FLY_YAML_PREFIX };

/** The YAML tree the converter reads (nodes.ts), and what is needed to point at positions in the text. */
export interface YamlTree {
  /** The first document's contents; null when there are syntax errors or no document. */
  readonly root: YNode | null;
  readonly lineCounter: Pick<LineCounter, "linePos" | "lineStarts">;
  /** Syntax errors (`yaml/syntax`, `yaml/too-deep`), as `parseYamlDocument` reports them. */
  readonly issues: YamlIssue[];
}

/**
 * Reads YAML text into the converter's tree: with the fast reader where it applies (the common block style), else
 * through the `yaml` library (`parseYamlDocument`), which also gives the syntax errors. Both give the same tree.
 */
export function readYamlTree(text: string, file = "<input>"): YamlTree {
  if (nestingBeyond(text, MAX_DEPTH) === undefined) {
    const fast = fastRead(text);
    if (fast !== undefined) return { root: fast.root, lineCounter: fast.lineCounter, issues: [] };
  }
  const parsed = parseYamlDocument(text, file);
  return { root: parsed.issues.length === 0 ? fromDocument(parsed.doc) : null, lineCounter: parsed.lineCounter, issues: parsed.issues };
}

/**
 * Parses YAML text into a `yaml` Document without resolving scalars (every scalar keeps its source string,
 * quoting style and tag, so go-yaml v2 resolution can be applied later), keeping comments.
 */
export function parseYamlDocument(text: string, file = "<input>"): ParsedYaml {
  const tooDeep = nestingBeyond(text, MAX_DEPTH);
  const unprintable = text.search(NOT_PRINTABLE);
  if (tooDeep !== undefined || unprintable >= 0) {
    // refused before parsing: the `yaml` library spends seconds and ~1 GB on 1 MB of `[` before it gives up, and
    // reads control characters go-yaml refuses; whichever comes first in the text is what go-yaml meets first
    const lineCounter = new LineCounter();
    lineCounter.addNewLine(0);
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineCounter.addNewLine(i + 1);
    const doc = new Document(null, { version: "1.1", schema: "failsafe" }) as unknown as Document.Parsed;
    const issue =
      unprintable >= 0 && (tooDeep === undefined || unprintable < tooDeep)
        ? unprintableIssue(text, file, lineCounter, unprintable)
        : tooDeepIssue(text, file, lineCounter, tooDeep!);
    return { doc, lineCounter, text, file, issues: [issue] };
  }
  const first = parseFirst(text, file);
  if (first.issues.length === 0) return first;
  // go-yaml v2 reads continuation lines the `yaml` library finds under-indented (relax-indent.ts)
  const relaxed = relaxIndentation(text);
  if (relaxed === text) return first;
  const second = parseFirst(relaxed, file);
  return second.issues.length === 0 ? second : first;
}

/** go-yaml's reader error for a control character: no line in its text (its reader has no position), ours in the site. */
function unprintableIssue(text: string, file: string, lineCounter: LineCounter, offset: number): YamlIssue {
  const pos = lineCounter.linePos(offset);
  const code = text.charCodeAt(offset).toString(16).toUpperCase().padStart(4, "0");
  return {
    code: "yaml/syntax",
    severity: "error",
    path: "",
    message: `${FLY_YAML_PREFIX}control characters are not allowed`,
    hint: `the character is U+${code}; Concourse refuses the whole file`,
    site: { file, line: pos.line, column: pos.col },
    excerpt: caretExcerptAt(text, lineCounter.lineStarts, pos.line, pos.col),
  };
}

/**
 * The answer for a document nested beyond MAX_DEPTH (found before parsing), or nested beyond what the `yaml` library
 * can parse: its composer recurses per level and runs out of call stack somewhere past 700 levels. The fast reader
 * (fast-read.ts) reads block style and one-line flow collections of any depth without the library; only the other
 * styles (a flow collection over many lines, say) meet the library's bound.
 */
function tooDeepIssue(text: string, file: string, lineCounter: LineCounter, offset: number, stack = false): YamlIssue {
  const pos = lineCounter.linePos(offset);
  return {
    code: "yaml/too-deep",
    severity: "error",
    path: "",
    message: stack
      ? `yaml: line ${pos.line}: collections nest too deep for pipegen's YAML parser in this style (a few hundred levels of multi-line flow collections or other styles the fast reader leaves to the yaml library; block style and one-line flow collections may nest up to ${MAX_DEPTH} levels, as in Concourse); refusing to read it`
      : `yaml: line ${pos.line}: collections nest more than ${MAX_DEPTH} levels deep, ${CONCOURSE_DEPTH_LIMIT}; refusing to read it`,
    site: { file, line: pos.line, column: pos.col },
    excerpt: caretExcerptAt(text, lineCounter.lineStarts, pos.line, pos.col),
  };
}

function parseFirst(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    version: "1.1",
    schema: "failsafe",
    lineCounter,
    merge: false,
    uniqueKeys: false,
    prettyErrors: false,
    keepSourceTokens: false,
  });
  // An empty stream has no document: Concourse reads it as `{}`.
  const first = (Array.isArray(docs) ? docs[0] : undefined) as Document.Parsed | undefined;
  const parsed = first ?? (new Document(null, { version: "1.1", schema: "failsafe" }) as unknown as Document.Parsed);
  const issues: YamlIssue[] = [];
  for (const err of parsed.errors) {
    const pos = lineCounter.linePos(err.pos[0]);
    if (/maximum call stack/i.test(err.message)) {
      // the `yaml` library's composer recurses per level; past a few hundred levels it runs out of stack
      issues.push(tooDeepIssue(text, file, lineCounter, err.pos[0], true));
      break;
    }
    const message = err.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "");
    issues.push({
      code: "yaml/syntax",
      severity: "error",
      path: "",
      message: `${FLY_YAML_PREFIX}line ${pos.line}: ${lowerFirst(message)}`,
      site: { file, line: pos.line, column: pos.col },
      excerpt: caretExcerptAt(text, lineCounter.lineStarts, pos.line, pos.col),
    });
  }
  return { doc: parsed, lineCounter, text, file, issues };
}

/**
 * Where the text surely nests deeper than `limit`, found in one pass without parsing: flow brackets (`[`, `{`) open
 * and not yet closed, outside quotes and comments, or `- ` entries opened on one line. It errs towards not
 * refusing: a top-level key (a line starting with a letter) ends every flow collection. Returns an offset.
 */
export function nestingBeyond(text: string, limit: number): number | undefined {
  // the last text found shallow, and under which limit: validate scans with a low limit first (file.ts), then the
  // reader with MAX_DEPTH; a text under the lower limit is under the higher one, and 1 MB is not scanned twice
  if (text === shallowText && limit >= shallowLimit) return undefined;
  const found = scanNesting(text, limit);
  if (found === undefined) {
    shallowText = text;
    shallowLimit = limit;
  }
  return found;
}
let shallowText: string | undefined;
let shallowLimit = Infinity;

function scanNesting(text: string, limit: number): number | undefined {
  let depth = 0;
  let quote = 0; // the quote character code while inside a quoted scalar
  let lineStart = true;
  let dashes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      dashes = 0;
      if (quote === 39) continue; // single-quoted scalars may span lines
      quote = quote === 34 ? quote : 0;
      continue;
    }
    if (lineStart) {
      lineStart = false;
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) depth = 0;
    }
    if (quote !== 0) {
      if (c === 92 && quote === 34) i++;
      else if (c === quote) quote = 0;
      continue;
    }
    if (c === 34 || c === 39) quote = c;
    else if (c === 35 && (i === 0 || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 10)) {
      const nl = text.indexOf("\n", i);
      if (nl < 0) break;
      i = nl - 1;
    } else if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 45 && text.charCodeAt(i + 1) === 32) {
      if (++dashes > limit) return i;
    }
  }
  return undefined;
}

function lowerFirst(s: string): string {
  return s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s;
}

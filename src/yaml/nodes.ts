/**
 * The YAML tree the converter walks: just what go-yaml's decoding needs (kind, start offset, raw scalar text and
 * whether it is a plain scalar, anchors resolved to their nodes), nothing for comments or re-stringifying.
 *
 * Two readers produce it: the fast reader (fast-read.ts) straight from the text for the common block style, and
 * `fromDocument` below from the `yaml` library's Document for everything else. Keeping the tree this small is what
 * makes a 1 MB file cheap: the library's node classes cost more to build and to collect than to walk.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type Scalar } from "yaml";

export const SCALAR = 0;
export const MAP = 1;
export const SEQ = 2;
export const ALIAS = 3;

export interface YScalar {
  readonly kind: typeof SCALAR;
  /** Where the node starts (the library's `range[0]`). */
  readonly offset: number;
  /** The scalar's text (quotes, escapes and folding resolved); "" for an empty node. */
  readonly value: string;
  /** A plain scalar without a `!!str` tag: resolved as go-yaml resolves plain scalars. */
  readonly plain: boolean;
}

export interface YPair {
  readonly key: YNode | null;
  readonly value: YNode | null;
}

export interface YMap {
  readonly kind: typeof MAP;
  readonly offset: number;
  /** A flow map (`{a: 1}`): only the legacy `{{var}}` check cares. */
  readonly flow: boolean;
  readonly items: YPair[];
}

export interface YSeq {
  readonly kind: typeof SEQ;
  readonly offset: number;
  readonly items: (YNode | null)[];
}

export interface YAlias {
  readonly kind: typeof ALIAS;
  readonly offset: number;
  /** The anchor name. */
  readonly source: string;
  /** The node with that anchor last defined before the alias, if any. */
  target: YNode | undefined;
}

export type YNode = YScalar | YMap | YSeq | YAlias;

const STR_TAG = "tag:yaml.org,2002:str";

/**
 * The tree of a `yaml` Document's contents. Iterative (a document may nest thousands of levels); each alias gets the
 * node last anchored with its name before it in document order, as `Alias.resolve` finds it, in one pass.
 */
export function fromDocument(doc: Document.Parsed | Document): YNode | null {
  const anchors = new Map<string, YNode>();
  let root: YNode | null = null;
  // [source node, setter of the converted node in its parent]
  const stack: Array<[unknown, (n: YNode | null) => void]> = [[doc.contents, (n) => (root = n)]];
  while (stack.length > 0) {
    const [node, set] = stack.pop()!;
    if (node === null || node === undefined) {
      set(null);
      continue;
    }
    const offset = (node as Node).range?.[0] ?? 0;
    let out: YNode;
    if (isAlias(node)) {
      out = { kind: ALIAS, offset, source: node.source, target: anchors.get(node.source) };
    } else if (isScalar(node)) {
      const s = node as Scalar;
      // the failsafe schema leaves every scalar a string; a Document made from `null` holds a null scalar
      out =
        s.value === null || s.value === undefined
          ? { kind: SCALAR, offset, value: "", plain: true }
          : { kind: SCALAR, offset, value: String(s.value), plain: s.type === "PLAIN" && s.tag !== STR_TAG };
    } else if (isMap(node)) {
      const pairs = (node.items as unknown[]).filter((p): p is Pair => isPair(p));
      const items: YPair[] = pairs.map(() => ({ key: null, value: null }));
      out = { kind: MAP, offset, flow: node.flow === true, items };
      // children are pushed in reverse so they are converted (and their anchors seen) in document order
      for (let i = pairs.length - 1; i >= 0; i--) {
        const slot = items[i] as { key: YNode | null; value: YNode | null };
        stack.push([pairs[i]!.value, (n) => (slot.value = n)]);
        stack.push([pairs[i]!.key, (n) => (slot.key = n)]);
      }
    } else if (isSeq(node)) {
      const items: (YNode | null)[] = new Array(node.items.length).fill(null);
      out = { kind: SEQ, offset, items };
      for (let i = node.items.length - 1; i >= 0; i--) stack.push([node.items[i], (n) => (items[i] = n)]);
    } else {
      set(null);
      continue;
    }
    // the anchor is defined before the node's children: `&x [*x]` refers to itself (and is refused as a cycle)
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, out);
    set(out);
  }
  return root;
}

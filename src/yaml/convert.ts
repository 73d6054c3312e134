/**
 * YAML nodes → the plain value Concourse sees, the way fly + go-yaml v2 + sigs.k8s.io/yaml produce it
 * (concourse-spec.md §0.3, §3.2 A1/A3, §3.3 B23, §5).
 *
 * - plain scalars resolve as go-yaml v2 does (`go-scalar.ts`); quoted and block scalars are strings;
 * - map keys become strings (`yes:` → `"true"`, `1:` → `"1"`); a null or collection key is an error (B23);
 * - duplicate keys are reported as fly's go-yaml v3 pre-check does (same kind and same text, A1);
 * - anchors, aliases and `<<` merge keys are expanded, with go-yaml's own bounds: an alias inside its own anchor is
 *   refused ("anchor 'x' value contains itself"), and so is "excessive aliasing" (go-yaml's alias ratio rule),
 *   plus pipegen's hard bounds on expanded size and depth (alias bombs, 100,000 nested brackets);
 * - a legacy `{{var}}` (which YAML reads as a nested flow map) is an error suggesting `((var))`.
 * While converting it records where every node starts, so issues can point at `file:line:col`.
 *
 * Hostile input shapes how this is written: the walk is iterative (an explicit stack of generators, one per
 * collection, so depth costs heap, not call stack), aliases are resolved through an anchor table built in one
 * pass (the `yaml` library's `Alias.resolve` re-walks the whole document per alias), and inside aliases paths
 * and offsets are only recorded the first time an anchor is expanded (a deep anchor with long keys aliased
 * thousands of times would otherwise build gigabytes of path strings).
 */
import type { Document, LineCounter } from "yaml";
import { ALIAS, fromDocument, MAP, SCALAR, SEQ, type YAlias, type YMap, type YNode, type YPair, type YSeq } from "./nodes";
import { caretExcerptAt } from "./excerpt";
import { FLY_YAML_PREFIX, type YamlIssue } from "./document";
import { goKeyString, resolvePlainScalar } from "./go-scalar";
import type { IssueCode } from "../validate/codes";
import { IssueBudget } from "../issues";

export { MAX_DEPTH, MAX_EXPANDED_NODES } from "./limits";
import { CONCOURSE_DEPTH_LIMIT, MAX_DEPTH, MAX_EXPANDED_NODES } from "./limits";

export interface ConvertOptions {
  /** Record node offsets (for `file:line:col` of issues). @default true */
  readonly recordOffsets?: boolean;
  /** The expanded document may hold at most this many nodes. @default MAX_EXPANDED_NODES */
  readonly maxNodes?: number;
  /** Collections may nest at most this deep, the top level counting as one. @default MAX_DEPTH */
  readonly maxDepth?: number;
  /** Whose limit `maxDepth` is, for the refusal. @default Concourse's */
  readonly depthLimit?: string;
}

export interface ConvertResult {
  readonly value: unknown;
  readonly issues: YamlIssue[];
  /** Start offset of every converted node, keyed by raw path (`jobs[3].plan[0].get`). */
  readonly offsets: Map<string, number>;
  /** How deep its collections nest (the top level counting as one), aliases expanded. */
  readonly depth: number;
}

/** What a collection's generator asks the walk to convert, and gets the value of back. */
interface Request {
  readonly node: YNode | null | undefined;
  /** The raw path, or undefined where nothing is recorded (inside an alias expanded before). */
  readonly path: string | undefined;
  readonly inAlias: boolean;
  readonly depth: number;
  /** The value is merged in by `<<`: it must come out as a map. */
  readonly merge?: boolean;
  /** Where its key starts, recorded for its path instead of its own start (a map entry written in place). */
  readonly keyAt?: number;
}

type Walk = Generator<Request, unknown, unknown>;

/**
 * Paths (and offsets) are recorded down to this depth only: a path is as long as its depth, so recording every
 * level of a document nested 10,000 deep would build and hash ~10^8 characters. An issue deeper down points at
 * the deepest recorded ancestor.
 */
const PATH_DEPTH = 1_000;

/** Stops the walk: the document cannot be read (an alias bomb, a cycle, too deep). */
class Refused extends Error {
  constructor(
    readonly code: IssueCode,
    readonly offset: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/**
 * go-yaml v2's `allowedAliasRatio` (decode.go, CVE-2019-11254): the share of decoded nodes that may come from
 * aliases, 99% for small documents falling to 10% at 4,000,000 decoded nodes.
 */
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400_000) return 0.99;
  if (decodeCount >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - 400_000) / 3_600_000);
}

/** Converts a `yaml` Document's contents. */
export function convertDocument(
  doc: Document.Parsed,
  text: string,
  file: string,
  lineCounter: LineCounter,
  options: boolean | ConvertOptions = true,
): ConvertResult {
  return convertTree(fromDocument(doc), text, file, lineCounter, options);
}

/** Converts a YAML tree (nodes.ts) to the value Concourse sees. */
export function convertTree(
  root: YNode | null,
  text: string,
  file: string,
  lineCounter: Pick<LineCounter, "linePos" | "lineStarts">,
  options: boolean | ConvertOptions = true,
): ConvertResult {
  const opts: ConvertOptions = typeof options === "boolean" ? { recordOffsets: options } : options;
  const recordOffsets = opts.recordOffsets ?? true;
  const maxNodes = opts.maxNodes ?? MAX_EXPANDED_NODES;
  const maxDepth = opts.maxDepth ?? MAX_DEPTH;
  let deepest = 0;
  const depthLimit = opts.depthLimit ?? CONCOURSE_DEPTH_LIMIT;
  const issues: YamlIssue[] = [];
  const budget = new IssueBudget(issues);
  const offsets = new Map<string, number>();
  /** Anchored nodes being expanded right now (an alias to one of them is a cycle). */
  const expanding = new Set<YNode>();
  /** Anchored nodes whose content has been recorded once through an alias. */
  const recorded = new Set<YNode>();
  let decodeCount = 0;
  let aliasCount = 0;
  let aliasDepth = 0;
  /** Where the outermost alias being expanded starts (the place to point at when the budget runs out). */
  let aliasSite: number | undefined;

  const issueAt = (
    code: IssueCode,
    offset: number | undefined,
    message: string,
    severity: "error" | "warning" = "error",
    path = "",
    pos: { line: number; col: number } = lineCounter.linePos(offset ?? 0),
  ): void => {
    // (past the budget only counted: no position, no excerpt)
    if (!budget.admit(code, severity)) return;
    issues.push({
      code,
      severity,
      path,
      message,
      site: { file, line: pos.line, column: pos.col },
      excerpt: caretExcerptAt(text, lineCounter.lineStarts, pos.line, pos.col),
    });
  };

  /** Counts one decoded node as go-yaml does, and enforces the bounds. */
  const count = (depth: number, offset: number | undefined): void => {
    decodeCount++;
    if (aliasDepth > 0) aliasCount++;
    if (aliasCount > 100 && decodeCount > 1000 && aliasCount / decodeCount > allowedAliasRatio(decodeCount)) {
      throw new Refused(
        "yaml/alias-limit",
        aliasSite,
        `${FLY_YAML_PREFIX}document contains excessive aliasing (go-yaml's limit on the share of nodes that come from aliases)`,
      );
    }
    if (aliasCount > 0 && decodeCount > maxNodes) {
      throw new Refused(
        "yaml/alias-limit",
        aliasSite,
        `yaml: the document expands to more than ${maxNodes} nodes through aliases (an alias bomb?); refusing to read it`,
      );
    }
    if (depth > maxDepth) tooDeep(offset);
  };

  const tooDeep = (offset: number | undefined): never => {
    throw new Refused(
      "yaml/too-deep",
      offset,
      `yaml: line ${lineCounter.linePos(offset ?? 0).line}: collections nest more than ${maxDepth} levels deep${aliasDepth > 0 ? " (aliases expanded)" : ""}, ${depthLimit}; refusing to read it`,
    );
  };

  const record = (path: string | undefined, start: number | undefined, inAlias: boolean): void => {
    if (recordOffsets && path !== undefined && start !== undefined && (!inAlias || !offsets.has(path))) offsets.set(path, start);
  };

  /** A scalar's value (no children: converted in place, without a generator). */
  const scalar = (node: YNode, path: string | undefined, inAlias: boolean): unknown => {
    if (node.kind !== SCALAR) return null;
    const raw = node.value;
    if (node.plain) return resolvePlainScalar(raw);
    if (!inAlias && raw.length < 200 && /^\{\{[-\w./:]+\}\}$/.test(raw.trim())) {
      issueAt(
        "yaml/legacy-template-var",
        node.offset,
        `'${raw}' looks like a legacy {{var}}: Concourse no longer interpolates {{…}}; use ((${raw.trim().slice(2, -2)})) instead`,
        "warning",
        path ?? "",
      );
    }
    return raw;
  };

  /** Converts `req` directly when it is a leaf; otherwise returns the generator that converts it. */
  const start = (req: Request): { value: unknown } | Walk => {
    const { node, path, inAlias, depth } = req;
    if (node === null || node === undefined) return { value: null };
    const at = node.offset;
    count(depth, at);
    // Content written in place wins over content copied in through an alias or merge key.
    record(path, req.keyAt ?? at, inAlias);
    if (node.kind === ALIAS) return expandAlias(node, req);
    if (node.kind === SCALAR) return { value: scalar(node, path, inAlias) };
    // a collection at `depth` is nesting level depth + 1 (the top-level mapping is level 1, as Go's JSON decoder counts)
    if (depth + 1 > maxDepth) tooDeep(at);
    if (depth + 1 > deepest) deepest = depth + 1;
    if (node.kind === SEQ) return req.merge ? { value: {} } : convertSeq(node, path, inAlias, depth);
    if (node.kind === MAP) {
      const legacy = req.merge ? undefined : legacyVarName(node);
      if (legacy !== undefined) {
        if (!inAlias)
          issueAt("yaml/legacy-template-var", at, `legacy {{${legacy}}} template syntax is not supported: use ((${legacy})) instead`, "error", path ?? "");
        return { value: `{{${legacy}}}` };
      }
      return convertMap(node, path, inAlias, depth);
    }
    return { value: null };
  };

  function* expandAlias(node: YAlias, req: Request): Walk {
    const target = node.target;
    if (!target) {
      issueAt("yaml/syntax", node.offset, `${FLY_YAML_PREFIX}unknown anchor '${node.source}' referenced`);
      return null;
    }
    if (expanding.has(target)) {
      throw new Refused("yaml/alias-cycle", node.offset, `${FLY_YAML_PREFIX}anchor '${node.source}' value contains itself`);
    }
    // Inside an alias, paths are only worth building the first time an anchor is expanded.
    const keep = req.path !== undefined && !recorded.has(target);
    if (keep) recorded.add(target);
    if (aliasDepth === 0) aliasSite = node.offset;
    expanding.add(target);
    aliasDepth++;
    const value = yield { node: target, path: keep ? req.path : undefined, inAlias: true, depth: req.depth, merge: req.merge };
    aliasDepth--;
    expanding.delete(target);
    return value;
  }

  const child = (parent: string | undefined, suffix: string): string | undefined =>
    parent === undefined ? undefined : parent === "" ? suffix : `${parent}.${suffix}`;

  function* convertSeq(node: YSeq, at: string | undefined, inAlias: boolean, depth: number): Walk {
    const path = depth < PATH_DEPTH ? at : undefined;
    const out: unknown[] = new Array(node.items.length);
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i]!;
      const itemPath = path === undefined ? undefined : `${path}[${i}]`;
      if (item !== null && item.kind === SCALAR) {
        count(depth + 1, item.offset);
        record(itemPath, item.offset, inAlias);
        out[i] = scalar(item, itemPath, inAlias);
      } else {
        out[i] = yield { node: item, path: itemPath, inAlias, depth: depth + 1 };
      }
    }
    return out;
  }

  function* convertMap(node: YMap, at: string | undefined, inAlias: boolean, depth: number): Walk {
    const path = depth < PATH_DEPTH ? at : undefined;
    const out: Record<string, unknown> = {};
    const explicit = new Set<string>();
    const seen = inAlias ? undefined : new Map<string, number>();
    const entries: Array<{ key: string; pair: YPair } | { merge: YPair }> = [];
    for (let i = 0; i < node.items.length; i++) {
      const pair = node.items[i]!;
      const keyNode = pair.key;
      const keyStart = keyNode?.offset ?? pair.value?.offset;
      count(depth + 1, keyStart);
      // fly's go-yaml v3 pre-check: same node kind and same text is a duplicate, at any depth.
      if (seen && keyNode !== null && keyNode.kind === SCALAR) {
        const prev = seen.get(keyNode.value);
        if (prev !== undefined) {
          // (a file of 20,000 duplicates makes 20,000 of these: the position is looked up once)
          const pos = lineCounter.linePos(keyStart ?? 0);
          const prevLine = lineCounter.linePos(prev).line;
          issueAt(
            "yaml/duplicate-key",
            keyStart,
            `${FLY_YAML_PREFIX}unmarshal errors:\n  line ${pos.line}: mapping key ${JSON.stringify(keyNode.value)} already defined at line ${prevLine}`,
            "error",
            child(path, keyNode.value) ?? "",
            pos,
          );
        } else seen.set(keyNode.value, keyStart ?? 0);
      }
      if (keyNode !== null && keyNode.kind === SCALAR && keyNode.plain && keyNode.value === "<<") {
        entries.push({ merge: pair });
        continue;
      }
      let keyValue: unknown;
      if (keyNode !== null && keyNode.kind === MAP && legacyVarName(keyNode) !== undefined) {
        const name = legacyVarName(keyNode)!;
        if (!inAlias)
          issueAt("yaml/legacy-template-var", keyStart, `legacy {{${name}}} template syntax is not supported: use ((${name})) instead`, "error", path ?? "");
        keyValue = `{{${name}}}`;
      } else if (keyNode !== null && keyNode.kind === SCALAR) {
        keyValue = keyNode.plain ? resolvePlainScalar(keyNode.value) : keyNode.value;
      } else if (keyNode === null) {
        keyValue = null;
      } else {
        keyValue = convertKey(keyNode);
      }
      const key = goKeyString(keyValue);
      if (key === undefined) {
        if (!inAlias)
          issueAt(
            "yaml/unsupported-key",
            keyStart,
            `error converting YAML to JSON: unsupported map key of type: ${goTypeOfKey(keyValue)}`,
            "error",
            path ?? "",
          );
        continue;
      }
      explicit.add(key);
      entries.push({ key, pair });
    }
    for (const entry of entries) {
      if ("merge" in entry) {
        for (const source of mergeSources(entry.merge.value)) {
          const merged = (yield { node: source, path, inAlias: true, depth, merge: true }) as Record<string, unknown>;
          for (const k of Object.keys(merged)) {
            if (explicit.has(k) || Object.prototype.hasOwnProperty.call(out, k)) continue;
            setKey(out, k, merged[k]);
          }
        }
        continue;
      }
      const childPath = child(path, entry.key);
      const value = entry.pair.value;
      // an entry written in place points at its key (`trigger:`), not at its value
      const keyAt = inAlias ? undefined : entry.pair.key?.offset;
      let v: unknown;
      if (value !== null && value.kind === SCALAR) {
        count(depth + 1, value.offset);
        record(childPath, keyAt ?? value.offset, inAlias);
        v = scalar(value, childPath, inAlias);
      } else if (value === null) {
        v = null;
        record(childPath, keyAt, inAlias);
      } else {
        v = yield { node: value, path: childPath, inAlias, depth: depth + 1, keyAt };
      }
      setKey(out, entry.key, v);
    }
    return out;
  }

  /** A collection or alias used as a key: only its type matters (it cannot become a JSON key). */
  const convertKey = (keyNode: YNode): unknown => {
    const target = keyNode.kind === ALIAS ? keyNode.target : keyNode;
    if (target === undefined) return null;
    if (target.kind === SCALAR) return target.plain ? resolvePlainScalar(target.value) : target.value;
    if (target.kind === SEQ) return [];
    if (target.kind === MAP) return {};
    return null;
  };

  /** The nodes a `<<` value merges in (maps, or aliases of maps), earliest first (earlier ones take precedence). */
  const mergeSources = (value: YNode | null): YNode[] => {
    const resolved = value !== null && value.kind === ALIAS ? value.target : value;
    if (resolved && resolved.kind === MAP) return [value!];
    if (resolved && resolved.kind === SEQ) {
      const out: YNode[] = [];
      for (const item of resolved.items) {
        const m = item !== null && item.kind === ALIAS ? item.target : item;
        if (m && m.kind === MAP) out.push(item!);
        else issueAt("yaml/merge", item?.offset, `${FLY_YAML_PREFIX}map merge requires map or sequence of maps as the value`);
      }
      return out;
    }
    issueAt("yaml/merge", value?.offset, `${FLY_YAML_PREFIX}map merge requires map or sequence of maps as the value`);
    return [];
  };

  let value: unknown;
  try {
    value = walk(start, { node: root, path: "", inAlias: false, depth: 0 });
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    issueAt(err.code, err.offset ?? 0, err.message);
    value = null;
  }
  return { value, issues, offsets, depth: deepest };
}

/** Runs the conversion with an explicit stack: each collection is a generator that yields its children. */
function walk(start: (req: Request) => { value: unknown } | Walk, root: Request): unknown {
  const stack: Walk[] = [];
  let result: unknown;
  let pending: Request | undefined = root;
  for (;;) {
    if (pending !== undefined) {
      const step = start(pending);
      pending = undefined;
      if ("value" in step && !("next" in step)) result = step.value;
      else {
        stack.push(step as Walk);
        result = undefined;
      }
    }
    const top = stack[stack.length - 1];
    if (top === undefined) return result;
    const next = top.next(result);
    if (next.done) {
      stack.pop();
      result = next.value;
    } else pending = next.value;
  }
}

/** `{{name}}` is parsed by YAML as `{ {name: null}: null }`: returns `name` for that shape. */
function legacyVarName(node: YMap): string | undefined {
  if (!node.flow || node.items.length !== 1) return undefined;
  const pair = node.items[0]!;
  if (!isEmpty(pair.value)) return undefined;
  const inner = pair.key;
  if (inner === null || inner.kind !== MAP || !inner.flow || inner.items.length !== 1) return undefined;
  const innerPair = inner.items[0]!;
  if (innerPair.key === null || innerPair.key.kind !== SCALAR) return undefined;
  if (!isEmpty(innerPair.value)) return undefined;
  return innerPair.key.value;
}

/** No node, or an empty scalar. */
function isEmpty(node: YNode | null): boolean {
  return node === null || (node.kind === SCALAR && node.value === "");
}

function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** Go's `reflect.TypeOf(k)` text for a key that cannot become a JSON key. */
function goTypeOfKey(k: unknown): string {
  if (k === null || k === undefined) return "<nil>";
  if (Array.isArray(k)) return "[]interface {}";
  if (typeof k === "object") return "map[interface {}]interface {}";
  return typeof k;
}

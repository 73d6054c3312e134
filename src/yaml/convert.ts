/**
 * YAML nodes → the plain value Concourse sees, the way fly + go-yaml v2 + sigs.k8s.io/yaml produce it
 * (concourse-spec.md §0.3, §3.2 A1/A3, §3.3 B23, §5).
 *
 * - plain scalars resolve as go-yaml v2 does (`go-scalar.ts`); quoted and block scalars are strings;
 * - map keys become strings (`yes:` → `"true"`, `1:` → `"1"`); a null or collection key is an error (B23);
 * - duplicate keys are reported as fly's go-yaml v3 pre-check does (same kind and same text, A1);
 * - anchors, aliases and `<<` merge keys are expanded, with a bound on the expanded size (alias bombs);
 * - a legacy `{{var}}` (which YAML reads as a nested flow map) is an error suggesting `((var))`.
 * While converting it records where every node starts, so issues can point at `file:line:col`.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from "yaml";
import { caretExcerpt } from "./excerpt";
import { FLY_YAML_PREFIX, type YamlIssue } from "./document";
import { goKeyString, resolvePlainScalar } from "./go-scalar";
import type { IssueCode } from "../validate/codes";

/** The expanded document may hold at most this many nodes (a real pipeline with ~235 aliases has a few 10k). */
export const MAX_EXPANDED_NODES = 2_000_000;

const STR_TAG = "tag:yaml.org,2002:str";

export interface ConvertResult {
  readonly value: unknown;
  readonly issues: YamlIssue[];
  /** Start offset of every converted node, keyed by raw path (`jobs[3].plan[0].get`). */
  readonly offsets: Map<string, number>;
}

class AliasBudgetExceeded extends Error {}

/** Converts the document's contents. */
export function convertDocument(doc: Document.Parsed, text: string, file: string, lineCounter: LineCounter, recordOffsets = true): ConvertResult {
  const issues: YamlIssue[] = [];
  const offsets = new Map<string, number>();
  let budget = MAX_EXPANDED_NODES;

  const issueAt = (code: IssueCode, offset: number | undefined, message: string, severity: "error" | "warning" = "error", path = ""): void => {
    const pos = lineCounter.linePos(offset ?? 0);
    issues.push({ code, severity, path, message, site: { file, line: pos.line, column: pos.col }, excerpt: caretExcerpt(text, pos.line, pos.col) });
  };

  const convert = (node: Node | null | undefined, path: string, inAlias: boolean): unknown => {
    if (--budget < 0) throw new AliasBudgetExceeded();
    if (node === null || node === undefined) return null;
    const start = node.range?.[0];
    // Content written in place wins over content copied in through an alias or merge key.
    if (recordOffsets && start !== undefined && (!inAlias || !offsets.has(path))) offsets.set(path, start);
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) {
        issueAt("yaml/syntax", start, `${FLY_YAML_PREFIX}unknown anchor '${node.source}' referenced`);
        return null;
      }
      return convert(target as Node, path, true);
    }
    if (isScalar(node)) {
      const raw = node.value;
      if (typeof raw !== "string") return raw ?? null;
      if (node.type === "PLAIN" && node.tag !== STR_TAG) {
        return resolvePlainScalar(raw);
      }
      if (!inAlias && /^\{\{[-\w./:]+\}\}$/.test(raw.trim())) {
        issueAt("yaml/legacy-template-var", start, `'${raw}' looks like a legacy {{var}}: Concourse no longer interpolates {{…}}; use ((${raw.trim().slice(2, -2)})) instead`, "warning", path);
      }
      return raw;
    }
    if (isSeq(node)) {
      const out: unknown[] = new Array(node.items.length);
      for (let i = 0; i < node.items.length; i++) out[i] = convert(node.items[i] as Node, `${path}[${i}]`, inAlias);
      return out;
    }
    if (isMap(node)) {
      const legacy = legacyVarName(node);
      if (legacy !== undefined) {
        if (!inAlias) issueAt("yaml/legacy-template-var", start, `legacy {{${legacy}}} template syntax is not supported: use ((${legacy})) instead`, "error", path);
        return `{{${legacy}}}`;
      }
      return convertMap(node, path, inAlias);
    }
    return null;
  };

  const convertMap = (node: YAMLMap, path: string, inAlias: boolean): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const explicit = new Set<string>();
    const seen = inAlias ? undefined : new Map<string, number>();
    const entries: Array<{ key: string; pair: Pair } | { merge: Pair }> = [];
    for (let i = 0; i < node.items.length; i++) {
      const pair = node.items[i]!;
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const keyStart = keyNode?.range?.[0] ?? (pair.value as Node | null)?.range?.[0];
      // fly's go-yaml v3 pre-check: same node kind and same text is a duplicate, at any depth.
      if (seen && isScalar(keyNode) && typeof keyNode.value === "string") {
        const prev = seen.get(keyNode.value);
        if (prev !== undefined) {
          const line = lineCounter.linePos(keyStart ?? 0).line;
          const prevLine = lineCounter.linePos(prev).line;
          issueAt("yaml/duplicate-key", keyStart, `${FLY_YAML_PREFIX}unmarshal errors:\n  line ${line}: mapping key ${JSON.stringify(keyNode.value)} already defined at line ${prevLine}`, "error", path ? `${path}.${keyNode.value}` : keyNode.value);
        } else seen.set(keyNode.value, keyStart ?? 0);
      }
      if (isScalar(keyNode) && keyNode.type === "PLAIN" && keyNode.value === "<<" && keyNode.tag !== STR_TAG) {
        entries.push({ merge: pair });
        continue;
      }
      let keyValue: unknown;
      if (isMap(keyNode) && legacyVarName(keyNode) !== undefined) {
        const name = legacyVarName(keyNode)!;
        if (!inAlias) issueAt("yaml/legacy-template-var", keyStart, `legacy {{${name}}} template syntax is not supported: use ((${name})) instead`, "error", path);
        keyValue = `{{${name}}}`;
      } else if (isScalar(keyNode)) {
        const raw = keyNode.value;
        keyValue = typeof raw === "string" && keyNode.type === "PLAIN" && keyNode.tag !== STR_TAG ? resolvePlainScalar(raw) : raw;
      } else if (keyNode === null || keyNode === undefined) {
        keyValue = null;
      } else {
        keyValue = convertKey(keyNode);
      }
      const key = goKeyString(keyValue);
      if (key === undefined) {
        if (!inAlias) issueAt("yaml/unsupported-key", keyStart, `error converting YAML to JSON: unsupported map key of type: ${goTypeOfKey(keyValue)}`, "error", path);
        continue;
      }
      explicit.add(key);
      entries.push({ key, pair });
    }
    for (const entry of entries) {
      if ("merge" in entry) {
        for (const source of mergeSources(entry.merge.value as Node | null, path)) {
          for (const [k, v] of Object.entries(source)) {
            if (explicit.has(k) || Object.prototype.hasOwnProperty.call(out, k)) continue;
            setKey(out, k, v);
          }
        }
        continue;
      }
      const childPath = path === "" ? entry.key : `${path}.${entry.key}`;
      setKey(out, entry.key, convert(entry.pair.value as Node | null, childPath, inAlias));
      // Point at the key (`trigger:`), not at its value.
      if (recordOffsets) {
        const ks = (entry.pair.key as Node | null)?.range?.[0];
        if (ks !== undefined && !inAlias) offsets.set(childPath, ks);
      }
    }
    return out;
  };

  /** A collection or alias used as a key: only its type matters (it cannot become a JSON key). */
  const convertKey = (keyNode: Node): unknown => {
    const target = isAlias(keyNode) ? (keyNode.resolve(doc) as Node | undefined) : keyNode;
    if (isScalar(target)) return typeof target.value === "string" && target.type === "PLAIN" ? resolvePlainScalar(target.value) : target.value;
    if (isSeq(target)) return [];
    if (isMap(target)) return {};
    return null;
  };

  /** The maps a `<<` value merges in, earliest first (earlier ones take precedence). */
  const mergeSources = (value: Node | null, path: string): Record<string, unknown>[] => {
    const resolved = isAlias(value) ? (value.resolve(doc) as Node | undefined) : value;
    if (isMap(resolved)) return [convertMap(resolved, path, true)];
    if (isSeq(resolved)) {
      const out: Record<string, unknown>[] = [];
      for (const item of resolved.items) {
        const m = isAlias(item) ? (item.resolve(doc) as Node | undefined) : (item as Node);
        if (isMap(m)) out.push(convertMap(m, path, true));
        else {
          issueAt("yaml/merge", (item as Node | null)?.range?.[0], `${FLY_YAML_PREFIX}map merge requires map or sequence of maps as the value`);
        }
      }
      return out;
    }
    issueAt("yaml/merge", value?.range?.[0], `${FLY_YAML_PREFIX}map merge requires map or sequence of maps as the value`);
    return [];
  };

  let value: unknown;
  try {
    value = convert(doc.contents as Node | null, "", false);
  } catch (err) {
    if (!(err instanceof AliasBudgetExceeded)) throw err;
    issueAt("yaml/alias-limit", 0, `yaml: the document expands to more than ${MAX_EXPANDED_NODES} nodes through aliases (an alias bomb?); refusing to read it`);
    value = null;
  }
  return { value, issues, offsets };
}

/** `{{name}}` is parsed by YAML as `{ {name: null}: null }`: returns `name` for that shape. */
function legacyVarName(node: YAMLMap): string | undefined {
  if (!node.flow || node.items.length !== 1) return undefined;
  const pair = node.items[0]!;
  if (pair.value !== null && !(isScalar(pair.value) && (pair.value.value === null || pair.value.value === ""))) return undefined;
  const inner = pair.key;
  if (!isMap(inner) || !inner.flow || inner.items.length !== 1) return undefined;
  const innerPair = inner.items[0]!;
  if (!isScalar(innerPair.key)) return undefined;
  if (innerPair.value !== null && !(isScalar(innerPair.value) && (innerPair.value.value === null || innerPair.value.value === ""))) return undefined;
  return String(innerPair.key.value);
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

/**
 * Reading Concourse YAML the way fly and the ATC read it (concourse-spec.md §0.3, §3.2, §5).
 *
 * `readPipelineYaml` gives the plain value Concourse's decoder sees plus YAML-level issues (`yaml/*`):
 * syntax errors (A2), duplicate keys (A1), a non-mapping top level (A3), unsupported keys (B23), legacy
 * `{{var}}` templates, merge-key misuse and alias bombs. `((vars))` stay literal strings, as when fly is given
 * no vars. `parseYamlDocument` (document.ts) is the lower layer that keeps comments, for the importer.
 */
import type { PipelineIssue } from "../issues";
import { convertTree } from "./convert";
import { FLY_YAML_PREFIX, parseYamlDocument, readYamlTree, type ParsedYaml, type YamlIssue } from "./document";
import { caretExcerptAt } from "./excerpt";

/** The result of reading a pipeline or task file. */
export interface YamlReadResult {
  /** The value as Concourse sees it after YAML parsing (`{}` for an empty document). */
  readonly value: unknown;
  /** YAML-level issues, each with `site` (file:line:col) and a caret `excerpt`. */
  readonly issues: YamlIssue[];
}

/** A read result that can also point at the source position of any path in the value. */
export interface DetailedYamlReadResult extends YamlReadResult {
  /** The `yaml` library's Document of the text (parsed when first asked for: the reader itself does not need it). */
  readonly parsed: ParsedYaml;
  /** The `file:line:col` of the node at an issue path (`jobs.build.plan[2].get`), or of its nearest ancestor. */
  locate(path: string): { file: string; line: number; column: number } | undefined;
  /** How deep the document's collections nest (0 when it could not be read). */
  readonly depth: number;
}

/** Reads a pipeline file's text. */
export function readPipelineYaml(text: string, file?: string): { value: unknown; issues: PipelineIssue[] } {
  const { value, issues } = readPipelineYamlDetailed(text, file);
  return { value, issues };
}

/** Reads a task file's text (`platform`, `run`, …); the same rules apply. */
export function readTaskYaml(text: string, file?: string): { value: unknown; issues: PipelineIssue[] } {
  const { value, issues } = readYamlMapping(text, file ?? "<input>", true);
  return { value, issues };
}

/** Reads a pipeline and keeps what is needed to map issue paths back to YAML positions. */
export function readPipelineYamlDetailed(text: string, file = "<input>"): DetailedYamlReadResult {
  return readYamlMapping(text, file, true);
}

function readYamlMapping(text: string, file: string, recordOffsets: boolean): DetailedYamlReadResult {
  const tree = readYamlTree(text, file);
  const issues: YamlIssue[] = [...tree.issues];
  let value: unknown = {};
  let offsets = new Map<string, number>();
  let depth = 0;
  if (tree.issues.length === 0) {
    const converted = convertTree(tree.root, text, file, tree.lineCounter, recordOffsets);
    // (a loop: a hostile file has a million issues, more than a call's arguments can hold)
    for (const issue of converted.issues) issues.push(issue);
    offsets = converted.offsets;
    depth = converted.depth;
    value = converted.value === null ? {} : converted.value;
    if (typeof value !== "object" || Array.isArray(value)) {
      const pos = tree.lineCounter.linePos(tree.root?.offset ?? 0);
      const what = Array.isArray(value) ? "!!seq" : `${scalarTag(value)} \`${String(value)}\``;
      issues.push({
        code: "yaml/not-a-mapping",
        severity: "error",
        path: "",
        message: `${FLY_YAML_PREFIX}unmarshal errors: line ${pos.line}: cannot unmarshal ${what} into map[string]interface {}`,
        site: { file, line: pos.line, column: pos.col },
        excerpt: caretExcerptAt(text, tree.lineCounter.lineStarts, pos.line, pos.col),
      });
    }
  }
  const nameIndexes = new Map<string, Map<string, number> | null>();
  const locate = (path: string) => {
    const raw = rawPath(path, value, nameIndexes);
    let p: string | undefined = raw;
    while (p !== undefined) {
      const off = offsets.get(p);
      if (off !== undefined) {
        const pos = tree.lineCounter.linePos(off);
        return { file, line: pos.line, column: pos.col };
      }
      p = parentPath(p);
    }
    return undefined;
  };
  let parsed: ParsedYaml | undefined;
  return {
    value,
    issues,
    depth,
    get parsed() {
      return (parsed ??= parseYamlDocument(text, file));
    },
    locate,
  };
}

function scalarTag(v: unknown): string {
  if (typeof v === "boolean") return "!!bool";
  if (typeof v === "number") return Number.isInteger(v) ? "!!int" : "!!float";
  return "!!str";
}

const NAMED = ["jobs", "resources", "resource_types", "prototypes", "groups", "var_sources"];

/**
 * `jobs.build.plan[0]` → `jobs[3].plan[0]` using the value's job names. Each collection's names are indexed once
 * per document (`indexes`): a file with 10,000 unused resources has 10,000 issues to locate, and scanning every
 * name for each of them took 30 s.
 */
function rawPath(path: string, value: unknown, indexes: Map<string, Map<string, number> | null>): string {
  if (typeof value !== "object" || value === null) return path;
  for (const coll of NAMED) {
    if (!path.startsWith(coll + ".")) continue;
    const byName = namesOf(coll, value as Record<string, unknown>, indexes);
    if (!byName) return path;
    // the longest name that the rest of the path starts with, up to a '.', a '[' or its end (names may hold dots)
    const rest = path.slice(coll.length + 1);
    let best = -1;
    let bestLen = -1;
    for (let end = 1; end <= rest.length; end++) {
      if (end < rest.length && rest[end] !== "." && rest[end] !== "[") continue;
      const i = byName.get(rest.slice(0, end));
      if (i !== undefined) {
        best = i;
        bestLen = end;
      }
    }
    if (best >= 0) return `${coll}[${best}]${rest.slice(bestLen)}`;
  }
  return path;
}

/** Name → index of its first item, for one named collection; null when the collection is not a list. */
function namesOf(coll: string, value: Record<string, unknown>, indexes: Map<string, Map<string, number> | null>): Map<string, number> | null {
  const known = indexes.get(coll);
  if (known !== undefined) return known;
  const list = value[coll];
  let byName: Map<string, number> | null = null;
  if (Array.isArray(list)) {
    byName = new Map();
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      // a name that is a map or list (`name: {toString: 1}`) names nothing; never call its methods
      const name =
        typeof item === "object" && item !== null && Object.prototype.hasOwnProperty.call(item, "name") ? (item as { name?: unknown }).name : undefined;
      if (typeof name !== "string" && typeof name !== "number" && typeof name !== "boolean") continue;
      const n = String(name);
      if (n !== "" && !byName.has(n)) byName.set(n, i);
    }
  }
  indexes.set(coll, byName);
  return byName;
}

/** `a.b[2].c` → `a.b[2]` → `a.b` → `a` → `` → undefined. */
function parentPath(p: string): string | undefined {
  if (p === "") return undefined;
  const dot = p.lastIndexOf(".");
  const bracket = p.lastIndexOf("[");
  const cut = Math.max(dot, bracket);
  return cut <= 0 ? "" : p.slice(0, cut);
}

/**
 * The vars a user gives fly (`-v k=v`, `-y k=yaml`, `-i k=yaml`, `-l file`), read as fly reads them, so that
 * `pipegen diff` can fill them into the rendered config exactly as `fly set-pipeline` would before comparing it
 * with the deployed one (which holds the filled-in values). fly looks vars up in this order: flags (`-v`, `-y`,
 * `-i`), then var files, later files first (fly/commands/internal/templatehelpers/yaml_template.go).
 */
import { ExitCode, PipegenError } from "../errors";
import { isObject } from "../object";
import { readTaskYaml } from "../yaml";
import { convertDocument } from "../yaml/convert";
import { FLY_YAML_PREFIX, parseYamlDocument } from "../yaml/document";
import { readYamlFile, YamlFileError } from "../yaml/read-file";

/** Vars as given on the command line or in pipegen.config.ts. */
export interface VarFlags {
  /** `-v name=value`: string values. */
  readonly vars?: Readonly<Record<string, string>>;
  /** `-y name=yaml`: YAML values. */
  readonly yamlVars?: Readonly<Record<string, unknown>>;
  /** `-l file`: YAML files of vars. */
  readonly varFiles?: readonly string[];
  /** `-i name=yaml`: instance vars (also filled in as vars). */
  readonly instanceVars?: Readonly<Record<string, unknown>>;
}

/** `name=value` → [name, value]; a usage error names the flag when there is no `=`. */
export function splitPair(text: string, flag: string): [string, string] {
  const i = text.indexOf("=");
  if (i <= 0) throw new PipegenError("pipegen.usage", `${flag} ${JSON.stringify(text)}: expected name=value`, { exitCode: ExitCode.usage });
  return [text.slice(0, i), text.slice(i + 1)];
}

/**
 * Reads a `-y`/`-i` value as fly does: go-yaml v2 (YAML 1.1 booleans, Go's number syntax) through
 * sigs.k8s.io/yaml, with the same reader as var files and pipelines, so `yes` is `true` and `017` is 15 inside
 * flow collections (`[yes, 017]`) as well as alone.
 */
export function parseYamlValue(text: string): unknown {
  const parsed = parseYamlDocument(text, "<value>");
  const problems = [...parsed.issues];
  let value: unknown = null;
  if (problems.length === 0) {
    const converted = convertDocument(parsed.doc, text, "<value>", parsed.lineCounter, false);
    problems.push(...converted.issues);
    value = converted.value;
  }
  const error = problems.find(isReadError);
  if (error) {
    // fly's own text for these is go-yaml's (`yaml: line 1: …`), without the pipeline-file prefix
    const message = error.message.replace(FLY_YAML_PREFIX, "yaml: ").split("\n")[0];
    throw new PipegenError("pipegen.usage", `invalid YAML value ${JSON.stringify(text)}: ${message}`, { exitCode: 2 });
  }
  return value;
}

/** The reader's problems that make go-yaml fail (not pipegen's pipeline-only warnings). */
function isReadError(issue: { code: string; severity: string }): boolean {
  return issue.severity === "error" && issue.code.startsWith("yaml/") && issue.code !== "yaml/unknown-key";
}

/**
 * Reads a var file (a YAML mapping), as fly does: bytes that are not UTF-8 are refused with go-yaml's message
 * (read as text they would become U+FFFD and be set in the pipeline), and so is a file past the size any YAML
 * file pipegen reads may have.
 */
export function readVarFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readYamlFile(file);
  } catch (err) {
    if (err instanceof YamlFileError && err.errno === "ENOENT") throw new PipegenError("pipegen.fileNotFound", `${file}: no such var file`);
    // (go-yaml's words, without the prefix fly gives them for pipeline files)
    if (err instanceof YamlFileError) throw new PipegenError("pipegen.badVarFile", `${err.file}: ${err.reason.replace(FLY_YAML_PREFIX, "yaml: ")}`);
    throw err;
  }
  const { value, issues } = readTaskYaml(text, file);
  const errors = issues.filter(isReadError);
  if (errors.length > 0) throw new PipegenError("pipegen.badVarFile", `${file}: ${errors[0]!.message.replace(FLY_YAML_PREFIX, "yaml: ")}`);
  if (value !== null && value !== undefined && (typeof value !== "object" || Array.isArray(value))) {
    throw new PipegenError("pipegen.badVarFile", `${file}: a var file must be a YAML mapping`);
  }
  return (value ?? {}) as Record<string, unknown>;
}

/** Sets `a.b.c` (fly's dotted var names) in a nested map. */
function setPath(target: Record<string, unknown>, name: string, value: unknown): void {
  const segs = name.split(".");
  let node = target;
  for (const seg of segs.slice(0, -1)) {
    const next = node[seg];
    if (!isObject(next)) node[seg] = {};
    node = node[seg] as Record<string, unknown>;
  }
  node[segs[segs.length - 1]!] = value;
}

/** The lookup layers fly uses: flags first, then var files from last to first. */
export function varLayers(flags: VarFlags): Record<string, unknown>[] {
  const fromFlags: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flags.vars ?? {})) setPath(fromFlags, k, v);
  for (const [k, v] of Object.entries(flags.yamlVars ?? {})) setPath(fromFlags, k, v);
  for (const [k, v] of Object.entries(flags.instanceVars ?? {})) setPath(fromFlags, k, v);
  const layers = [fromFlags];
  for (const file of [...(flags.varFiles ?? [])].reverse()) layers.push(readVarFile(file));
  return layers;
}

/** Every var the user supplied, merged in lookup order (for redaction). */
export function allVars(layers: readonly Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of [...layers].reverse()) Object.assign(out, layer);
  return out;
}

// the var reference pattern of vars/template.go
const VAR = /\(\((([-/.\w\p{L}]+:)?[-/.:@"\w\p{L}]+)\)\)/gu;
const VAR_ANCHORED = /^\(\((([-/.\w\p{L}]+:)?[-/.:@"\w\p{L}]+)\)\)$/u;

/** `path.field."quoted.field"` → segments; a var with a source (`vault:x`) is not fly's to fill. */
function parseRef(name: string): { path: string; fields: string[] } | undefined {
  if (/^[-/.\w\p{L}]+:/u.test(name) && !name.startsWith('"')) return undefined;
  const segs: string[] = [];
  let cur = "";
  let quoted = false;
  for (const ch of name) {
    if (ch === '"') quoted = !quoted;
    else if (ch === "." && !quoted) {
      segs.push(cur);
      cur = "";
    } else cur += ch;
  }
  segs.push(cur);
  return { path: segs[0]!, fields: segs.slice(1) };
}

function lookup(layers: readonly Record<string, unknown>[], name: string): { found: boolean; value?: unknown } {
  const ref = parseRef(name);
  if (!ref) return { found: false };
  for (const layer of layers) {
    if (!(ref.path in layer)) continue;
    let v: unknown = layer[ref.path];
    for (const f of ref.fields) {
      if (typeof v !== "object" || v === null || !(f in (v as Record<string, unknown>))) return { found: false };
      v = (v as Record<string, unknown>)[f];
    }
    return { found: true, value: v };
  }
  return { found: false };
}

/**
 * Fills supplied vars into a config as fly does before sending it: a whole-value `((x))` takes the var's value
 * (any type), a `((x))` inside a longer string takes its text (strings and integers only). Vars that are not
 * supplied, and vars with a source (`((vault:x))`), stay as they are.
 */
export function interpolate(value: unknown, layers: readonly Record<string, unknown>[]): unknown {
  if (layers.every((l) => Object.keys(l).length === 0)) return value;
  if (typeof value === "string") {
    if (!value.includes("((")) return value;
    const whole = VAR_ANCHORED.exec(value);
    if (whole) {
      const r = lookup(layers, whole[1]!);
      return r.found ? r.value : value;
    }
    return value.replace(VAR, (m, name: string) => {
      const r = lookup(layers, name);
      if (!r.found) return m;
      if (typeof r.value === "string") return r.value;
      if (typeof r.value === "number" && Number.isInteger(r.value)) return String(r.value);
      throw new PipegenError("pipegen.interpolation", `cannot interpolate non-primitive value (${typeof r.value}) from var: ${name}`);
    });
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, layers));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[interpolate(k, layers) as string] = interpolate(v, layers);
    return out;
  }
  return value;
}

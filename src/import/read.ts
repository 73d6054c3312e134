/**
 * Reads the YAML to import with the validator's reader (go-yaml v2 semantics: the value Concourse sees, with
 * anchors and merge keys expanded) and decides what it is: a pipeline, a task file, or neither (an error).
 */
import { PipegenError } from "../errors";
import type { PipelineIssue } from "../issues";
import { convertTree } from "../yaml/convert";
import { FLY_YAML_PREFIX, readYamlTree } from "../yaml/document";
import { PIPELINE_KEYS } from "./pipeline";

export interface ImportInput {
  readonly kind: "pipeline" | "task";
  readonly value: Record<string, unknown>;
  /** Start offset of every node, by raw path (for comments). */
  readonly offsets: ReadonlyMap<string, number>;
  /** YAML problems that do not stop the import (duplicate keys, legacy `{{vars}}`). */
  readonly warnings: PipelineIssue[];
}

/**
 * Free-form values nest at most 200 levels in what render accepts (`dsl/value-too-deep`), and TypeScript's own
 * parser and formatter recurse per level: the import stops at the same depth, so what it writes renders back.
 */
export const IMPORT_MAX_DEPTH = 200;
/** The generated code grows with the expanded document: past this many nodes it would be megabytes of TypeScript. */
export const IMPORT_MAX_NODES = 250_000;
const LIMITS = new Set(["yaml/too-deep", "yaml/alias-limit"]);

/** Codes of YAML issues the import goes on after: Concourse's value is still well defined. */
const RECOVERABLE = new Set(["yaml/duplicate-key", "yaml/legacy-template-var"]);
/** The importer says itself what it did with these (and where). */
const RESTATED = new Set(["yaml/legacy-template-var"]);

/** Reads `text`; throws a one-line `PipegenError` when it is not YAML, or neither a pipeline nor a task config. */
export function readImportInput(text: string, file: string): ImportInput {
  const parsed = readYamlTree(text, file);
  const fail = (issue: PipelineIssue | undefined, what: string): never => {
    const where = issue?.site ? `${file}:${issue.site.line}:${issue.site.column}` : file;
    throw new PipegenError("pipegen.importFailed", `${where}: ${what}`);
  };
  const first = parsed.issues[0];
  if (first) fail(first, `${first.code === "yaml/too-deep" ? "cannot be imported" : "not valid YAML"}: ${stripFly(first.message)}`);
  const converted = convertTree(parsed.root, text, file, parsed.lineCounter, {
    recordOffsets: true,
    maxDepth: IMPORT_MAX_DEPTH,
    depthLimit: "pipegen import's limit (the TypeScript it writes must stay loadable and render back)",
    maxNodes: IMPORT_MAX_NODES,
  });
  const fatal = converted.issues.find((i) => i.severity === "error" && !RECOVERABLE.has(i.code));
  if (fatal) fail(fatal, `${LIMITS.has(fatal.code) ? "cannot be imported" : "cannot be read as Concourse reads it"}: ${stripFly(fatal.message)}`);
  const warnings: PipelineIssue[] = converted.issues
    .filter((i) => !RESTATED.has(i.code))
    .map((i) => ({
      code: i.code,
      severity: "warning",
      path: i.path,
      message: i.code === "yaml/duplicate-key" ? `${stripFly(i.message)} (fly rejects this file; the import reads it as go-yaml v2 does)` : stripFly(i.message),
      ...(i.site ? { site: i.site } : {}),
    }));
  const value = converted.value;
  if (value === null || value === undefined) fail(undefined, "is empty: there is no pipeline or task config to import");
  if (typeof value !== "object" || Array.isArray(value)) {
    fail(
      undefined,
      `is not a Concourse pipeline or task config: the top level is ${Array.isArray(value) ? "a list" : `the ${typeof value} ${JSON.stringify(value)}`}, not a map`,
    );
  }
  const map = value as Record<string, unknown>;
  const keys = Object.keys(map);
  if (keys.some((k) => PIPELINE_KEYS.includes(k))) return { kind: "pipeline", value: map, offsets: converted.offsets, warnings };
  if ("platform" in map || "run" in map) return { kind: "task", value: map, offsets: converted.offsets, warnings };
  const shown = keys.slice(0, 5).join(", ") + (keys.length > 5 ? ", …" : "");
  return fail(
    undefined,
    `is not a Concourse pipeline or task config: it has none of jobs, resources, resource_types, groups (a pipeline) or platform, run (a task)${keys.length ? `; its keys are ${shown}` : ""}`,
  );
}

function stripFly(message: string): string {
  return message.startsWith(FLY_YAML_PREFIX) ? message.slice(FLY_YAML_PREFIX.length) : message;
}

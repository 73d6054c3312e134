/** JSON Schema of the pipeline format, generated from the zod model (for yaml-language-server). */
import * as z from "zod";
import { Pipeline } from "./schemas";

/** Options of `pipelineJsonSchema`. */
export interface PipelineJsonSchemaOptions {
  /**
   * `false` (the default): the schema never rejects a pipeline Concourse accepts (unknown top-level keys such as
   * anchor holders, keys in any letter case, numbers and booleans in string fields). `true`: exact keys only, no
   * unknown top-level keys (as `fly validate-pipeline --strict`) and no coerced scalars: the shape pipegen writes.
   * @default false
   */
  readonly strict?: boolean;
}

/** Returns the JSON Schema (draft 2020-12) of a Concourse pipeline. */
export function pipelineJsonSchema(options: PipelineJsonSchemaOptions = {}): Record<string, unknown> {
  const schema = z.toJSONSchema(Pipeline, { target: "draft-2020-12", unrepresentable: "any", cycles: "ref", reused: "ref" }) as Record<string, unknown>;
  allowNullForOptional(schema);
  if (!options.strict) {
    // Concourse drops unknown top-level keys (`x-config: &anchor …`, concourse-spec.md §3.3 B1)
    schema.additionalProperties = true;
    lenient(schema);
  }
  return {
    ...schema,
    $id: `https://pipegen.dev/schema/concourse-pipeline${options.strict ? "-strict" : ""}.json`,
    title: options.strict ? "Concourse pipeline (strict)" : "Concourse pipeline",
  };
}

/**
 * Concourse decodes an explicit `null` (`resource_types:` with nothing after it) as the field's zero value, so an
 * optional property may also be null in YAML (concourse-spec.md §0.3). The TypeScript types stay strict; only
 * the editor schema accepts it.
 */
function allowNullForOptional(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(allowNullForOptional);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const obj = node as Record<string, unknown>;
  for (const value of Object.values(obj)) allowNullForOptional(value);
  const props = obj.properties as Record<string, unknown> | undefined;
  if (obj.type !== "object" || !props) return;
  const required = new Set((obj.required as string[] | undefined) ?? []);
  for (const [key, prop] of Object.entries(props)) {
    if (required.has(key) || typeof prop !== "object" || prop === null) continue;
    if ((prop as { type?: unknown }).type === "null") continue;
    props[key] = { anyOf: [prop, { type: "null" }] };
  }
}

/** The step keys that take a name: Concourse reads them exactly, and a bool or number in them is an error. */
const STEP_KEYS = new Set(["get", "put", "task", "set_pipeline", "load_var"]);

/**
 * What Concourse accepts beyond the exact shape (concourse-spec.md §0.3): Go's encoding/json matches struct
 * fields case-insensitively (`Name:` is `name:`), and YAML numbers and booleans are stringified into string fields
 * (`name: 42`, `webhook_token: true`). Properties stay listed with their descriptions, so completion still works.
 */
function lenient(node: unknown, stepKey = false): void {
  if (Array.isArray(node)) {
    node.forEach((n) => lenient(n));
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const obj = node as Record<string, unknown>;
  const props = obj.properties as Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(obj)) {
    if (key === "properties" && props) for (const [name, prop] of Object.entries(props)) lenient(prop, STEP_KEYS.has(name));
    else lenient(value);
  }
  if (obj.type === "string" && obj.enum === undefined && obj.const === undefined && !stepKey) obj.type = ["string", "number", "boolean"];
  // a step key that names a shared definition (the identifier, widened for job names) stays a string
  if (stepKey && typeof obj.$ref === "string" && obj.type === undefined) obj.type = "string";
  if (obj.type === "object" && props && obj.additionalProperties === false) {
    // any letter case of a known key; unknown keys are still refused, as Concourse refuses them
    delete obj.additionalProperties;
    obj.propertyNames = { pattern: `^(${Object.keys(props).map(anyCase).join("|")})$` };
    const required = (obj.required as string[] | undefined) ?? [];
    if (required.length > 0) {
      delete obj.required;
      // "some key matches": the only way JSON Schema can require a key in any case
      obj.allOf = [
        ...((obj.allOf as unknown[] | undefined) ?? []),
        ...required.map((k) => ({ not: { propertyNames: { not: { pattern: `^${anyCase(k)}$` } } } })),
      ];
    }
  }
}

/** A regex source matching `key` in any case, with the Unicode folds Go's encoding/json applies (K → U+212A, s → U+017F). */
function anyCase(key: string): string {
  let out = "";
  for (const ch of key) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (lower === upper) out += /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
    else out += `[${lower}${upper}${lower === "k" ? "\\u212A" : lower === "s" ? "\\u017F" : ""}]`;
  }
  return out;
}

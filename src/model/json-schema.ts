/** JSON Schema of the pipeline format, generated from the zod model (for yaml-language-server). */
import * as z from "zod";
import { Pipeline } from "./pipeline";

/** Returns the JSON Schema (draft 2020-12) of a Concourse pipeline. */
export function pipelineJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Pipeline, { target: "draft-2020-12", unrepresentable: "any", cycles: "ref", reused: "ref" }) as Record<string, unknown>;
  allowNullForOptional(schema);
  return { ...schema, $id: "https://pipegen.dev/schema/concourse-pipeline.json", title: "Concourse pipeline" };
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

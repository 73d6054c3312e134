/** JSON Schema of the pipeline format, generated from the zod model (for yaml-language-server). */
import * as z from "zod";
import { Pipeline } from "./pipeline";

/** Returns the JSON Schema (draft 2020-12) of a Concourse pipeline. */
export function pipelineJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Pipeline, { target: "draft-2020-12", unrepresentable: "any", cycles: "ref", reused: "ref" }) as Record<string, unknown>;
  return { ...schema, $id: "https://pipegen.dev/schema/concourse-pipeline.json", title: "Concourse pipeline" };
}

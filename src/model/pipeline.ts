/** The whole pipeline config (concourse-spec.md §1). */
import * as z from "zod";
import { Display } from "./display";
import { Group } from "./group";
import { Job } from "./job";
import { Prototype, Resource, ResourceType } from "./resource";
import { VarSource } from "./var-source";

/** A Concourse pipeline: the document `fly set-pipeline` takes (§1). */
export const Pipeline = z.strictObject({
  /** Resource types used by the resources. */
  resource_types: z.array(ResourceType).optional(),
  /** Resources; each must be used by some get or put. */
  resources: z.array(Resource).optional(),
  /** Prototypes for `run` steps (experimental). */
  prototypes: z.array(Prototype).optional(),
  /** Jobs; at least one. */
  jobs: z.array(Job),
  /** UI groups; when present, every job must be in one. */
  groups: z.array(Group).optional(),
  /** Var sources (experimental). */
  var_sources: z.array(VarSource).optional(),
  /** UI display settings. */
  display: Display.optional(),
  /** Any value, stored and returned verbatim (v8.2.0+). */
  user_data: z.unknown().optional(),
});
export type Pipeline = z.infer<typeof Pipeline>;

/** Top-level keys in the order pipegen renders them. */
export const PIPELINE_KEYS = ["resource_types", "resources", "prototypes", "jobs", "groups", "var_sources", "display", "user_data"] as const;

/** The pipeline (concourse-spec.md §1). */
import type { Display } from "../model";
import type { SourceSite } from "../issues";
import { brand, hasBrand } from "./brand";
import type { Group, Job } from "./job";
import type { Prototype, Resource, ResourceSpec, ResourceType } from "./resource";
import { captureSite, withSite } from "./site";
import type { VarSource } from "./var-source";

/** Props of `pipeline()`. */
export interface PipelineProps {
  /** The jobs, in display order. At least one. */
  readonly jobs: readonly Job[];
  /**
   * Resources. Those used by get and put steps are collected automatically; list them here to fix their order,
   * or to declare one no step uses. @default the resources the steps use, in first-use order
   */
  readonly resources?: readonly Resource<ResourceSpec>[];
  /** Resource types. Those used by resources are collected automatically. @default the types the resources use */
  readonly resource_types?: readonly ResourceType[];
  /** Prototypes for `runStep`. Those used are collected automatically. */
  readonly prototypes?: readonly Prototype[];
  /** UI groups; when given, every job must be in one. */
  readonly groups?: readonly Group[];
  /** Var sources. */
  readonly var_sources?: readonly VarSource[];
  /** UI display settings. */
  readonly display?: Display;
  /** Any value, stored verbatim by Concourse (8.2+). */
  readonly user_data?: unknown;
}

/** A pipeline: export it (default export, or a named one) from your `.ts` file and run `pipegen render`. */
export interface Pipeline {
  readonly props: PipelineProps;
  readonly site?: SourceSite;
}

/** Defines a pipeline. */
export function pipeline(props: PipelineProps): Pipeline {
  return Object.freeze(brand(withSite({ props }, captureSite()), "pipeline"));
}

export function isPipeline(x: unknown): x is Pipeline {
  return hasBrand(x, "pipeline");
}

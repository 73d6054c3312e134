/**
 * pipegen: write Concourse pipelines in TypeScript.
 *
 * The public API, as explicit named exports grouped by purpose. Types are exported separately.
 */

// The model: one zod definition per Concourse shape (types, runtime checks, JSON Schema).
export * as model from "./model";
export { pipelineJsonSchema } from "./model";
export type { Pipeline as PipelineConfig, Job as JobConfig, Step as StepConfig, Resource as ResourceConfig, ResourceType as ResourceTypeConfig, TaskConfig as TaskConfigShape, Group as GroupConfig, VarSource as VarSourceConfig, Display as DisplayConfig } from "./model";

// Issues and errors.
export { formatIssue, formatPath, formatSite, hasErrors, sortIssues } from "./issues";
export type { PipelineIssue, Severity, SourceSite } from "./issues";
export { ExitCode, PipegenError, isPipegenError } from "./errors";

// --- builders (src/dsl) ---

// --- rendering and loading (src/render, src/load) ---

// --- validation (src/validate, src/yaml) ---

// --- import (src/import) ---

// --- S3 images (src/images) ---

// --- fly wrappers (src/fly) ---

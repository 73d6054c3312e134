/**
 * The Concourse model, from one table (`format.ts`): the zod schemas (runtime checks, JSON Schema) and the
 * TypeScript types are both derived from it.
 */
export * from "./common";
export type { ObjectOf, StepHooks, StepModifiers } from "./types";
export * from "./schemas";
export { FORMAT, FIELDS, HOOKS, MODIFIERS, PIPELINE_KEYS } from "./format";
export type { FieldKind, FieldSpec, ObjectSpec, ObjectName, HookName, ModifierName } from "./format";
export { STEP_KINDS, STEP_WRAPPERS, STEP_HOOKS, STEP_OWNED_KEYS, stepKind } from "./step-kinds";
export type { StepKind, StepHook } from "./step-kinds";
export { VAR_SOURCE_TYPES } from "./var-source";
export { pipelineJsonSchema } from "./json-schema";

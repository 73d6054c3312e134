/**
 * The zod model, built from the field table (`format.ts`): one schema per object, with the table's fields in its
 * order. Objects are strict (unknown keys are errors) unless the table marks them `open`. Fields that hold steps
 * are attached as getters, so the schemas can refer to `Step` before it exists.
 */
import * as z from "zod";
import { CheckEvery, Duration, FreeMap, Identifier, ResourceVersion, StringMap, Tags, TaskEnv } from "./common";
import { FORMAT, type FieldKind, type FieldSpec, type ObjectName, type ObjectSpec } from "./format";
import { STEP_KINDS } from "./step-kinds";
import type * as T from "./types";

/** A field kind as a zod schema. Named shapes are shared instances (they become one `$defs` entry each). */
function kindSchema(kind: FieldKind): z.ZodType {
  if (typeof kind === "object") return "object" in kind ? objectSchema(kind.object) : z.array(objectSchema(kind.list));
  switch (kind) {
    case "identifier":
      return Identifier;
    case "string":
      return z.string();
    case "duration":
      return Duration;
    case "checkEvery":
      return CheckEvery;
    case "bool":
      return z.boolean();
    case "int":
      return z.number().int();
    case "number":
      return z.number();
    case "strings":
      return z.array(z.string());
    case "tags":
      return Tags;
    case "freeMap":
      return FreeMap;
    case "stringMap":
      return StringMap;
    case "taskEnv":
      return TaskEnv;
    case "resourceVersion":
      return ResourceVersion;
    case "unknown":
      return z.unknown();
    case "getVersion":
      return z.union([z.literal("latest"), z.literal("every"), StringMap, z.string()]);
    case "putInputs":
      return z.union([z.literal("all"), z.literal("detect"), z.array(z.string()), z.string()]);
    case "maxInFlightOrAll":
      return z.union([z.number(), z.literal("all")]);
    case "memory":
      return z.union([z.number(), z.string()]);
    case "step":
      return Step;
    case "steps":
      return z.array(Step);
    case "inParallel":
      return z.union([z.array(Step), InParallelConfig]);
  }
}

/** Kinds that refer to `Step`: built when first read. */
const RECURSIVE = new Set<FieldKind>(["step", "steps", "inParallel"]);

function fieldSchema(spec: FieldSpec): z.ZodType {
  let schema = kindSchema(spec.kind);
  if (spec.nullable) schema = schema.nullable();
  return spec.required ? schema : schema.optional();
}

/** The zod shape of a table entry; one per entry, so objects that share an entry share their field schemas. */
const shapes = new Map<ObjectSpec, Record<string, unknown>>();
function shapeOf(spec: ObjectSpec): Record<string, unknown> {
  let shape = shapes.get(spec);
  if (!shape) {
    shape = {};
    for (const [key, field] of Object.entries(spec.fields)) {
      if (RECURSIVE.has(field.kind)) Object.defineProperty(shape, key, { enumerable: true, configurable: true, get: () => fieldSchema(field) });
      else shape[key] = fieldSchema(field);
    }
    shapes.set(spec, shape);
  }
  return shape;
}

/** Getters are copied as getters, so a step's hooks stay lazy in every step schema. */
function mergeShapes(...parts: Record<string, unknown>[]): z.ZodRawShape {
  const out: Record<string, unknown> = {};
  for (const part of parts) Object.defineProperties(out, Object.getOwnPropertyDescriptors(part));
  return out as z.ZodRawShape;
}

const objects = new Map<ObjectName, z.ZodType>();
/** The schema of a table object (steps get the modifiers and hooks every step accepts). */
function objectSchema(name: ObjectName): z.ZodType {
  let schema = objects.get(name);
  if (!schema) {
    const spec: ObjectSpec = FORMAT[name];
    const isStep = (STEP_KINDS as readonly string[]).includes(name);
    const shape = isStep ? mergeShapes(shapeOf(spec), shapeOf(FORMAT.modifiers), shapeOf(FORMAT.hooks)) : (shapeOf(spec) as z.ZodRawShape);
    schema = spec.open ? z.looseObject(shape) : z.strictObject(shape);
    objects.set(name, schema);
  }
  return schema;
}

/** Any step: the kinds in Concourse's detection precedence (§2.8). */
export const Step = z.union(STEP_KINDS.map((k) => objectSchema(k))) as unknown as z.ZodType<T.Step>;

export const InParallelConfig = objectSchema("in_parallel_config") as z.ZodType<T.InParallelConfig>;
export const Pipeline = objectSchema("pipeline") as z.ZodType<T.Pipeline>;
export const Job = objectSchema("job") as z.ZodType<T.Job>;
export const BuildLogRetention = objectSchema("build_log_retention") as z.ZodType<T.BuildLogRetention>;
export const Resource = objectSchema("resource") as z.ZodType<T.Resource>;
export const ResourceType = objectSchema("resource_type") as z.ZodType<T.ResourceType>;
export const Prototype = objectSchema("prototype") as z.ZodType<T.Prototype>;
export const Group = objectSchema("group") as z.ZodType<T.Group>;
export const VarSource = objectSchema("var_source") as z.ZodType<T.VarSource>;
export const Display = objectSchema("display") as z.ZodType<T.Display>;
export const AcrossVar = objectSchema("across_var") as z.ZodType<T.AcrossVar>;
export const GetStep = objectSchema("get") as z.ZodType<T.GetStep>;
export const PutStep = objectSchema("put") as z.ZodType<T.PutStep>;
export const TaskStep = objectSchema("task") as z.ZodType<T.TaskStep>;
export const SetPipelineStep = objectSchema("set_pipeline") as z.ZodType<T.SetPipelineStep>;
export const LoadVarStep = objectSchema("load_var") as z.ZodType<T.LoadVarStep>;
export const InParallelStep = objectSchema("in_parallel") as z.ZodType<T.InParallelStep>;
export const DoStep = objectSchema("do") as z.ZodType<T.DoStep>;
export const TryStep = objectSchema("try") as z.ZodType<T.TryStep>;
export const RunStep = objectSchema("run") as z.ZodType<T.RunStep>;
export const TaskConfig = objectSchema("task_config") as z.ZodType<T.TaskConfig>;
export const ContainerLimits = objectSchema("container_limits") as z.ZodType<T.ContainerLimits>;
export const ImageResource = objectSchema("image_resource") as z.ZodType<T.ImageResource>;
export const TaskInput = objectSchema("task_input") as z.ZodType<T.TaskInput>;
export const TaskOutput = objectSchema("task_output") as z.ZodType<T.TaskOutput>;
export const TaskCache = objectSchema("task_cache") as z.ZodType<T.TaskCache>;
export const TaskRun = objectSchema("task_run") as z.ZodType<T.TaskRun>;

// The types of the same names (one import gives the schema and its type).
export type Step = T.Step;
export type InParallelConfig = T.InParallelConfig;
export type Pipeline = T.Pipeline;
export type Job = T.Job;
export type BuildLogRetention = T.BuildLogRetention;
export type Resource = T.Resource;
export type ResourceType = T.ResourceType;
export type Prototype = T.Prototype;
export type Group = T.Group;
export type VarSource = T.VarSource;
export type Display = T.Display;
export type AcrossVar = T.AcrossVar;
export type GetStep = T.GetStep;
export type PutStep = T.PutStep;
export type TaskStep = T.TaskStep;
export type SetPipelineStep = T.SetPipelineStep;
export type LoadVarStep = T.LoadVarStep;
export type InParallelStep = T.InParallelStep;
export type DoStep = T.DoStep;
export type TryStep = T.TryStep;
export type RunStep = T.RunStep;
export type TaskConfig = T.TaskConfig;
export type ContainerLimits = T.ContainerLimits;
export type ImageResource = T.ImageResource;
export type TaskInput = T.TaskInput;
export type TaskOutput = T.TaskOutput;
export type TaskCache = T.TaskCache;
export type TaskRun = T.TaskRun;

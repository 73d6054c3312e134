/**
 * The model's TypeScript types, derived from the field table (`format.ts`) at the type level: a field's `kind`
 * gives its type, `required` whether it is optional. Documentation comments come from the table's entries.
 */
/* eslint-disable @typescript-eslint/no-empty-object-type -- each object gets a named interface over its derived
   shape: readable names in hovers and errors, and the types that refer to Step need interfaces to be recursive */
import type { FreeMap, StringMap, TaskEnv } from "./common";
import type { Format, ObjectName } from "./format";

/** The TypeScript type of each scalar kind. */
interface KindTypes {
  identifier: string;
  string: string;
  duration: string;
  checkEvery: string;
  bool: boolean;
  int: number;
  number: number;
  strings: string[];
  tags: string[];
  freeMap: FreeMap;
  stringMap: StringMap;
  taskEnv: TaskEnv;
  resourceVersion: Record<string, string | number | boolean>;
  unknown: unknown;
  getVersion: "latest" | "every" | StringMap | string;
  putInputs: "all" | "detect" | string[] | string;
  maxInFlightOrAll: number | "all";
  memory: number | string;
  step: Step;
  steps: Step[];
  inParallel: Step[] | InParallelConfig;
}

/** The type of a field of kind `K`. */
type KindType<K> = K extends keyof KindTypes
  ? KindTypes[K]
  : K extends { readonly object: infer N extends ObjectName }
    ? ObjectTypes[N]
    : K extends { readonly list: infer N extends ObjectName }
      ? ObjectTypes[N][]
      : never;

type FieldType<F> = F extends { readonly kind: infer K; readonly nullable: true }
  ? KindType<K> | null
  : F extends { readonly kind: infer K }
    ? KindType<K>
    : never;

type Fields<N extends ObjectName> = Format[N]["fields"];
type RequiredKeys<N extends ObjectName> = { [K in keyof Fields<N>]: Fields<N>[K] extends { readonly required: true } ? K : never }[keyof Fields<N>];

/** The object type of a table entry: its required fields, then its optional ones. */
export type ObjectOf<N extends ObjectName> = {
  -readonly [K in keyof Fields<N> as K extends RequiredKeys<N> ? K : never]: FieldType<Fields<N>[K]>;
} & {
  -readonly [K in keyof Fields<N> as K extends RequiredKeys<N> ? never : K]?: FieldType<Fields<N>[K]>;
} & (Format[N] extends { readonly open: true } ? { [key: string]: unknown } : unknown);

/** Hooks every step (and every job) accepts. */
export interface StepHooks extends ObjectOf<"hooks"> {}
/** Modifiers every step accepts. */
export interface StepModifiers extends ObjectOf<"modifiers"> {}

/** A Concourse pipeline: the document `fly set-pipeline` takes (§1). */
export interface Pipeline extends ObjectOf<"pipeline"> {}
/** A job: a plan of steps plus scheduling options (§2.1). Its hooks run at the end of the build. */
export interface Job extends ObjectOf<"job"> {}
/** How many build logs to keep (§2.1.1). */
export interface BuildLogRetention extends ObjectOf<"build_log_retention"> {}
/** A resource: something versioned that jobs get and put (§2.2). */
export interface Resource extends ObjectOf<"resource"> {}
/** A resource type (§2.3). */
export interface ResourceType extends ObjectOf<"resource_type"> {}
/** A prototype, used by the experimental `run` step (§2.4). */
export interface Prototype extends ObjectOf<"prototype"> {}
/** A tab in the web UI that shows some jobs (§2.5). */
export interface Group extends ObjectOf<"group"> {}
/** A source of `((name:path))` vars (§2.6). */
export interface VarSource extends ObjectOf<"var_source"> {}
/** How the pipeline looks in the web UI (§2.7). */
export interface Display extends ObjectOf<"display"> {}
/** One var of an `across` step. */
export interface AcrossVar extends ObjectOf<"across_var"> {}
/** `get`: fetches a resource version (§2.9 get). */
export interface GetStep extends ObjectOf<"get">, StepModifiers, StepHooks {}
/** `put`: pushes to a resource, then fetches the new version (§2.9 put). */
export interface PutStep extends ObjectOf<"put">, StepModifiers, StepHooks {}
/** `task`: runs a task, from an inline `config` or a `file` (§2.9 task). */
export interface TaskStep extends ObjectOf<"task">, StepModifiers, StepHooks {}
/** `set_pipeline`: configures a pipeline from a file (§2.9 set_pipeline). */
export interface SetPipelineStep extends ObjectOf<"set_pipeline">, StepModifiers, StepHooks {}
/** `load_var`: loads a file's content as a local var `((.:name))` (§2.9 load_var). */
export interface LoadVarStep extends ObjectOf<"load_var">, StepModifiers, StepHooks {}
/** `in_parallel`: runs steps in parallel (§2.9 in_parallel). */
export interface InParallelStep extends ObjectOf<"in_parallel">, StepModifiers, StepHooks {}
/** `in_parallel` in its object form. */
export interface InParallelConfig extends ObjectOf<"in_parallel_config"> {}
/** `do`: runs steps in series (§2.9 do). */
export interface DoStep extends ObjectOf<"do">, StepModifiers, StepHooks {}
/** `try`: runs a step and ignores its failure (§2.9 try). */
export interface TryStep extends ObjectOf<"try">, StepModifiers, StepHooks {}
/** `run` (experimental): runs a message of a prototype (§2.9 run). */
export interface RunStep extends ObjectOf<"run">, StepModifiers, StepHooks {}
/** Any step. */
export type Step = GetStep | PutStep | TaskStep | SetPipelineStep | LoadVarStep | InParallelStep | DoStep | TryStep | RunStep;
/** A task's configuration, inline (`config:`) or in a task file (§2.10). */
export interface TaskConfig extends ObjectOf<"task_config"> {}
/** Limits applied to the task's container (§2.11). */
export interface ContainerLimits extends ObjectOf<"container_limits"> {}
/** The anonymous resource that provides the task's image (`image_resource`). */
export interface ImageResource extends ObjectOf<"image_resource"> {}
/** An artifact the task expects (`inputs[]`). */
export interface TaskInput extends ObjectOf<"task_input"> {}
/** An artifact the task produces (`outputs[]`). */
export interface TaskOutput extends ObjectOf<"task_output"> {}
/** A directory cached between runs of the task on one worker (`caches[]`). */
export interface TaskCache extends ObjectOf<"task_cache"> {}
/** The command the task runs (`run`). */
export interface TaskRun extends ObjectOf<"task_run"> {}

/** The type of each object of the table. */
interface ObjectTypes {
  pipeline: Pipeline;
  job: Job;
  build_log_retention: BuildLogRetention;
  resource: Resource;
  resource_type: ResourceType;
  prototype: Prototype;
  group: Group;
  var_source: VarSource;
  display: Display;
  modifiers: StepModifiers;
  hooks: StepHooks;
  across_var: AcrossVar;
  get: GetStep;
  put: PutStep;
  task: TaskStep;
  set_pipeline: SetPipelineStep;
  load_var: LoadVarStep;
  in_parallel: InParallelStep;
  in_parallel_config: InParallelConfig;
  do: DoStep;
  try: TryStep;
  run: RunStep;
  task_config: TaskConfig;
  container_limits: ContainerLimits;
  image_resource: ImageResource;
  task_input: TaskInput;
  task_output: TaskOutput;
  task_cache: TaskCache;
  task_run: TaskRun;
}

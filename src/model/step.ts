/**
 * Steps (concourse-spec.md §2.8–2.9): every step kind with its own keys, plus the modifiers
 * (`across`, `attempts`, `timeout`) and hooks (`on_success`, `on_failure`, `on_abort`, `on_error`, `ensure`)
 * that any step may carry. Concourse detects the kind from the keys present (§2.8); the union below
 * lists the kinds in that precedence order.
 */
import * as z from "zod";
import { Duration, FreeMap, Identifier, StringMap, Tags, TaskEnv } from "./common";
import { ContainerLimits, TaskConfig } from "./task-config";
import { STEP_HOOKS } from "./step-kinds";

export { STEP_KINDS, STEP_WRAPPERS, STEP_HOOKS, STEP_OWNED_KEYS, stepKind } from "./step-kinds";
export type { StepKind, StepHook } from "./step-kinds";

/** One var of an `across` step. Decoded strictly: unknown keys are errors. */
export const AcrossVar = z.strictObject({
  /** Name of the local var, used as `((.:name))`. */
  var: z.string(),
  /** The values to iterate over: a list, or a `((var))` that resolves to one. */
  values: z.unknown().optional(),
  /** How many values run at once: a number > 0 or `all`. @default 1 */
  max_in_flight: z.union([z.number(), z.literal("all")]).optional(),
});
export type AcrossVar = z.infer<typeof AcrossVar>;

/** Modifier keys every step accepts (§2.9 "Modifiers and hooks"). */
const modifierShape = {
  /** Runs the step once per combination of the listed vars' values. */
  across: z.array(AcrossVar).optional(),
  /** With `across`: stop at the first failing combination. @default false */
  fail_fast: z.boolean().optional(),
  /** Retries the step up to this many times in total. @default 1 */
  attempts: z.number().optional(),
  /** Aborts the step after this Go duration. */
  timeout: Duration.optional(),
};

/** Hooks every step (and every job) accepts. */
export interface StepHooks {
  /** Step to run when this one succeeds. */
  on_success?: Step;
  /** Step to run when this one fails. */
  on_failure?: Step;
  /** Step to run when the build is aborted during this step. */
  on_abort?: Step;
  /** Step to run when this step errors. */
  on_error?: Step;
  /** Step that always runs after this one. */
  ensure?: Step;
}

/**
 * Builds a step schema from its non-recursive shape plus lazily attached recursive keys (hooks, and
 * the children of `do`/`try`/`in_parallel`). Lazy getters let the schemas refer to `Step` before it exists.
 */
function stepSchema<T>(own: z.ZodRawShape, recursive: Record<string, () => z.ZodType> = {}): z.ZodType<T> {
  const shape: Record<string, unknown> = { ...own, ...modifierShape };
  const lazy: Record<string, () => z.ZodType> = { ...recursive };
  for (const hook of STEP_HOOKS) lazy[hook] = () => Step.optional();
  for (const [key, make] of Object.entries(lazy)) {
    Object.defineProperty(shape, key, { enumerable: true, configurable: true, get: make });
  }
  return z.strictObject(shape as z.ZodRawShape) as unknown as z.ZodType<T>;
}

/** `get`: fetches a resource version (§2.9 get). */
const getStepShape = {
  /** Artifact name; also the resource name unless `resource` is set. */
  get: Identifier,
  /** The resource to fetch. @default the value of `get` */
  resource: z.string().optional(),
  /** `latest`, `every`, or a specific version. @default "latest" */
  version: z.union([z.literal("latest"), z.literal("every"), StringMap, z.string()]).optional(),
  /** Only versions that passed these jobs (names or globs). */
  passed: z.array(z.string()).optional(),
  /** New versions trigger the job. @default false */
  trigger: z.boolean().optional(),
  /** Params for the resource's `in` script. */
  params: FreeMap.optional(),
  /** Worker tags. */
  tags: Tags.optional(),
};
const GetStepBase = z.strictObject({ ...getStepShape, ...modifierShape });
export interface GetStep extends z.infer<typeof GetStepBase>, StepHooks {}
export const GetStep = stepSchema<GetStep>(getStepShape);

/** `put`: pushes to a resource, then fetches the new version (§2.9 put). */
const putStepShape = {
  /** Step name; also the resource name unless `resource` is set. */
  put: Identifier,
  /** The resource to push to. @default the value of `put` */
  resource: z.string().optional(),
  /** Artifacts to send: `all`, `detect`, or a list of names. @default "detect" */
  inputs: z.union([z.literal("all"), z.literal("detect"), z.array(z.string()), z.string()]).optional(),
  /** Params for the resource's `out` script. */
  params: FreeMap.optional(),
  /** Params for the implicit get after the put. */
  get_params: FreeMap.optional(),
  /** Skip the implicit get. @default false */
  no_get: z.boolean().optional(),
  /** Worker tags. */
  tags: Tags.optional(),
};
const PutStepBase = z.strictObject({ ...putStepShape, ...modifierShape });
export interface PutStep extends z.infer<typeof PutStepBase>, StepHooks {}
export const PutStep = stepSchema<PutStep>(putStepShape);

/** `task`: runs a task, from an inline `config` or a `file` (§2.9 task). */
const taskStepShape = {
  /** Task name. */
  task: Identifier,
  /** Inline task config. Exactly one of `config` and `file`. */
  config: TaskConfig.optional(),
  /** Path to a task file inside an artifact, `<artifact>/<path>`. */
  file: z.string().optional(),
  /** Artifact to use as the image, overriding `image_resource`. */
  image: z.string().optional(),
  /** Run the container privileged. @default false */
  privileged: z.boolean().optional(),
  /** No network access (containerd runtime only). @default false */
  hermetic: z.boolean().optional(),
  /** Environment values; every value becomes a string. */
  params: TaskEnv.optional(),
  /** Vars for a task `file`. */
  vars: FreeMap.optional(),
  /** Maps the task's input names to artifact names. */
  input_mapping: StringMap.optional(),
  /** Maps the task's output names to artifact names. */
  output_mapping: StringMap.optional(),
  /** Overrides the config's container limits. */
  container_limits: ContainerLimits.optional(),
  /** Worker tags. */
  tags: Tags.optional(),
};
const TaskStepBase = z.strictObject({ ...taskStepShape, ...modifierShape });
export interface TaskStep extends z.infer<typeof TaskStepBase>, StepHooks {}
export const TaskStep = stepSchema<TaskStep>(taskStepShape);

/** `set_pipeline`: configures a pipeline from a file (§2.9 set_pipeline). */
const setPipelineStepShape = {
  /** Pipeline name, or `self`. */
  set_pipeline: Identifier,
  /** Path to the pipeline config, `<artifact>/<path>`. Required. */
  file: z.string(),
  /** Team to set the pipeline in. @default the current team */
  team: z.string().optional(),
  /** Static vars. */
  vars: FreeMap.optional(),
  /** Files of vars. */
  var_files: z.array(z.string()).optional(),
  /** Instance vars (instanced pipelines). */
  instance_vars: FreeMap.optional(),
};
const SetPipelineStepBase = z.strictObject({ ...setPipelineStepShape, ...modifierShape });
export interface SetPipelineStep extends z.infer<typeof SetPipelineStepBase>, StepHooks {}
export const SetPipelineStep = stepSchema<SetPipelineStep>(setPipelineStepShape);

/** `load_var`: loads a file's content as a local var `((.:name))` (§2.9 load_var). */
const loadVarStepShape = {
  /** Var name. */
  load_var: Identifier,
  /** Path to the file, `<artifact>/<path>`. Required. */
  file: z.string(),
  /** `json`, `yaml`, `yml`, `trim` or `raw`. @default by extension, else "trim" */
  format: z.string().optional(),
  /** Show the value in build output. @default false */
  reveal: z.boolean().optional(),
};
const LoadVarStepBase = z.strictObject({ ...loadVarStepShape, ...modifierShape });
export interface LoadVarStep extends z.infer<typeof LoadVarStepBase>, StepHooks {}
export const LoadVarStep = stepSchema<LoadVarStep>(loadVarStepShape);

/** `in_parallel` in its object form. Unknown keys are ignored by Concourse. */
export interface InParallelConfig {
  /** Steps to run in parallel. */
  steps?: Step[];
  /** How many at once. @default 0 (unlimited) */
  limit?: number;
  /** Stop the others when one fails. @default false */
  fail_fast?: boolean;
}
export const InParallelConfig: z.ZodType<InParallelConfig> = z.looseObject({
  get steps() {
    return z.array(Step).optional();
  },
  limit: z.number().optional(),
  fail_fast: z.boolean().optional(),
}) as unknown as z.ZodType<InParallelConfig>;

const inParallelShape = {
  /** Worker tags inherited by the children (v8.3.0+). */
  tags: Tags.optional(),
};
const InParallelStepBase = z.strictObject({ ...inParallelShape, ...modifierShape });
/** `in_parallel`: runs steps in parallel (§2.9 in_parallel). */
export interface InParallelStep extends z.infer<typeof InParallelStepBase>, StepHooks {
  /** The steps, or `{ steps, limit, fail_fast }`. */
  in_parallel: Step[] | InParallelConfig;
}
export const InParallelStep = stepSchema<InParallelStep>(inParallelShape, { in_parallel: () => z.union([z.array(Step), InParallelConfig]) });

const doShape = {
  /** Worker tags inherited by the children (v8.3.0+). */
  tags: Tags.optional(),
};
const DoStepBase = z.strictObject({ ...doShape, ...modifierShape });
/** `do`: runs steps in series (§2.9 do). */
export interface DoStep extends z.infer<typeof DoStepBase>, StepHooks {
  /** The steps. */
  do: Step[];
}
export const DoStep = stepSchema<DoStep>(doShape, { do: () => z.array(Step) });

const TryStepBase = z.strictObject({ ...modifierShape });
/** `try`: runs a step and ignores its failure (§2.9 try). */
export interface TryStep extends z.infer<typeof TryStepBase>, StepHooks {
  /** The step to try. */
  try: Step;
}
export const TryStep = stepSchema<TryStep>({}, { try: () => Step });

/** `run` (experimental): runs a message of a prototype (§2.9 run). */
const runStepShape = {
  /** The message to send to the prototype. */
  run: Identifier,
  /** Name of the prototype. Required. */
  type: z.string(),
  /** Params for the message. */
  params: FreeMap.optional(),
  /** Run privileged. @default false */
  privileged: z.boolean().optional(),
  /** Container limits. */
  container_limits: ContainerLimits.optional(),
  /** Worker tags. */
  tags: Tags.optional(),
};
const RunStepBase = z.strictObject({ ...runStepShape, ...modifierShape });
export interface RunStep extends z.infer<typeof RunStepBase>, StepHooks {}
export const RunStep = stepSchema<RunStep>(runStepShape);

/** Any step. */
export type Step = GetStep | PutStep | TaskStep | SetPipelineStep | LoadVarStep | InParallelStep | DoStep | TryStep | RunStep;
export const Step: z.ZodType<Step> = z.union([
  RunStep,
  TaskStep,
  PutStep,
  GetStep,
  SetPipelineStep,
  LoadVarStep,
  TryStep,
  DoStep,
  InParallelStep,
]) as unknown as z.ZodType<Step>;

/**
 * Step builders: `get`, `put`, `task`, `setPipeline`, `loadVar`, `inParallel`, `doSteps`, `tryStep` and the
 * experimental `runStep`. Every step also takes the modifiers (`across`, `attempts`, `timeout`) and hooks
 * (`on_success`, `on_failure`, `on_abort`, `on_error`, `ensure`) of concourse-spec.md §2.9.
 */
import type { ContainerLimits, ImageResource, StepKind, TaskCache, TaskInput, TaskOutput, TaskRun } from "../model";
import type { SourceSite } from "../issues";
import { brand, brandClass, hasBrand } from "./brand";
import type { AnonymousImage } from "./image";
import type { Glob, Job } from "./job";
import type { GenericSpec, Prototype, Resource, ResourceSpec } from "./resource";
import { captureSite, resolveSite, withSite, type SiteRef } from "./site";
import type { Str, WithVars } from "./var";

/** One var of an `across` modifier. */
export interface AcrossVar {
  /** Name of the local var, used as `v(".:name")`. */
  readonly var: string;
  /** Values to iterate over: a list, or a var that resolves to one. */
  readonly values?: readonly unknown[] | Str;
  /** How many values run at once: a number > 0 or `all`. @default 1 */
  readonly max_in_flight?: number | "all";
}

/** Modifiers and hooks that every step accepts. */
export interface StepCommon {
  /** Runs the step once per combination of these vars' values. */
  readonly across?: readonly AcrossVar[];
  /** With `across`: stop at the first failing combination. @default false */
  readonly fail_fast?: boolean;
  /** Runs the step up to this many times in total until it succeeds. @default 1 */
  readonly attempts?: number;
  /** Aborts the step after this Go duration, e.g. `"10m"`. @default no limit */
  readonly timeout?: Str;
  /** Step to run when this one succeeds. */
  readonly on_success?: Step;
  /** Step to run when this one fails. */
  readonly on_failure?: Step;
  /** Step to run when the build is aborted during this step. */
  readonly on_abort?: Step;
  /** Step to run when this step errors. */
  readonly on_error?: Step;
  /** Step that always runs after this one. */
  readonly ensure?: Step;
}

/** Steps that run containers accept worker tags (get, put, task, run; do and in_parallel pass them down). */
export interface Tagged {
  /** Worker tags. @default inherited from the job or enclosing step */
  readonly tags?: readonly string[];
}

/** A step made by one of the builders. */
export interface Step<K extends StepKind = StepKind> {
  readonly kind: K;
  /** The step's name (`get`, `put`, `task`, `set_pipeline`, `load_var`, `run` message); empty for do/try/in_parallel. */
  readonly name: string;
  readonly props: Readonly<Record<string, unknown>>;
  /** The resource a get or put uses. */
  readonly resource?: Resource<ResourceSpec>;
  readonly site?: SourceSite;
}

export function isStep(x: unknown): x is Step {
  return hasBrand(x, "step");
}

/** Steps are instances of one class: one object shape for the renderer, the brand and `site` on the prototype. */
class StepObject<K extends StepKind> implements Step<K> {
  readonly #ref: SiteRef;
  constructor(
    readonly kind: K,
    readonly name: string,
    readonly props: Readonly<Record<string, unknown>>,
    readonly resource: Resource<ResourceSpec> | undefined,
    ref: SiteRef,
  ) {
    this.#ref = ref;
    Object.freeze(this);
  }
  /** Where the builder was called (resolved when first read). */
  get site(): SourceSite | undefined {
    return resolveSite(this.#ref);
  }
}
brandClass(StepObject, "step");

function makeStep<K extends StepKind>(kind: K, name: string, props: object, resource?: Resource<ResourceSpec>): Step<K> {
  // captured here so the first frame outside pipegen is the user's call of get()/task()/…
  return new StepObject(kind, name, props as Record<string, unknown>, resource, captureSite());
}

/** Options of `get()` (concourse-spec.md §2.9 get). */
export interface GetOptions<S extends ResourceSpec = GenericSpec> extends StepCommon, Tagged {
  /**
   * Artifact name, when it differs from the resource name. When given, the step also names its resource
   * explicitly (`resource:`). @default the resource's name
   */
  readonly as?: string;
  /** `latest`, `every`, or a specific version. @default "latest" */
  readonly version?: "latest" | "every" | Record<string, Str>;
  /** Only versions that passed these jobs (job objects, or `glob("unit-*")`). */
  readonly passed?: readonly (Job | Glob)[];
  /** New versions trigger the job. @default false */
  readonly trigger?: boolean;
  /** Params for the resource's `in` script. */
  readonly params?: S["getParams"];
}

/** Fetches a version of a resource. */
export function get<S extends ResourceSpec>(resource: Resource<S>, options: GetOptions<S> = {}): Step<"get"> {
  return makeStep("get", options.as ?? resource?.name ?? "", options, resource as Resource<ResourceSpec>);
}

/** Options of `put()` (concourse-spec.md §2.9 put). */
export interface PutOptions<S extends ResourceSpec = GenericSpec> extends StepCommon, Tagged {
  /** Step name, when it differs from the resource name; also writes `resource:`. @default the resource's name */
  readonly as?: string;
  /** Artifacts sent to the put: `all`, `detect`, or a list of names. @default "detect" */
  readonly inputs?: "all" | "detect" | readonly string[];
  /** Params for the resource's `out` script. */
  readonly params?: S["putParams"];
  /** Params for the implicit get after the put. */
  readonly get_params?: S["getParams"];
  /** Skip the implicit get. @default false */
  readonly no_get?: boolean;
}

/** Pushes to a resource (then fetches the new version, unless `no_get`). */
export function put<S extends ResourceSpec>(resource: Resource<S>, options: PutOptions<S> = {}): Step<"put"> {
  return makeStep("put", options.as ?? resource?.name ?? "", options, resource as Resource<ResourceSpec>);
}

/** A task input: a name, or the full form. */
export type TaskInputSpec = string | WithVars<TaskInput>;
/** A task output: a name, or the full form. */
export type TaskOutputSpec = string | WithVars<TaskOutput>;

/** A task's configuration (concourse-spec.md §2.10). */
export interface TaskConfigSpec {
  /** `linux`, `darwin` or `windows`. Required by Concourse. */
  readonly platform: Str;
  /** The image: a resource (its type and source are used), `s3Image(...)`, `image(...)`, or the raw object. */
  readonly image_resource?: Resource<ResourceSpec> | AnonymousImage | WithVars<ImageResource>;
  /** A raw rootfs URI, instead of `image_resource`. */
  readonly rootfs_uri?: Str;
  /** Artifacts the task expects. @default [] */
  readonly inputs?: readonly TaskInputSpec[];
  /** Artifacts the task produces. @default [] */
  readonly outputs?: readonly TaskOutputSpec[];
  /** Directories cached between runs. @default [] */
  readonly caches?: readonly WithVars<TaskCache>[];
  /** Environment variables; every value becomes a string. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** The command to run. @default the image's entrypoint (Concourse 8+) */
  readonly run?: WithVars<TaskRun>;
  /** Default CPU and memory limits. */
  readonly container_limits?: ContainerLimits;
}

/**
 * A task config, defined once: use it as the `config` of several tasks, or make it the default export of a
 * file so that `pipegen render task.ts > task.yml` writes a task file for `file:` steps and `fly execute`.
 */
export function taskConfig(config: TaskConfigSpec): TaskConfigSpec {
  return Object.freeze(brand(withSite({ ...config }, captureSite()), "taskConfig"));
}

export function isTaskConfig(x: unknown): x is TaskConfigSpec {
  return hasBrand(x, "taskConfig");
}

/** Props of `task()` (concourse-spec.md §2.9 task). Give exactly one of `config` and `file`. */
export interface TaskProps extends StepCommon, Tagged {
  /** The task's configuration, inline. */
  readonly config?: TaskConfigSpec;
  /** A task file inside an artifact, `<artifact>/<path>`. */
  readonly file?: Str;
  /** An artifact to use as the image (e.g. an s3 image fetched with `get`), overriding `image_resource`. */
  readonly image?: Resource<ResourceSpec> | string;
  /** Run the container privileged. @default false */
  readonly privileged?: boolean;
  /** No network access (containerd runtime only). @default false */
  readonly hermetic?: boolean;
  /** Environment values, overriding the config's `params`; every value becomes a string. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Vars for a task `file`. */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** Maps the task's input names to artifact names. */
  readonly input_mapping?: Readonly<Record<string, string>>;
  /** Maps the task's output names to artifact names. */
  readonly output_mapping?: Readonly<Record<string, string>>;
  /** Overrides the config's container limits. */
  readonly container_limits?: ContainerLimits;
}

/** Runs a task. */
export function task(name: string, props: TaskProps): Step<"task"> {
  return makeStep("task", name, props);
}

/** Props of `setPipeline()` (concourse-spec.md §2.9 set_pipeline). */
export interface SetPipelineProps extends StepCommon {
  /** Path to the pipeline config, `<artifact>/<path>`. */
  readonly file: Str;
  /** Team to set the pipeline in. @default the current team */
  readonly team?: Str;
  /** Static vars for the pipeline. */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** Files of vars. */
  readonly var_files?: readonly Str[];
  /** Instance vars (instanced pipelines). */
  readonly instance_vars?: Readonly<Record<string, unknown>>;
}

/** Configures a pipeline from a file; `name` may be `"self"`. */
export function setPipeline(name: string, props: SetPipelineProps): Step<"set_pipeline"> {
  return makeStep("set_pipeline", name, props);
}

/** Props of `loadVar()` (concourse-spec.md §2.9 load_var). */
export interface LoadVarProps extends StepCommon {
  /** Path to the file, `<artifact>/<path>`. */
  readonly file: Str;
  /** `json`, `yaml`, `yml`, `trim` or `raw`. @default by extension, else "trim" */
  readonly format?: "json" | "yaml" | "yml" | "trim" | "raw";
  /** Show the value in build output. @default false */
  readonly reveal?: boolean;
}

/** Loads a file into the local var `((.:name))` (use `v(".:name")`). */
export function loadVar(name: string, props: LoadVarProps): Step<"load_var"> {
  return makeStep("load_var", name, props);
}

/** Options of `inParallel()`. */
export interface InParallelOptions extends Omit<StepCommon, "fail_fast">, Tagged {
  /** How many steps run at once. @default 0 (all) */
  readonly limit?: number;
  /** Stop the other steps when one fails. @default false */
  readonly fail_fast?: boolean;
  /**
   * `list` renders `in_parallel: [...]`, `object` renders `in_parallel: { steps: [...] }`.
   * @default "object" when `limit` or `fail_fast` is set, else "list"
   */
  readonly form?: "list" | "object";
}

/** Runs steps in parallel. */
export function inParallel(steps: readonly Step[], options: InParallelOptions = {}): Step<"in_parallel"> {
  return makeStep("in_parallel", "", { ...options, steps });
}

/** Runs steps in series, as one step (`do:`). */
export function doSteps(steps: readonly Step[], options: StepCommon & Tagged = {}): Step<"do"> {
  return makeStep("do", "", { ...options, steps });
}

/** Runs a step and carries on even if it fails (`try:`). */
export function tryStep(step: Step, options: StepCommon = {}): Step<"try"> {
  return makeStep("try", "", { ...options, step });
}

/** Props of `runStep()` (experimental; concourse-spec.md §2.9 run). */
export interface RunStepProps extends StepCommon, Tagged {
  /** The prototype that handles the message. */
  readonly type: Prototype;
  /** Params for the message. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Run privileged. @default false */
  readonly privileged?: boolean;
  /** Container limits. */
  readonly container_limits?: ContainerLimits;
}

/** Sends a message to a prototype (experimental `run` step). */
export function runStep(message: string, props: RunStepProps): Step<"run"> {
  return makeStep("run", message, props);
}

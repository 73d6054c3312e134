/**
 * The table of the Concourse pipeline format (concourse-spec.md §1–§2.11): every object, its fields in the order
 * pipegen renders them (the Concourse docs' order), what each holds (`kind`), which are required, and the type the
 * builders take for it (`dsl`, as the importer's shape). Everything else is derived from here: the zod model and
 * the JSON Schema (`src/model/build.ts`), the model's TypeScript types (`src/model/types.ts`), the validator's
 * known-field lists, the renderer's key order and the importer's catalog; the builders' hand-written option types
 * are checked against it (test/model.drift.test-d.ts). Adding a field is one entry here (plus its tests).
 *
 * Plain data, no zod: the validator and the renderer read it at run time without building schemas.
 */
import { freeMap, StrList, strList, StrMap, strMap, type Shape } from "./dsl-shape";

/** What a field holds, as Concourse decodes it. */
export type FieldKind =
  /** A name checked by the identifier rule (§3.4). */
  | "identifier"
  | "string"
  /** A Go duration. */
  | "duration"
  /** A Go duration or `never`. */
  | "checkEvery"
  | "bool"
  | "int"
  | "number"
  /** A list of strings. */
  | "strings"
  /** Worker tags (a list of strings). */
  | "tags"
  /** A free-form map passed through untouched (`source`, `params`, `vars`). */
  | "freeMap"
  /** A map of strings to strings. */
  | "stringMap"
  /** Task params: values of any type, each coerced to a string by Concourse (§5.3). */
  | "taskEnv"
  /** A resource version pin: string, number or boolean values (coerced outside steps). */
  | "resourceVersion"
  | "unknown"
  /** A get step's version: `latest`, `every`, or a version. */
  | "getVersion"
  /** A put step's inputs: `all`, `detect`, or a list of names. */
  | "putInputs"
  /** An across var's `max_in_flight`: a number or `all`. */
  | "maxInFlightOrAll"
  /** Container memory: bytes, or a string such as `1GB`. */
  | "memory"
  /** One step, a list of steps, or `in_parallel`'s list-or-object. */
  | "step"
  | "steps"
  | "inParallel"
  /** A nested object of the table, or a list of them. */
  | { readonly object: ObjectName }
  | { readonly list: ObjectName };

/** The builders' type for a field: a shape, or a nested object of the table (its fields' `dsl` types). */
export type DslType = Shape | { readonly table: ObjectName; readonly list?: true };

export interface FieldSpec {
  readonly kind: FieldKind;
  /** Concourse refuses the object without it. */
  readonly required?: true;
  /** An explicit `null` is part of the model's type (`source: null`). */
  readonly nullable?: true;
  /**
   * The type of the builder option that sets this field; absent when the builders take it another way
   * (a name argument, a resource object, a list of steps…).
   */
  readonly dsl?: DslType;
  /** The wrapper step whose Go struct decodes this modifier (`fail_fast` belongs to `across`). */
  readonly owner?: string;
}

export interface ObjectSpec {
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** Unknown keys are ignored by Concourse (the nested structs of a task config); otherwise they are errors. */
  readonly open?: true;
  /** Keys that the Go struct also decodes although they belong elsewhere in the model (`timeout` in a get step). */
  readonly decodeAlso?: readonly string[];
}

const str = { kind: "string" } as const;
const bool = { kind: "bool", dsl: "boolean" } as const;
const tags = { kind: "tags", dsl: strList } as const;

/** Hooks every step and every job accepts (§2.9 "Modifiers and hooks"), in the order pipegen renders them. */
const hooks = {
  /** Step to run when this one succeeds. */
  on_success: { kind: "step" },
  /** Step to run when this one fails. */
  on_failure: { kind: "step" },
  /** Step to run when the build is aborted during this step. */
  on_abort: { kind: "step" },
  /** Step to run when this step errors. */
  on_error: { kind: "step" },
  /** Step that always runs after this one. */
  ensure: { kind: "step" },
} as const;

const resourceType = {
  fields: {
    /** Type name; may override a core type. */
    name: { kind: "identifier", required: true },
    /** The type of the resource that provides this type's image, usually `registry-image`. */
    type: { kind: "string", required: true },
    /** Source of that image. */
    source: { kind: "freeMap", nullable: true },
    /** Run its containers privileged. @default false */
    privileged: bool,
    /** Get params used to fetch the type's image (e.g. `{ unpack: true }` for s3). */
    params: { kind: "freeMap", dsl: freeMap },
    /** How often to check for a new image: a Go duration or `never`. @default "1m" */
    check_every: { kind: "checkEvery", dsl: "Str" },
    /** Worker tags. */
    tags,
    /** Defaults merged under the `source` of every resource of this type. */
    defaults: { kind: "freeMap", dsl: freeMap },
  },
} as const;

export const FORMAT = {
  /** A Concourse pipeline: the document `fly set-pipeline` takes (§1). */
  pipeline: {
    fields: {
      /** Resource types used by the resources. */
      resource_types: { kind: { list: "resource_type" } },
      /** Resources; each must be used by some get or put. */
      resources: { kind: { list: "resource" } },
      /** Prototypes for `run` steps (experimental). */
      prototypes: { kind: { list: "prototype" } },
      /** Var sources (experimental). */
      var_sources: { kind: { list: "var_source" } },
      /** Jobs; at least one. */
      jobs: { kind: { list: "job" }, required: true },
      /** UI groups; when present, every job must be in one. */
      groups: { kind: { list: "group" } },
      /** UI display settings. */
      display: { kind: { object: "display" } },
      /** Any value, stored and returned verbatim (v8.2.0+). */
      user_data: { kind: "unknown" },
    },
  },

  /** A job: a plan of steps plus scheduling options (§2.1). Its hooks run at the end of the build. */
  job: {
    fields: {
      /** Job name, unique in the pipeline. */
      name: { kind: "identifier", required: true },
      /** Previous name, to keep the build history when renaming. */
      old_name: { kind: "string", dsl: "string" },
      /** Build logs visible without logging in. @default false */
      public: bool,
      /** One build at a time. @default false */
      serial: bool,
      /** Jobs sharing a group run one build at a time across the group. @default [] */
      serial_groups: { kind: "strings", dsl: strList },
      /** Builds running at once. @default 0 (unlimited) */
      max_in_flight: { kind: "int", dsl: "number" },
      /** Which build logs to keep. */
      build_log_retention: { kind: { object: "build_log_retention" }, dsl: { table: "build_log_retention" } },
      /** Deprecated: use `build_log_retention`. */
      build_logs_to_retain: { kind: "int", dsl: "number" },
      /** Forbid manual triggering. @default false */
      disable_manual_trigger: bool,
      /** Forbid re-running builds (v8.1.0+). @default false */
      disable_reruns: bool,
      /** A newer build may abort this one. @default false */
      interruptible: bool,
      /** Worker tags for every step of the job (v8.3.0+). */
      tags,
      /** The steps, run in series. @default [] */
      plan: { kind: "steps" },
      ...hooks,
    },
  },

  /** How many build logs to keep (§2.1.1). */
  build_log_retention: {
    fields: {
      /** Keep the last N builds. @default 0 (all) */
      builds: { kind: "int", dsl: "number" },
      /** Keep builds that finished within N days. @default 0 (all) */
      days: { kind: "int", dsl: "number" },
      /** Always keep at least this many succeeded builds; at most `builds`. @default 0 */
      minimum_succeeded_builds: { kind: "int", dsl: "number" },
    },
  },

  /** A resource: something versioned that jobs get and put (§2.2). */
  resource: {
    fields: {
      /** Resource name, unique among resources. */
      name: { kind: "identifier", required: true },
      /** The resource type: a core type or a name from `resource_types`. */
      type: { kind: "string", required: true },
      /** A Material Design icon name, or `si/<name>`. */
      icon: { kind: "string", dsl: "string" },
      /** The type's configuration. */
      source: { kind: "freeMap", nullable: true },
      /** Previous name, to keep the version history when renaming. */
      old_name: { kind: "string", dsl: "string" },
      /** Pins the resource to this version. */
      version: { kind: "resourceVersion", dsl: { record: { union: ["Str", "number", "boolean"] } } },
      /** How often to check: a Go duration or `never`. @default "1m" */
      check_every: { kind: "checkEvery", dsl: "Str" },
      /** Time limit of a check. @default "1h" */
      check_timeout: { kind: "duration", dsl: "Str" },
      /** Pass the build's creator to the resource. @default false */
      expose_build_created_by: bool,
      /** Worker tags for checks. */
      tags,
      /** Versions and metadata visible without logging in. @default false */
      public: bool,
      /** Token that lets a webhook trigger a check. */
      webhook_token: { kind: "string", dsl: "Str" },
    },
  },

  /** A resource type (§2.3). */
  resource_type: resourceType,
  /** A prototype, used by the experimental `run` step (§2.4): the fields of a resource type. */
  prototype: resourceType,

  /** A tab in the web UI that shows some jobs (§2.5). */
  group: {
    fields: {
      /** Group name, unique. */
      name: { kind: "identifier", required: true },
      /** Job names or globs (`*`, `?`, `[a-z]`, `{a,b}`); each must match a job. */
      jobs: { kind: "strings" },
      /** Resource names shown in the group. */
      resources: { kind: "strings" },
    },
  },

  /** A source of `((name:path))` vars (§2.6). */
  var_source: {
    fields: {
      /** Name used as the prefix in `((name:path))`. */
      name: { kind: "identifier", required: true },
      /** `vault`, `dummy`, `ssm`, `secretsmanager` or `idtoken`. */
      type: { kind: "string", required: true },
      /** The credential manager's configuration. */
      config: { kind: "freeMap", nullable: true },
    },
  },

  /** How the pipeline looks in the web UI (§2.7). */
  display: {
    fields: {
      /** URL of a background image: http, https or relative. */
      background_image: { kind: "string", dsl: "string" },
      /** CSS filter applied to it. @default "opacity(30%) grayscale(100%)" */
      background_filter: { kind: "string", dsl: "string" },
    },
  },

  /** Modifier keys every step accepts (§2.9 "Modifiers and hooks"), in the order pipegen renders them. */
  modifiers: {
    fields: {
      /** Aborts the step after this Go duration. */
      timeout: { kind: "duration", dsl: "Str" },
      /** Retries the step up to this many times in total. @default 1 */
      attempts: { kind: "number", dsl: "number" },
      /** Runs the step once per combination of the listed vars' values. */
      across: { kind: { list: "across_var" }, dsl: { table: "across_var", list: true } },
      /** With `across`: stop at the first failing combination. @default false */
      fail_fast: { ...bool, owner: "across" },
    },
  },

  /** Hooks every step and every job accepts. */
  hooks: { fields: hooks },

  /** One var of an `across` step. Decoded strictly: unknown keys are errors. */
  across_var: {
    fields: {
      /** Name of the local var, used as `((.:name))`. */
      var: { kind: "string", required: true, dsl: "string" },
      /** The values to iterate over: a list, or a `((var))` that resolves to one. */
      values: { kind: "unknown", dsl: { union: [{ list: "unknown" }, "Str"] } },
      /** How many values run at once: a number > 0 or `all`. @default 1 */
      max_in_flight: { kind: "maxInFlightOrAll", dsl: { union: ["number", { oneOf: ["all"] }] } },
    },
  },

  /** `get`: fetches a resource version (§2.9 get). */
  get: {
    fields: {
      /** Artifact name; also the resource name unless `resource` is set. */
      get: { kind: "identifier", required: true },
      /** The resource to fetch. @default the value of `get` */
      resource: str,
      /** `latest`, `every`, or a specific version. @default "latest" */
      version: { kind: "getVersion", dsl: { union: [{ oneOf: ["latest", "every"] }, StrMap] } },
      /** Only versions that passed these jobs (names or globs). */
      passed: { kind: "strings" },
      /** New versions trigger the job. @default false */
      trigger: bool,
      /** Params for the resource's `in` script. */
      params: { kind: "freeMap" },
      /** Worker tags. */
      tags,
    },
    decodeAlso: ["timeout"],
  },

  /** `put`: pushes to a resource, then fetches the new version (§2.9 put). */
  put: {
    fields: {
      /** Step name; also the resource name unless `resource` is set. */
      put: { kind: "identifier", required: true },
      /** The resource to push to. @default the value of `put` */
      resource: str,
      /** Artifacts to send: `all`, `detect`, or a list of names. @default "detect" */
      inputs: { kind: "putInputs", dsl: { union: [{ oneOf: ["all", "detect"] }, strList] } },
      /** Params for the resource's `out` script. */
      params: { kind: "freeMap" },
      /** Params for the implicit get after the put. */
      get_params: { kind: "freeMap" },
      /** Skip the implicit get. @default false */
      no_get: bool,
      /** Worker tags. */
      tags,
    },
    decodeAlso: ["timeout"],
  },

  /** `task`: runs a task, from an inline `config` or a `file` (§2.9 task). */
  task: {
    fields: {
      /** Task name. */
      task: { kind: "identifier", required: true },
      /** Artifact to use as the image, overriding `image_resource`. */
      image: { kind: "string", dsl: "string" },
      /** Run the container privileged. @default false */
      privileged: bool,
      /** No network access (containerd runtime only). @default false */
      hermetic: bool,
      /** Path to a task file inside an artifact, `<artifact>/<path>`. */
      file: { kind: "string", dsl: "Str" },
      /** Inline task config. Exactly one of `config` and `file`. */
      config: { kind: { object: "task_config" } },
      /** Vars for a task `file`. */
      vars: { kind: "freeMap", dsl: freeMap },
      /** Environment values; every value becomes a string. */
      params: { kind: "taskEnv", dsl: freeMap },
      /** Maps the task's input names to artifact names. */
      input_mapping: { kind: "stringMap", dsl: strMap },
      /** Maps the task's output names to artifact names. */
      output_mapping: { kind: "stringMap", dsl: strMap },
      /** Overrides the config's container limits. */
      container_limits: { kind: { object: "container_limits" }, dsl: { table: "container_limits" } },
      /** Worker tags. */
      tags,
    },
    decodeAlso: ["timeout"],
  },

  /** `set_pipeline`: configures a pipeline from a file (§2.9 set_pipeline). */
  set_pipeline: {
    fields: {
      /** Pipeline name, or `self`. */
      set_pipeline: { kind: "identifier", required: true },
      /** Path to the pipeline config, `<artifact>/<path>`. Required. */
      file: { kind: "string", required: true, dsl: "Str" },
      /** Team to set the pipeline in. @default the current team */
      team: { kind: "string", dsl: "Str" },
      /** Static vars. */
      vars: { kind: "freeMap", dsl: freeMap },
      /** Files of vars. */
      var_files: { kind: "strings", dsl: StrList },
      /** Instance vars (instanced pipelines). */
      instance_vars: { kind: "freeMap", dsl: freeMap },
    },
  },

  /** `load_var`: loads a file's content as a local var `((.:name))` (§2.9 load_var). */
  load_var: {
    fields: {
      /** Var name. */
      load_var: { kind: "identifier", required: true },
      /** Path to the file, `<artifact>/<path>`. Required. */
      file: { kind: "string", required: true, dsl: "Str" },
      /** `json`, `yaml`, `yml`, `trim` or `raw`. @default by extension, else "trim" */
      format: { kind: "string", dsl: { oneOf: ["json", "yaml", "yml", "trim", "raw"] } },
      /** Show the value in build output. @default false */
      reveal: bool,
    },
  },

  /** `in_parallel`: runs steps in parallel (§2.9 in_parallel). */
  in_parallel: {
    fields: {
      /** The steps, or `{ steps, limit, fail_fast }`. */
      in_parallel: { kind: "inParallel", required: true },
      /** Worker tags inherited by the children (v8.3.0+). */
      tags,
    },
  },

  /** `in_parallel` in its object form. Unknown keys are ignored by Concourse. */
  in_parallel_config: {
    fields: {
      /** Steps to run in parallel. */
      steps: { kind: "steps" },
      /** How many at once. @default 0 (unlimited) */
      limit: { kind: "number", dsl: "number" },
      /** Stop the others when one fails. @default false */
      fail_fast: bool,
    },
    open: true,
  },

  /** `do`: runs steps in series (§2.9 do). */
  do: {
    fields: {
      /** The steps. */
      do: { kind: "steps", required: true },
      /** Worker tags inherited by the children (v8.3.0+). */
      tags,
    },
  },

  /** `try`: runs a step and ignores its failure (§2.9 try). */
  try: {
    fields: {
      /** The step to try. */
      try: { kind: "step", required: true },
    },
  },

  /** `run` (experimental): runs a message of a prototype (§2.9 run). */
  run: {
    fields: {
      /** The message to send to the prototype. */
      run: { kind: "identifier", required: true },
      /** Name of the prototype. Required. */
      type: { kind: "string", required: true },
      /** Params for the message. */
      params: { kind: "freeMap", dsl: freeMap },
      /** Run privileged. @default false */
      privileged: bool,
      /** Container limits. */
      container_limits: { kind: { object: "container_limits" }, dsl: { table: "container_limits" } },
      /** Worker tags. */
      tags,
    },
    decodeAlso: ["timeout"],
  },

  /** A task's configuration, inline (`config:`) or in a task file (§2.10). Unknown top-level keys are errors. */
  task_config: {
    fields: {
      /** `linux`, `darwin` or `windows`. Required. */
      platform: { kind: "string", required: true, dsl: "Str" },
      /** The image to run in, as an anonymous resource. */
      image_resource: { kind: { object: "image_resource" } },
      /** A raw rootfs URI: an alternative to `image_resource`. */
      rootfs_uri: { kind: "string", dsl: "Str" },
      /** Artifacts the task expects. @default [] */
      inputs: { kind: { list: "task_input" }, dsl: { table: "task_input", list: true } },
      /** Artifacts the task produces. @default [] */
      outputs: { kind: { list: "task_output" }, dsl: { table: "task_output", list: true } },
      /** Directories cached between runs. @default [] */
      caches: { kind: { list: "task_cache" }, dsl: { table: "task_cache", list: true } },
      /** Environment variables; every value becomes a string. */
      params: { kind: "taskEnv", dsl: freeMap },
      /** The command to run. */
      run: { kind: { object: "task_run" }, dsl: { table: "task_run" } },
      /** Default CPU and memory limits. */
      container_limits: { kind: { object: "container_limits" }, dsl: { table: "container_limits" } },
    },
  },

  /** Limits applied to the task's container (§2.11). */
  container_limits: {
    fields: {
      /** CPU shares; 0 means unlimited. */
      cpu: { kind: "number", dsl: "number" },
      /** Memory in bytes, or a string such as `1GB`, `512Mi`; 0 means unlimited. */
      memory: { kind: "memory", dsl: { union: ["number", "string"] } },
    },
    open: true,
  },

  /** The anonymous resource that provides the task's image (`image_resource`). */
  image_resource: {
    fields: {
      /** The resource type, e.g. `registry-image` or `s3`. */
      type: { kind: "string", required: true, dsl: "Str" },
      /** The resource's source configuration. */
      source: { kind: "freeMap", required: true, dsl: freeMap },
      /** Pins the image to a version; values must be strings. */
      version: { kind: "stringMap", dsl: StrMap },
      /** Get params used to fetch the image, e.g. `{ unpack: true }` for an s3 image. */
      params: { kind: "freeMap", dsl: freeMap },
      /** Worker tags for fetching the image. */
      tags,
      /** Tolerated by Concourse; always `image` internally. */
      name: { kind: "string", dsl: "Str" },
    },
    open: true,
  },

  /** An artifact the task expects (`inputs[]`). */
  task_input: {
    fields: {
      /** Name of the artifact. */
      name: { kind: "string", required: true, dsl: "Str" },
      /** Where to place it in the working directory. @default the name */
      path: { kind: "string", dsl: "Str" },
      /** The task runs even when the artifact is missing. @default false */
      optional: bool,
    },
    open: true,
  },

  /** An artifact the task produces (`outputs[]`). */
  task_output: {
    fields: {
      /** Name of the artifact. */
      name: { kind: "string", required: true, dsl: "Str" },
      /** Directory the task writes into. @default the name */
      path: { kind: "string", dsl: "Str" },
    },
    open: true,
  },

  /** A directory cached between runs of the task on one worker (`caches[]`). */
  task_cache: {
    fields: {
      /** Path relative to the working directory. */
      path: { kind: "string", required: true, dsl: "Str" },
      /** How long the cache is kept, at least `1s` (v8.2.0+). */
      ttl: { kind: "duration", dsl: "Str" },
    },
    open: true,
  },

  /** The command the task runs (`run`). */
  task_run: {
    fields: {
      /** Executable to run; optional since Concourse 8 (the image's entrypoint is used). */
      path: { kind: "string", dsl: "Str" },
      /** Arguments. */
      args: { kind: "strings", dsl: StrList },
      /** Working directory. */
      dir: { kind: "string", dsl: "Str" },
      /** User to run as. @default the image's user */
      user: { kind: "string", dsl: "Str" },
    },
    open: true,
  },
} as const satisfies Record<string, ObjectSpec>;

/** The objects of the table. */
export type ObjectName =
  | "pipeline"
  | "job"
  | "build_log_retention"
  | "resource"
  | "resource_type"
  | "prototype"
  | "group"
  | "var_source"
  | "display"
  | "modifiers"
  | "hooks"
  | "across_var"
  | "get"
  | "put"
  | "task"
  | "set_pipeline"
  | "load_var"
  | "in_parallel"
  | "in_parallel_config"
  | "do"
  | "try"
  | "run"
  | "task_config"
  | "container_limits"
  | "image_resource"
  | "task_input"
  | "task_output"
  | "task_cache"
  | "task_run";

export type Format = typeof FORMAT;
// ObjectName names exactly the table's objects (it cannot be `keyof Format`: the kinds that refer to objects are
// part of the table's own type); a compile error here means one list lacks a name of the other
const objectNamesMatch: [ObjectName, keyof Format] extends [keyof Format, ObjectName] ? true : false = true;
void objectNamesMatch;

/** The field names of an object, in the table's (render) order. Lists are made once, at module load. */
// (plain arrays, not frozen: V8's fast paths for `includes` and indexed loads are for ordinary arrays)
export const FIELDS = Object.fromEntries(Object.entries(FORMAT).map(([name, spec]) => [name, Object.keys(spec.fields)])) as unknown as {
  readonly [N in ObjectName]: readonly (keyof Format[N]["fields"] & string)[];
};

/** Hook names (`on_success`, `on_failure`, `on_abort`, `on_error`, `ensure`), in render order. */
export const HOOKS = FIELDS.hooks;
export type HookName = (typeof HOOKS)[number];

/** Step modifier names (`timeout`, `attempts`, `across`, `fail_fast`), in render order. */
export const MODIFIERS = FIELDS.modifiers;
export type ModifierName = (typeof MODIFIERS)[number];

/** Top-level keys, in the order pipegen renders them. */
export const PIPELINE_KEYS = FIELDS.pipeline;

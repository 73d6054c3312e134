// Drift tests: the builders' option types (src/dsl, written out by hand for their documentation and their typed
// references) against the field table (src/model/format.ts). A field added to the table without its builder
// option, or an option the table does not know, fails here.
import { describe, expectTypeOf, it } from "vitest";
import type { Format, HookName, ModifierName, ObjectName } from "../src/model/format";
import type { JobProps, GroupProps } from "../src/dsl/job";
import type { PipelineProps } from "../src/dsl/pipeline";
import type { ResourceOptions, ResourceTypeProps } from "../src/dsl/resource";
import type {
  AcrossVar,
  GetOptions,
  InParallelOptions,
  LoadVarProps,
  PutOptions,
  RunStepProps,
  SetPipelineProps,
  StepCommon,
  Tagged,
  TaskConfigSpec,
  TaskProps,
} from "../src/dsl/steps";

type Fields<N extends ObjectName> = Format[N]["fields"];
/** The fields of a table object. */
type Keys<N extends ObjectName> = keyof Fields<N>;
/** The fields a builder takes as an option of the table's type (`dsl`). */
type DslKeys<N extends ObjectName> = { [K in keyof Fields<N>]: Fields<N>[K] extends { readonly dsl: unknown } ? K : never }[keyof Fields<N>];
type Common = ModifierName | HookName;

describe("the builders' option types follow the field table", () => {
  it("pipeline, jobs, groups, resources, resource types", () => {
    expectTypeOf<keyof PipelineProps>().toEqualTypeOf<Keys<"pipeline">>();
    // a job's name is the first argument of job()
    expectTypeOf<keyof JobProps>().toEqualTypeOf<Exclude<Keys<"job">, "name">>();
    expectTypeOf<keyof JobProps>().toEqualTypeOf<DslKeys<"job"> | "plan" | HookName>();
    expectTypeOf<keyof GroupProps>().toEqualTypeOf<Exclude<Keys<"group">, "name">>();
    // a resource's name is an argument, its type and source are the builder's own parameters
    expectTypeOf<keyof ResourceOptions>().toEqualTypeOf<DslKeys<"resource">>();
    expectTypeOf<keyof ResourceOptions>().toEqualTypeOf<Exclude<Keys<"resource">, "name" | "type" | "source">>();
    expectTypeOf<keyof ResourceTypeProps>().toEqualTypeOf<Exclude<Keys<"resource_type">, "name">>();
    expectTypeOf<keyof ResourceTypeProps>().toEqualTypeOf<DslKeys<"resource_type"> | "type" | "source">();
  });

  it("step modifiers and hooks", () => {
    expectTypeOf<keyof StepCommon>().toEqualTypeOf<Common>();
    expectTypeOf<DslKeys<"modifiers">>().toEqualTypeOf<ModifierName>();
    expectTypeOf<keyof AcrossVar>().toEqualTypeOf<DslKeys<"across_var">>();
    expectTypeOf<keyof Tagged>().toEqualTypeOf<"tags">();
  });

  it("each step builder", () => {
    // the step's own key is the builder's name argument; `as` renames a get or put; passed, params and get_params
    // are typed by the resource
    expectTypeOf<keyof GetOptions>().toEqualTypeOf<Common | DslKeys<"get"> | "as" | "passed" | "params">();
    expectTypeOf<keyof GetOptions>().toEqualTypeOf<Common | Exclude<Keys<"get">, "get" | "resource"> | "as">();
    expectTypeOf<keyof PutOptions>().toEqualTypeOf<Common | DslKeys<"put"> | "as" | "params" | "get_params">();
    expectTypeOf<keyof PutOptions>().toEqualTypeOf<Common | Exclude<Keys<"put">, "put" | "resource"> | "as">();
    expectTypeOf<keyof TaskProps>().toEqualTypeOf<Common | DslKeys<"task"> | "config">();
    expectTypeOf<keyof TaskProps>().toEqualTypeOf<Common | Exclude<Keys<"task">, "task">>();
    expectTypeOf<keyof SetPipelineProps>().toEqualTypeOf<Common | DslKeys<"set_pipeline">>();
    expectTypeOf<keyof SetPipelineProps>().toEqualTypeOf<Common | Exclude<Keys<"set_pipeline">, "set_pipeline">>();
    expectTypeOf<keyof LoadVarProps>().toEqualTypeOf<Common | DslKeys<"load_var">>();
    expectTypeOf<keyof LoadVarProps>().toEqualTypeOf<Common | Exclude<Keys<"load_var">, "load_var">>();
    // in_parallel: the steps are an argument; `form` picks the list or the object form
    expectTypeOf<keyof InParallelOptions>().toEqualTypeOf<Common | DslKeys<"in_parallel"> | DslKeys<"in_parallel_config"> | "form">();
    // run: `type` is the prototype object
    expectTypeOf<keyof RunStepProps>().toEqualTypeOf<Common | DslKeys<"run"> | "type">();
    expectTypeOf<keyof RunStepProps>().toEqualTypeOf<Common | Exclude<Keys<"run">, "run">>();
  });

  it("task configs", () => {
    expectTypeOf<keyof TaskConfigSpec>().toEqualTypeOf<Keys<"task_config">>();
    expectTypeOf<keyof TaskConfigSpec>().toEqualTypeOf<DslKeys<"task_config"> | "image_resource">();
  });
});

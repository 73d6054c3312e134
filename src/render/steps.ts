/**
 * Converts step builders to Concourse step objects, with keys in the order the Concourse docs use
 * (the step's own key first, then its fields, then modifiers, then hooks).
 */
import { isAnonymousImage } from "../dsl/image";
import { isGlob, isJob, type Glob, type Job } from "../dsl/job";
import { isPrototype, isResource, isResourceType, type Resource, type ResourceSpec } from "../dsl/resource";
import { isStep, type Step, type TaskConfigSpec, type TaskProps } from "../dsl/steps";
import { at, type Path, type RenderContext } from "./context";
import { addFields, fieldPlan, NO_PROPS, type FieldPlan } from "./fields";
import { FIELDS, HOOKS, MODIFIERS } from "../model/format";
import type { StepKind } from "../model/step-kinds";
import type { SiteOwner } from "./context";
import type { UsedObjects } from "./collect";
import { isObject } from "../object";

export interface StepEnv {
  readonly ctx: RenderContext;
  readonly used: UsedObjects;
  /** The jobs of the pipeline, for `passed:` checks. */
  readonly jobs: ReadonlySet<Job>;
}

/** Converts one step (and, recursively, its children and hooks). */
export function stepToConfig(step: unknown, path: Path, env: StepEnv, site?: SiteOwner): Record<string, unknown> {
  const { ctx } = env;
  if (!isStep(step)) {
    ctx.report("dsl/not-a-step", "error", path, `expected a step made by get(), put(), task(), … but got ${describe(step)}`, site);
    return {};
  }
  const p = step.props as Record<string, unknown>;
  // the fields the renderer computes, in the order of the kind's plan (STEP_PLANS)
  let computed: unknown[];
  switch (step.kind) {
    case "get":
      computed = getFields(step, path, env);
      break;
    case "put":
      computed = putFields(step, path, env);
      break;
    case "task":
      computed = taskFields(step, path, env);
      break;
    case "set_pipeline":
      computed = [step.name];
      break;
    case "load_var":
      computed = [step.name];
      break;
    case "in_parallel": {
      const objectForm = p.form === "object" || (p.form !== "list" && (p.limit !== undefined || p.fail_fast !== undefined));
      if (objectForm) {
        const kids = childSteps(p.steps, at(path, "in_parallel", "steps"), env, step);
        computed = [addFields({}, IN_PARALLEL_CONFIG_PLAN, [kids], p, ctx, path, step)];
      } else {
        computed = [childSteps(p.steps, at(path, "in_parallel"), env, step)];
      }
      break;
    }
    case "do":
      computed = [childSteps(p.steps, at(path, "do"), env, step)];
      break;
    case "try":
      computed = [stepToConfig(p.step, at(path, "try"), env, step)];
      break;
    case "run": {
      const proto = p.type;
      let typeName: unknown = proto;
      if (isPrototype(proto)) {
        env.used.prototypes.add(proto, at(path, "type"));
        typeName = proto.name;
      } else {
        ctx.report("dsl/missing-prototype", "error", at(path, "type"), `runStep '${step.name}' needs a prototype made by prototype()`, step);
      }
      computed = [step.name, typeName];
      break;
    }
  }
  // the step's own fields and the modifiers (one plan), then the hooks: the table's order
  const out = addFields({}, STEP_PLANS[step.kind], computed, p, ctx, path, step);
  addHooks(out, p, path, env, step);
  return ctx.mark(out, step);
}

/** A step kind's own fields then the modifiers; `computed` are the fields the renderer computes, in that order. */
function stepPlan(kind: StepKind, computed: readonly string[]): FieldPlan {
  return fieldPlan([...FIELDS[kind], ...MODIFIERS], computed);
}

/** Per step kind, the fields the renderer computes (the rest are the builder's options as given). */
const STEP_PLANS: Readonly<Record<StepKind, FieldPlan>> = {
  get: stepPlan("get", ["get", "resource", "passed", "params"]),
  put: stepPlan("put", ["put", "resource", "get_params"]),
  task: stepPlan("task", ["task", "image", "config"]),
  set_pipeline: stepPlan("set_pipeline", ["set_pipeline"]),
  load_var: stepPlan("load_var", ["load_var"]),
  // in_parallel's own fail_fast lives inside its object form: the modifier is left out (computed, never given)
  in_parallel: stepPlan("in_parallel", ["in_parallel", "fail_fast"]),
  do: stepPlan("do", ["do"]),
  try: stepPlan("try", ["try"]),
  run: stepPlan("run", ["run", "type"]),
};
const IN_PARALLEL_CONFIG_PLAN = fieldPlan(FIELDS.in_parallel_config, ["steps"]);

/** Step or job hooks, in the docs' order. */
export function addHooks(out: Record<string, unknown>, p: Record<string, unknown>, path: Path, env: StepEnv, owner: SiteOwner): void {
  for (let i = 0; i < HOOKS.length; i++) {
    const hook = HOOKS[i]!;
    if (p[hook] !== undefined) out[hook] = stepToConfig(p[hook], at(path, hook), env, owner);
  }
}

function childSteps(steps: unknown, path: Path, env: StepEnv, site?: SiteOwner): Record<string, unknown>[] {
  if (!Array.isArray(steps)) {
    env.ctx.report("dsl/not-a-step-list", "error", path, `expected a list of steps but got ${describe(steps)}`, site);
    return [];
  }
  const out: Record<string, unknown>[] = new Array(steps.length);
  for (let i = 0; i < steps.length; i++) out[i] = stepToConfig(steps[i], at(path, i), env, site);
  return out;
}

function resourceOf(step: Step, path: Path, env: StepEnv): Resource<ResourceSpec> | undefined {
  const res = step.resource;
  if (!isResource(res)) {
    env.ctx.report(
      "dsl/missing-resource",
      "error",
      at(path, step.kind),
      `${step.kind}() needs a resource made by resource(), git(), s3(), … but got ${describe(res)}`,
      step,
    );
    return undefined;
  }
  env.used.useResource(res, at(path, step.kind));
  return res;
}

/** The fields of a get step the renderer computes, in STEP_PLANS.get's order. */
function getFields(step: Step, path: Path, env: StepEnv): unknown[] {
  const { ctx } = env;
  const p = step.props as Record<string, unknown>;
  const res = resourceOf(step, path, env);
  const params = mergeParams(res?.defaultGetParams, p.params);
  return [
    step.name,
    res && (p.as !== undefined || res.name !== step.name) ? res.name : undefined,
    passedNames(p.passed, at(path, "passed"), env, step),
    ctx.val(params, path, "params", step),
  ];
}

function putFields(step: Step, path: Path, env: StepEnv): unknown[] {
  const { ctx } = env;
  const p = step.props as Record<string, unknown>;
  const res = resourceOf(step, path, env);
  return [
    step.name,
    res && (p.as !== undefined || res.name !== step.name) ? res.name : undefined,
    ctx.val(mergeParams(res?.defaultGetParams, p.get_params), path, "get_params", step),
  ];
}

/** Default get params of a resource (e.g. s3Image's `unpack: true`) go under the step's own params. */
function mergeParams(defaults: Readonly<Record<string, unknown>> | undefined, params: unknown): unknown {
  if (!defaults) return params;
  if (params === undefined) return { ...defaults };
  if (isObject(params)) return { ...defaults, ...params };
  return params;
}

function passedNames(passed: unknown, path: Path, env: StepEnv, site?: SiteOwner): unknown {
  if (passed === undefined) return undefined;
  if (!Array.isArray(passed)) {
    env.ctx.report("dsl/passed-not-a-list", "error", path, `passed: expects a list of jobs but got ${describe(passed)}`, site);
    return undefined;
  }
  return passed.map((item: unknown, i: number) => {
    if (isJob(item)) {
      if (!env.jobs.has(item)) {
        env.ctx.report(
          "dsl/passed-job-not-in-pipeline",
          "error",
          at(path, i),
          `passed: refers to job '${item.name}', which is not in this pipeline's jobs`,
          site,
          "add the job to pipeline({ jobs: [...] })",
        );
      }
      return item.name;
    }
    if (isGlob(item)) return (item as Glob).pattern;
    env.ctx.report("dsl/passed-not-a-job", "error", at(path, i), `passed: expects job objects (or glob("pattern")) but got ${describe(item)}`, site);
    return typeof item === "string" ? item : null;
  });
}

function taskFields(step: Step, path: Path, env: StepEnv): unknown[] {
  const { ctx } = env;
  const p = step.props as TaskProps & Record<string, unknown>;
  let imageName: unknown = p.image;
  if (isResource(p.image)) imageName = p.image.name;
  else if (p.image !== undefined && typeof p.image !== "string") {
    ctx.report(
      "dsl/invalid-task-image",
      "error",
      at(path, "image"),
      `image: expects a resource or an artifact name but got ${describe(p.image)}`,
      step,
      "for an image_resource (s3Image(...), image(...)), put it in config.image_resource",
    );
  }
  return [step.name, imageName, p.config === undefined ? undefined : taskConfigToConfig(p.config, at(path, "config"), env, step)];
}

const INPUT_ORDER = FIELDS.task_input;
const OUTPUT_ORDER = FIELDS.task_output;
const RUN_ORDER = FIELDS.task_run;
const TASK_CONFIG_KEYS: ReadonlySet<string> = new Set(FIELDS.task_config);
const TASK_CONFIG_PLAN = fieldPlan(FIELDS.task_config, ["image_resource", "inputs", "outputs", "run"]);
// an image_resource made from a resource object: its type, source, version and get params (no tags, no name)
const IMAGE_FROM_RESOURCE_PLAN = fieldPlan(FIELDS.image_resource, ["type", "source", "version", "params", "tags", "name"]);
const RAW_IMAGE_PLAN = fieldPlan(FIELDS.image_resource, ["type"]);

/** Converts a task config (inline, or for a task file) with keys in the docs' order. */
export function taskConfigToConfig(config: TaskConfigSpec, path: Path, env: Pick<StepEnv, "ctx" | "used">, site?: SiteOwner): Record<string, unknown> {
  const { ctx } = env;
  if (!isObject(config)) {
    ctx.report(
      "dsl/config-not-an-object",
      "error",
      path,
      `config: expects a task config object ({ platform, run, … }) but got ${describe(config)}`,
      site,
      "to use a task file, give file: instead",
    );
    return ctx.plain(config, path, site) as Record<string, unknown>;
  }
  const c = config as TaskConfigSpec & Record<string, unknown>;
  const computed = [
    imageResource(c.image_resource, at(path, "image_resource"), env, site),
    artifacts(c.inputs, at(path, "inputs"), ctx, site, INPUT_ORDER),
    artifacts(c.outputs, at(path, "outputs"), ctx, site, OUTPUT_ORDER),
    c.run === undefined ? undefined : orderedPlain(c.run as Record<string, unknown>, RUN_ORDER, at(path, "run"), ctx, site),
  ];
  const out = addFields({}, TASK_CONFIG_PLAN, computed, c, ctx, path, site);
  // unknown keys are kept so the validator reports them as Concourse would
  const keys = Object.keys(c);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (!TASK_CONFIG_KEYS.has(k) && c[k] !== undefined) out[k] = ctx.plain(c[k], at(path, k), site);
  }
  return ctx.mark(out, site);
}

function imageResource(value: unknown, path: Path, env: Pick<StepEnv, "ctx" | "used">, site?: SiteOwner): unknown {
  const { ctx } = env;
  if (value === undefined) return undefined;
  if (isResource(value)) {
    // an anonymous copy of the resource: the pipeline's resources list is not involved
    let type: unknown = value.type;
    if (isResourceType(value.type)) {
      env.used.useResourceType(value.type, path);
      type = value.type.name;
    }
    const computed = [
      type,
      ctx.val(value.source ?? {}, path, "source", value),
      ctx.val(value.options.version, path, "version", value),
      ctx.val(value.defaultGetParams, path, "params", value),
    ];
    return ctx.mark(addFields({}, IMAGE_FROM_RESOURCE_PLAN, computed, NO_PROPS, ctx, path, value), value);
  }
  const raw = (isAnonymousImage(value) ? value.props : value) as Record<string, unknown>;
  const imgSite = isAnonymousImage(value) ? value : site;
  let type: unknown = raw.type;
  if (isResourceType(raw.type)) {
    env.used.useResourceType(raw.type, path);
    type = raw.type.name;
  }
  return ctx.mark(addFields({}, RAW_IMAGE_PLAN, [ctx.val(type, path, "type", imgSite)], raw, ctx, path, imgSite), imgSite);
}

function artifacts(list: unknown, path: Path, ctx: RenderContext, site: SiteOwner | undefined, order: readonly string[]): unknown {
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) return ctx.plain(list, path, site);
  const out: unknown[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const item: unknown = list[i];
    out[i] = typeof item === "string" ? { name: item } : orderedPlain(item as Record<string, unknown>, order, at(path, i), ctx, site);
  }
  return out;
}

/** A plain object with the keys of `order` first, in that order, then the others. */
function orderedPlain(obj: Record<string, unknown>, order: readonly string[], path: Path, ctx: RenderContext, site?: SiteOwner): unknown {
  if (!isObject(obj)) return ctx.plain(obj, path, site);
  const out: Record<string, unknown> = {};
  for (let i = 0; i < order.length; i++) {
    const k = order[i]!;
    if (k in obj) add(out, k, ctx.val(obj[k], path, k, site));
  }
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (!order.includes(k)) add(out, k, ctx.val(obj[k], path, k, site));
  }
  return out;
}

function add(out: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) out[key] = value;
}

export function describe(x: unknown): string {
  if (x === undefined) return "undefined";
  if (x === null) return "null";
  if (typeof x === "string") return `the string '${x}'`;
  if (Array.isArray(x)) return "a list";
  if (typeof x === "object") return isJob(x) ? `job '${(x as Job).name}'` : "an object";
  return `a ${typeof x}`;
}

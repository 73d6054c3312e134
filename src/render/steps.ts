/**
 * Converts step builders to Concourse step objects, with keys in the order the Concourse docs use
 * (the step's own key first, then its fields, then modifiers, then hooks).
 */
import { isAnonymousImage } from "../dsl/image";
import { isGlob, isJob, type Glob, type Job } from "../dsl/job";
import { isPrototype, isResource, isResourceType, type Resource, type ResourceSpec } from "../dsl/resource";
import { isStep, type Step, type TaskConfigSpec, type TaskProps } from "../dsl/steps";
import { addOrdered, at, ordered, type Path, type RenderContext } from "./context";
import type { SiteOwner } from "./context";
import type { UsedObjects } from "./collect";
import { isObject } from "../object";

export interface StepEnv {
  readonly ctx: RenderContext;
  readonly used: UsedObjects;
  /** The jobs of the pipeline, for `passed:` checks. */
  readonly jobs: ReadonlySet<Job>;
}

const HOOKS = ["on_success", "on_failure", "on_abort", "on_error", "ensure"] as const;

/** Converts one step (and, recursively, its children and hooks). */
export function stepToConfig(step: unknown, path: Path, env: StepEnv, site?: SiteOwner): Record<string, unknown> {
  const { ctx } = env;
  if (!isStep(step)) {
    ctx.report("dsl/not-a-step", "error", path, `expected a step made by get(), put(), task(), … but got ${describe(step)}`, site);
    return {};
  }
  const p = step.props as Record<string, unknown>;
  let own: unknown[];
  switch (step.kind) {
    case "get":
      own = getFields(step, path, env);
      break;
    case "put":
      own = putFields(step, path, env);
      break;
    case "task":
      own = taskFields(step, path, env);
      break;
    case "set_pipeline":
      own = [
        "set_pipeline",
        step.name,
        "file",
        ctx.val(p.file, path, "file", step),
        "team",
        ctx.val(p.team, path, "team", step),
        "vars",
        ctx.val(p.vars, path, "vars", step),
        "var_files",
        ctx.val(p.var_files, path, "var_files", step),
        "instance_vars",
        ctx.val(p.instance_vars, path, "instance_vars", step),
      ];
      break;
    case "load_var":
      own = ["load_var", step.name, "file", ctx.val(p.file, path, "file", step), "format", ctx.val(p.format, path, "format", step), "reveal", p.reveal];
      break;
    case "in_parallel": {
      const objectForm = p.form === "object" || (p.form !== "list" && (p.limit !== undefined || p.fail_fast !== undefined));
      if (objectForm) {
        const kids = childSteps(p.steps, at(path, "in_parallel", "steps"), env, step);
        own = [
          "in_parallel",
          ordered("steps", kids, "limit", ctx.val(p.limit, path, "limit", step), "fail_fast", ctx.val(p.fail_fast, path, "fail_fast", step)),
          "tags",
          ctx.val(p.tags, path, "tags", step),
        ];
      } else {
        own = ["in_parallel", childSteps(p.steps, at(path, "in_parallel"), env, step), "tags", ctx.val(p.tags, path, "tags", step)];
      }
      break;
    }
    case "do":
      own = ["do", childSteps(p.steps, at(path, "do"), env, step), "tags", ctx.val(p.tags, path, "tags", step)];
      break;
    case "try":
      own = ["try", stepToConfig(p.step, at(path, "try"), env, step)];
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
      own = [
        "run",
        step.name,
        "type",
        typeName,
        "params",
        ctx.val(p.params, path, "params", step),
        "privileged",
        ctx.val(p.privileged, path, "privileged", step),
        "container_limits",
        ctx.val(p.container_limits, path, "container_limits", step),
        "tags",
        ctx.val(p.tags, path, "tags", step),
      ];
      break;
    }
  }
  const out = addOrdered({}, own);
  addOrdered(out, [
    "timeout",
    ctx.val(p.timeout, path, "timeout", step),
    "attempts",
    ctx.val(p.attempts, path, "attempts", step),
    "across",
    ctx.val(p.across, path, "across", step),
    // in_parallel's own fail_fast lives inside its object form
    "fail_fast",
    step.kind === "in_parallel" ? undefined : p.fail_fast,
  ]);
  addHooks(out, p, path, env, step);
  return ctx.mark(out, step);
}

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

function getFields(step: Step, path: Path, env: StepEnv): unknown[] {
  const { ctx } = env;
  const p = step.props as Record<string, unknown>;
  const res = resourceOf(step, path, env);
  const params = mergeParams(res?.defaultGetParams, p.params);
  return [
    "get",
    step.name,
    "resource",
    res && (p.as !== undefined || res.name !== step.name) ? res.name : undefined,
    "version",
    ctx.val(p.version, path, "version", step),
    "passed",
    passedNames(p.passed, at(path, "passed"), env, step),
    "trigger",
    ctx.val(p.trigger, path, "trigger", step),
    "params",
    ctx.val(params, path, "params", step),
    "tags",
    ctx.val(p.tags, path, "tags", step),
  ];
}

function putFields(step: Step, path: Path, env: StepEnv): unknown[] {
  const { ctx } = env;
  const p = step.props as Record<string, unknown>;
  const res = resourceOf(step, path, env);
  return [
    "put",
    step.name,
    "resource",
    res && (p.as !== undefined || res.name !== step.name) ? res.name : undefined,
    "inputs",
    ctx.val(p.inputs, path, "inputs", step),
    "params",
    ctx.val(p.params, path, "params", step),
    "get_params",
    ctx.val(mergeParams(res?.defaultGetParams, p.get_params), path, "get_params", step),
    "no_get",
    ctx.val(p.no_get, path, "no_get", step),
    "tags",
    ctx.val(p.tags, path, "tags", step),
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
  return [
    "task",
    step.name,
    "image",
    imageName,
    "privileged",
    ctx.val(p.privileged, path, "privileged", step),
    "hermetic",
    ctx.val(p.hermetic, path, "hermetic", step),
    "file",
    ctx.val(p.file, path, "file", step),
    "config",
    p.config === undefined ? undefined : taskConfigToConfig(p.config, at(path, "config"), env, step),
    "vars",
    ctx.val(p.vars, path, "vars", step),
    "params",
    ctx.val(p.params, path, "params", step),
    "input_mapping",
    ctx.val(p.input_mapping, path, "input_mapping", step),
    "output_mapping",
    ctx.val(p.output_mapping, path, "output_mapping", step),
    "container_limits",
    ctx.val(p.container_limits, path, "container_limits", step),
    "tags",
    ctx.val(p.tags, path, "tags", step),
  ];
}

const INPUT_ORDER = ["name", "path", "optional"];
const OUTPUT_ORDER = ["name", "path"];
const RUN_ORDER = ["path", "args", "dir", "user"];
const TASK_CONFIG_KEYS = new Set(["platform", "image_resource", "rootfs_uri", "inputs", "outputs", "caches", "params", "run", "container_limits"]);

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
  const out = ordered(
    "platform",
    ctx.val(c.platform, path, "platform", site),
    "image_resource",
    imageResource(c.image_resource, at(path, "image_resource"), env, site),
    "rootfs_uri",
    ctx.val(c.rootfs_uri, path, "rootfs_uri", site),
    "inputs",
    artifacts(c.inputs, at(path, "inputs"), ctx, site, INPUT_ORDER),
    "outputs",
    artifacts(c.outputs, at(path, "outputs"), ctx, site, OUTPUT_ORDER),
    "caches",
    ctx.val(c.caches, path, "caches", site),
    "params",
    ctx.val(c.params, path, "params", site),
    "run",
    c.run === undefined ? undefined : orderedPlain(c.run as Record<string, unknown>, RUN_ORDER, at(path, "run"), ctx, site),
    "container_limits",
    ctx.val(c.container_limits, path, "container_limits", site),
  );
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
    return ctx.mark(
      ordered(
        "type",
        type,
        "source",
        ctx.val(value.source ?? {}, path, "source", value),
        "version",
        ctx.val(value.options.version, path, "version", value),
        "params",
        ctx.val(value.defaultGetParams, path, "params", value),
      ),
      value,
    );
  }
  const raw = (isAnonymousImage(value) ? value.props : value) as Record<string, unknown>;
  const imgSite = isAnonymousImage(value) ? value : site;
  let type: unknown = raw.type;
  if (isResourceType(raw.type)) {
    env.used.useResourceType(raw.type, path);
    type = raw.type.name;
  }
  return ctx.mark(
    ordered(
      "type",
      ctx.val(type, path, "type", imgSite),
      "source",
      ctx.val(raw.source, path, "source", imgSite),
      "version",
      ctx.val(raw.version, path, "version", imgSite),
      "params",
      ctx.val(raw.params, path, "params", imgSite),
      "tags",
      ctx.val(raw.tags, path, "tags", imgSite),
      "name",
      ctx.val(raw.name, path, "name", imgSite),
    ),
    imgSite,
  );
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

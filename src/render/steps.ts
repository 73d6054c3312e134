/**
 * Converts step builders to Concourse step objects, with keys in the order the Concourse docs use
 * (the step's own key first, then its fields, then modifiers, then hooks).
 */
import type { SourceSite } from "../issues";
import { isAnonymousImage } from "../dsl/image";
import { isGlob, isJob, type Glob, type Job } from "../dsl/job";
import { isPrototype, isResource, isResourceType, type Resource, type ResourceSpec } from "../dsl/resource";
import { isStep, type Step, type TaskConfigSpec, type TaskProps } from "../dsl/steps";
import { at, ordered, type Path, type RenderContext } from "./context";
import type { SiteOwner } from "./context";
import type { UsedObjects } from "./collect";

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
    case "get": own = getFields(step, path, env); break;
    case "put": own = putFields(step, path, env); break;
    case "task": own = taskFields(step, path, env); break;
    case "set_pipeline":
      own = ["set_pipeline", step.name, "file", ctx.str(p.file, at(path, "file"), step), "team", ctx.str(p.team, at(path, "team"), step),
        "vars", ctx.plain(p.vars, at(path, "vars"), step), "var_files", ctx.plain(p.var_files, at(path, "var_files"), step),
        "instance_vars", ctx.plain(p.instance_vars, at(path, "instance_vars"), step)];
      break;
    case "load_var":
      own = ["load_var", step.name, "file", ctx.str(p.file, at(path, "file"), step), "format", p.format, "reveal", p.reveal];
      break;
    case "in_parallel": {
      const objectForm = p.form === "object" || (p.form !== "list" && (p.limit !== undefined || p.fail_fast !== undefined));
      if (objectForm) {
        const kids = childSteps(p.steps, at(path, "in_parallel", "steps"), env, step);
        own = ["in_parallel", ordered("steps", kids, "limit", p.limit, "fail_fast", p.fail_fast), "tags", p.tags];
      } else {
        own = ["in_parallel", childSteps(p.steps, at(path, "in_parallel"), env, step), "tags", p.tags];
      }
      break;
    }
    case "do":
      own = ["do", childSteps(p.steps, at(path, "do"), env, step), "tags", p.tags];
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
      own = ["run", step.name, "type", typeName, "params", ctx.plain(p.params, at(path, "params"), step), "privileged", p.privileged,
        "container_limits", ctx.plain(p.container_limits, at(path, "container_limits"), step), "tags", p.tags];
      break;
    }
  }
  const modifiers: unknown[] = [
    "timeout", ctx.str(p.timeout, at(path, "timeout"), step),
    "attempts", p.attempts,
    "across", ctx.plain(p.across, at(path, "across"), step),
    // in_parallel's own fail_fast lives inside its object form
    "fail_fast", step.kind === "in_parallel" ? undefined : p.fail_fast,
  ];
  const hooks: unknown[] = HOOKS.flatMap((hook) => [hook, p[hook] === undefined ? undefined : stepToConfig(p[hook], at(path, hook), env, step)]);
  return ctx.mark(ordered(...own, ...modifiers, ...hooks), step);
}

function childSteps(steps: unknown, path: Path, env: StepEnv, site?: SiteOwner): Record<string, unknown>[] {
  if (!Array.isArray(steps)) {
    env.ctx.report("dsl/not-a-step-list", "error", path, `expected a list of steps but got ${describe(steps)}`, site);
    return [];
  }
  return steps.map((s, i) => stepToConfig(s, at(path, i), env, site));
}

function resourceOf(step: Step, path: Path, env: StepEnv): Resource<ResourceSpec> | undefined {
  const res = step.resource;
  if (!isResource(res)) {
    env.ctx.report("dsl/missing-resource", "error", at(path, step.kind), `${step.kind}() needs a resource made by resource(), git(), s3(), … but got ${describe(res)}`, step);
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
    "get", step.name,
    "resource", res && (p.as !== undefined || res.name !== step.name) ? res.name : undefined,
    "version", ctx.plain(p.version, at(path, "version"), step),
    "passed", passedNames(p.passed, at(path, "passed"), env, step),
    "trigger", p.trigger,
    "params", ctx.plain(params, at(path, "params"), step),
    "tags", p.tags,
  ];
}

function putFields(step: Step, path: Path, env: StepEnv): unknown[] {
  const { ctx } = env;
  const p = step.props as Record<string, unknown>;
  const res = resourceOf(step, path, env);
  return [
    "put", step.name,
    "resource", res && (p.as !== undefined || res.name !== step.name) ? res.name : undefined,
    "inputs", ctx.plain(p.inputs, at(path, "inputs"), step),
    "params", ctx.plain(p.params, at(path, "params"), step),
    "get_params", ctx.plain(mergeParams(res?.defaultGetParams, p.get_params), at(path, "get_params"), step),
    "no_get", p.no_get,
    "tags", p.tags,
  ];
}

/** Default get params of a resource (e.g. s3Image's `unpack: true`) go under the step's own params. */
function mergeParams(defaults: Readonly<Record<string, unknown>> | undefined, params: unknown): unknown {
  if (!defaults) return params;
  if (params === undefined) return { ...defaults };
  if (typeof params === "object" && params !== null && !Array.isArray(params)) return { ...defaults, ...(params as object) };
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
        env.ctx.report("dsl/passed-job-not-in-pipeline", "error", at(path, i), `passed: refers to job '${item.name}', which is not in this pipeline's jobs`, site,
          "add the job to pipeline({ jobs: [...] })");
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
    ctx.report("dsl/invalid-task-image", "error", at(path, "image"), `image: expects a resource or an artifact name but got ${describe(p.image)}`, step,
      "for an image_resource (s3Image(...), image(...)), put it in config.image_resource");
  }
  return [
    "task", step.name,
    "image", imageName,
    "privileged", p.privileged,
    "hermetic", p.hermetic,
    "file", ctx.str(p.file, at(path, "file"), step),
    "config", p.config === undefined ? undefined : taskConfigToConfig(p.config, at(path, "config"), env, step),
    "vars", ctx.plain(p.vars, at(path, "vars"), step),
    "params", ctx.plain(p.params, at(path, "params"), step),
    "input_mapping", ctx.plain(p.input_mapping, at(path, "input_mapping"), step),
    "output_mapping", ctx.plain(p.output_mapping, at(path, "output_mapping"), step),
    "container_limits", ctx.plain(p.container_limits, at(path, "container_limits"), step),
    "tags", p.tags,
  ];
}

/** Converts a task config (inline, or for a task file) with keys in the docs' order. */
export function taskConfigToConfig(config: TaskConfigSpec, path: Path, env: Pick<StepEnv, "ctx" | "used">, site?: SiteOwner): Record<string, unknown> {
  const { ctx } = env;
  const c = config as TaskConfigSpec & Record<string, unknown>;
  const known = new Set(["platform", "image_resource", "rootfs_uri", "inputs", "outputs", "caches", "params", "run", "container_limits"]);
  const extra = Object.keys(c).filter((k) => !known.has(k) && c[k] !== undefined);
  const out = ordered(
    "platform", ctx.str(c.platform, at(path, "platform"), site),
    "image_resource", imageResource(c.image_resource, at(path, "image_resource"), env, site),
    "rootfs_uri", ctx.str(c.rootfs_uri, at(path, "rootfs_uri"), site),
    "inputs", artifacts(c.inputs, at(path, "inputs"), ctx, site, ["name", "path", "optional"]),
    "outputs", artifacts(c.outputs, at(path, "outputs"), ctx, site, ["name", "path"]),
    "caches", ctx.plain(c.caches, at(path, "caches"), site),
    "params", ctx.plain(c.params, at(path, "params"), site),
    "run", c.run === undefined ? undefined : orderedPlain(c.run as Record<string, unknown>, ["path", "args", "dir", "user"], at(path, "run"), ctx, site),
    "container_limits", ctx.plain(c.container_limits, at(path, "container_limits"), site),
    // unknown keys are kept so the validator reports them as Concourse would
    ...extra.flatMap((k) => [k, ctx.plain(c[k], at(path, k), site)]),
  );
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
    return ctx.mark(ordered("type", type, "source", ctx.plain(value.source ?? {}, at(path, "source"), value), "version", ctx.plain(value.options.version, at(path, "version"), value), "params", ctx.plain(value.defaultGetParams, at(path, "params"), value)), value);
  }
  const raw = (isAnonymousImage(value) ? value.props : value) as Record<string, unknown>;
  const imgSite = isAnonymousImage(value) ? value : site;
  let type: unknown = raw.type;
  if (isResourceType(raw.type)) {
    env.used.useResourceType(raw.type, path);
    type = raw.type.name;
  }
  return ctx.mark(ordered("type", ctx.str(type, at(path, "type"), imgSite), "source", ctx.plain(raw.source, at(path, "source"), imgSite), "version", ctx.plain(raw.version, at(path, "version"), imgSite), "params", ctx.plain(raw.params, at(path, "params"), imgSite), "tags", raw.tags, "name", raw.name), imgSite);
}

function artifacts(list: unknown, path: Path, ctx: RenderContext, site: SiteOwner | undefined, order: string[]): unknown {
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) return ctx.plain(list, path, site);
  return list.map((item: unknown, i: number) =>
    typeof item === "string" ? { name: item } : orderedPlain(item as Record<string, unknown>, order, at(path, i), ctx, site));
}

function orderedPlain(obj: Record<string, unknown>, order: string[], path: Path, ctx: RenderContext, site?: SiteOwner): unknown {
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) return ctx.plain(obj, path, site);
  const keys = [...order.filter((k) => k in obj), ...Object.keys(obj).filter((k) => !order.includes(k))];
  return ordered(...keys.flatMap((k) => [k, ctx.plain(obj[k], at(path, k), site)]));
}

export function describe(x: unknown): string {
  if (x === undefined) return "undefined";
  if (x === null) return "null";
  if (typeof x === "string") return `the string '${x}'`;
  if (Array.isArray(x)) return "a list";
  if (typeof x === "object") return isJob(x) ? `job '${(x as Job).name}'` : "an object";
  return `a ${typeof x}`;
}

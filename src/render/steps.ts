/**
 * Converts step builders to Concourse step objects, with keys in the order the Concourse docs use
 * (the step's own key first, then its fields, then modifiers, then hooks).
 */
import type { SourceSite } from "../issues";
import { isAnonymousImage } from "../dsl/image";
import { isGlob, isJob, type Glob, type Job } from "../dsl/job";
import { isPrototype, isResource, isResourceType, type Resource, type ResourceSpec } from "../dsl/resource";
import { isStep, type Step, type TaskConfigSpec, type TaskProps } from "../dsl/steps";
import { ordered, type Path, type RenderContext } from "./context";
import type { UsedObjects } from "./collect";

export interface StepEnv {
  readonly ctx: RenderContext;
  readonly used: UsedObjects;
  /** The jobs of the pipeline, for `passed:` checks. */
  readonly jobs: ReadonlySet<Job>;
}

const HOOKS = ["on_success", "on_failure", "on_abort", "on_error", "ensure"] as const;

/** Converts one step (and, recursively, its children and hooks). */
export function stepToConfig(step: unknown, path: Path, env: StepEnv, site?: SourceSite): Record<string, unknown> {
  const { ctx } = env;
  if (!isStep(step)) {
    ctx.report("dsl/not-a-step", "error", path, `expected a step made by get(), put(), task(), … but got ${describe(step)}`, site);
    return {};
  }
  const p = step.props as Record<string, unknown>;
  let own: [string, unknown][];
  switch (step.kind) {
    case "get": own = getFields(step, path, env); break;
    case "put": own = putFields(step, path, env); break;
    case "task": own = taskFields(step, path, env); break;
    case "set_pipeline":
      own = [["set_pipeline", step.name], ["file", ctx.str(p.file, [...path, "file"], step.site)], ["team", ctx.str(p.team, [...path, "team"], step.site)],
        ["vars", ctx.plain(p.vars, [...path, "vars"], step.site)], ["var_files", ctx.plain(p.var_files, [...path, "var_files"], step.site)],
        ["instance_vars", ctx.plain(p.instance_vars, [...path, "instance_vars"], step.site)]];
      break;
    case "load_var":
      own = [["load_var", step.name], ["file", ctx.str(p.file, [...path, "file"], step.site)], ["format", p.format], ["reveal", p.reveal]];
      break;
    case "in_parallel": {
      const objectForm = p.form === "object" || (p.form !== "list" && (p.limit !== undefined || p.fail_fast !== undefined));
      if (objectForm) {
        const kids = childSteps(p.steps, [...path, "in_parallel", "steps"], env, step.site);
        own = [["in_parallel", ordered([["steps", kids], ["limit", p.limit], ["fail_fast", p.fail_fast]])], ["tags", p.tags]];
      } else {
        own = [["in_parallel", childSteps(p.steps, [...path, "in_parallel"], env, step.site)], ["tags", p.tags]];
      }
      break;
    }
    case "do":
      own = [["do", childSteps(p.steps, [...path, "do"], env, step.site)], ["tags", p.tags]];
      break;
    case "try":
      own = [["try", stepToConfig(p.step, [...path, "try"], env, step.site)]];
      break;
    case "run": {
      const proto = p.type;
      let typeName: unknown = proto;
      if (isPrototype(proto)) {
        env.used.prototypes.add(proto, [...path, "type"]);
        typeName = proto.name;
      } else {
        ctx.report("dsl/missing-prototype", "error", [...path, "type"], `runStep '${step.name}' needs a prototype made by prototype()`, step.site);
      }
      own = [["run", step.name], ["type", typeName], ["params", ctx.plain(p.params, [...path, "params"], step.site)], ["privileged", p.privileged],
        ["container_limits", ctx.plain(p.container_limits, [...path, "container_limits"], step.site)], ["tags", p.tags]];
      break;
    }
  }
  const modifiers: [string, unknown][] = [
    ["timeout", ctx.str(p.timeout, [...path, "timeout"], step.site)],
    ["attempts", p.attempts],
    ["across", ctx.plain(p.across, [...path, "across"], step.site)],
    // in_parallel's own fail_fast lives inside its object form
    ["fail_fast", step.kind === "in_parallel" ? undefined : p.fail_fast],
  ];
  const hooks: [string, unknown][] = HOOKS.map((hook) => [hook, p[hook] === undefined ? undefined : stepToConfig(p[hook], [...path, hook], env, step.site)]);
  return ctx.mark(ordered([...own, ...modifiers, ...hooks]), step.site);
}

function childSteps(steps: unknown, path: Path, env: StepEnv, site?: SourceSite): Record<string, unknown>[] {
  if (!Array.isArray(steps)) {
    env.ctx.report("dsl/not-a-step-list", "error", path, `expected a list of steps but got ${describe(steps)}`, site);
    return [];
  }
  return steps.map((s, i) => stepToConfig(s, [...path, i], env, site));
}

function resourceOf(step: Step, path: Path, env: StepEnv): Resource<ResourceSpec> | undefined {
  const res = step.resource;
  if (!isResource(res)) {
    env.ctx.report("dsl/missing-resource", "error", [...path, step.kind], `${step.kind}() needs a resource made by resource(), git(), s3(), … but got ${describe(res)}`, step.site);
    return undefined;
  }
  env.used.useResource(res, [...path, step.kind]);
  return res;
}

function getFields(step: Step, path: Path, env: StepEnv): [string, unknown][] {
  const { ctx } = env;
  const p = step.props as Record<string, unknown>;
  const res = resourceOf(step, path, env);
  const params = mergeParams(res?.defaultGetParams, p.params);
  return [
    ["get", step.name],
    ["resource", res && (p.as !== undefined || res.name !== step.name) ? res.name : undefined],
    ["version", ctx.plain(p.version, [...path, "version"], step.site)],
    ["passed", passedNames(p.passed, [...path, "passed"], env, step.site)],
    ["trigger", p.trigger],
    ["params", ctx.plain(params, [...path, "params"], step.site)],
    ["tags", p.tags],
  ];
}

function putFields(step: Step, path: Path, env: StepEnv): [string, unknown][] {
  const { ctx } = env;
  const p = step.props as Record<string, unknown>;
  const res = resourceOf(step, path, env);
  return [
    ["put", step.name],
    ["resource", res && (p.as !== undefined || res.name !== step.name) ? res.name : undefined],
    ["inputs", ctx.plain(p.inputs, [...path, "inputs"], step.site)],
    ["params", ctx.plain(p.params, [...path, "params"], step.site)],
    ["get_params", ctx.plain(mergeParams(res?.defaultGetParams, p.get_params), [...path, "get_params"], step.site)],
    ["no_get", p.no_get],
    ["tags", p.tags],
  ];
}

/** Default get params of a resource (e.g. s3Image's `unpack: true`) go under the step's own params. */
function mergeParams(defaults: Readonly<Record<string, unknown>> | undefined, params: unknown): unknown {
  if (!defaults) return params;
  if (params === undefined) return { ...defaults };
  if (typeof params === "object" && params !== null && !Array.isArray(params)) return { ...defaults, ...(params as object) };
  return params;
}

function passedNames(passed: unknown, path: Path, env: StepEnv, site?: SourceSite): unknown {
  if (passed === undefined) return undefined;
  if (!Array.isArray(passed)) {
    env.ctx.report("dsl/passed-not-a-list", "error", path, `passed: expects a list of jobs but got ${describe(passed)}`, site);
    return undefined;
  }
  return passed.map((item: unknown, i: number) => {
    if (isJob(item)) {
      if (!env.jobs.has(item)) {
        env.ctx.report("dsl/passed-job-not-in-pipeline", "error", [...path, i], `passed: refers to job '${item.name}', which is not in this pipeline's jobs`, site,
          "add the job to pipeline({ jobs: [...] })");
      }
      return item.name;
    }
    if (isGlob(item)) return (item as Glob).pattern;
    env.ctx.report("dsl/passed-not-a-job", "error", [...path, i], `passed: expects job objects (or glob("pattern")) but got ${describe(item)}`, site);
    return typeof item === "string" ? item : null;
  });
}

function taskFields(step: Step, path: Path, env: StepEnv): [string, unknown][] {
  const { ctx } = env;
  const p = step.props as TaskProps & Record<string, unknown>;
  let imageName: unknown = p.image;
  if (isResource(p.image)) imageName = p.image.name;
  else if (p.image !== undefined && typeof p.image !== "string") {
    ctx.report("dsl/invalid-task-image", "error", [...path, "image"], `image: expects a resource or an artifact name but got ${describe(p.image)}`, step.site,
      "for an image_resource (s3Image(...), image(...)), put it in config.image_resource");
  }
  return [
    ["task", step.name],
    ["image", imageName],
    ["privileged", p.privileged],
    ["hermetic", p.hermetic],
    ["file", ctx.str(p.file, [...path, "file"], step.site)],
    ["config", p.config === undefined ? undefined : taskConfigToConfig(p.config, [...path, "config"], env, step.site)],
    ["vars", ctx.plain(p.vars, [...path, "vars"], step.site)],
    ["params", ctx.plain(p.params, [...path, "params"], step.site)],
    ["input_mapping", ctx.plain(p.input_mapping, [...path, "input_mapping"], step.site)],
    ["output_mapping", ctx.plain(p.output_mapping, [...path, "output_mapping"], step.site)],
    ["container_limits", ctx.plain(p.container_limits, [...path, "container_limits"], step.site)],
    ["tags", p.tags],
  ];
}

/** Converts a task config (inline, or for a task file) with keys in the docs' order. */
export function taskConfigToConfig(config: TaskConfigSpec, path: Path, env: Pick<StepEnv, "ctx" | "used">, site?: SourceSite): Record<string, unknown> {
  const { ctx } = env;
  const c = config as TaskConfigSpec & Record<string, unknown>;
  const known = new Set(["platform", "image_resource", "rootfs_uri", "inputs", "outputs", "caches", "params", "run", "container_limits"]);
  const extra = Object.keys(c).filter((k) => !known.has(k) && c[k] !== undefined);
  const out = ordered([
    ["platform", ctx.str(c.platform, [...path, "platform"], site)],
    ["image_resource", imageResource(c.image_resource, [...path, "image_resource"], env, site)],
    ["rootfs_uri", ctx.str(c.rootfs_uri, [...path, "rootfs_uri"], site)],
    ["inputs", artifacts(c.inputs, [...path, "inputs"], ctx, site, ["name", "path", "optional"])],
    ["outputs", artifacts(c.outputs, [...path, "outputs"], ctx, site, ["name", "path"])],
    ["caches", ctx.plain(c.caches, [...path, "caches"], site)],
    ["params", ctx.plain(c.params, [...path, "params"], site)],
    ["run", c.run === undefined ? undefined : orderedPlain(c.run as Record<string, unknown>, ["path", "args", "dir", "user"], [...path, "run"], ctx, site)],
    ["container_limits", ctx.plain(c.container_limits, [...path, "container_limits"], site)],
    // unknown keys are kept so the validator reports them as Concourse would
    ...extra.map((k): [string, unknown] => [k, ctx.plain(c[k], [...path, k], site)]),
  ]);
  return ctx.mark(out, site);
}

function imageResource(value: unknown, path: Path, env: Pick<StepEnv, "ctx" | "used">, site?: SourceSite): unknown {
  const { ctx } = env;
  if (value === undefined) return undefined;
  if (isResource(value)) {
    // an anonymous copy of the resource: the pipeline's resources list is not involved
    let type: unknown = value.type;
    if (isResourceType(value.type)) {
      env.used.useResourceType(value.type, path);
      type = value.type.name;
    }
    return ctx.mark(ordered([["type", type], ["source", ctx.plain(value.source ?? {}, [...path, "source"], value.site)],
      ["version", ctx.plain(value.options.version, [...path, "version"], value.site)], ["params", ctx.plain(value.defaultGetParams, [...path, "params"], value.site)]]), value.site);
  }
  const raw = (isAnonymousImage(value) ? value.props : value) as Record<string, unknown>;
  const imgSite = isAnonymousImage(value) ? value.site ?? site : site;
  let type: unknown = raw.type;
  if (isResourceType(raw.type)) {
    env.used.useResourceType(raw.type, path);
    type = raw.type.name;
  }
  return ctx.mark(ordered([["type", ctx.str(type, [...path, "type"], imgSite)], ["source", ctx.plain(raw.source, [...path, "source"], imgSite)],
    ["version", ctx.plain(raw.version, [...path, "version"], imgSite)], ["params", ctx.plain(raw.params, [...path, "params"], imgSite)],
    ["tags", raw.tags], ["name", raw.name]]), imgSite);
}

function artifacts(list: unknown, path: Path, ctx: RenderContext, site: SourceSite | undefined, order: string[]): unknown {
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) return ctx.plain(list, path, site);
  return list.map((item: unknown, i: number) =>
    typeof item === "string" ? { name: item } : orderedPlain(item as Record<string, unknown>, order, [...path, i], ctx, site));
}

function orderedPlain(obj: Record<string, unknown>, order: string[], path: Path, ctx: RenderContext, site?: SourceSite): unknown {
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) return ctx.plain(obj, path, site);
  const keys = [...order.filter((k) => k in obj), ...Object.keys(obj).filter((k) => !order.includes(k))];
  return ordered(keys.map((k) => [k, ctx.plain(obj[k], [...path, k], site)]));
}

export function describe(x: unknown): string {
  if (x === undefined) return "undefined";
  if (x === null) return "null";
  if (typeof x === "string") return `the string '${x}'`;
  if (Array.isArray(x)) return "a list";
  if (typeof x === "object") return isJob(x) ? `job '${(x as Job).name}'` : "an object";
  return `a ${typeof x}`;
}

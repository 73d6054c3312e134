/**
 * Turns a `pipeline()` into the plain object Concourse reads: names instead of object references, `((vars))`
 * as text, resources and resource types collected from the steps that use them, keys in the docs' order.
 * Builder misuse is collected as `dsl/…` issues (with the call site), never thrown one at a time.
 */
import type { Pipeline as PipelineConfig } from "../model";
import { formatSite, type PipelineIssue } from "../issues";
import { isGlob, isGroup, isJob, type Glob, type Job } from "../dsl/job";
import { isPipeline, type Pipeline } from "../dsl/pipeline";
import { isPrototype, isResource, isResourceType, type Prototype, type ResourceType } from "../dsl/resource";
import { isVarSource } from "../dsl/var-source";
import { at, describeThrown, RenderContext, type Path, type SiteLookup, type SiteOwner } from "./context";
import { UsedObjects } from "./collect";
import { addFields, fieldPlan, NO_PROPS } from "./fields";
import { FIELDS, HOOKS } from "../model/format";
import { addHooks, describe, stepToConfig, type StepEnv } from "./steps";

export interface ConfigResult {
  /** The pipeline as Concourse reads it. */
  readonly config: PipelineConfig;
  /** Problems in how the builders were used. */
  readonly issues: PipelineIssue[];
  /** Output object -> the builder call that made it. */
  readonly sites: SiteLookup;
  /** The pipeline could not be read (not a pipeline, or reading it threw): there is nothing to validate. */
  readonly incomplete?: boolean;
}

export function pipelineToConfig(p: Pipeline): ConfigResult {
  const ctx = new RenderContext();
  try {
    return buildConfig(p, ctx);
  } catch (err) {
    // A getter or Proxy trap in what the user gave the builders threw outside a free-form value: one error, at
    // the place being converted, instead of a crash.
    ctx.report(
      "dsl/unreadable-value",
      "error",
      ctx.where ?? [],
      `reading this part of the pipeline threw ${describeThrown(err)} (a getter or a Proxy in the objects given to the builders?)`,
    );
    return { config: { jobs: [] }, issues: ctx.issues, sites: ctx.sites, incomplete: true };
  }
}

/** `value` as a list; anything else is reported (once) and read as empty. Holes are reported one by one. */
function listAt<T>(ctx: RenderContext, value: unknown, path: Path, what: string, owner: SiteOwner | undefined): readonly T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    ctx.report("dsl/not-a-list", "error", path, `${what}: expects a list but got ${describe(value)}`, owner);
    return [];
  }
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) ctx.report("dsl/hole-in-list", "error", at(path, i), `item ${i} of ${what} is a hole in the list (a sparse array)`, owner);
  }
  return value as T[];
}

function buildConfig(p: Pipeline, ctx: RenderContext): ConfigResult {
  if (!isPipeline(p)) {
    ctx.report("dsl/not-a-pipeline", "error", [], `expected a pipeline made by pipeline() but got ${describe(p)}`);
    return { config: { jobs: [] }, issues: ctx.issues, sites: ctx.sites, incomplete: true };
  }
  const props = p.props;
  if (props === null || typeof props !== "object") {
    ctx.report("dsl/not-a-pipeline", "error", [], `pipeline() expects an object ({ jobs, resources, … }) but was given ${describe(props)}`, p);
    return { config: { jobs: [] }, issues: ctx.issues, sites: ctx.sites, incomplete: true };
  }
  const used = new UsedObjects(ctx);
  ctx.where = ["jobs"];
  const jobsValue: unknown = props.jobs;
  if (!Array.isArray(jobsValue))
    ctx.report("dsl/jobs-not-a-list", "error", ["jobs"], `jobs: expects a list of job() objects but got ${describe(jobsValue)}`, p);
  const jobList = listAt<Job>(ctx, Array.isArray(jobsValue) ? jobsValue : undefined, ["jobs"], "jobs", p);
  const jobSet = new Set<Job>(jobList.filter(isJob));
  const env: StepEnv = { ctx, used, jobs: jobSet };

  // Explicitly listed types and resources come first, in the given order. Types go first, each added alone, so
  // that neither a resource nor a type built on another type pulls a later type ahead of its place in the list.
  ctx.where = ["resource_types"];
  const typeList = listAt<unknown>(ctx, props.resource_types, ["resource_types"], "resource_types", p);
  ctx.where = ["resources"];
  const resourceList = listAt<unknown>(ctx, props.resources, ["resources"], "resources", p);
  ctx.where = ["prototypes"];
  const prototypeList = listAt<unknown>(ctx, props.prototypes, ["prototypes"], "prototypes", p);
  ctx.where = ["groups"];
  const groupList = props.groups === undefined ? undefined : listAt<unknown>(ctx, props.groups, ["groups"], "groups", p);
  ctx.where = ["var_sources"];
  const varSourceList = props.var_sources === undefined ? undefined : listAt<unknown>(ctx, props.var_sources, ["var_sources"], "var_sources", p);
  for (const [i, rt] of typeList.entries()) {
    if (isResourceType(rt)) used.resourceTypes.add(rt, ["resource_types", i]);
    else ctx.report("dsl/not-a-resource-type", "error", ["resource_types", i], `resource_types: expects resourceType() objects but got ${describe(rt)}`, p);
  }
  for (const [i, rt] of typeList.entries()) if (isResourceType(rt)) used.useResourceType(rt, ["resource_types", i]);
  for (const [i, res] of resourceList.entries()) {
    if (isResource(res)) used.useResource(res, ["resources", i]);
    else ctx.report("dsl/not-a-resource", "error", ["resources", i], `resources: expects resource objects but got ${describe(res)}`, p);
  }
  for (const [i, proto] of prototypeList.entries()) {
    if (isPrototype(proto)) used.prototypes.add(proto, ["prototypes", i]);
    else ctx.report("dsl/not-a-prototype", "error", ["prototypes", i], `prototypes: expects prototype() objects but got ${describe(proto)}`, p);
  }

  const seenJobs = new Map<string, Job>();
  const jobs = Array.from(jobList, (j, i) => {
    ctx.where = ["jobs", i];
    if (j === undefined && !(i in jobList)) return null;
    if (!isJob(j)) {
      ctx.report("dsl/not-a-job", "error", ["jobs", i], `jobs: expects job() objects but got ${describe(j)}`, p);
      return {};
    }
    const path: Path = ["jobs", j.name || i];
    const previous = seenJobs.get(j.name);
    if (previous) {
      const where = previous.site ? ` (the first one was made at ${formatSite(previous.site)})` : "";
      ctx.report(
        "dsl/duplicate-job-name",
        "error",
        path,
        previous === j ? `job '${j.name}' is listed twice` : `two different jobs are named '${j.name}'${where}`,
        j,
      );
    } else {
      seenJobs.set(j.name, j);
    }
    return jobToConfig(j, path, env);
  });

  const groups =
    groupList &&
    Array.from(groupList, (g, i) => {
      ctx.where = ["groups", i];
      if (g === undefined && !(i in groupList)) return null;
      if (!isGroup(g)) {
        ctx.report("dsl/not-a-group", "error", ["groups", i], `groups: expects group() objects but got ${describe(g)}`, p);
        return {};
      }
      const path: Path = ["groups", g.name || i];
      const jobNames = listAt<unknown>(ctx, g.props.jobs, at(path, "jobs"), "group jobs", g).map((j, k) => {
        if (isJob(j)) {
          if (!jobSet.has(j))
            ctx.report(
              "dsl/group-job-not-in-pipeline",
              "error",
              at(path, "jobs", k),
              `group '${g.name}' lists job '${j.name}', which is not in this pipeline's jobs`,
              g,
            );
          return j.name;
        }
        if (isGlob(j)) return (j as Glob).pattern;
        ctx.report("dsl/group-job-not-a-job", "error", at(path, "jobs", k), `group jobs: expects job objects (or glob("pattern")) but got ${describe(j)}`, g);
        return typeof j === "string" ? j : null;
      });
      const resourceNames =
        g.props.resources === undefined
          ? undefined
          : listAt<unknown>(ctx, g.props.resources, at(path, "resources"), "group resources", g).map((r, k) => {
              if (isResource(r)) return r.name;
              ctx.report(
                "dsl/group-resource-not-a-resource",
                "error",
                at(path, "resources", k),
                `group resources: expects resource objects but got ${describe(r)}`,
                g,
              );
              return typeof r === "string" ? r : null;
            });
      return ctx.mark(addFields({}, GROUP_PLAN, [g.name, jobNames, resourceNames], NO_PROPS, ctx, path, g), g);
    });

  const varSources =
    varSourceList &&
    Array.from(varSourceList, (vs, i) => {
      ctx.where = ["var_sources", i];
      if (vs === undefined && !(i in varSourceList)) return null;
      if (!isVarSource(vs)) {
        ctx.report("dsl/not-a-var-source", "error", ["var_sources", i], `var_sources: expects varSource() objects but got ${describe(vs)}`, p);
        return {};
      }
      const path: Path = ["var_sources", vs.name || i];
      return ctx.mark(addFields({}, VAR_SOURCE_PLAN, [vs.name, vs.props.type], vs.props as Record<string, unknown>, ctx, path, vs), vs);
    });

  const resources = [...used.resources.items.values()].map((res) => {
    const path: Path = ["resources", res.name];
    ctx.where = path;
    const computed = [res.name, isResourceType(res.type) ? res.type.name : res.type, ctx.val(res.source, path, "source", res)];
    return ctx.mark(addFields({}, RESOURCE_PLAN, computed, res.options as Record<string, unknown>, ctx, path, res), res);
  });

  const typeConfig = (t: ResourceType | Prototype, section: string) => {
    const path: Path = [section, t.name];
    ctx.where = path;
    const tp = t.props;
    const computed = [t.name, isResourceType(tp.type) ? tp.type.name : tp.type, ctx.val(tp.source, path, "source", t)];
    return ctx.mark(addFields({}, RESOURCE_TYPE_PLAN, computed, tp as unknown as Record<string, unknown>, ctx, path, t), t);
  };
  // Types are collected while walking resources; list them with the ones a type depends on first.
  const resourceTypes = [...used.resourceTypes.items.values()].map((t) => typeConfig(t, "resource_types"));
  const prototypes = [...used.prototypes.items.values()].map((t) => typeConfig(t, "prototypes"));

  const top = [
    // an explicitly given empty list stays in the output, so imported pipelines round-trip exactly
    resourceTypes.length || props.resource_types ? resourceTypes : undefined,
    resources.length || props.resources ? resources : undefined,
    prototypes.length || props.prototypes ? prototypes : undefined,
    // holes were reported; leaving them out spares the validator reporting each again as a nameless item
    varSources && withoutHoles(varSources),
    withoutHoles(jobs),
    groups && withoutHoles(groups),
    ((ctx.where = ["display"]), ctx.plain(props.display, ["display"], p)),
    ctx.plain(props.user_data, ["user_data"], p),
  ];
  const config = addFields({}, PIPELINE_PLAN, top, NO_PROPS, ctx, [], p) as unknown as PipelineConfig;
  ctx.mark(config, p);
  return { config, issues: ctx.issues, sites: ctx.sites };
}

const HOOK_SET: ReadonlySet<string> = new Set(HOOKS);
// the fields the renderer computes, in the order their values are given (the rest are the builders' options)
const JOB_PLAN = fieldPlan(
  FIELDS.job.filter((k) => !HOOK_SET.has(k)),
  ["name", "plan"],
);
const GROUP_PLAN = fieldPlan(FIELDS.group, ["name", "jobs", "resources"]);
const VAR_SOURCE_PLAN = fieldPlan(FIELDS.var_source, ["name", "type"]);
const RESOURCE_PLAN = fieldPlan(FIELDS.resource, ["name", "type", "source"]);
const RESOURCE_TYPE_PLAN = fieldPlan(FIELDS.resource_type, ["name", "type", "source"]);
const PIPELINE_PLAN = fieldPlan(FIELDS.pipeline, ["resource_types", "resources", "prototypes", "var_sources", "jobs", "groups", "display", "user_data"]);

function withoutHoles<T>(list: readonly (T | null)[]): T[] {
  return list.includes(null) ? (list.filter((x) => x !== null) as T[]) : (list as T[]);
}

function jobToConfig(j: Job, path: Path, env: StepEnv): Record<string, unknown> {
  const { ctx } = env;
  const p = j.props;
  ctx.where = at(path, "plan");
  let plan: unknown;
  if (p.plan !== undefined) {
    if (Array.isArray(p.plan)) {
      const steps: Record<string, unknown>[] = new Array(p.plan.length);
      for (let i = 0; i < p.plan.length; i++) {
        const stepPath = at(path, "plan", i);
        if (p.plan[i] === undefined && !(i in p.plan)) {
          ctx.report("dsl/hole-in-list", "error", stepPath, `step ${i} of the plan is a hole in the list (a sparse array)`, j);
          continue;
        }
        ctx.where = stepPath;
        steps[i] = stepToConfig(p.plan[i], stepPath, env, j);
      }
      ctx.where = path;
      plan = steps;
    } else ctx.report("dsl/plan-not-a-list", "error", at(path, "plan"), `plan: expects a list of steps but got ${describe(p.plan)}`, j);
  }
  // the job's fields but its hooks (hooks are steps: addHooks converts them)
  const out = addFields({}, JOB_PLAN, [j.name, plan], p as Record<string, unknown>, ctx, path, j);
  addHooks(out, p as Record<string, unknown>, path, env, j);
  return ctx.mark(out, j);
}

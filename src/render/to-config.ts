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
import { at, ordered, RenderContext, type Path, type SiteLookup } from "./context";
import { UsedObjects } from "./collect";
import { addHooks, describe, stepToConfig, type StepEnv } from "./steps";

export interface ConfigResult {
  /** The pipeline as Concourse reads it. */
  readonly config: PipelineConfig;
  /** Problems in how the builders were used. */
  readonly issues: PipelineIssue[];
  /** Output object -> the builder call that made it. */
  readonly sites: SiteLookup;
}


export function pipelineToConfig(p: Pipeline): ConfigResult {
  const ctx = new RenderContext();
  if (!isPipeline(p)) {
    ctx.report("dsl/not-a-pipeline", "error", [], `expected a pipeline made by pipeline() but got ${describe(p)}`);
    return { config: { jobs: [] }, issues: ctx.issues, sites: ctx.sites };
  }
  const props = p.props;
  const used = new UsedObjects(ctx);
  const jobList: readonly Job[] = Array.isArray(props.jobs) ? props.jobs : [];
  if (!Array.isArray(props.jobs)) ctx.report("dsl/jobs-not-a-list", "error", ["jobs"], `jobs: expects a list of job() objects but got ${describe(props.jobs)}`, p);
  const jobSet = new Set<Job>(jobList.filter(isJob));
  const env: StepEnv = { ctx, used, jobs: jobSet };

  // Explicitly listed types and resources come first, in the given order. Types go first, each added alone, so
  // that neither a resource nor a type built on another type pulls a later type ahead of its place in the list.
  for (const [i, rt] of (props.resource_types ?? []).entries()) {
    if (isResourceType(rt)) used.resourceTypes.add(rt, ["resource_types", i]);
    else ctx.report("dsl/not-a-resource-type", "error", ["resource_types", i], `resource_types: expects resourceType() objects but got ${describe(rt)}`, p);
  }
  for (const [i, rt] of (props.resource_types ?? []).entries()) if (isResourceType(rt)) used.useResourceType(rt, ["resource_types", i]);
  for (const [i, res] of (props.resources ?? []).entries()) {
    if (isResource(res)) used.useResource(res, ["resources", i]);
    else ctx.report("dsl/not-a-resource", "error", ["resources", i], `resources: expects resource objects but got ${describe(res)}`, p);
  }
  for (const [i, proto] of (props.prototypes ?? []).entries()) {
    if (isPrototype(proto)) used.prototypes.add(proto, ["prototypes", i]);
    else ctx.report("dsl/not-a-prototype", "error", ["prototypes", i], `prototypes: expects prototype() objects but got ${describe(proto)}`, p);
  }

  const seenJobs = new Map<string, Job>();
  const jobs = jobList.map((j, i) => {
    if (!isJob(j)) {
      ctx.report("dsl/not-a-job", "error", ["jobs", i], `jobs: expects job() objects but got ${describe(j)}`, p);
      return {};
    }
    const path: Path = ["jobs", j.name || i];
    const previous = seenJobs.get(j.name);
    if (previous) {
      const where = previous.site ? ` (the first one was made at ${formatSite(previous.site)})` : "";
      ctx.report("dsl/duplicate-job-name", "error", path, previous === j ? `job '${j.name}' is listed twice` : `two different jobs are named '${j.name}'${where}`, j);
    } else {
      seenJobs.set(j.name, j);
    }
    return jobToConfig(j, path, env);
  });

  const groups = props.groups?.map((g, i) => {
    if (!isGroup(g)) {
      ctx.report("dsl/not-a-group", "error", ["groups", i], `groups: expects group() objects but got ${describe(g)}`, p);
      return {};
    }
    const path: Path = ["groups", g.name || i];
    const jobNames = g.props.jobs?.map((j, k) => {
      if (isJob(j)) {
        if (!jobSet.has(j)) ctx.report("dsl/group-job-not-in-pipeline", "error", at(path, "jobs", k), `group '${g.name}' lists job '${j.name}', which is not in this pipeline's jobs`, g);
        return j.name;
      }
      if (isGlob(j)) return (j as Glob).pattern;
      ctx.report("dsl/group-job-not-a-job", "error", at(path, "jobs", k), `group jobs: expects job objects (or glob("pattern")) but got ${describe(j)}`, g);
      return typeof j === "string" ? j : null;
    });
    const resourceNames = g.props.resources?.map((r, k) => {
      if (isResource(r)) return r.name;
      ctx.report("dsl/group-resource-not-a-resource", "error", at(path, "resources", k), `group resources: expects resource objects but got ${describe(r)}`, g);
      return typeof r === "string" ? r : null;
    });
    return ctx.mark(ordered("name", g.name, "jobs", jobNames, "resources", resourceNames), g);
  });

  const varSources = props.var_sources?.map((vs, i) => {
    if (!isVarSource(vs)) {
      ctx.report("dsl/not-a-var-source", "error", ["var_sources", i], `var_sources: expects varSource() objects but got ${describe(vs)}`, p);
      return {};
    }
    const path: Path = ["var_sources", vs.name || i];
    return ctx.mark(ordered("name", vs.name, "type", vs.props.type, "config", ctx.val(vs.props.config, path, "config", vs)), vs);
  });

  const resources = [...used.resources.items.values()].map((res) => {
    const path: Path = ["resources", res.name];
    const o = res.options;
    return ctx.mark(ordered(
      "name", res.name,
      "type", isResourceType(res.type) ? res.type.name : res.type,
      "icon", ctx.val(o.icon, path, "icon", res),
      "source", ctx.val(res.source, path, "source", res),
      "old_name", ctx.val(o.old_name, path, "old_name", res),
      "version", ctx.val(o.version, path, "version", res),
      "check_every", ctx.val(o.check_every, path, "check_every", res),
      "check_timeout", ctx.val(o.check_timeout, path, "check_timeout", res),
      "expose_build_created_by", ctx.val(o.expose_build_created_by, path, "expose_build_created_by", res),
      "tags", ctx.val(o.tags, path, "tags", res),
      "public", ctx.val(o.public, path, "public", res),
      "webhook_token", ctx.val(o.webhook_token, path, "webhook_token", res),
    ), res);
  });

  const typeConfig = (t: ResourceType | Prototype, section: string) => {
    const path: Path = [section, t.name];
    const tp = t.props;
    return ctx.mark(ordered(
      "name", t.name,
      "type", isResourceType(tp.type) ? tp.type.name : tp.type,
      "source", ctx.val(tp.source, path, "source", t),
      "privileged", ctx.val(tp.privileged, path, "privileged", t),
      "params", ctx.val(tp.params, path, "params", t),
      "check_every", ctx.val(tp.check_every, path, "check_every", t),
      "tags", ctx.val(tp.tags, path, "tags", t),
      "defaults", ctx.val(tp.defaults, path, "defaults", t),
    ), t);
  };
  // Types are collected while walking resources; list them with the ones a type depends on first.
  const resourceTypes = [...used.resourceTypes.items.values()].map((t) => typeConfig(t, "resource_types"));
  const prototypes = [...used.prototypes.items.values()].map((t) => typeConfig(t, "prototypes"));

  const config = ordered(
    // an explicitly given empty list stays in the output, so imported pipelines round-trip exactly
    "resource_types", resourceTypes.length || props.resource_types ? resourceTypes : undefined,
    "resources", resources.length || props.resources ? resources : undefined,
    "prototypes", prototypes.length || props.prototypes ? prototypes : undefined,
    "var_sources", varSources,
    "jobs", jobs,
    "groups", groups,
    "display", ctx.plain(props.display, ["display"], p),
    "user_data", ctx.plain(props.user_data, ["user_data"], p),
  ) as unknown as PipelineConfig;
  ctx.mark(config, p);
  return { config, issues: ctx.issues, sites: ctx.sites };
}

function jobToConfig(j: Job, path: Path, env: StepEnv): Record<string, unknown> {
  const { ctx } = env;
  const p = j.props;
  let plan: unknown;
  if (p.plan !== undefined) {
    if (Array.isArray(p.plan)) {
      const steps: Record<string, unknown>[] = new Array(p.plan.length);
      for (let i = 0; i < p.plan.length; i++) steps[i] = stepToConfig(p.plan[i], at(path, "plan", i), env, j);
      plan = steps;
    }
    else ctx.report("dsl/plan-not-a-list", "error", at(path, "plan"), `plan: expects a list of steps but got ${describe(p.plan)}`, j);
  }
  const out = ordered(
    "name", j.name,
    "old_name", ctx.val(p.old_name, path, "old_name", j),
    "public", ctx.val(p.public, path, "public", j),
    "serial", ctx.val(p.serial, path, "serial", j),
    "serial_groups", ctx.val(p.serial_groups, path, "serial_groups", j),
    "max_in_flight", ctx.val(p.max_in_flight, path, "max_in_flight", j),
    "build_log_retention", ctx.val(p.build_log_retention, path, "build_log_retention", j),
    "build_logs_to_retain", ctx.val(p.build_logs_to_retain, path, "build_logs_to_retain", j),
    "disable_manual_trigger", ctx.val(p.disable_manual_trigger, path, "disable_manual_trigger", j),
    "disable_reruns", ctx.val(p.disable_reruns, path, "disable_reruns", j),
    "interruptible", ctx.val(p.interruptible, path, "interruptible", j),
    "tags", ctx.val(p.tags, path, "tags", j),
    "plan", plan,
  );
  addHooks(out, p as Record<string, unknown>, path, env, j);
  return ctx.mark(out, j);
}

/**
 * Decoding the pipeline's top level and everything outside steps (concourse-spec.md §1, §2.1–2.7;
 * §3.3 B1–B5, B8). Canonical mode (`fly set-pipeline`): unknown top-level keys are dropped and unknown keys
 * in jobs, resources, resource types, prototypes, groups, var sources, display and build_log_retention are
 * errors (B1). Plain `fly validate-pipeline` ignores both; `--strict` rejects both (B2).
 * Outside steps YAML numbers and booleans are coerced into string fields (§0.3).
 */
import { jobCores, type DConfig, type DGroup, type DJob, type DResource, type DVarSource, type HookKey } from "../decoded";
import { parseGoDuration } from "../../go-duration";
import { FIELDS, HOOKS } from "../../model/format";
import { isObject } from "../../object";
import type { IssueCollector } from "../../collector";
import { decodeStep } from "./step";
import { coerceToString, StructDecoder, typeError, type DecodeCtx } from "./struct";

export interface DecodeOptions {
  /** Unknown top-level keys are errors (`--strict`). */
  readonly strictTop: boolean;
  /** Unknown keys in jobs, resources… are errors (canonical and `--strict`). */
  readonly strictNested: boolean;
}

// The known fields of each struct come from the field table (lists made once, at module load).
const TOP_FIELDS = FIELDS.pipeline;
const GROUP_FIELDS = FIELDS.group;
const RESOURCE_FIELDS = FIELDS.resource;
const TYPE_FIELDS = FIELDS.resource_type;
const VAR_SOURCE_FIELDS = FIELDS.var_source;
const JOB_HOOKS: readonly HookKey[] = HOOKS;
const JOB_FIELDS = FIELDS.job;
/** Where plan steps sit, for their messages (one object for every step). */
const PLAN_PARENT = { prefix: "", struct: "JobConfig", field: "jobs.plan" } as const;
const JOB_FLAGS = ["public", "disable_manual_trigger", "disable_reruns", "serial", "interruptible"];
const RETENTION_FIELDS = FIELDS.build_log_retention;
const DISPLAY_FIELDS = FIELDS.display;

/** Decodes the whole config; null when it is not a mapping at all. */
export function decodeConfig(r: IssueCollector, config: unknown, options: DecodeOptions): DConfig | null {
  if (!isObject(config)) {
    typeError({ r, struct: "", field: "", prefix: "", path: "", coerce: true }, "", config, "atc.Config", "");
    return null;
  }
  const top = new StructDecoder({ r, struct: "Config", field: "", prefix: "", path: "", coerce: true }, config, TOP_FIELDS);
  if (options.strictTop) top.reportUnknown();
  const nested = (sd: StructDecoder) => {
    if (options.strictNested) sd.reportUnknown();
  };

  const out: DConfig = { groups: [], resources: [], resourceTypes: [], prototypes: [], varSources: [], jobs: [], display: null, broken: new Set() };

  eachItem(top, "groups", "atc.GroupConfigs", "atc.GroupConfig", "GroupConfig", GROUP_FIELDS, (sd, path) => {
    nested(sd);
    const group: DGroup = { path, name: sd.string("name") ?? "", jobs: sd.strings("jobs") ?? [], resources: sd.strings("resources") ?? [] };
    out.groups.push(group);
  });
  const resourcesComplete = eachItem(top, "resources", "atc.ResourceConfigs", "atc.ResourceConfig", "ResourceConfig", RESOURCE_FIELDS, (sd, path) => {
    nested(sd);
    const resource: DResource = {
      path,
      name: sd.string("name") ?? "",
      type: sd.string("type") ?? "",
      source: sd.map("source", "atc.Source"),
      webhookToken: sd.string("webhook_token") ?? "",
    };
    sd.string("old_name");
    sd.bool("public");
    checkEvery(sd);
    sd.string("check_timeout");
    sd.tags("tags");
    sd.stringMap("version", "atc.Version");
    sd.string("icon");
    sd.bool("expose_build_created_by");
    out.resources.push(resource);
  });
  if (!resourcesComplete) out.broken.add("resources");
  for (const [field, list, goList, goItem, struct] of [
    ["resource_types", out.resourceTypes, "atc.ResourceTypes", "atc.ResourceType", "ResourceType"],
    ["prototypes", out.prototypes, "atc.Prototypes", "atc.Prototype", "Prototype"],
  ] as const) {
    eachItem(top, field, goList, goItem, struct, TYPE_FIELDS, (sd, path) => {
      nested(sd);
      const name = sd.string("name") ?? "";
      const type = sd.string("type") ?? "";
      const source = sd.map("source", "atc.Source");
      const defaults = sd.map("defaults", "atc.Source");
      sd.bool("privileged");
      checkEvery(sd);
      sd.tags("tags");
      const params = sd.map("params", "atc.Params");
      list.push({ path, name, type, source, defaults, params });
    });
  }
  eachItem(top, "var_sources", "atc.VarSourceConfigs", "atc.VarSourceConfig", "VarSourceConfig", VAR_SOURCE_FIELDS, (sd, path) => {
    nested(sd);
    const vs: DVarSource = { path, name: sd.string("name") ?? "", type: sd.string("type") ?? "", config: sd.raw("config") ?? null };
    out.varSources.push(vs);
  });
  const jobsComplete = eachItem(top, "jobs", "atc.JobConfigs", "atc.JobConfig", "JobConfig", JOB_FIELDS, (sd, path, i) => {
    nested(sd);
    out.jobs.push(decodeJob(sd, path, i, nested));
  });
  if (!jobsComplete) out.broken.add("jobs");
  const display = top.object("display", "atc.DisplayConfig");
  if (display) {
    const sd = new StructDecoder({ r, struct: "DisplayConfig", field: "display", prefix: "", path: "display", coerce: true }, display, DISPLAY_FIELDS);
    nested(sd);
    out.display = { path: "display", backgroundImage: sd.string("background_image") ?? "" };
    sd.string("background_filter");
  }
  return out;
}

/**
 * Decodes each item of a top-level list into its struct; items that are not mappings are reported and skipped.
 * Returns false when the list or an item could not be decoded.
 */
function eachItem(
  top: StructDecoder,
  field: string,
  goList: string,
  goItem: string,
  struct: string,
  fields: readonly string[],
  fn: (sd: StructDecoder, path: string, index: number) => void,
): boolean {
  const before = top.failed;
  const list = top.list(field, goList);
  if (!list) return top.failed === before;
  let complete = true;
  const r = top.ctx.r;
  list.forEach((item, i) => {
    const obj = item === null ? {} : item;
    if (!isObject(obj)) {
      typeError(top.ctx, field, item, goItem, `${field}[${i}]`);
      complete = false;
      return;
    }
    const name = nameOf(obj);
    const path = name !== "" ? `${field}.${name}` : `${field}[${i}]`;
    const ctx: DecodeCtx = { r, struct, field, prefix: "", path, coerce: true };
    fn(new StructDecoder(ctx, obj, fields), path, i);
  });
  return complete;
}

/** The (coerced) name of a named item, for its path; `""` when it has none. */
function nameOf(obj: Record<string, unknown>): string {
  let raw: unknown = obj.name;
  if (raw === undefined) {
    const key = Object.keys(obj).find((k) => k.toLowerCase() === "name");
    if (key !== undefined) raw = obj[key];
  }
  if (typeof raw === "string") return raw;
  if (typeof raw === "number" || typeof raw === "boolean") return coerceToString(raw);
  return "";
}

/** `check_every` (CheckEvery.UnmarshalJSON, B4/B5): a string, `never`, or a Go duration. */
function checkEvery(sd: StructDecoder): void {
  const v = sd.raw("check_every");
  if (v === undefined || v === null) return;
  if (typeof v !== "string") {
    sd.failed = true;
    sd.ctx.r.error("concourse/invalid-check-every", sd.pathOf("check_every"), "non-string value provided");
    return;
  }
  if (v === "" || v === "never") return;
  const parsed = parseGoDuration(v);
  if ("error" in parsed) {
    sd.failed = true;
    sd.ctx.r.error("concourse/invalid-duration", sd.pathOf("check_every"), parsed.error);
  }
}

function decodeJob(sd: StructDecoder, path: string, index: number, nested: (sd: StructDecoder) => void): DJob {
  const r = sd.ctx.r;
  const name = sd.string("name") ?? "";
  sd.string("old_name");
  for (let i = 0; i < JOB_FLAGS.length; i++) sd.bool(JOB_FLAGS[i]!);
  sd.strings("serial_groups");
  sd.int("max_in_flight");
  sd.tags("tags");
  const buildLogsToRetain = sd.int("build_logs_to_retain") ?? 0;
  let buildLogRetention: DJob["buildLogRetention"] = null;
  const retention = sd.object("build_log_retention", "atc.BuildLogRetention");
  if (retention) {
    const rd = new StructDecoder(
      { r, struct: "BuildLogRetention", field: sd.goField("build_log_retention"), prefix: "", path: sd.pathOf("build_log_retention"), coerce: true },
      retention,
      RETENTION_FIELDS,
    );
    nested(rd);
    buildLogRetention = { builds: rd.int("builds") ?? 0, days: rd.int("days") ?? 0, minimumSucceededBuilds: rd.int("minimum_succeeded_builds") ?? 0 };
  }
  const items = sd.list("plan", "[]atc.Step") ?? [];
  const plan: Array<ReturnType<typeof decodeStep>> = new Array(items.length);
  const planPath = `${path}.${sd.key("plan")}`;
  for (let i = 0; i < items.length; i++) plan[i] = decodeStep(r, items[i], `${planPath}[${i}]`, PLAN_PARENT);
  const hooks: DJob["hooks"] = [];
  for (let h = 0; h < JOB_HOOKS.length; h++) {
    const hook = JOB_HOOKS[h]!;
    const raw = sd.raw(hook);
    if (raw === undefined || raw === null) continue;
    const hookPath = sd.pathOf(hook);
    hooks.push({ key: hook, path: hookPath, step: decodeStep(r, raw, hookPath, { prefix: "", struct: "JobConfig", field: `jobs.${hook}` }) });
  }
  return { path, index, name, buildLogsToRetain, buildLogRetention, plan, hooks, cores: jobCores(plan, hooks) };
}

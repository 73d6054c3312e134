/**
 * The fast path of decoding. A config in which every key is exactly a field of its object (no unknown key, no
 * case-folded match, no `null`), every value already has the JSON type its field decodes from (no coercion), and
 * nothing needs a check that can fail (a `check_every` that is not a Go duration, container limits, `across`…)
 * decodes to the same DConfig as `decodeConfig()`, with no issue. That is what the builders produce and what most
 * YAML is, and recognising it takes one look at each key a config has, where the full decoder asks every object
 * for each field its Go struct has (measured on a 500-job pipeline, Node 24: ~5 ms instead of ~15).
 *
 * Anything else gives `null`, and `decodeConfig()`, the definition, decodes the config and reports what is wrong:
 * this path is only ever allowed to be stricter. test/validate.decode-exact.test.ts holds the two equal on the
 * corpus, the conformance cases and mutations of them.
 */
import {
  jobCores,
  type DConfig,
  type DCore,
  type DGroup,
  type DJob,
  type DResource,
  type DResourceType,
  type DStep,
  type DTaskConfig,
  type DWrapper,
} from "../decoded";
import { parseGoDuration } from "../../go-duration";
import { FORMAT, HOOKS, type FieldKind, type ObjectName, type ObjectSpec } from "../../model/format";
import { STEP_OWNED_KEYS, STEP_PRECEDENCE, WRAPPER_OWNED_KEYS, type StepKind } from "../../model/step-kinds";
import { isObject } from "../../object";

type Check = (v: unknown) => boolean;
/** A field whose value the code below walks itself (steps, nested objects, lists of objects). */
const WALKED: Check = () => true;

const isString: Check = (v) => typeof v === "string";
const isStrings: Check = (v) => {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== "string") return false;
  return true;
};
const isStringMap: Check = (v) => {
  if (!isObject(v)) return false;
  for (const k in v) if (typeof v[k] !== "string") return false;
  return true;
};
/** What the full decoder takes as a Go int (`StructDecoder.int`). */
const isGoInt: Check = (v) => typeof v === "number" && Number.isInteger(v) && Math.abs(v) <= 9223372036854775807 && Math.abs(v) < 1e21;

/** Per field kind, the values this path accepts: each one a value the full decoder takes without an issue. */
const KIND_CHECKS: Record<Exclude<FieldKind, object>, Check> = {
  identifier: isString,
  string: isString,
  duration: isString,
  checkEvery: (v) => typeof v === "string" && (v === "" || v === "never" || !("error" in parseGoDuration(v))),
  bool: (v) => typeof v === "boolean",
  int: isGoInt,
  number: isGoInt,
  strings: isStrings,
  tags: isStrings,
  freeMap: isObject,
  stringMap: isStringMap,
  taskEnv: isObject,
  resourceVersion: isStringMap,
  unknown: () => true,
  getVersion: (v) => typeof v === "string" || isStringMap(v),
  putInputs: (v) => typeof v === "string" || isStrings(v),
  // rare, and checked further by the full decoder: left to it
  maxInFlightOrAll: () => false,
  memory: () => false,
  step: WALKED,
  steps: WALKED,
  inParallel: WALKED,
};

/** Each object's fields with the check of their values, made once from the field table. */
function checksOf(name: ObjectName): ReadonlyMap<string, Check> {
  const spec: ObjectSpec = FORMAT[name];
  const out = new Map<string, Check>();
  for (const [key, field] of Object.entries(spec.fields)) {
    const kind: FieldKind = field.kind;
    out.set(key, typeof kind === "object" ? WALKED : KIND_CHECKS[kind]);
  }
  // what the struct also decodes (`timeout` in get, put, task and run): a Go string
  for (const key of spec.decodeAlso ?? []) out.set(key, isString);
  return out;
}

const PIPELINE = checksOf("pipeline");
const JOB = checksOf("job");
const RETENTION = checksOf("build_log_retention");
const RESOURCE = checksOf("resource");
const RESOURCE_TYPE = checksOf("resource_type");
const PROTOTYPE = checksOf("prototype");
const GROUP = checksOf("group");
const VAR_SOURCE = checksOf("var_source");
const DISPLAY = checksOf("display");
const TASK_CONFIG = checksOf("task_config");
const IMAGE_RESOURCE = checksOf("image_resource");
const TASK_INPUT = checksOf("task_input");
const TASK_OUTPUT = checksOf("task_output");
const TASK_CACHE = checksOf("task_cache");
const TASK_RUN = checksOf("task_run");
const IN_PARALLEL_CONFIG = checksOf("in_parallel_config");
/** A core step's own keys (its Go struct's, `timeout` included where the struct has it). */
const CORE_CHECKS: Record<StepKind, ReadonlyMap<string, Check>> = Object.fromEntries(
  (Object.keys(STEP_OWNED_KEYS) as StepKind[]).map((kind) => [kind, checksOf(kind)]),
) as Record<StepKind, ReadonlyMap<string, Check>>;

const PRECEDENCE_INDEX = new Map<string, number>(STEP_PRECEDENCE.map((k, i) => [k, i]));
const HOOK_SET: ReadonlySet<string> = new Set(HOOKS);
const NONE: never[] = [];
const NO_MAPPING: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** Thrown (and caught once, in `decodeExact`) where the config leaves the fast path. */
const LEAVE = Symbol("leave the fast path");

/** The object's keys when each is a field whose value passes its check; leaves the fast path otherwise. */
function fields(obj: unknown, checks: ReadonlyMap<string, Check>): Record<string, unknown> {
  if (!isObject(obj)) throw LEAVE;
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    const check = checks.get(keys[i]!);
    if (check === undefined || !check(obj[keys[i]!])) throw LEAVE;
  }
  return obj;
}

/** A list of objects (no `null` items): the list itself, or an empty one when absent. */
function list(v: unknown): readonly unknown[] {
  if (v === undefined) return NONE;
  if (!Array.isArray(v)) throw LEAVE;
  return v;
}

/** The config decoded as `decodeConfig()` would (with no issue), or null when it is not on the fast path. */
export function decodeExact(config: unknown): DConfig | null {
  try {
    return decodeTop(config);
  } catch (err) {
    // (a config nested deeper than the stack goes to the full decoder too, and to what handles that there)
    if (err === LEAVE || err instanceof RangeError) return null;
    throw err;
  }
}

function itemPath(section: string, item: Record<string, unknown>, i: number): string {
  const name = item.name as string | undefined;
  return name !== undefined && name !== "" ? `${section}.${name}` : `${section}[${i}]`;
}

function decodeTop(config: unknown): DConfig {
  const top = fields(config, PIPELINE);
  const out: DConfig = { groups: [], resources: [], resourceTypes: [], prototypes: [], varSources: [], jobs: [], display: null, broken: new Set() };
  const groups = list(top.groups);
  for (let i = 0; i < groups.length; i++) {
    const g = fields(groups[i], GROUP);
    const group: DGroup = {
      path: itemPath("groups", g, i),
      name: (g.name as string) ?? "",
      jobs: (g.jobs as string[]) ?? [],
      resources: (g.resources as string[]) ?? [],
    };
    out.groups.push(group);
  }
  const resources = list(top.resources);
  for (let i = 0; i < resources.length; i++) {
    const r = fields(resources[i], RESOURCE);
    const resource: DResource = {
      path: itemPath("resources", r, i),
      name: (r.name as string) ?? "",
      type: (r.type as string) ?? "",
      source: r.source as Record<string, unknown> | undefined,
      webhookToken: (r.webhook_token as string) ?? "",
    };
    out.resources.push(resource);
  }
  for (const [section, items, checks, into] of [
    ["resource_types", list(top.resource_types), RESOURCE_TYPE, out.resourceTypes],
    ["prototypes", list(top.prototypes), PROTOTYPE, out.prototypes],
  ] as const) {
    for (let i = 0; i < items.length; i++) {
      const t = fields(items[i], checks);
      const type: DResourceType = {
        path: itemPath(section, t, i),
        name: (t.name as string) ?? "",
        type: (t.type as string) ?? "",
        source: t.source as Record<string, unknown> | undefined,
        defaults: t.defaults as Record<string, unknown> | undefined,
        params: t.params as Record<string, unknown> | undefined,
      };
      into.push(type);
    }
  }
  const varSources = list(top.var_sources);
  for (let i = 0; i < varSources.length; i++) {
    const vs = fields(varSources[i], VAR_SOURCE);
    out.varSources.push({ path: itemPath("var_sources", vs, i), name: (vs.name as string) ?? "", type: (vs.type as string) ?? "", config: vs.config ?? null });
  }
  const jobs = list(top.jobs);
  for (let i = 0; i < jobs.length; i++) out.jobs.push(decodeJob(fields(jobs[i], JOB), i));
  if (top.display !== undefined) {
    const d = fields(top.display, DISPLAY);
    out.display = { path: "display", backgroundImage: (d.background_image as string) ?? "" };
  }
  return out;
}

function decodeJob(job: Record<string, unknown>, index: number): DJob {
  const path = itemPath("jobs", job, index);
  let buildLogRetention: DJob["buildLogRetention"] = null;
  if (job.build_log_retention !== undefined) {
    const r = fields(job.build_log_retention, RETENTION);
    buildLogRetention = {
      builds: (r.builds as number) ?? 0,
      days: (r.days as number) ?? 0,
      minimumSucceededBuilds: (r.minimum_succeeded_builds as number) ?? 0,
    };
  }
  const items = list(job.plan);
  const plan: DStep[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) plan[i] = decodeStep(items[i], `${path}.plan[${i}]`);
  const hooks: DJob["hooks"] = [];
  for (let h = 0; h < HOOKS.length; h++) {
    const hook = HOOKS[h]!;
    const raw = job[hook];
    if (raw === undefined) continue;
    const hookPath = `${path}.${hook}`;
    hooks.push({ key: hook, path: hookPath, step: decodeStep(raw, hookPath) });
  }
  return {
    path,
    index,
    name: (job.name as string) ?? "",
    buildLogsToRetain: (job.build_logs_to_retain as number) ?? 0,
    buildLogRetention,
    plan,
    hooks,
    cores: jobCores(plan, hooks),
  };
}

/**
 * One step, as `decodeStep()` detects it: the keys that decide what it is, in precedence order; hooks, `attempts`
 * and `timeout` (where it comes before the core) wrap it; the first kind found is the core, and every key left
 * must be one its struct takes. Steps with `across`, or with a key no struct takes, leave the fast path.
 */
function decodeStep(raw: unknown, path: string): DStep {
  if (!isObject(raw)) throw LEAVE;
  let remaining: readonly string[] = Object.keys(raw);
  // the keys that decide what the step is, in precedence order (most steps have one)
  let order: string[] | undefined;
  let only: string | undefined;
  for (let i = 0; i < remaining.length; i++) {
    const k = remaining[i]!;
    if (!PRECEDENCE_INDEX.has(k)) continue;
    if (order === undefined && only === undefined) only = k;
    else {
      order ??= [only!];
      order.push(k);
    }
  }
  if (order) order.sort((a, b) => PRECEDENCE_INDEX.get(a)! - PRECEDENCE_INDEX.get(b)!);
  else if (only !== undefined) order = [only];
  else throw LEAVE; // no step configured: the full decoder says so
  let wrappers: DWrapper[] = NONE;
  for (let d = 0; d < order.length; d++) {
    const key = order[d]!;
    if (!remaining.includes(key)) continue;
    if (key === "across") throw LEAVE;
    if (HOOK_SET.has(key)) {
      const hookPath = `${path}.${key}`;
      if (wrappers === NONE) wrappers = [];
      wrappers.push({ kind: "hook", key: key as (typeof HOOKS)[number], path: hookPath, hook: decodeStep(raw[key], hookPath) });
    } else if (key === "attempts") {
      if (!isGoInt(raw.attempts)) throw LEAVE;
      if (wrappers === NONE) wrappers = [];
      wrappers.push({ kind: "attempts", path: `${path}.attempts`, attempts: raw.attempts as number });
    } else if (key === "timeout") {
      if (typeof raw.timeout !== "string") throw LEAVE;
      if (wrappers === NONE) wrappers = [];
      wrappers.push({ kind: "timeout", path: `${path}.timeout`, duration: raw.timeout });
    } else {
      // the core step: every key no wrapper took must be a field of its struct, with a value of its type
      const kind = key as StepKind;
      const checks = CORE_CHECKS[kind];
      for (let i = 0; i < remaining.length; i++) {
        const check = checks.get(remaining[i]!);
        if (check === undefined || !check(raw[remaining[i]!])) throw LEAVE;
      }
      return { path, unknown: NONE, wrappers, core: decodeCore(kind, raw, path) };
    }
    // a wrapper takes the keys its struct owns: for hooks, attempts and timeout, their own key alone (one that
    // owned more would need their values checked here too)
    const owned = WRAPPER_OWNED_KEYS[key as keyof typeof WRAPPER_OWNED_KEYS];
    if (owned.length !== 1) throw LEAVE;
    remaining = remaining.filter((k) => k !== key);
  }
  throw LEAVE; // no core step: the full decoder says what is missing
}

function decodeCore(kind: StepKind, s: Record<string, unknown>, path: string): DCore {
  switch (kind) {
    case "get": {
      const resource = s.resource as string | undefined;
      return {
        kind,
        path,
        failed: false,
        name: s.get as string,
        resource,
        resourceKey: resource !== undefined && resource ? "resource" : "get",
        passed: (s.passed as string[] | undefined) ?? NONE,
        params: s.params as Record<string, unknown> | undefined,
      };
    }
    case "put": {
      const resource = s.resource as string | undefined;
      const raw = s.inputs;
      const inputs =
        typeof raw === "string"
          ? { all: raw === "all", detect: raw === "detect", specified: undefined }
          : Array.isArray(raw)
            ? { all: false, detect: false, specified: (raw as string[]).map((x) => x.trim()) }
            : undefined;
      return {
        kind,
        path,
        failed: false,
        name: s.put as string,
        resource,
        resourceKey: resource !== undefined && resource ? "resource" : "put",
        inputs,
        params: s.params as Record<string, unknown> | undefined,
        getParams: s.get_params as Record<string, unknown> | undefined,
        noGet: (s.no_get as boolean | undefined) ?? false,
      };
    }
    case "task": {
      if (s.container_limits !== undefined) throw LEAVE;
      return {
        kind,
        path,
        failed: false,
        name: s.task as string,
        file: (s.file as string | undefined) ?? "",
        image: (s.image as string | undefined) ?? "",
        hermetic: (s.hermetic as boolean | undefined) ?? false,
        config: s.config === undefined ? null : decodeTaskConfig(s.config, `${path}.config`),
        inputMapping: (s.input_mapping as Record<string, string> | undefined) ?? NO_MAPPING,
        outputMapping: (s.output_mapping as Record<string, string> | undefined) ?? NO_MAPPING,
        params: s.params as Record<string, unknown> | undefined,
      };
    }
    case "run":
      if (s.container_limits !== undefined) throw LEAVE;
      return { kind, path, failed: false, message: s.run as string, type: (s.type as string | undefined) ?? "" };
    case "set_pipeline":
      return {
        kind,
        path,
        failed: false,
        name: s.set_pipeline as string,
        file: (s.file as string | undefined) ?? "",
        varFiles: (s.var_files as string[] | undefined) ?? [],
      };
    case "load_var":
      return { kind, path, failed: false, name: s.load_var as string, file: (s.file as string | undefined) ?? "" };
    case "try":
      return { kind, path, failed: false, step: decodeStep(s.try, `${path}.try`) };
    case "do": {
      const items = list(s.do);
      return { kind, path, failed: false, steps: items.map((item, i) => decodeStep(item, `${path}.do[${i}]`)) };
    }
    case "in_parallel": {
      const raw = s.in_parallel;
      if (Array.isArray(raw)) return { kind, path, failed: false, steps: raw.map((item, i) => decodeStep(item, `${path}.in_parallel[${i}]`)) };
      const target = fields(raw, IN_PARALLEL_CONFIG);
      const items = list(target.steps);
      return { kind, path, failed: false, steps: items.map((item, i) => decodeStep(item, `${path}.in_parallel.steps[${i}]`)) };
    }
  }
}

function decodeTaskConfig(raw: unknown, path: string): DTaskConfig {
  const cfg = fields(raw, TASK_CONFIG);
  if (cfg.container_limits !== undefined) throw LEAVE;
  let imageSource: Record<string, unknown> | undefined;
  let imageType = "";
  let imageParams: Record<string, unknown> | undefined;
  if (cfg.image_resource !== undefined) {
    const ir = fields(cfg.image_resource, IMAGE_RESOURCE);
    imageType = (ir.type as string | undefined) ?? "";
    imageSource = ir.source as Record<string, unknown> | undefined;
    imageParams = ir.params as Record<string, unknown> | undefined;
  }
  if (cfg.run !== undefined) fields(cfg.run, TASK_RUN);
  const inputItems = list(cfg.inputs);
  const inputs: DTaskConfig["inputs"] = new Array(inputItems.length);
  for (let i = 0; i < inputItems.length; i++) {
    const item = fields(inputItems[i], TASK_INPUT);
    inputs[i] = { path: `${path}.inputs[${i}]`, name: (item.name as string | undefined) ?? "", optional: (item.optional as boolean | undefined) ?? false };
  }
  const outputItems = list(cfg.outputs);
  const outputs: DTaskConfig["outputs"] = new Array(outputItems.length);
  for (let i = 0; i < outputItems.length; i++) {
    const item = fields(outputItems[i], TASK_OUTPUT);
    outputs[i] = { path: `${path}.outputs[${i}]`, name: (item.name as string | undefined) ?? "" };
  }
  const caches = list(cfg.caches);
  for (let i = 0; i < caches.length; i++) {
    const ttl = fields(caches[i], TASK_CACHE).ttl as string | undefined;
    if (ttl === undefined || ttl === "") continue;
    const parsed = parseGoDuration(ttl);
    if ("error" in parsed || parsed.ns < 1_000_000_000n) throw LEAVE;
  }
  const rootfs = (cfg.rootfs_uri as string | undefined) ?? "";
  return {
    path,
    unknown: NONE,
    platform: (cfg.platform as string | undefined) ?? "",
    hasImage: rootfs !== "" || cfg.image_resource !== undefined,
    imageSource,
    imageType,
    imageParams,
    params: cfg.params as Record<string, unknown> | undefined,
    inputs,
    outputs,
  };
}

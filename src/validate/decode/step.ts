/**
 * Step detection and step decoding, as `atc.Step.UnmarshalJSON` does it (concourse-spec.md §2.8, §2.9;
 * §3.3 B6–B17, B22). Keys are checked in Concourse's precedence order; each present key decodes the remaining
 * map into its step struct and removes the keys that struct owns; the first core step ends detection and
 * whatever is left is an unknown field (reported by the validator, S1). Errors inside a step are wrapped
 * `malformed <key> step: …` once per nesting level, and type errors name the step struct
 * (`GetStep.trigger`), as Go's error-context rewriting makes them.
 */
import { STEP_OWNED_KEYS, STEP_PRECEDENCE, WRAPPER_OWNED_KEYS, type StepKind } from "../../model/step-kinds";
import { FIELDS, HOOKS as HOOK_NAMES } from "../../model/format";
import type { DAcrossVar, DCore, DStep, DWrapper, HookKey } from "../decoded";
import { goQ, goV } from "../go";
import { isObject } from "../../object";
import type { IssueCollector } from "../../collector";
import { decodeContainerLimits, decodeTaskConfig } from "./task-config";
import { StructDecoder, typeError, type DecodeCtx } from "./struct";

// Field lists come from the field table; they are module constants, so the decoder caches lookups per list.
const ACROSS_VAR_FIELDS = FIELDS.across_var;
const IN_PARALLEL_FIELDS = FIELDS.in_parallel_config;

type DetectKey = (typeof STEP_PRECEDENCE)[number];
const PRECEDENCE_INDEX = new Map<string, number>(STEP_PRECEDENCE.map((k, i) => [k, i]));
/** A one-key list for each step key (never changed), for steps with one key that decides their kind. */
const ALONE = Object.fromEntries(STEP_PRECEDENCE.map((k) => [k, [k]])) as unknown as Record<DetectKey, DetectKey[]>;
/** The message prefix of each step kind at the top of a plan (most steps), made once. */
const TOP_PREFIX = Object.fromEntries(STEP_PRECEDENCE.map((k) => [k, `malformed ${k} step: `])) as Record<DetectKey, string>;

// Shared empty values for what most steps lack (never mutated): fewer objects for the GC to copy.
const NONE: never[] = [];
const NO_MAPPING: Record<string, string> = Object.freeze({}) as Record<string, string>;

const HOOKS = new Set<string>(HOOK_NAMES);

/** The Go struct each key decodes into. */
const STRUCT: Record<DetectKey, string> = {
  ensure: "EnsureStep",
  on_error: "OnErrorStep",
  on_abort: "OnAbortStep",
  on_failure: "OnFailureStep",
  on_success: "OnSuccessStep",
  across: "AcrossStep",
  attempts: "RetryStep",
  run: "RunStep",
  task: "TaskStep",
  put: "PutStep",
  get: "GetStep",
  timeout: "TimeoutStep",
  set_pipeline: "SetPipelineStep",
  load_var: "LoadVarStep",
  try: "TryStep",
  do: "DoStep",
  in_parallel: "InParallelStep",
};

/** Keys each detected struct owns (its JSON fields), from the field table. */
export const OWNED_KEYS: Record<DetectKey, readonly string[]> = { ...WRAPPER_OWNED_KEYS, ...STEP_OWNED_KEYS };

/** All keys any step may carry (for "Did you mean" on unknown fields). */
export const ALL_STEP_KEYS: readonly string[] = [...new Set(Object.values(OWNED_KEYS).flat())];

/** Where a step sits: the enclosing `malformed … step: ` chain and the Go field that holds it. */
export interface StepParent {
  readonly prefix: string;
  readonly struct: string;
  readonly field: string;
}

/** Decodes one step map; null when Concourse could not make a step of it (the problem is reported). */
export function decodeStep(r: IssueCollector, raw: unknown, path: string, parent: StepParent): DStep | null {
  if (raw === null || raw === undefined) {
    r.error("concourse/no-step-configured", path, `${parent.prefix}no step configured`);
    return null;
  }
  if (!isObject(raw)) {
    typeError({ r, struct: parent.struct, field: "", prefix: parent.prefix, path, coerce: false }, parent.field, raw, "map[string]*json.RawMessage", path);
    return null;
  }
  // The step's keys that decide its kind, in precedence order (a step map has a handful of keys, so this
  // looks at those rather than testing all 17 step keys).
  let remaining: readonly string[] = Object.keys(raw);
  // (most steps have exactly one such key: a list is made only for more)
  let detectedKeys: DetectKey[] = NONE;
  let only: DetectKey | undefined;
  for (let i = 0; i < remaining.length; i++) {
    const k = remaining[i]!;
    if (!PRECEDENCE_INDEX.has(k)) continue;
    if (only === undefined && detectedKeys === NONE) only = k as DetectKey;
    else {
      if (detectedKeys === NONE) detectedKeys = [only!];
      detectedKeys.push(k as DetectKey);
      only = undefined;
    }
  }
  if (only !== undefined) detectedKeys = ALONE[only];
  if (detectedKeys.length > 1) detectedKeys.sort((a, b) => PRECEDENCE_INDEX.get(a)! - PRECEDENCE_INDEX.get(b)!);
  let wrappers: DWrapper[] = NONE;
  let core: DCore | null = null;
  let detected = false;
  let coreDeclared = false;
  for (let d = 0; d < detectedKeys.length; d++) {
    const key = detectedKeys[d]!;
    if (!remaining.includes(key)) continue;
    detected = true;
    const prefix = parent.prefix === "" ? TOP_PREFIX[key] : `${parent.prefix}malformed ${key} step: `;
    const ctx: DecodeCtx = { r, struct: STRUCT[key], field: "", prefix, path, coerce: false };
    const sd = new StructDecoder(ctx, raw, OWNED_KEYS[key], remaining);
    if (HOOKS.has(key)) {
      if (wrappers === NONE) wrappers = [];
      wrappers.push({
        kind: "hook",
        key: key as HookKey,
        path: sd.pathOf(key),
        hook: decodeStep(r, sd.raw(key), sd.pathOf(key), { prefix: ctx.prefix, struct: STRUCT[key], field: key }),
      });
    } else if (key === "across") {
      if (wrappers === NONE) wrappers = [];
      wrappers.push(decodeAcross(sd));
    } else if (key === "attempts") {
      const attempts = sd.int("attempts");
      if (wrappers === NONE) wrappers = [];
      wrappers.push({ kind: "attempts", path: sd.pathOf("attempts"), attempts: sd.failed ? undefined : (attempts ?? 0) });
    } else if (key === "timeout") {
      const duration = sd.string("timeout");
      if (wrappers === NONE) wrappers = [];
      wrappers.push({ kind: "timeout", path: sd.pathOf("timeout"), duration: sd.failed ? undefined : (duration ?? "") });
    } else {
      core = decodeCore(key as StepKind, sd);
      coreDeclared = true;
    }
    const owned = OWNED_KEYS[key];
    remaining = remaining.length === 1 && owned.includes(remaining[0]!) ? NONE : remaining.filter((k) => !owned.includes(k));
    if (coreDeclared) break;
  }
  if (!detected) {
    r.error("concourse/no-step-configured", path, `${parent.prefix}no step configured`);
    return null;
  }
  if (!coreDeclared) {
    r.error("concourse/no-core-step", path, `${parent.prefix}no core step type declared (e.g. get, put, task, etc.)`);
    return null;
  }
  return { path, unknown: remaining.length === 0 ? NONE : (remaining as string[]), wrappers, core };
}

function decodeAcross(sd: StructDecoder): DWrapper {
  const ctx = sd.ctx;
  const path = sd.pathOf("across");
  const list = sd.list("across", "[]atc.AcrossVarConfig") ?? [];
  sd.bool("fail_fast");
  const vars: DAcrossVar[] = [];
  list.forEach((item, i) => {
    const itemPath = `${path}[${i}]`;
    if (item === null) return void vars.push({ path: itemPath, name: "", maxInFlight: undefined });
    if (!isObject(item)) {
      sd.failed = true;
      return void typeError(ctx, sd.goField("across"), item, "atc.target", itemPath);
    }
    // AcrossVarConfig is decoded strictly (B16).
    const d = new StructDecoder({ ...ctx, field: sd.goField("across"), path: itemPath }, item, ACROSS_VAR_FIELDS);
    d.reportUnknown();
    if (d.unknownKeys.length > 0) sd.failed = true;
    const name = d.string("var") ?? "";
    let maxInFlight: DAcrossVar["maxInFlight"];
    const mif = d.raw("max_in_flight");
    if (typeof mif === "string") {
      if (mif === "all") maxInFlight = { all: true, limit: 0 };
      else {
        sd.failed = true;
        ctx.r.error("concourse/malformed-step", d.pathOf("max_in_flight"), `${ctx.prefix}invalid max_in_flight ${goQ(mif)}`);
      }
    } else if (mif !== undefined && mif !== null) {
      const limit = d.int("max_in_flight");
      if (limit !== undefined) maxInFlight = { all: false, limit };
    }
    if (d.failed) sd.failed = true;
    vars.push({ path: itemPath, name, maxInFlight });
  });
  return { kind: "across", path, vars, failed: sd.failed };
}

function decodeCore(kind: StepKind, sd: StructDecoder): DCore {
  const ctx = sd.ctx;
  const path = ctx.path;
  switch (kind) {
    case "get": {
      const name = sd.string("get");
      const resource = sd.string("resource");
      const version = sd.raw("version");
      if (isObject(version)) {
        for (const [k, v] of Object.entries(version)) {
          if (typeof v === "string") continue;
          sd.failed = true;
          ctx.r.error("concourse/malformed-step", `${sd.pathOf("version")}.${k}`, `${ctx.prefix}the value ${goV(v)} of ${k} is not a string`);
          break;
        }
      } else if (version !== undefined && version !== null && typeof version !== "string") {
        sd.failed = true;
        ctx.r.error("concourse/malformed-step", sd.pathOf("version"), `${ctx.prefix}unknown type for version`);
      }
      const params = sd.map("params", "atc.Params");
      const passed = sd.strings("passed") ?? NONE;
      sd.bool("trigger");
      sd.tags("tags");
      sd.string("timeout");
      return { kind, path, failed: sd.failed, name, resource, resourceKey: sd.has("resource") && resource ? "resource" : "get", passed, params };
    }
    case "put": {
      const name = sd.string("put");
      const resource = sd.string("resource");
      const params = sd.map("params", "atc.Params");
      let inputs: { all: boolean; detect: boolean; specified: string[] | undefined } | undefined;
      const rawInputs = sd.raw("inputs");
      if (typeof rawInputs === "string") inputs = { all: rawInputs === "all", detect: rawInputs === "detect", specified: undefined };
      else if (Array.isArray(rawInputs)) {
        const specified: string[] = [];
        for (const item of rawInputs) {
          if (typeof item !== "string") {
            sd.failed = true;
            ctx.r.error("concourse/malformed-step", sd.pathOf("inputs"), `${ctx.prefix}non-string put input: ${goV(item)}`);
            break;
          }
          specified.push(item.trim());
        }
        inputs = { all: false, detect: false, specified };
      } else if (rawInputs !== undefined && rawInputs !== null) {
        sd.failed = true;
        ctx.r.error("concourse/malformed-step", sd.pathOf("inputs"), `${ctx.prefix}unknown type for put inputs`);
      }
      sd.tags("tags");
      const getParams = sd.map("get_params", "atc.Params");
      sd.string("timeout");
      const noGet = sd.bool("no_get") ?? false;
      return {
        kind,
        path,
        failed: sd.failed,
        name,
        resource,
        resourceKey: sd.has("resource") && resource ? "resource" : "put",
        inputs,
        params,
        getParams,
        noGet,
      };
    }
    case "task": {
      const name = sd.string("task");
      sd.bool("privileged");
      const hermetic = sd.bool("hermetic") ?? false;
      const file = sd.string("file") ?? "";
      decodeContainerLimits(sd, "container_limits");
      const config = decodeTaskConfig(sd);
      const params = sd.raw("params");
      if (params !== undefined && params !== null && !isObject(params)) sd.fail("params", params, "map[string]atc.CoercedString");
      sd.map("vars", "atc.Params");
      sd.tags("tags");
      const inputMapping = sd.stringMap("input_mapping", "map[string]string") ?? NO_MAPPING;
      const outputMapping = sd.stringMap("output_mapping", "map[string]string") ?? NO_MAPPING;
      const image = sd.string("image") ?? "";
      sd.string("timeout");
      return { kind, path, failed: sd.failed, name, file, image, hermetic, config, inputMapping, outputMapping, params: isObject(params) ? params : undefined };
    }
    case "run": {
      const message = sd.string("run");
      const type = sd.string("type");
      sd.map("params", "atc.Params");
      sd.bool("privileged");
      sd.tags("tags");
      decodeContainerLimits(sd, "container_limits");
      sd.string("timeout");
      return { kind, path, failed: sd.failed, message, type: type ?? (sd.failed ? undefined : "") };
    }
    case "set_pipeline": {
      const name = sd.string("set_pipeline");
      const file = sd.string("file") ?? "";
      sd.string("team");
      sd.map("vars", "atc.Params");
      const varFiles = sd.strings("var_files") ?? [];
      sd.map("instance_vars", "atc.InstanceVars");
      return { kind, path, failed: sd.failed, name, file, varFiles };
    }
    case "load_var": {
      const name = sd.string("load_var");
      const file = sd.string("file") ?? "";
      sd.string("format");
      sd.bool("reveal");
      return { kind, path, failed: sd.failed, name, file };
    }
    case "try": {
      const step = decodeStep(ctx.r, sd.raw("try"), sd.pathOf("try"), { prefix: ctx.prefix, struct: "TryStep", field: "try" });
      return { kind, path, failed: sd.failed, step };
    }
    case "do": {
      const list = sd.list("do", "[]atc.Step") ?? [];
      const base = sd.pathOf("do");
      const steps = list.map((item, i) => decodeStep(ctx.r, item, `${base}[${i}]`, { prefix: ctx.prefix, struct: "DoStep", field: "do" }));
      sd.tags("tags");
      return { kind, path, failed: sd.failed, steps };
    }
    case "in_parallel": {
      const raw = sd.raw("in_parallel");
      const base = sd.pathOf("in_parallel");
      let steps: Array<DStep | null> = [];
      if (Array.isArray(raw)) {
        const prefix = `${ctx.prefix}failed to unmarshal parallel steps: `;
        steps = raw.map((item, i) => decodeStep(ctx.r, item, `${base}[${i}]`, { prefix, struct: "", field: "" }));
      } else if (isObject(raw)) {
        const target = new StructDecoder(
          { r: ctx.r, struct: "target", field: "", prefix: `${ctx.prefix}failed to unmarshal parallel config: `, path: base, coerce: false },
          raw,
          IN_PARALLEL_FIELDS,
        );
        const list = target.list("steps", "[]atc.Step") ?? [];
        steps = list.map((item, i) =>
          decodeStep(ctx.r, item, `${target.pathOf("steps")}[${i}]`, { prefix: target.ctx.prefix, struct: "target", field: "steps" }),
        );
        target.int("limit");
        target.bool("fail_fast");
        if (target.failed) sd.failed = true;
      } else {
        sd.failed = true;
        ctx.r.error("concourse/malformed-step", base, `${ctx.prefix}wrong type for parallel config: ${goV(raw)}`);
      }
      sd.tags("tags");
      return { kind, path, failed: sd.failed, steps };
    }
  }
}

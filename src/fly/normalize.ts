/**
 * Puts a pipeline config in the shape Concourse hands back from `fly get-pipeline --json`, so that comparing a
 * rendered config with a deployed one shows real changes only. The ATC decodes the config into Go structs and
 * re-encodes it (concourse-spec.md §0.2, §5.3), which:
 * - drops unknown top-level keys;
 * - leaves out zero values (`trigger: false`, `serial_groups: []`, `limit: 0`, `source: null`…);
 * - turns the list form of `in_parallel` into `{steps: [...]}`;
 * - re-formats `check_every` as a Go duration (`1m` → `1m0s`) and container memory limits as bytes;
 * - makes every task `params` value a string (`0` → `"0"`, `{a: b}` → `{"a":"b"}`), and resource `version` values too.
 * Free-form maps (`source`, `params`, `vars`…) are kept as they are: there an empty value means something.
 */
import { normalizeGoDuration } from "../go-duration";
import { isObject } from "../object";
import { HOOKS } from "../model/format";

type Json = unknown;
type Obj = Record<string, Json>;

const TOP_LEVEL = ["groups", "var_sources", "resources", "resource_types", "prototypes", "jobs", "display", "user_data"];
/** Maps passed through verbatim. */
const FREE_FORM = new Set(["source", "params", "get_params", "vars", "instance_vars", "defaults", "input_mapping", "output_mapping", "user_data"]);

/**
 * `fly get-pipeline --json` prints the config itself; the API (`/api/v1/teams/T/pipelines/P/config`, and so
 * `fly curl`) wraps it as `{"config": …}`. Accepts both.
 */
export function unwrapDeployedConfig(value: Json): Json {
  if (isObject(value) && isObject(value.config) && !TOP_LEVEL.some((k) => k in value)) return value.config;
  return value;
}

/** A normalised deep copy of a pipeline config (see the file comment). */
export function normalizeConfig(config: Json): Obj {
  if (!isObject(config)) return {};
  const out: Obj = {};
  for (const key of TOP_LEVEL) {
    if (!(key in config)) continue;
    const v = config[key];
    let n: Json;
    switch (key) {
      case "jobs":
        n = list(v, job);
        break;
      case "resources":
        n = list(v, resource);
        break;
      case "resource_types":
      case "prototypes":
        n = list(v, resourceType);
        break;
      case "var_sources":
        n = list(v, (s) => structure(s, { config: (c) => c }));
        break;
      case "user_data":
        n = v;
        break;
      default:
        n = structure(v);
    }
    if (!isEmpty(n) || (key === "user_data" && n !== null && n !== undefined)) out[key] = n;
  }
  return out;
}

type Special = Record<string, (v: Json) => Json>;

/** A Go struct: zero values dropped, free-form maps kept, `special` keys handled by their function. */
function structure(value: Json, special: Special = {}): Json {
  if (Array.isArray(value)) return value.map((v) => structure(v));
  if (!isObject(value)) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    const n = special[k] ? special[k]!(v) : FREE_FORM.has(k) ? v : structure(v);
    if (FREE_FORM.has(k) && !special[k] ? v === null || v === undefined || isEmptyMap(v) : isEmpty(n)) continue;
    out[k] = n;
  }
  return out;
}

function resource(r: Json): Json {
  return structure(r, {
    check_every: duration,
    // resource `version` is map[string]string: scalars become strings (concourse-spec.md §0.3)
    version: (v) => (isObject(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === "string" ? x : JSON.stringify(x)])) : v),
  });
}

function resourceType(t: Json): Json {
  return structure(t, { check_every: duration });
}

function job(j: Json): Json {
  const special: Special = { plan: (p) => list(p, step) };
  for (const h of HOOKS) special[h] = step;
  return structure(j, special);
}

/** One step: its own fields, wrappers, hooks and nested steps. */
function step(s: Json): Json {
  if (!isObject(s)) return s;
  const special: Special = {
    do: (v) => list(v, step),
    try: step,
    in_parallel: (v) => {
      const cfg = Array.isArray(v) ? { steps: v } : v;
      return structure(cfg, { steps: (x) => list(x, step) });
    },
    config: taskConfig,
    container_limits: limits,
    version: (v) => v, // get step: "latest", "every" or a pinned map of strings
    across: (v) => list(v, (a) => structure(a, { values: (x) => x })),
    values: (x) => x,
  };
  if ("task" in s) special.params = taskEnv;
  for (const h of HOOKS) special[h] = step;
  return structure(s, special);
}

function taskConfig(c: Json): Json {
  return structure(c, {
    params: taskEnv,
    container_limits: limits,
    image_resource: (i) => structure(i, { version: (v) => v }),
    run: (r) => structure(r),
  });
}

/** Task `params` are `map[string]string`: every value becomes its string form (concourse-spec.md §5.3). */
function taskEnv(p: Json): Json {
  if (!isObject(p)) return p;
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, coerceString(v)]));
}

function coerceString(v: Json): string {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return goFloatString(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  return JSON.stringify(v);
}

/** Go's encoding/json float format: plain digits below 1e21, exponent form beyond (as JavaScript does). */
function goFloatString(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return String(n);
}

function limits(l: Json): Json {
  if (!isObject(l)) return l;
  const out: Obj = {};
  for (const [k, v] of Object.entries(l)) {
    if (v === null || v === undefined) continue;
    out[k] = k === "memory" && typeof v === "string" ? memoryBytes(v) : v;
  }
  return out;
}

/** `1GB` → 1073741824, as `atc.ParseMemoryLimit` reads it; anything else unchanged. */
function memoryBytes(text: string): Json {
  const m = /^([0-9]+)(([KMG])(i)?B?)?$/i.exec(text);
  if (!m) return text;
  const mult = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[(m[3] ?? "").toUpperCase() as "K" | "M" | "G"] ?? 1;
  return Number(m[1]) * mult;
}

function duration(v: Json): Json {
  return typeof v === "string" ? normalizeGoDuration(v) : v;
}

function list(v: Json, fn: (x: Json) => Json): Json {
  return Array.isArray(v) ? v.map(fn) : v;
}

/** Go `omitempty` zero values. */
function isEmpty(v: Json): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === "") return true;
  if (Array.isArray(v)) return v.length === 0;
  return isEmptyMap(v);
}
function isEmptyMap(v: Json): boolean {
  return isObject(v) && Object.keys(v).length === 0;
}

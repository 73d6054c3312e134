/**
 * pipegen's check of what each typed resource type is given (resource schemas in `dsl/resources/`): the
 * `source` of resources, resource types, prototypes and task `image_resource`s, and the `params` of gets,
 * puts (and their `get_params`) and image fetches. Concourse hands these to the resource unchanged, so its own
 * validation accepts anything; the resource then fails (or silently ignores a key) at run time.
 * - `pipegen/unknown-resource-key`: a key the resource does not know ("did you mean");
 * - `pipegen/deprecated-resource-key`: a key the resource no longer uses;
 * - `pipegen/missing-resource-key`: a required key (or one of a required set) is absent;
 * - `pipegen/invalid-resource-value`: a value of the wrong JSON type, or not one the resource accepts.
 * A value that is a whole `((var))` can be of any type, and is not checked.
 */
import type { FieldKind, FieldSchema, ObjectSchema, ResourceTypeSchema } from "../../dsl/resources/schema";
import { given } from "../../dsl/resources/schema";
import type { DConfig } from "../decoded";
import { isObject } from "../../object";
import type { IssueCollector } from "../../collector";
import { suggestSimilar } from "../suggest";
import { typeResolver } from "./resource-types";

type Part = "source" | "get" | "put";
const PART_NAME: Record<Part, string> = { source: "source", get: "get params", put: "put params" };

export function checkResourceConfigs(r: IssueCollector, cfg: DConfig): void {
  const resolve = typeResolver(cfg);
  const types = new Map<string, string>();
  for (const res of cfg.resources) {
    types.set(res.name, res.type);
    const { schema, defaults } = resolve(res.type);
    if (!schema) continue;
    // the type's defaults fill in keys (for the required ones); they are checked where they are written
    const merged = defaults ? { ...defaults, ...(res.source ?? {}) } : (res.source ?? {});
    check(r, schema, "source", res.source ?? {}, `${res.path}.source`, merged);
  }
  for (const t of [...cfg.resourceTypes, ...cfg.prototypes]) {
    // the image a type or prototype runs in is fetched with its own type's source and params
    const image = t.type !== t.name ? resolve(t.type).schema : undefined;
    if (image) {
      check(r, image, "source", t.source ?? {}, `${t.path}.source`);
      if (t.params) check(r, image, "get", t.params, `${t.path}.params`);
    }
  }
  for (const t of cfg.resourceTypes) {
    const own = t.defaults ? resolve(t.name).schema : undefined;
    if (own) check(r, own, "source", t.defaults!, `${t.path}.defaults`, null);
  }
  for (const job of cfg.jobs) {
    for (const core of job.cores) {
      if (core.kind === "get" || core.kind === "put") {
        const resource = core.resource !== undefined && core.resource !== "" ? core.resource : core.name;
        const type = resource !== undefined ? types.get(resource) : undefined;
        const schema = type !== undefined ? resolve(type).schema : undefined;
        if (!schema) continue;
        if (core.kind === "get") {
          if (core.params) check(r, schema, "get", core.params, `${core.path}.params`);
        } else {
          check(r, schema, "put", core.params ?? {}, `${core.path}.params`);
          if (core.getParams) check(r, schema, "get", core.getParams, `${core.path}.get_params`);
        }
      } else if (core.kind === "task" && core.config?.imageType) {
        const schema = resolve(core.config.imageType).schema;
        if (!schema) continue;
        const base = `${core.config.path}.image_resource`;
        check(r, schema, "source", core.config.imageSource ?? {}, `${base}.source`);
        if (core.config.imageParams) check(r, schema, "get", core.config.imageParams, `${base}.params`);
      }
    }
  }
}

/**
 * Checks one object against its part of the schema. `forRequired` is what the required keys are looked up in
 * (the source with its type's defaults), or null to skip required keys (defaults are partial by design).
 */
function check(
  r: IssueCollector,
  schema: ResourceTypeSchema,
  part: Part,
  value: Record<string, unknown>,
  path: string,
  forRequired: Record<string, unknown> | null = value,
): void {
  checkObject(r, schema, schema[part], value, path, whatOf(schema, part), forRequired);
}

// This runs for every resource and step of a pipeline (500-job renders included): texts and paths are built only
// for what is reported, and each schema part's required keys are listed once.
const whatBySchema = new WeakMap<ResourceTypeSchema, Partial<Record<Part, string>>>();
function whatOf(schema: ResourceTypeSchema, part: Part): string {
  let byPart = whatBySchema.get(schema);
  if (!byPart) whatBySchema.set(schema, (byPart = {}));
  return (byPart[part] ??= `${schema.type} ${PART_NAME[part]}`);
}

const requiredByObject = new WeakMap<ObjectSchema, readonly [string, FieldSchema][]>();
function requiredOf(obj: ObjectSchema): readonly [string, FieldSchema][] {
  let list = requiredByObject.get(obj);
  if (!list) requiredByObject.set(obj, (list = Object.entries(obj.fields).filter(([, field]) => field.required)));
  return list;
}

const knownByObject = new WeakMap<ObjectSchema, readonly string[]>();
/** The field names of an object schema, listed once (a source with 20,000 unknown keys asks 20,000 times). */
function knownOf(obj: ObjectSchema): readonly string[] {
  let known = knownByObject.get(obj);
  if (!known) knownByObject.set(obj, (known = Object.keys(obj.fields)));
  return known;
}

function checkObject(
  r: IssueCollector,
  schema: ResourceTypeSchema,
  obj: ObjectSchema,
  value: Record<string, unknown>,
  path: string,
  what: string,
  forRequired: Record<string, unknown> | null,
): void {
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key) || key.includes("((")) continue;
    const field = Object.prototype.hasOwnProperty.call(obj.fields, key) ? obj.fields[key] : undefined;
    if (field) {
      const v = value[key];
      // (the common case, a plain string for a string field, needs no call)
      if (!(typeof v === "string" && field.kind === "string" && !field.values)) checkValue(r, schema, field, v, path, key, what);
      continue;
    }
    const at = `${path}.${key}`;
    const deprecated = obj.deprecated && Object.prototype.hasOwnProperty.call(obj.deprecated, key) ? obj.deprecated[key] : undefined;
    if (deprecated !== undefined) {
      r.warning("pipegen/deprecated-resource-key", at, `'${key}' in ${what}: ${deprecated}`);
      continue;
    }
    const effect =
      schema.unknownKeys === "rejected" ? `the ${schema.type} resource rejects unknown keys, so it fails` : `the ${schema.type} resource ignores it`;
    r.warning("pipegen/unknown-resource-key", at, `unknown key '${key}' in ${what}: ${effect}`, suggestSimilar(key, knownOf(obj)));
  }
  if (!forRequired) return;
  for (const [key, field] of requiredOf(obj)) {
    if (given(forRequired, key) || (field.unless !== undefined && given(forRequired, field.unless))) continue;
    r.warning("pipegen/missing-resource-key", path, `missing '${key}' in ${what}: the ${schema.type} resource fails without it`);
  }
  if (obj.rules) {
    for (const p of obj.rules(forRequired)) {
      const at = p.key !== undefined && p.kind === "value" ? `${path}.${p.key}` : path;
      r.warning(p.kind === "missing" ? "pipegen/missing-resource-key" : "pipegen/invalid-resource-value", at, `${what}: ${p.message}`);
    }
  }
}

/** A string that is one whole `((var))`: its value, of any type, is known only when the build runs. */
function isWholeVar(v: unknown): boolean {
  return typeof v === "string" && v.includes("((") && /^\s*\(\([^()]*\)\)\s*$/.test(v);
}

function checkValue(r: IssueCollector, schema: ResourceTypeSchema, field: FieldSchema, v: unknown, parent: string, key: string, what: string): void {
  // null decodes to the zero value in Go and to `empty` in jq: the same as leaving the key out
  if (v === null || v === undefined || isWholeVar(v)) return;
  const path = `${parent}.${key}`;
  const kinds: readonly FieldKind[] = typeof field.kind === "string" ? [field.kind] : field.kind;
  if (!fits(kinds, v, schema.types === "lenient")) {
    const effect = schema.types === "json" ? "the resource fails to decode it" : "the resource cannot read it";
    r.warning("pipegen/invalid-resource-value", path, `'${key}' in ${what} must be ${kinds.map(kindText).join(" or ")}, not ${valueText(v)}: ${effect}`);
    return;
  }
  if (field.values && typeof v === "string" && !v.includes("((") && !field.values.includes(v)) {
    const list = field.values.map((x) => `'${x}'`).join(", ");
    r.warning(
      "pipegen/invalid-resource-value",
      path,
      `'${key}' in ${what} is '${v}': the ${schema.type} resource accepts only ${list}`,
      suggestSimilar(v, field.values),
    );
    return;
  }
  if (field.fields && isObject(v)) checkObject(r, schema, field.fields, v, path, `${what} ${key}`, v);
  if (field.items && Array.isArray(v))
    v.forEach((item, i) => isObject(item) && checkObject(r, schema, field.items!, item, `${path}[${i}]`, `${what} ${key}`, item));
}

function fits(kinds: readonly FieldKind[], v: unknown, lenient: boolean): boolean {
  const scalar = typeof v === "string" || typeof v === "number" || typeof v === "boolean";
  for (const kind of kinds) {
    switch (kind) {
      case "any":
        return true;
      case "string":
        if (typeof v === "string" || (lenient && scalar)) return true;
        break;
      case "bool":
        if (typeof v === "boolean" || (lenient && scalar)) return true;
        break;
      case "int":
        if ((typeof v === "number" && Number.isInteger(v)) || (lenient && scalar)) return true;
        break;
      case "number":
        if (typeof v === "number" || (lenient && scalar)) return true;
        break;
      case "scalar":
        if (scalar) return true;
        break;
      // jq scripts often take a string where a list is documented (`join` fails on neither)
      case "list":
        if (Array.isArray(v) || (lenient && scalar)) return true;
        break;
      case "map":
        if (isObject(v)) return true;
        break;
    }
  }
  return false;
}

function kindText(kind: FieldKind): string {
  return {
    string: "a string",
    bool: "a boolean",
    int: "an integer",
    number: "a number",
    scalar: "a string, number or boolean",
    list: "a list",
    map: "a map",
    any: "anything",
  }[kind];
}

function valueText(v: unknown): string {
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 37) + "..." : v)}`;
  if (typeof v === "boolean" || typeof v === "number") return `${typeof v === "number" ? "the number" : "the boolean"} ${String(v)}`;
  return Array.isArray(v) ? "a list" : "a map";
}

/**
 * Decoding one JSON object into a Go struct the way `encoding/json` does it, for the texts Concourse shows
 * (concourse-spec.md §0.3, §3.3 B1/B3/B9): keys match fields case-insensitively, `null` leaves the zero value,
 * a wrong JSON type is `json: cannot unmarshal <kind> into Go struct field <Struct>.<field path> of type <type>`,
 * and an unknown key is `json: unknown field "<key>"` when the struct is decoded strictly.
 * Numbers and booleans headed for a Go string become strings only outside custom decoders (sigs.k8s.io/yaml).
 */
import type { IssueCollector } from "../../collector";
import { jsonKind, numberText } from "../go";
import { isObject } from "../../object";
import { goFormatFloat } from "../../yaml/go-scalar";
import { suggestSimilar } from "../suggest";

/** Where a decode happens, for messages and paths. */
export interface DecodeCtx {
  readonly r: IssueCollector;
  /** Go struct named in type errors (after Go's error-context rewriting; `""` means "Go value"). */
  readonly struct: string;
  /** Go field path of this object from that struct (`jobs`, `config.run`); `""` at the struct itself. */
  readonly field: string;
  /** `malformed <kind> step: ` chain for errors inside steps. */
  readonly prefix: string;
  /** Structural pipegen path of this object. */
  readonly path: string;
  /** Scalars are coerced into string fields (outside steps and custom decoders). */
  readonly coerce: boolean;
}

/** Reports a Go `*json.UnmarshalTypeError`. */
export function typeError(ctx: DecodeCtx, goField: string, value: unknown, goType: string, path: string, intTarget = false): void {
  let kind = jsonKind(value);
  if (intTarget && typeof value === "number") kind = `number ${numberText(value)}`;
  const where = ctx.struct === "" && goField === "" ? `Go value of type ${goType}` : `Go struct field ${ctx.struct}.${goField} of type ${goType}`;
  ctx.r.error("concourse/type-mismatch", path, `${ctx.prefix}json: cannot unmarshal ${kind} into ${where}`);
}

/** A string as sigs.k8s.io/yaml coerces a YAML scalar for a Go string target. */
export function coerceToString(v: number | boolean): string {
  if (typeof v === "boolean") return v ? "true" : "false";
  return Number.isInteger(v) && Math.abs(v) < 1e21 ? String(v) : goFormatFloat(v, 32);
}

/** The fields of a struct, as sets for lookups; computed once per field list (there are a few dozen). */
interface FieldInfo {
  readonly exact: ReadonlySet<string>;
  readonly folded: ReadonlyMap<string, string>;
}
const fieldInfos = new WeakMap<readonly string[], FieldInfo>();
function fieldInfo(fields: readonly string[]): FieldInfo {
  let info = fieldInfos.get(fields);
  if (!info) {
    const folded = new Map<string, string>();
    for (const f of fields) if (!folded.has(f.toLowerCase())) folded.set(f.toLowerCase(), f);
    info = { exact: new Set(fields), folded };
    fieldInfos.set(fields, info);
  }
  return info;
}

const NO_KEYS: readonly string[] = Object.freeze([]) as readonly string[];

/** One JSON object being decoded into one Go struct. */
export class StructDecoder {
  /**
   * field name → the key that set it (the last one wins, as in Go); null while every key is exactly a field
   * name, the common case, where a field is read straight from the object without building a map.
   */
  private keyOf: Map<string, string> | null = null;
  /** keys that match no field (one shared empty list until there is one: most structs have none) */
  unknownKeys: readonly string[] = NO_KEYS;
  /** true when any field failed to decode */
  failed = false;

  constructor(
    readonly ctx: DecodeCtx,
    readonly obj: Record<string, unknown>,
    readonly fields: readonly string[],
    /** the keys this struct may see (a step's keys that no wrapper took); default: all of the object's keys */
    keys?: readonly string[],
  ) {
    const info = fieldInfo(fields);
    const list = keys ?? Object.keys(obj);
    this.present = list;
    for (let i = 0; i < list.length; i++) {
      const key = list[i]!;
      if (info.exact.has(key)) {
        if (this.keyOf) this.keyOf.set(key, key);
        continue;
      }
      // Go's encoding/json also matches keys case-insensitively; an exact match wins over a folded one
      const field = info.folded.get(key.toLowerCase());
      if (field !== undefined) {
        if (!this.keyOf) {
          // the first folded key: from here on fields are looked up through the map (exact keys seen so far too)
          this.keyOf = new Map();
          for (let j = 0; j < i; j++) if (info.exact.has(list[j]!)) this.keyOf.set(list[j]!, list[j]!);
        }
        if (this.keyOf.get(field) !== field) this.keyOf.set(field, key);
      } else this.unknownKeys = [...this.unknownKeys, key];
    }
  }

  /** The keys this struct sees: the object's, or those given to the constructor. */
  private present: readonly string[];

  /** Reports unknown keys as `json: unknown field "k"` (strict decoding). */
  reportUnknown(): void {
    for (const key of this.unknownKeys) {
      const suggestion = suggestSimilar(key, this.fields);
      this.ctx.r.error("concourse/unknown-field", this.pathOf(key), `${this.ctx.prefix}json: unknown field ${JSON.stringify(key)}`, suggestion);
    }
  }

  /** True when every known key matched a field exactly (none only case-insensitively). */
  get exactKeys(): boolean {
    return this.keyOf === null;
  }

  has(field: string): boolean {
    if (this.keyOf) return this.keyOf.has(field);
    return this.present.includes(field);
  }
  key(field: string): string {
    return this.keyOf?.get(field) ?? field;
  }
  raw(field: string): unknown {
    if (this.keyOf) {
      const key = this.keyOf.get(field);
      return key === undefined ? undefined : this.obj[key];
    }
    // Most fields a struct asks for are absent: looking in the object's short key list is cheaper than a
    // property lookup on objects of many shapes.
    return this.present.includes(field) ? this.obj[field] : undefined;
  }
  /** Structural path of a field. */
  pathOf(keyOrField: string): string {
    const key = this.keyOf?.get(keyOrField) ?? keyOrField;
    return this.ctx.path === "" ? key : `${this.ctx.path}.${key}`;
  }
  /** Go field path of a field. */
  goField(field: string): string {
    return this.ctx.field === "" ? field : `${this.ctx.field}.${field}`;
  }
  fail(field: string, value: unknown, goType: string, intTarget = false): undefined {
    this.failed = true;
    typeError(this.ctx, this.goField(field), value, goType, this.pathOf(field), intTarget);
    return undefined;
  }

  /** A Go `string` field. */
  string(field: string): string | undefined {
    const v = this.raw(field);
    if (v === undefined || v === null) return undefined;
    if (typeof v === "string") return v;
    if (this.ctx.coerce && (typeof v === "number" || typeof v === "boolean")) return coerceToString(v);
    return this.fail(field, v, "string");
  }
  /** A Go `bool` field. */
  bool(field: string): boolean | undefined {
    const v = this.raw(field);
    if (v === undefined || v === null) return undefined;
    if (typeof v === "boolean") return v;
    return this.fail(field, v, "bool");
  }
  /** A Go `int` field (an integral float is fine: it reaches Go's decoder as an integer). */
  int(field: string): number | undefined {
    const v = this.raw(field);
    if (v === undefined || v === null) return undefined;
    if (typeof v === "number" && Number.isInteger(v) && Math.abs(v) <= 9223372036854775807 && Math.abs(v) < 1e21) return v;
    return this.fail(field, v, "int", true);
  }
  /** A Go `[]string` field (or `Tags`, whose custom decoder reports the same texts but never coerces). */
  strings(field: string, coerce = this.ctx.coerce): string[] | undefined {
    const v = this.raw(field);
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) return this.fail(field, v, "[]string");
    const out: string[] = [];
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (typeof item === "string") out.push(item);
      else if (item === null) out.push("");
      else if (coerce && (typeof item === "number" || typeof item === "boolean")) out.push(coerceToString(item));
      else return this.fail(field, item, "string");
    }
    return out;
  }
  /** `Tags`: a custom decoder (no coercion); empty strings are dropped. */
  tags(field: string): string[] | undefined {
    return this.strings(field, false)?.filter((t) => t !== "");
  }
  /** A Go `map[string]string` field (`Version`, `input_mapping`). */
  stringMap(field: string, goType: string, coerce = this.ctx.coerce): Record<string, string> | undefined {
    const v = this.raw(field);
    if (v === undefined || v === null) return undefined;
    if (!isObject(v)) return this.fail(field, v, goType);
    const out: Record<string, string> = {};
    for (const [k, item] of Object.entries(v)) {
      if (typeof item === "string") out[k] = item;
      else if (item === null) out[k] = "";
      else if (coerce && (typeof item === "number" || typeof item === "boolean")) out[k] = coerceToString(item);
      else return this.fail(field, item, "string");
    }
    return out;
  }
  /** A free-form Go map (`Source`, `Params`, `InstanceVars`). */
  map(field: string, goType: string): Record<string, unknown> | undefined {
    const v = this.raw(field);
    if (v === undefined || v === null) return undefined;
    if (!isObject(v)) return this.fail(field, v, goType);
    return v;
  }
  /** A list field whose items are decoded by the caller; reports a non-list. */
  list(field: string, goType: string): unknown[] | undefined {
    const v = this.raw(field);
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) return this.fail(field, v, goType);
    return v;
  }
  /** A nested struct field decoded by the caller; reports a non-object. */
  object(field: string, goType: string): Record<string, unknown> | undefined {
    const v = this.raw(field);
    if (v === undefined || v === null) return undefined;
    if (!isObject(v)) return this.fail(field, v, goType);
    return v;
  }
}

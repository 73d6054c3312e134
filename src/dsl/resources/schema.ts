/**
 * What a resource type accepts in `source` and in get/put `params`, as data. Each typed builder declares its
 * schema next to its option interfaces, typed with `FieldsOf<Interface>`: a key missing from the schema, an
 * extra one, or a required/optional mismatch is a compile error, so the builders' types and the validator's
 * checks (`validate/checks/resource-config.ts`) cannot drift apart.
 */

/** The JSON shape a value must have. `scalar` is any string, number or boolean. */
export type FieldKind = "string" | "bool" | "int" | "number" | "scalar" | "list" | "map" | "any";

/** One key of a `source` or `params` object. */
export interface FieldSchema {
  /** Accepted shapes (any of them). */
  readonly kind: FieldKind | readonly FieldKind[];
  /** Only these values (for strings). */
  readonly values?: readonly string[];
  /** For `list`: the schema of each element when it is an object. */
  readonly items?: ObjectSchema;
  /** For `map`: the schema of the object. */
  readonly fields?: ObjectSchema;
  /** The key is required. */
  readonly required?: boolean;
  /** A required key may be left out when this (deprecated) key is given instead. */
  readonly unless?: string;
}

/** A problem found by an object's own cross-key rule (one of two keys, two keys that go together…). */
export interface RuleProblem {
  /** `missing`: a needed key is absent; `value`: a value or combination the resource rejects. */
  readonly kind: "missing" | "value";
  /** The key the problem is about (absent for the object as a whole). */
  readonly key?: string;
  readonly message: string;
}

/** The keys of one object, and its cross-key rules. */
export interface ObjectSchema {
  readonly fields: Readonly<Record<string, FieldSchema>>;
  /** Keys the resource still reads or names but that do nothing useful any more: key → advice. */
  readonly deprecated?: Readonly<Record<string, string>>;
  /** Cross-key rules; `obj` holds the keys given (values may be `((vars))`). */
  readonly rules?: (obj: Readonly<Record<string, unknown>>) => RuleProblem[];
}

/** How a resource's own code treats what it is given (resource-types.md, per type). */
export interface ResourceTypeSchema {
  /** The type name on a standard worker, e.g. `git`. */
  readonly type: string;
  /** The image of the resource, e.g. `concourse/git-resource`: a declared type gets the schema only for it. */
  readonly image: string;
  /** `rejected`: an unknown key fails the resource (git, registry-image); `ignored`: it is silently unused. */
  readonly unknownKeys: "rejected" | "ignored";
  /**
   * `json`: decoded with Go's encoding/json, so a wrong JSON type fails; `lenient`: read with jq by a shell
   * script, so scalars are interchangeable and only a map or list where a scalar belongs (or the reverse) is wrong.
   */
  readonly types: "json" | "lenient";
  readonly source: ObjectSchema;
  readonly get: ObjectSchema;
  readonly put: ObjectSchema;
}

// (`{}` on purpose: a key is optional exactly when the empty object is assignable to the object of that key alone)
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type IsOptional<T, K extends keyof T> = {} extends Pick<T, K> ? true : false;

/**
 * The field schemas of exactly the keys of `T`: required keys must say `required: true`, optional ones must not.
 * `Record<string, never>` (no keys) gives `{}`.
 */
export type FieldsOf<T> = {
  readonly [K in keyof T]-?: IsOptional<T, K> extends true ? FieldSchema & { readonly required?: false } : FieldSchema & { readonly required: true };
};

/** An object schema whose keys are exactly those of `T` (checked by the compiler). */
export function objectSchema<T>(fields: FieldsOf<T>, extra: Omit<ObjectSchema, "fields"> = {}): ObjectSchema {
  return { fields: fields as Record<string, FieldSchema>, ...extra };
}

/** A field that is not required. */
export type OptionalField = FieldSchema & { readonly required?: false };

/** Shorthands for the common field kinds. */
export const str: OptionalField = { kind: "string" };
export const reqStr = { kind: "string", required: true } as const;
export const bool: OptionalField = { kind: "bool" };
export const int: OptionalField = { kind: "int" };
export const strList: OptionalField = { kind: "list" };
export const map: OptionalField = { kind: "map" };
export const oneOf = (...values: string[]): OptionalField => ({ kind: "string", values });

/** `exactly one of a, b` as a rule, using the resource's own messages where it has them. */
export function atLeastOne(keys: readonly string[], message: string): (obj: Readonly<Record<string, unknown>>) => RuleProblem[] {
  return (obj) => (keys.some((k) => given(obj, k)) ? [] : [{ kind: "missing", message }]);
}

/** True when `key` is given a value (a null value is none, as Go's decoder sees it). */
export function given(obj: Readonly<Record<string, unknown>>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key) && obj[key] !== null && obj[key] !== undefined;
}

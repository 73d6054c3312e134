/**
 * The TypeScript types of the builders' parameters, described as data (the field table records, for each field a
 * builder takes, its type; the importer uses them to tell whether a YAML value fits a typed parameter).
 */

export type Shape =
  /** `string` (no vars: names, globs, identifiers). */
  | "string"
  /** `Str`: a string or `v()`. */
  | "Str"
  /** `Secret`: `v()` or `insecureLiteral()`. */
  | "Secret"
  | "number"
  | "boolean"
  /** Anything (free-form maps: source, params, vars…). */
  | "unknown"
  /** One of these strings. */
  | { readonly oneOf: readonly string[] }
  | { readonly union: readonly Shape[] }
  | { readonly list: Shape }
  | { readonly record: Shape }
  | {
      readonly fields: Readonly<Record<string, Shape>>;
      readonly required?: readonly string[];
      /** Other keys are allowed (an index signature of `unknown`). */
      readonly open?: boolean;
      /** Concourse decodes it into a Go struct: `key: null` is the same as no key, so such keys are left out. */
      readonly struct?: boolean;
    };

export type ObjectShape = Extract<Shape, { fields: unknown }>;

export const strList: Shape = { list: "string" };
export const StrList: Shape = { list: "Str" };
export const freeMap: Shape = { record: "unknown" };
export const strMap: Shape = { record: "string" };
export const StrMap: Shape = { record: "Str" };

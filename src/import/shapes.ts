/**
 * The TypeScript types of the builders' parameters, described as data, so the importer can tell whether a YAML
 * value fits a typed parameter (and write it through the builder) or not (and keep it verbatim with a cast).
 * The Concourse objects' shapes come from the field table (src/model/format.ts); the import tests type-check
 * every generated file, so a drift from `src/dsl/*.ts` shows up there.
 */

import { isObject } from "../object";
import type { Shape } from "../model/dsl-shape";
export type { ObjectShape, Shape } from "../model/dsl-shape";
export { freeMap, strList, StrList } from "../model/dsl-shape";

/** True when `value` (plain YAML data) can be written as a literal of type `shape`. */
export function fits(value: unknown, shape: Shape): boolean {
  if (typeof shape === "string") {
    switch (shape) {
      case "string":
      case "Str":
      case "Secret":
        return typeof value === "string";
      case "number":
        return typeof value === "number";
      case "boolean":
        return typeof value === "boolean";
      case "unknown":
        return true;
    }
  }
  if ("oneOf" in shape) return typeof value === "string" && shape.oneOf.includes(value);
  if ("union" in shape) return shape.union.some((s) => fits(value, s));
  if ("list" in shape) return Array.isArray(value) && value.every((v) => fits(v, shape.list));
  if ("record" in shape) return isObject(value) && Object.values(value).every((v) => fits(v, shape.record));
  if (!isObject(value)) return false;
  for (const req of shape.required ?? []) if (!(req in value) || (shape.struct && value[req] === null)) return false;
  for (const [k, v] of Object.entries(value)) {
    if (shape.struct && v === null) continue;
    const field = Object.prototype.hasOwnProperty.call(shape.fields, k) ? shape.fields[k] : undefined;
    if (field === undefined) {
      if (!shape.open) return false;
    } else if (!fits(v, field)) return false;
  }
  return true;
}

/** The first member of a union that `value` fits. */
export function pick(value: unknown, shape: Shape): Shape | undefined {
  if (typeof shape === "object" && "union" in shape) return shape.union.find((s) => fits(value, s));
  return fits(value, shape) ? shape : undefined;
}

/** Short description of a shape for messages: `a string`, `a list of strings`, `true or false`… */
export function describeShape(shape: Shape): string {
  if (typeof shape === "string") {
    return { string: "a string", Str: "a string", Secret: "a string", number: "a number", boolean: "true or false", unknown: "anything" }[shape];
  }
  if ("oneOf" in shape) return shape.oneOf.map((s) => JSON.stringify(s)).join(" or ");
  if ("union" in shape) return shape.union.map(describeShape).join(" or ");
  if ("list" in shape) return `a list of ${describeShape(shape.list).replace(/^an? /, "")}s`;
  if ("record" in shape) return shape.record === "unknown" ? "a map" : `a map of ${describeShape(shape.record).replace(/^an? /, "")}s`;
  const req = shape.required?.length ? ` with ${shape.required.join(", ")}` : "";
  return `a map${req} of known keys (${Object.keys(shape.fields).join(", ")})`;
}

/** A short description of a YAML value's type. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  return `the ${typeof value} ${String(value)}`;
}

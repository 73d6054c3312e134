/**
 * Writing an object's fields in the field table's order (src/model/format.ts): the renderer computes the fields
 * that need it (names, references, nested steps and configs) and every other field is the builder's own value,
 * made plain. A field added to the table is therefore rendered, in its place, without a change here.
 */
import type { Path, RenderContext, SiteOwner } from "./context";

/** How to write one object: its keys in order and, for each, where its value comes from. Made once, at load. */
export interface FieldPlan {
  readonly keys: readonly string[];
  /** Per key: the index of its value among the computed ones, or -1 for the builder's own value. */
  readonly slots: readonly number[];
}

/** A plan for `keys` (a table's fields) where the `computed` ones, in this order, are given by the renderer. */
export function fieldPlan(keys: readonly string[], computed: readonly string[] = []): FieldPlan {
  for (const key of computed) if (!keys.includes(key)) throw new Error(`pipegen bug: '${key}' is not a field of the table`);
  return { keys, slots: keys.map((k) => computed.indexOf(k)) };
}

/**
 * Adds the plan's keys to `out` in order, skipping undefined values: a computed key takes its value from `values`
 * (in the plan's `computed` order), any other is read from `props`. (Arrays rather than an object of computed
 * values: the objects of every kind of step would make each lookup megamorphic on the renderer's hot path.)
 */
export function addFields(
  out: Record<string, unknown>,
  plan: FieldPlan,
  values: readonly unknown[],
  props: Readonly<Record<string, unknown>>,
  ctx: RenderContext,
  path: Path,
  owner: SiteOwner | undefined,
): Record<string, unknown> {
  const { keys, slots } = plan;
  // A builder's props hold a few of the table's many fields: for a plain object, looking for a key in its short key
  // list is cheaper than a property lookup that misses (on objects of many shapes). Others are read key by key.
  const present = Object.getPrototypeOf(props) === Object.prototype ? Object.keys(props) : null;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const slot = slots[i]!;
    const v = slot >= 0 ? values[slot] : present === null || present.includes(k) ? ctx.val(props[k], path, k, owner) : undefined;
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** No builder props (every field is computed). */
export const NO_PROPS: Readonly<Record<string, unknown>> = Object.freeze({});

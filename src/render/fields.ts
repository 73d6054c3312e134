/**
 * Writing an object's fields in the field table's order (src/model/format.ts): the renderer computes the fields
 * that need it (names, references, nested steps and configs) and every other field is the builder's own value,
 * made plain. A field added to the table is therefore rendered, in its place, without a change here.
 */
import type { Path, RenderContext, SiteOwner } from "./context";

/**
 * Adds `keys` to `out` in order, skipping undefined values: a key present in `computed` takes that value (even
 * undefined), any other is read from `props`.
 */
export function addFields(
  out: Record<string, unknown>,
  keys: readonly string[],
  computed: Readonly<Record<string, unknown>>,
  props: Readonly<Record<string, unknown>>,
  ctx: RenderContext,
  path: Path,
  owner: SiteOwner | undefined,
): Record<string, unknown> {
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = k in computed ? computed[k] : ctx.val(props[k], path, k, owner);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** No computed fields. */
export const NONE: Readonly<Record<string, unknown>> = Object.freeze({});

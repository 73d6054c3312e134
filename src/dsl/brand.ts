/**
 * Brands identify builder objects. They are registered symbols (`Symbol.for`), so objects made by one copy of
 * pipegen are recognised by another (cdk8s's approach), unlike `instanceof` or constructor names.
 */
export const BRAND = {
  resource: Symbol.for("pipegen.Resource"),
  resourceType: Symbol.for("pipegen.ResourceType"),
  prototype: Symbol.for("pipegen.Prototype"),
  image: Symbol.for("pipegen.ImageResource"),
  step: Symbol.for("pipegen.Step"),
  job: Symbol.for("pipegen.Job"),
  group: Symbol.for("pipegen.Group"),
  varSource: Symbol.for("pipegen.VarSource"),
  glob: Symbol.for("pipegen.Glob"),
  pipeline: Symbol.for("pipegen.Pipeline"),
  taskConfig: Symbol.for("pipegen.TaskConfig"),
} as const;

export type BrandName = keyof typeof BRAND;

/** Set on every builder object (with its own brand): one lookup tells a builder object from plain data. */
export const BUILDER = Symbol.for("pipegen.Builder");

/** Adds a brand to a fresh object (non-enumerable, so it never leaks into output). */
export function brand<T extends object>(obj: T, name: BrandName): T {
  Object.defineProperty(obj, BRAND[name], { value: true });
  Object.defineProperty(obj, BUILDER, { value: true });
  return obj;
}

/** Brands every instance of a builder class, through its prototype (cheaper than a property per object). */
export function brandClass(cls: { prototype: object }, name: BrandName): void {
  Object.defineProperty(cls.prototype, BRAND[name], { value: true });
  Object.defineProperty(cls.prototype, BUILDER, { value: true });
}

/** True for any object made by a builder. */
export function isBuilderObject(x: unknown): boolean {
  return typeof x === "object" && x !== null && (x as Record<symbol, unknown>)[BUILDER] === true;
}

export function hasBrand(x: unknown, name: BrandName): boolean {
  return typeof x === "object" && x !== null && (x as Record<symbol, unknown>)[BRAND[name]] === true;
}

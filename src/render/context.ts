/**
 * State of one conversion from builder objects to the plain Concourse config: the issues found, and which
 * builder call made each output object (so later problems can point at the user's source).
 */
import { IssueCollector } from "../collector";
import { formatPath, type Severity, type SourceSite } from "../issues";
import type { IssueCode } from "../validate/codes";
import { hasBrand, isBuilderObject } from "../dsl/brand";
import { isInsecureLiteral, isValidVarName, isVar } from "../dsl/var";

/**
 * A path in the output (`jobs.build.plan[2].task`), as a persistent linked list: extending it costs one tiny
 * object, and it is turned into text only when an issue is reported.
 */
export interface PathNode {
  readonly up: Path;
  readonly seg: string | number;
}
export type Path = PathNode | readonly (string | number)[] | undefined;

/** `path` extended by `segs`. */
export function at(path: Path, seg: string | number, seg2?: string | number, seg3?: string | number): PathNode {
  let node = path as PathNode | undefined;
  if (Array.isArray(path)) {
    node = undefined;
    for (let i = 0; i < path.length; i++) node = { up: node, seg: path[i] };
  }
  node = { up: node, seg };
  if (seg2 !== undefined) node = { up: node, seg: seg2 };
  if (seg3 !== undefined) node = { up: node, seg: seg3 };
  return node;
}

export function segments(path: Path): (string | number)[] {
  if (path === undefined) return [];
  if (Array.isArray(path)) return [...path];
  const out: (string | number)[] = [];
  for (let n: Path = path; n !== undefined && !Array.isArray(n); n = (n as PathNode).up) out.push((n as PathNode).seg);
  return out.reverse();
}

/** A builder object: its `site` is resolved from the captured stack only when it is read. */
export interface SiteOwner {
  readonly site?: SourceSite;
}

/** Output object -> the builder call that made it (resolved lazily). */
export interface SiteLookup {
  get(out: object): SourceSite | undefined;
}

export class RenderContext extends IssueCollector {
  // a Map, not a WeakMap: the context lives for one render, and ephemeron tables cost the GC more
  private readonly owners = new Map<object, SiteOwner>();
  /** Output object -> the builder call that made it. */
  readonly sites: SiteLookup = { get: (out) => this.owners.get(out)?.site };
  /** What is being converted (for a getter or Proxy trap that throws outside `plain()`). */
  where: Path = undefined;
  /** Vars whose names were already reported, so one bad `v()` reused 50 times is reported once. */
  private readonly reportedVars = new Set<object>();

  /** Adds an issue at a path given as segments, with the call site of the builder that made the object. */
  report(code: IssueCode, severity: Severity, path: Path, message: string, owner?: SiteOwner, hint?: string): void {
    this.add(code, severity, formatPath(segments(path)), message, hint, owner?.site);
  }

  /** Records that `out` was made by the builder `owner`. */
  mark<T extends object>(out: T, owner: SiteOwner | undefined): T {
    if (owner) this.owners.set(out, owner);
    return out;
  }

  /**
   * Converts a free-form value (source, params, vars…) to plain JSON-like data: vars become `((name))`,
   * undefined entries are dropped, builder objects and functions are reported.
   */
  plain(value: unknown, path: Path, site?: SiteOwner, depth = 0): unknown {
    if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
    if (depth > 200) {
      this.report("dsl/value-too-deep", "error", path, "this value is nested more than 200 levels deep (does it contain itself?)", site);
      return null;
    }
    if (value === undefined) return undefined;
    if (typeof value === "bigint") return this.bigint(value, path, site);
    if (typeof value === "function" || typeof value === "symbol") {
      this.report("dsl/unsupported-value", "error", path, `a ${typeof value} cannot be rendered to YAML`, site);
      return undefined;
    }
    // A getter or a Proxy trap in the user's value may throw: that is one error at this path, not a crash.
    try {
      return this.plainObject(value as object, path, site, depth);
    } catch (err) {
      this.report("dsl/unreadable-value", "error", path, `reading this value threw ${describeThrown(err)} (a getter or a Proxy in the value?)`, site);
      return null;
    }
  }

  private plainObject(value: object, path: Path, site: SiteOwner | undefined, depth: number): unknown {
    if (isVar(value)) {
      if (!isValidVarName(value.name) && !this.reportedVars.has(value)) {
        this.reportedVars.add(value);
        this.report(
          "dsl/invalid-var-name",
          "error",
          path,
          `'${value.name}' is not a valid var name: Concourse would leave '((${value.name}))' as literal text`,
          value.site ? value : site,
          "var names use letters, digits and - _ . / : @ \" (optionally prefixed by 'source:')",
        );
      }
      return `((${value.name}))`;
    }
    if (isInsecureLiteral(value)) return value.value;
    if (Array.isArray(value)) {
      const out: unknown[] = new Array(value.length);
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item === undefined && !(i in value)) {
          this.report("dsl/hole-in-list", "error", at(path, i), `item ${i} is a hole in the list (a sparse array): YAML has no way to write it`, site);
          out[i] = null;
          continue;
        }
        out[i] =
          item === null || typeof item === "string" || typeof item === "number" || typeof item === "boolean"
            ? item
            : (this.plain(item, at(path, i), site, depth + 1) ?? null);
      }
      return out;
    }
    if (typeof value === "object") {
      if (isBuilderObject(value)) {
        const kind = ["resource", "job", "step", "image", "resourceType", "group", "glob"].find((b) => hasBrand(value, b as never)) ?? "builder";
        this.report("dsl/unexpected-builder", "error", path, `a ${kind} object cannot be used as a plain value here`, site);
        return null;
      }
      const unfaithful = unfaithfulObject(value);
      if (unfaithful) {
        this.report("dsl/unsupported-value", "error", path, unfaithful, site);
        return null;
      }
      const out: Record<string, unknown> = {};
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj);
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k]!;
        const item = obj[key];
        // scalars need no path: it is only built for what is reported or descended into
        const converted =
          item === null || typeof item === "string" || typeof item === "number" || typeof item === "boolean"
            ? item
            : this.plain(item, at(path, key), site, depth + 1);
        if (converted === undefined) continue;
        // a YAML key named __proto__ is data: plain assignment would set the prototype and lose it
        if (key === "__proto__") Object.defineProperty(out, key, { value: converted, enumerable: true, writable: true, configurable: true });
        else out[key] = converted;
      }
      return out;
    }
    this.report("dsl/unsupported-value", "error", path, `a ${typeof value} cannot be rendered to YAML`, site);
    return undefined;
  }

  /** A BigInt that a YAML (and Go) number holds exactly is that number; a larger one would silently lose digits. */
  private bigint(value: bigint, path: Path, site: SiteOwner | undefined): unknown {
    const n = Number(value);
    if (Number.isSafeInteger(n)) return n;
    this.report(
      "dsl/unsupported-value",
      "error",
      path,
      `the BigInt ${value}n is beyond 2^53: as a YAML number it would become ${n}; write it as a string`,
      site,
    );
    return null;
  }

  /** A string field that may be a var. */
  str(value: unknown, path: Path, site?: SiteOwner): unknown {
    return this.plain(value, path, site);
  }

  /**
   * The field `key` of an object at `path`: like `plain()`, but the path is only extended when the value is not a
   * simple scalar (most fields), so the common case allocates nothing.
   */
  val(value: unknown, path: Path, key: string, site?: SiteOwner): unknown {
    if (value === undefined || value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
    return this.plain(value, at(path, key), site);
  }
}

/** Objects whose own enumerable keys are not their content (they would render as `{}` or lose meaning). */
function unfaithfulObject(value: object): string | undefined {
  if (value instanceof Date) return "a Date cannot be rendered faithfully (it would become {}): write date.toISOString() or the string you mean";
  if (value instanceof Map) return "a Map cannot be rendered faithfully (it would become {}): use a plain object, e.g. Object.fromEntries(map)";
  if (value instanceof Set) return "a Set cannot be rendered faithfully (it would become {}): use a list, e.g. [...set]";
  if (value instanceof RegExp) return "a RegExp cannot be rendered faithfully (it would become {}): write its source as a string";
  if (value instanceof Promise) return "a Promise cannot be rendered: await it before building the pipeline";
  if (value instanceof WeakMap || value instanceof WeakSet) return "a WeakMap or WeakSet cannot be rendered";
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return "binary data (a Buffer or typed array) cannot be rendered: convert it to a string";
  return undefined;
}

/** A thrown value as text, even when its `message` or `toString` throws in turn. */
export function describeThrown(err: unknown): string {
  try {
    if (err instanceof Error) return `${err.name}: ${err.message}`;
  } catch {
    /* a getter on name or message threw: fall through */
  }
  try {
    if (typeof err === "string") return JSON.stringify(err.length > 200 ? err.slice(0, 200) + "…" : err);
    if (err === null || typeof err !== "object") return String(err);
  } catch {
    /* Symbol-like values */
  }
  return "a value that cannot be shown";
}

/**
 * A new object of the defined values of `keyValues` (key, value, key, value…), in the given order (the render
 * key order). A flat list, not pairs: this runs for every object of the pipeline.
 */
export function ordered(...keyValues: unknown[]): Record<string, unknown> {
  return addOrdered({}, keyValues);
}

/**
 * Adds the defined values of a flat key/value list to `out`, in order. Indexed loops rather than spreads and
 * for-of here and in the other per-object code: most of a render runs before V8 optimises anything, and in
 * the interpreter every iterator step allocates.
 */
export function addOrdered(out: Record<string, unknown>, keyValues: readonly unknown[]): Record<string, unknown> {
  for (let i = 0; i < keyValues.length; i += 2) {
    const value = keyValues[i + 1];
    if (value !== undefined) out[keyValues[i] as string] = value;
  }
  return out;
}

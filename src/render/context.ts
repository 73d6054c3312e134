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
    if (isVar(value)) {
      if (!isValidVarName(value.name) && !this.reportedVars.has(value)) {
        this.reportedVars.add(value);
        this.report("dsl/invalid-var-name", "error", path, `'${value.name}' is not a valid var name: Concourse would leave '((${value.name}))' as literal text`, value.site ? value : site,
          "var names use letters, digits and - _ . / : @ \" (optionally prefixed by 'source:')");
      }
      return `((${value.name}))`;
    }
    if (isInsecureLiteral(value)) return value.value;
    if (Array.isArray(value)) {
      const out: unknown[] = new Array(value.length);
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        out[i] = item === null || typeof item === "string" || typeof item === "number" || typeof item === "boolean" ? item : this.plain(item, at(path, i), site, depth + 1) ?? null;
      }
      return out;
    }
    if (typeof value === "object") {
      if (isBuilderObject(value)) {
        const kind = ["resource", "job", "step", "image", "resourceType", "group", "glob"].find((b) => hasBrand(value, b as never)) ?? "builder";
        this.report("dsl/unexpected-builder", "error", path, `a ${kind} object cannot be used as a plain value here`, site);
        return null;
      }
      const out: Record<string, unknown> = {};
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj);
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k]!;
        const item = obj[key];
        // scalars need no path: it is only built for what is reported or descended into
        const converted = item === null || typeof item === "string" || typeof item === "number" || typeof item === "boolean" ? item : this.plain(item, at(path, key), site, depth + 1);
        if (converted === undefined) continue;
        // a YAML key named __proto__ is data: plain assignment would set the prototype and lose it
        if (key === "__proto__") Object.defineProperty(out, key, { value: converted, enumerable: true, writable: true, configurable: true });
        else out[key] = converted;
      }
      return out;
    }
    if (typeof value === "bigint") return Number(value);
    this.report("dsl/unsupported-value", "error", path, `a ${typeof value} cannot be rendered to YAML`, site);
    return undefined;
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

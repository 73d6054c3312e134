/**
 * State of one conversion from builder objects to the plain Concourse config: the issues found, and which
 * builder call made each output object (so later problems can point at the user's source).
 */
import { formatPath, type PipelineIssue, type Severity, type SourceSite } from "../issues";
import { hasBrand } from "../dsl/brand";
import { isInsecureLiteral, isValidVarName, isVar } from "../dsl/var";

export type Path = (string | number)[];

export class RenderContext {
  readonly issues: PipelineIssue[] = [];
  /** Output object -> the builder call that made it. */
  readonly sites = new WeakMap<object, SourceSite>();
  /** Vars whose names were already reported, so one bad `v()` reused 50 times is reported once. */
  private readonly reportedVars = new Set<object>();

  report(code: string, severity: Severity, path: Path, message: string, site?: SourceSite, hint?: string): void {
    this.issues.push({ code, severity, path: formatPath(path), message, ...(hint ? { hint } : {}), ...(site ? { site } : {}) });
  }

  /** Records that `out` was made by the builder call at `site`. */
  mark<T extends object>(out: T, site: SourceSite | undefined): T {
    if (site) this.sites.set(out, site);
    return out;
  }

  /**
   * Converts a free-form value (source, params, vars…) to plain JSON-like data: vars become `((name))`,
   * undefined entries are dropped, builder objects and functions are reported.
   */
  plain(value: unknown, path: Path, site?: SourceSite): unknown {
    if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
    if (value === undefined) return undefined;
    if (isVar(value)) {
      if (!isValidVarName(value.name) && !this.reportedVars.has(value)) {
        this.reportedVars.add(value);
        this.report("dsl/invalid-var-name", "error", path, `'${value.name}' is not a valid var name: Concourse would leave '((${value.name}))' as literal text`, value.site ?? site,
          "var names use letters, digits and - _ . / : @ \" (optionally prefixed by 'source:')");
      }
      return `((${value.name}))`;
    }
    if (isInsecureLiteral(value)) return value.value;
    if (Array.isArray(value)) return value.map((item, i) => this.plain(item, [...path, i], site) ?? null);
    if (typeof value === "object") {
      if (Object.getOwnPropertySymbols(value).some((s) => Symbol.keyFor(s)?.startsWith("pipegen."))) {
        const kind = ["resource", "job", "step", "image", "resourceType", "group", "glob"].find((b) => hasBrand(value, b as never)) ?? "builder";
        this.report("dsl/unexpected-builder", "error", path, `a ${kind} object cannot be used as a plain value here`, site);
        return null;
      }
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        const converted = this.plain(item, [...path, key], site);
        if (converted !== undefined) out[key] = converted;
      }
      return out;
    }
    if (typeof value === "bigint") return Number(value);
    this.report("dsl/unsupported-value", "error", path, `a ${typeof value} cannot be rendered to YAML`, site);
    return undefined;
  }

  /** A string field that may be a var. */
  str(value: unknown, path: Path, site?: SourceSite): unknown {
    return this.plain(value, path, site);
  }
}

/** Copies the defined entries of `entries` into a new object, in the given order (the render key order). */
export function ordered(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) if (value !== undefined) out[key] = value;
  return out;
}

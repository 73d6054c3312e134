/**
 * Task configs (inline `config:` and standalone task files) and their `image_resource`, written with the typed
 * image builders where they fit. Scripts (multi-line `run.args`) become named template-literal consts, and an
 * image or config used by several tasks becomes one shared const.
 */
import { isDeepStrictEqual } from "node:util";
import { registryImageGetParams, registryImageSource, s3ImageSource, taskConfigFields, rawImageResource } from "./catalog";
import type { ImportContext, Loc } from "./context";
import { arr, atom, call, cast, obj, type Entry, type Expr } from "./expr";
import { words } from "./names";
import { fits, type ObjectShape } from "./shapes";
import { isObject } from "../object";

/** A script is hoisted into a const when it has at least this many lines. */
const SCRIPT_LINES = 3;

export interface TaskConverterOptions {
  /** Identifiers of declared resource types, by name (an image may use one). */
  readonly resourceTypes: ReadonlyMap<string, string>;
}

/** Converts task configs; remembers images and configs that several tasks share. */
export class TaskConverter {
  /** canonical JSON → how many times it occurs, for images and inline configs */
  private readonly counts = new Map<string, number>();
  private readonly shared = new Map<string, string>();
  private readonly scripts = new Map<string, string>();

  constructor(
    private readonly ctx: ImportContext,
    private readonly options: TaskConverterOptions,
  ) {}

  /** Counts the images and configs of a pipeline first, so that repeated ones can be shared. */
  count(kind: "image" | "config", value: unknown): void {
    const key = `${kind}:${JSON.stringify(value)}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** `config:` of a task step (`taskName` names hoisted consts). */
  config(value: unknown, loc: Loc, taskName: string): Expr {
    if (!isObject(value)) return this.ctx.mismatch(value, { fields: {} }, loc);
    return this.maybeShared(
      "config",
      value,
      loc,
      `${taskName} config`,
      () => call(this.ctx.use("taskConfig"), this.configObject(value, loc, taskName)),
      () => this.configObject(value, loc, taskName),
    );
  }

  /** The object literal of a task config. */
  configObject(value: Record<string, unknown>, loc: Loc, taskName: string): Expr {
    const ctx = this.ctx;
    const entries: Entry[] = [];
    const unknown: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      const at = loc.key(k);
      if (v === null) {
        ctx.dropNull(at);
        continue;
      }
      let expr: Expr;
      if (k === "image_resource") expr = this.image(v, at, taskName);
      else if (k === "inputs" || k === "outputs") expr = this.artifacts(v, at, k);
      else if (k === "run") expr = this.run(v, at, taskName);
      else if (Object.prototype.hasOwnProperty.call(taskConfigFields, k)) expr = ctx.typed(v, taskConfigFields[k as keyof typeof taskConfigFields], at);
      else {
        unknown.push(k);
        expr = ctx.free(v, at);
      }
      entries.push(ctx.entry(k, at, expr));
    }
    const out = obj(entries, ctx.end(loc));
    const problems = [typeof value.platform !== "string" ? "has no platform" : "", unknown.length ? `has unknown keys ${unknown.join(", ")}` : ""].filter(
      Boolean,
    );
    if (problems.length === 0) return out;
    ctx.note(
      "type-mismatch",
      loc,
      `the task config ${problems.join(" and ")}: it is kept as is, with a cast (\`as never\`)`,
      "Concourse rejects this task config; check it",
    );
    return cast(out);
  }

  private artifacts(value: unknown, loc: Loc, kind: "inputs" | "outputs"): Expr {
    const ctx = this.ctx;
    if (!Array.isArray(value)) return ctx.typed(value, taskConfigFields[kind], loc);
    const items = value.map((item, i) => {
      const at = loc.at(i, isObject(item) ? item.name : undefined);
      // `{ name: x }` alone is written as the string "x" (the builders expand it back)
      if (isObject(item) && Object.keys(item).length === 1 && typeof item.name === "string") {
        const name = ctx.str(item.name, at.key("name"));
        if (name.kind === "atom") return ctx.item(at, name);
      }
      return ctx.item(at, ctx.typed(item, taskConfigFields[kind].list, at));
    });
    return arr(items, ctx.end(loc));
  }

  private run(value: unknown, loc: Loc, taskName: string): Expr {
    const ctx = this.ctx;
    const shape = taskConfigFields.run;
    if (!isObject(value) || !fits(value, shape)) return ctx.typed(value, shape, loc);
    const entries = ctx.fields(value, shape.fields, loc, { struct: true, skip: ["args"] });
    if (Array.isArray(value.args)) {
      const at = loc.key("args");
      const items = value.args.map((a: string, i) => ctx.item(at.at(i), this.script(a, at.at(i), taskName)));
      const argsEntry = ctx.entry("args", at, arr(items, ctx.end(at)));
      const index = Object.keys(value)
        .filter((k) => value[k] !== null)
        .indexOf("args");
      entries.splice(index, 0, argsEntry);
    }
    return obj(entries, ctx.end(loc));
  }

  /** A run arg; a long script becomes a named const declared before the statement that uses it. */
  private script(text: string, loc: Loc, taskName: string): Expr {
    const ctx = this.ctx;
    if (text.split("\n").length < SCRIPT_LINES) return ctx.str(text, loc);
    const known = this.scripts.get(text);
    if (known) return atom(known);
    // a task file has one task: its script is just `script`
    const name = taskName ? ctx.names.allocate(taskName, "script", "task") : ctx.names.allocate("script", undefined, "script");
    this.scripts.set(text, name);
    const leading = ctx.comments.leading(loc.raw);
    ctx.hoist(() => ({ name, init: ctx.str(text, loc), ...(leading.length ? { leading } : {}) }));
    return atom(name);
  }

  /** An `image_resource`. */
  image(value: unknown, loc: Loc, taskName: string): Expr {
    if (!isObject(value)) return this.ctx.typed(value, rawImageResource, loc);
    const builder = this.imageBuilder(value);
    if (!builder) return this.imageExpr(value, loc, undefined);
    return this.maybeShared(
      "image",
      value,
      loc,
      imageName(value, taskName),
      () => this.imageExpr(value, loc, builder),
      () => this.imageExpr(value, loc, builder),
    );
  }

  /** Which builder writes this image: a typed one, `image()`, or none (a plain object). */
  private imageBuilder(img: Record<string, unknown>): "s3Image" | "registryImageResource" | "image" | undefined {
    const keys = Object.keys(img);
    const only = (allowed: string[]) => keys.every((k) => allowed.includes(k));
    if (
      img.type === "registry-image" &&
      !this.options.resourceTypes.has("registry-image") &&
      only(["type", "source", "params"]) &&
      fits(img.source, registryImageSource) &&
      (img.params === undefined || fits(img.params, registryImageGetParams))
    ) {
      return "registryImageResource";
    }
    if (
      img.type === "s3" &&
      !this.options.resourceTypes.has("s3") &&
      only(["type", "source", "params"]) &&
      isDeepStrictEqual(img.params, { unpack: true }) &&
      fits(img.source, s3ImageSource)
    ) {
      return "s3Image";
    }
    const imageProps: ObjectShape = { ...rawImageResource, fields: { ...rawImageResource.fields, type: "string" }, open: false };
    if (only(["type", "source", "params", "version", "tags"]) && isObject(img.source) && fits(img, imageProps)) return "image";
    return undefined;
  }

  private imageExpr(img: Record<string, unknown>, loc: Loc, builder: "s3Image" | "registryImageResource" | "image" | undefined): Expr {
    const ctx = this.ctx;
    switch (builder) {
      case "s3Image":
        ctx.comments.takeUnder(loc.key("params").raw);
        return call(ctx.use("s3Image"), ctx.object(img.source, s3ImageSource, loc.key("source")));
      case "registryImageResource": {
        const args = [ctx.object(img.source, registryImageSource, loc.key("source"))];
        if (img.params !== undefined) args.push(ctx.object(img.params, registryImageGetParams, loc.key("params")));
        return call(ctx.use("registryImageResource"), ...args);
      }
      case "image": {
        const entries = ctx.fields(img, rawImageResource.fields, loc, { skip: ["type"] });
        const typeRef = typeof img.type === "string" ? this.options.resourceTypes.get(img.type) : undefined;
        const typeExpr = typeRef ? atom(typeRef) : atom(JSON.stringify(img.type));
        entries.splice(Object.keys(img).indexOf("type"), 0, ctx.entry("type", loc.key("type"), typeExpr));
        return call(ctx.use("image"), obj(entries, ctx.end(loc)));
      }
      default:
        return ctx.object(img, rawImageResource, loc);
    }
  }

  /**
   * Writes `value` in place, or, when the same value occurs more than once in the pipeline, as a reference to one
   * const declared before the first statement that uses it.
   */
  private maybeShared(kind: "image" | "config", value: unknown, loc: Loc, label: string, shared: () => Expr, inline: () => Expr): Expr {
    const key = `${kind}:${JSON.stringify(value)}`;
    if ((this.counts.get(key) ?? 0) < 2) return inline();
    const known = this.shared.get(key);
    if (known) {
      // a copy (usually a YAML alias): its comments, if any, are those of the first one
      this.ctx.comments.takeUnder(loc.raw);
      return atom(known);
    }
    const name = this.ctx.names.allocate(label, kind === "image" ? "image" : "config", kind);
    this.shared.set(key, name);
    this.ctx.hoist(() => ({ name, init: shared() }));
    return atom(name);
  }
}

/** A const name for an image: the last part of its repository (`cloudfoundry/cf-cli` → cfCli), else the task's. */
function imageName(img: Record<string, unknown>, taskName: string): string {
  const source = isObject(img.source) ? img.source : {};
  const repo = typeof source.repository === "string" ? source.repository.replace(/\(\([^)]*\)\)/g, "") : "";
  const last = repo
    .split("/")
    .filter((p) => words(p).length > 0)
    .pop();
  if (last) return last.replace(/[@:].*$/, "");
  return `${taskName} image`;
}

/**
 * State of one import: the notes for the user, the YAML comments still to place, the identifiers handed out, the
 * builders the file imports, and the statements hoisted out of the expression being built (shared images, scripts).
 * It also turns YAML values into code: typed where a builder's type describes them, verbatim (with a cast and a
 * note) where it does not, so the rendered YAML always reads back the same.
 */
import type { PipelineIssue } from "../issues";
import { CommentIndex } from "./comments";
import { arr, atom, call, cast, obj, type Comments, type Entry, type Expr, type Item } from "./expr";
import { isSingleVar, keyText, numberText, quote, stringExpr } from "./literals";
import { NameAllocator, type NameStyle } from "./names";
import { describeShape, describeValue, fits, type ObjectShape, type Shape } from "./shapes";
import { isObject } from "../object";
import type { ImportNote } from "../validate/codes";

/** A location in the input: `raw` is the YAML path (`jobs[2].plan[0]`), `named` the path users read (`jobs.build.plan[0]`). */
export class Loc {
  constructor(
    readonly raw: string,
    readonly named: string,
  ) {}
  static root = new Loc("", "");
  key(k: string): Loc {
    return new Loc(this.raw === "" ? k : `${this.raw}.${k}`, this.named === "" ? k : `${this.named}.${k}`);
  }
  at(i: number, name?: unknown): Loc {
    const label = typeof name === "string" && name !== "" ? `.${name}` : `[${i}]`;
    return new Loc(`${this.raw}[${i}]`, `${this.named}${label}`);
  }
}

/** A top-level statement of the generated file. */
export interface Statement {
  /** `const <name> = <init>;`, or `export default <init>;` when name is undefined. */
  readonly name?: string;
  readonly init: Expr;
  readonly leading?: Comments;
}

/** Every builder the generated code may call; reserved so no const shadows one. */
export const BUILDERS = [
  "pipeline",
  "job",
  "group",
  "glob",
  "get",
  "put",
  "task",
  "taskConfig",
  "setPipeline",
  "loadVar",
  "inParallel",
  "doSteps",
  "tryStep",
  "runStep",
  "resource",
  "resourceType",
  "prototype",
  "image",
  "varSource",
  "v",
  "insecureLiteral",
  "s3",
  "s3Image",
  "registryImage",
  "registryImageResource",
  "dockerImage",
  "git",
  "time",
  "semver",
  "pool",
  "githubRelease",
  "mock",
] as const;
export type Builder = (typeof BUILDERS)[number];

export class ImportContext {
  readonly issues: PipelineIssue[] = [];
  readonly names: NameAllocator;
  private readonly imports = new Set<Builder>();
  private readonly frames: Statement[][] = [];
  private readonly legacyWarned = new Set<string>();

  constructor(
    readonly comments: CommentIndex,
    style: NameStyle,
  ) {
    this.names = new NameAllocator(style, BUILDERS);
  }

  /** Notes a builder the file uses; returns its name. */
  use(b: Builder): string {
    this.imports.add(b);
    return b;
  }

  importedBuilders(): string[] {
    return [...this.imports].sort();
  }

  note(code: ImportNote, loc: Loc, message: string, hint?: string): void {
    this.issues.push({ code: `import/${code}`, severity: "warning", path: loc.named, message, ...(hint ? { hint } : {}) });
  }

  /** Builds a statement; statements hoisted while building it are returned before it. */
  statement(build: () => Statement): Statement[] {
    const frame: Statement[] = [];
    this.frames.push(frame);
    try {
      const stmt = build();
      return [...frame, stmt];
    } finally {
      this.frames.pop();
    }
  }

  /** Declares a statement before the one being built (a shared image, a script). */
  hoist(build: () => Statement): void {
    const out = this.statement(build);
    const frame = this.frames[this.frames.length - 1];
    if (!frame) throw new Error("hoist() outside statement()");
    frame.push(...out);
  }

  // ---- comments --------------------------------------------------------------------------------------------------

  /**
   * An object entry for the YAML key at `loc`, with that key's comments. Call it after building `value`: comments
   * below `loc` that the value did not place (on keys that became arguments, like `name:`) go above the entry.
   */
  entry(key: string, loc: Loc, value: Expr): Entry {
    return { key: keyText(key), value, ...this.around(loc) };
  }

  /** A list item for `loc`, with its comments (see `entry`). */
  item(loc: Loc, value: Expr): Item {
    return { value, ...this.around(loc) };
  }

  /** Comment lines for a statement made from the node at `loc` (its own, then any left below it). */
  leadingAll(loc: Loc): string[] {
    const own = this.comments.leading(loc.raw);
    const trailing = this.comments.trailing(loc.raw);
    return [...own, ...(trailing !== undefined ? [trailing] : []), ...this.comments.takeUnder(loc.raw)];
  }

  private around(loc: Loc): { leading?: Comments; trailing?: string } {
    const leading = this.comments.leading(loc.raw);
    const trailing = this.comments.trailing(loc.raw);
    const rest = this.comments.takeUnder(loc.raw);
    if (rest.length) leading.push(...rest);
    return { ...(leading.length ? { leading } : {}), ...(trailing !== undefined ? { trailing } : {}) };
  }

  /** Comments after the last entry of the collection at `loc`. */
  end(loc: Loc): string[] {
    return this.comments.end(loc.raw);
  }

  // ---- values ----------------------------------------------------------------------------------------------------

  /** A string with vars as `v()` (legacy `{{var}}` too, with a note). */
  str(s: string, loc: Loc): Expr {
    return stringExpr(s, {
      onVar: () => this.use("v"),
      onLegacy: (name) => {
        const key = `${loc.named}\0${name}`;
        if (this.legacyWarned.has(key)) return;
        this.legacyWarned.add(key);
        this.note(
          "legacy-var",
          loc,
          `legacy {{${name}}} is written as v(${JSON.stringify(name)}), which renders ((${name}))`,
          "Concourse stopped interpolating {{…}} in fly 3; check the var is provided",
        );
      },
    });
  }

  /** A free-form value (source, params, vars…), written as it is; strings may hold vars. */
  free(value: unknown, loc: Loc): Expr {
    if (value === null) return atom("null");
    if (typeof value === "string") return this.str(value, loc);
    if (typeof value === "number") return atom(numberText(value));
    if (typeof value === "boolean") return atom(String(value));
    if (Array.isArray(value))
      return arr(
        value.map((v, i) => this.item(loc.at(i), this.free(v, loc.at(i)))),
        this.end(loc),
      );
    if (isObject(value)) {
      return obj(
        Object.entries(value).map(([k, v]) => this.entry(k, loc.key(k), this.free(v, loc.key(k)))),
        this.end(loc),
      );
    }
    return atom("undefined");
  }

  /** `value` kept verbatim with a cast, because the builders' types do not describe it. */
  mismatch(value: unknown, shape: Shape, loc: Loc): Expr {
    const expected = describeShape(shape);
    if (typeof value === "string" && isSingleVar(value)) {
      this.note(
        "var-for-value",
        loc,
        `${value} stands for the whole value, which must be ${expected}: the builders' types cannot say that, so it is kept as text with a cast (\`as never\`)`,
      );
      return cast(atom(quote(value)));
    }
    this.note(
      "type-mismatch",
      loc,
      `${describeValue(value)} is not ${expected}: it is kept as is, with a cast (\`as never\`)`,
      "Concourse is likely to reject this value (unless a ((var)) fills it in); check it",
    );
    return cast(this.verbatim(value, loc));
  }

  /** A value written exactly as it is, `((vars))` included as text (for values the builders do not type). */
  verbatim(value: unknown, loc: Loc): Expr {
    if (typeof value === "string") return atom(quote(value));
    if (Array.isArray(value))
      return arr(
        value.map((v, i) => this.item(loc.at(i), this.verbatim(v, loc.at(i)))),
        this.end(loc),
      );
    if (isObject(value)) {
      return obj(
        Object.entries(value).map(([k, v]) => this.entry(k, loc.key(k), this.verbatim(v, loc.key(k)))),
        this.end(loc),
      );
    }
    return this.free(value, loc);
  }

  /**
   * A value written for a parameter of type `shape`. Parts that do not fit are kept verbatim with a cast, as locally
   * as possible, so the rest stays typed.
   */
  typed(value: unknown, shape: Shape, loc: Loc): Expr {
    if (typeof shape === "string") {
      if (!fits(value, shape)) return this.mismatch(value, shape, loc);
      switch (shape) {
        case "string":
          return atom(quote(value as string));
        case "Str":
          return this.str(value as string, loc);
        case "Secret":
          return isSingleVar(value as string) ? this.str(value as string, loc) : call(this.use("insecureLiteral"), this.str(value as string, loc));
        case "number":
          return atom(numberText(value as number));
        case "boolean":
          return atom(String(value));
        case "unknown":
          return this.free(value, loc);
      }
    }
    if ("oneOf" in shape) return fits(value, shape) ? atom(quote(value as string)) : this.mismatch(value, shape, loc);
    if ("union" in shape) {
      const exact = shape.union.find((s) => fits(value, s));
      if (exact) return this.typed(value, exact, loc);
      const sameKind = shape.union.find(
        (s) => typeof s === "object" && (("list" in s && Array.isArray(value)) || (("record" in s || "fields" in s) && isObject(value))),
      );
      return sameKind ? this.typed(value, sameKind, loc) : this.mismatch(value, shape, loc);
    }
    if ("list" in shape) {
      if (!Array.isArray(value)) return this.mismatch(value, shape, loc);
      return arr(
        value.map((v, i) => this.item(loc.at(i), this.typed(v, shape.list, loc.at(i)))),
        this.end(loc),
      );
    }
    if ("record" in shape) {
      if (!isObject(value)) return this.mismatch(value, shape, loc);
      return obj(
        Object.entries(value).map(([k, v]) => this.entry(k, loc.key(k), this.typed(v, shape.record, loc.key(k)))),
        this.end(loc),
      );
    }
    return this.object(value, shape, loc);
  }

  /** An object of known fields. Unknown keys (when the shape is closed) or missing required ones cast the object. */
  object(value: unknown, shape: ObjectShape, loc: Loc): Expr {
    if (!isObject(value)) return this.mismatch(value, shape, loc);
    const entries = this.fields(value, shape.fields, loc, { struct: shape.struct });
    const missing = (shape.required ?? []).filter((k) => !(k in value) || (shape.struct && value[k] === null));
    const unknown = shape.open ? [] : Object.keys(value).filter((k) => !Object.prototype.hasOwnProperty.call(shape.fields, k));
    const out = obj(entries, this.end(loc));
    if (missing.length === 0 && unknown.length === 0) return out;
    const why = [missing.length ? `has no ${missing.join(", ")}` : "", unknown.length ? `has unknown keys ${unknown.join(", ")}` : ""]
      .filter(Boolean)
      .join(" and ");
    this.note("type-mismatch", loc, `the map ${why}: it is kept as is, with a cast (\`as never\`)`, "Concourse is likely to reject it; check it");
    return cast(out);
  }

  /**
   * Entries for the keys of `value`, in YAML order: known keys typed, others free-form. With `struct`, a null value is
   * left out (Concourse decodes these maps into Go structs, where `key: null` and no key are the same).
   */
  fields(
    value: Record<string, unknown>,
    fields: Readonly<Record<string, Shape>>,
    loc: Loc,
    options: { struct?: boolean; skip?: readonly string[] } = {},
  ): Entry[] {
    const out: Entry[] = [];
    for (const [k, v] of Object.entries(value)) {
      if (options.skip?.includes(k)) continue;
      const at = loc.key(k);
      if (options.struct && v === null) {
        this.dropNull(at);
        continue;
      }
      const shape = Object.prototype.hasOwnProperty.call(fields, k) ? fields[k] : undefined;
      out.push(this.entry(k, at, shape === undefined ? this.free(v, at) : this.typed(v, shape, at)));
    }
    return out;
  }

  /** Notes a `key: null` left out. */
  dropNull(loc: Loc): void {
    this.note("null-dropped", loc, "`null` here means the same as no value to Concourse; the key is left out");
    this.comments.takeUnder(loc.raw);
  }
}

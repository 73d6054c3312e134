/**
 * Steps → step builder calls. The step type is found the way Concourse finds it (the first core key in its
 * precedence list); keys are written in the YAML's order; resources and jobs are referenced by their consts.
 */
import { HOOKS, stepOptions } from "./catalog";
import type { ImportContext, Loc } from "./context";
import { arr, atom, call, cast, obj, type Entry, type Expr } from "./expr";
import { quote } from "./literals";
import { freeMap, type Shape } from "./shapes";
import type { TaskConverter } from "./task";
import { isObject } from "../object";

/** Concourse's step detection order (core step keys); `aggregate` is the pre-7.0 name of `in_parallel`. */
export const STEP_KINDS = ["run", "task", "put", "get", "set_pipeline", "load_var", "try", "do", "in_parallel", "aggregate"] as const;
type Kind = (typeof STEP_KINDS)[number];

/** A resource as the steps see it. */
export interface ResourceRef {
  readonly ident: string;
  /** Shapes of get and put params when the resource uses a typed builder. */
  readonly getParams?: Shape;
  readonly putParams?: Shape;
  /** `s3Image`: gets already carry `unpack: true`. */
  readonly unpacks?: boolean;
}

export interface StepEnv {
  readonly resources: ReadonlyMap<string, ResourceRef>;
  /** Job consts declared so far (passed: can only refer to those). */
  readonly declaredJobs: ReadonlyMap<string, string>;
  /** Every job name of the pipeline. */
  readonly allJobs: ReadonlySet<string>;
  readonly prototypes: ReadonlyMap<string, string>;
  readonly tasks: TaskConverter;
}

export function stepKind(step: Record<string, unknown>): Kind | undefined {
  return STEP_KINDS.find((k) => k in step);
}

export class StepConverter {
  constructor(
    private readonly ctx: ImportContext,
    private readonly env: StepEnv,
  ) {}

  steps(list: unknown, loc: Loc): Expr {
    if (!Array.isArray(list)) return this.ctx.mismatch(list, { list: "unknown" }, loc);
    return arr(
      list.map((s, i) => {
        const at = loc.at(i);
        return this.ctx.item(at, this.step(s, at));
      }),
      this.ctx.end(loc),
    );
  }

  step(step: unknown, loc: Loc): Expr {
    const ctx = this.ctx;
    if (!isObject(step)) return ctx.mismatch(step, { fields: {} }, loc);
    const kind = stepKind(step);
    if (kind === undefined) {
      ctx.note(
        "no-step",
        loc,
        "this step has none of get, put, task, set_pipeline, load_var, in_parallel, do, try or run: it is kept as is, with a cast",
        "Concourse rejects it with 'no step configured'",
      );
      return cast(ctx.free(step, loc));
    }
    const name = step[kind];
    switch (kind) {
      case "get":
      case "put":
        return this.resourceStep(kind, step, loc);
      case "task":
        return this.named("task", name, this.options(step, loc, kind, ["task"]), loc);
      case "set_pipeline":
        return this.named("setPipeline", name, this.options(step, loc, kind, ["set_pipeline"], ["file"]), loc);
      case "load_var":
        return this.named("loadVar", name, this.options(step, loc, kind, ["load_var"], ["file"]), loc);
      case "run":
        return this.named("runStep", name, this.options(step, loc, kind, ["run"], ["type"]), loc);
      case "do":
        return this.withOptions(call(ctx.use("doSteps"), this.steps(step.do, loc.key("do"))), this.options(step, loc, kind, ["do"]));
      case "try":
        return this.withOptions(call(ctx.use("tryStep"), this.step(step.try, loc.key("try"))), this.options(step, loc, kind, ["try"]));
      case "in_parallel":
      case "aggregate":
        return this.inParallel(step, loc, kind);
    }
  }

  /** `get(res, {...})` / `put(res, {...})`. */
  private resourceStep(kind: "get" | "put", step: Record<string, unknown>, loc: Loc): Expr {
    const ctx = this.ctx;
    const stepName = step[kind];
    const resName = "resource" in step ? step.resource : stepName;
    const ref = typeof resName === "string" ? this.env.resources.get(resName) : undefined;
    const extra: Entry[] = [];
    let target: Expr;
    if (ref) {
      target = atom(ref.ident);
      if ("resource" in step)
        extra.push(
          ctx.entry("as", loc.key("resource"), typeof stepName === "string" ? atom(quote(stepName)) : ctx.mismatch(stepName, "string", loc.key(kind))),
        );
    } else {
      ctx.note(
        "unknown-resource",
        loc,
        `${kind} refers to resource ${JSON.stringify(resName)}, which the pipeline does not declare: it is written with a cast`,
        "Concourse rejects it with 'unknown resource'",
      );
      target = cast(atom(typeof resName === "string" ? quote(resName) : "undefined"));
      extra.push(ctx.entry("as", loc.key(kind), typeof stepName === "string" ? atom(quote(stepName)) : ctx.mismatch(stepName, "string", loc.key(kind))));
    }
    const opts = this.options(step, loc, kind, [kind, "resource"], [], ref);
    return call(ctx.use(kind), target, ...nonEmpty(obj([...extra, ...opts.entries], opts.end)));
  }

  private named(builder: "task" | "setPipeline" | "loadVar" | "runStep", name: unknown, opts: Options, loc: Loc): Expr {
    const ctx = this.ctx;
    const nameExpr = typeof name === "string" ? atom(quote(name)) : ctx.mismatch(name, "string", loc);
    let props: Expr = obj(opts.entries, opts.end);
    if (opts.missing.length > 0) {
      ctx.note(
        "type-mismatch",
        loc,
        `the step has no ${opts.missing.join(", ")}: its options are kept with a cast (\`as never\`)`,
        "Concourse rejects it; check it",
      );
      props = cast(props);
    }
    return call(ctx.use(builder), nameExpr, props);
  }

  private withOptions(head: Expr, opts: Options): Expr {
    const extra = nonEmpty(obj(opts.entries, opts.end));
    if (head.kind !== "call" || extra.length === 0) return head;
    return { ...head, args: [...head.args, ...extra] };
  }

  private inParallel(step: Record<string, unknown>, loc: Loc, kind: "in_parallel" | "aggregate"): Expr {
    const ctx = this.ctx;
    const body = step[kind];
    const at = loc.key(kind);
    if (kind === "aggregate") {
      ctx.note(
        "aggregate",
        loc,
        "the aggregate step was removed in Concourse 7: it is written as inParallel(), which renders in_parallel",
        "in_parallel runs the steps the same way",
      );
    }
    const opts = this.options(step, loc, "in_parallel", [kind, "fail_fast"]);
    if ("fail_fast" in step) {
      ctx.note(
        "unsupported",
        loc.key("fail_fast"),
        "fail_fast of an across modifier on an in_parallel step cannot be written with inParallel(); it is left out",
      );
    }
    if (isObject(body) && kind === "in_parallel") {
      // the object form: { steps, limit, fail_fast }
      const steps = "steps" in body ? this.steps(body.steps, at.key("steps")) : arr([]);
      const inner: Entry[] = [];
      for (const [k, v] of Object.entries(body)) {
        if (k === "steps") continue;
        const shape: Shape | undefined = k === "limit" ? "number" : k === "fail_fast" ? "boolean" : undefined;
        if (v === null) {
          ctx.dropNull(at.key(k));
        } else if (shape === undefined) {
          ctx.note("unknown-key", at.key(k), `Concourse ignores the key ${JSON.stringify(k)} here; it is left out`);
          ctx.comments.takeUnder(at.key(k).raw);
        } else inner.push(ctx.entry(k, at.key(k), ctx.typed(v, shape, at.key(k))));
      }
      if (!inner.some((e) => e.key === "limit" || e.key === "fail_fast")) inner.unshift({ key: "form", value: atom('"object"') });
      return call(ctx.use("inParallel"), steps, obj([...inner, ...opts.entries], [...ctx.end(at), ...opts.end]));
    }
    return call(ctx.use("inParallel"), this.steps(body, at), ...nonEmpty(obj(opts.entries, opts.end)));
  }

  /**
   * The option entries of a step, in YAML order: known fields typed, hooks as steps, and per-kind specials
   * (passed, params by resource type, task config, image, run type). Keys Concourse does not know are left out with a note.
   */
  private options(
    step: Record<string, unknown>,
    loc: Loc,
    kind: Exclude<Kind, "aggregate">,
    skip: string[],
    required: string[] = [],
    ref?: ResourceRef,
  ): Options {
    const ctx = this.ctx;
    const fields: Readonly<Record<string, Shape>> = stepOptions[kind];
    const entries: Entry[] = [];
    for (const [k, v] of Object.entries(step)) {
      if (skip.includes(k)) continue;
      const at = loc.key(k);
      if (v === null) {
        ctx.dropNull(at);
        continue;
      }
      let expr: Expr | undefined;
      if ((HOOKS as readonly string[]).includes(k)) expr = this.step(v, at);
      else if (k === "passed" && kind === "get") expr = this.passed(v, at);
      else if ((k === "params" && (kind === "get" || kind === "put")) || (k === "get_params" && kind === "put")) {
        const params = this.resourceParams(
          v,
          k === "params" && kind === "put" ? ref?.putParams : ref?.getParams,
          at,
          ref?.unpacks === true && !(kind === "put" && k === "params"),
        );
        if (params === null) continue;
        expr = params;
      } else if (k === "config" && kind === "task") expr = this.env.tasks.config(v, at, String(step.task));
      else if (k === "image" && kind === "task" && typeof v === "string")
        expr = this.env.resources.has(v) ? atom(this.env.resources.get(v)!.ident) : atom(quote(v));
      else if (k === "type" && kind === "run") {
        const proto = typeof v === "string" ? this.env.prototypes.get(v) : undefined;
        expr = proto ? atom(proto) : ctx.mismatch(v, "string", at);
      } else if (Object.prototype.hasOwnProperty.call(fields, k)) expr = ctx.typed(v, fields[k]!, at);
      if (expr === undefined) {
        ctx.note("unknown-key", at, `${JSON.stringify(k)} is not a field of a ${kind} step, so Concourse rejects it ('unknown fields'); it is left out`);
        ctx.comments.takeUnder(at.raw);
        continue;
      }
      entries.push(ctx.entry(k, at, expr));
    }
    const missing = required.filter((k) => step[k] === undefined || step[k] === null);
    return { entries, end: [], missing };
  }

  /**
   * Params of a get or put (or a put's get_params); `unpack: true` is left out when the resource's builder adds it
   * (s3Image). Null when nothing is left to write.
   */
  private resourceParams(value: unknown, shape: Shape | undefined, loc: Loc, unpacks: boolean | undefined): Expr | null {
    const ctx = this.ctx;
    if (unpacks && isObject(value) && value.unpack === true) {
      const rest = Object.fromEntries(Object.entries(value).filter(([k]) => k !== "unpack"));
      ctx.comments.takeUnder(loc.key("unpack").raw);
      if (Object.keys(rest).length === 0) return null;
      return ctx.typed(rest, shape ?? freeMap, loc);
    }
    return ctx.typed(value, shape ?? freeMap, loc);
  }

  /** `passed: [unitJob, glob("integration-*")]`. */
  private passed(value: unknown, loc: Loc): Expr {
    const ctx = this.ctx;
    if (!Array.isArray(value) || !value.every((p) => typeof p === "string")) return ctx.mismatch(value, { list: "string" }, loc);
    return arr(
      (value as string[]).map((name, i) => {
        const at = loc.at(i);
        const ident = this.env.declaredJobs.get(name);
        if (ident) return ctx.item(at, atom(ident));
        if (this.env.allJobs.has(name)) {
          ctx.note(
            "passed-cycle",
            at,
            `passed: refers to job ${JSON.stringify(name)}, which itself depends on this job: it is written as glob(${JSON.stringify(name)})`,
          );
        }
        return ctx.item(at, call(ctx.use("glob"), atom(quote(name))));
      }),
      ctx.end(loc),
    );
  }
}

interface Options {
  readonly entries: Entry[];
  readonly end: string[];
  readonly missing: string[];
}

/** `[obj]` unless the object is empty (then the argument is left out). */
function nonEmpty(o: Expr): Expr[] {
  return o.kind === "object" && o.entries.length === 0 && !o.end?.length ? [] : [o];
}

/**
 * A pipeline's YAML value → the statements of the generated file: resource types, resources, jobs (each a named
 * const, jobs ordered so that `passed:` refers to jobs declared above) and `export default pipeline({...})` with
 * every list in the YAML's order.
 */
import { own } from "../own";
import { display, jobOptions, resourceOptions, resourceTypeOptions, s3ImageSource, TYPED_RESOURCES, varSourceConfigs, type TypedResource } from "./catalog";
import { Loc, type ImportContext, type Statement } from "./context";
import { arr, atom, call, cast, obj, type Entry, type Expr, type Item } from "./expr";
import { quote } from "./literals";
import { fits, freeMap } from "./shapes";
import { StepConverter, stepKind, type ResourceRef } from "./steps";
import { TaskConverter } from "./task";
import { isObject } from "../object";
import { FIELDS, HOOKS } from "../model/format";

/** The top-level keys Concourse reads; any other key is dropped by Concourse (usually an anchor holder). */
export const PIPELINE_KEYS: readonly string[] = FIELDS.pipeline;

const HOOK_KEYS: readonly string[] = HOOKS;

/** What the steps do with each resource, to choose between typed builders and `resource()`. */
interface Usage {
  readonly getParams: unknown[];
  readonly putParams: unknown[];
  readonly putGetParams: unknown[];
  gets: number;
}

export function convertPipeline(value: Record<string, unknown>, ctx: ImportContext): Statement[] {
  const root = Loc.root;
  const dropped = Object.keys(value).filter((k) => !PIPELINE_KEYS.includes(k));
  if (dropped.length > 0) {
    ctx.note(
      "dropped-keys",
      root,
      `dropped top-level key${dropped.length > 1 ? "s" : ""} ${dropped.join(", ")}: Concourse ignores ${dropped.length > 1 ? "them" : "it"} (anchors are expanded where they are used)`,
    );
    for (const k of dropped) ctx.comments.takeUnder(root.key(k).raw);
  }
  const section = (key: string): unknown[] | undefined => {
    const v = value[key];
    if (v === null) {
      ctx.dropNull(root.key(key));
      return undefined;
    }
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) {
      ctx.note("type-mismatch", root.key(key), `${key} is not a list; it is left out`, "Concourse rejects this pipeline");
      return undefined;
    }
    return v;
  };
  const resourceTypes = section("resource_types");
  const resources = section("resources");
  const prototypes = section("prototypes");
  const jobs = section("jobs");
  const groups = section("groups");
  const varSources = section("var_sources");

  // identifiers, in YAML order so numbering is stable
  const typeIdents = identifiers(ctx, resourceTypes, "type", "resource type");
  const protoIdents = identifiers(ctx, prototypes, "prototype", "prototype");
  const resourceIdents = identifiers(ctx, resources, undefined, "resource");
  const jobIdents = identifiers(ctx, jobs, "job", "job");

  // what the jobs do, before writing anything
  const usage = new Map<string, Usage>();
  const typeRefs = byName(resourceTypes, typeIdents);
  const tasks = new TaskConverter(ctx, { resourceTypes: typeRefs });
  const passedDeps = new Map<number, string[]>();
  (jobs ?? []).forEach((j, i) => {
    const deps: string[] = [];
    if (isObject(j)) {
      for (const k of ["plan", ...HOOK_KEYS]) scanSteps(j[k], usage, tasks, deps);
    }
    passedDeps.set(i, deps);
  });

  const statements: Statement[] = [];
  const emit = (build: () => Statement) => statements.push(...ctx.statement(build));
  // comments above `jobs:` (and the like) go above the first const of that section
  const sectionComments = (key: string) => {
    const at = root.key(key);
    const trailing = ctx.comments.trailing(at.raw);
    return [...ctx.comments.leading(at.raw), ...(trailing !== undefined ? [trailing] : [])];
  };

  // resource types (a type another one is built on first)
  let lead = sectionComments("resource_types");
  for (const i of dependencyOrder(resourceTypes ?? [], (t) => (isObject(t) && typeof t.type === "string" && typeRefs.has(t.type) ? [t.type] : []))) {
    const t = resourceTypes![i];
    const loc = root.key("resource_types").at(i, isObject(t) ? t.name : undefined);
    emit(() => withLeading(typeStatement(ctx, t, loc, typeIdents[i]!, "resourceType", typeRefs), lead));
    lead = [];
  }
  lead = sectionComments("prototypes");
  (prototypes ?? []).forEach((t, i) => {
    const loc = root.key("prototypes").at(i, isObject(t) ? t.name : undefined);
    emit(() => withLeading(typeStatement(ctx, t, loc, protoIdents[i]!, "prototype", typeRefs), lead));
    lead = [];
  });

  // resources
  const refs = new Map<string, ResourceRef>();
  lead = sectionComments("resources");
  (resources ?? []).forEach((r, i) => {
    const loc = root.key("resources").at(i, isObject(r) ? r.name : undefined);
    const name = isObject(r) && typeof r.name === "string" ? r.name : undefined;
    const u = name !== undefined ? usage.get(name) : undefined;
    const { stmt, ref } = resourceStatement(ctx, r, loc, resourceIdents[i]!, u, typeRefs);
    if (name !== undefined && !refs.has(name)) refs.set(name, ref);
    emit(() => withLeading(stmt(), lead));
    lead = [];
  });

  // jobs, each after the jobs its passed: constraints name
  const declaredJobs = new Map<string, string>();
  const allJobs = new Set((jobs ?? []).map((j) => (isObject(j) && typeof j.name === "string" ? j.name : "")).filter(Boolean));
  const jobIndexByName = new Map<string, number>();
  (jobs ?? []).forEach((j, i) => {
    if (isObject(j) && typeof j.name === "string" && !jobIndexByName.has(j.name)) jobIndexByName.set(j.name, i);
  });
  const steps = new StepConverter(ctx, { resources: refs, declaredJobs, allJobs, prototypes: byName(prototypes, protoIdents), tasks });
  lead = sectionComments("jobs");
  for (const i of dependencyOrder(jobs ?? [], (_j, idx) => passedDeps.get(idx) ?? [], jobIndexByName)) {
    const j = jobs![i];
    const loc = root.key("jobs").at(i, isObject(j) ? j.name : undefined);
    emit(() => withLeading(jobStatement(ctx, steps, j, loc, jobIdents[i]!), lead));
    lead = [];
    if (isObject(j) && typeof j.name === "string" && !declaredJobs.has(j.name)) declaredJobs.set(j.name, jobIdents[i]!);
  }

  // the pipeline
  emit(() => {
    const entries: Entry[] = [];
    const list = (key: string, idents: string[] | undefined, items: unknown[] | undefined) => {
      if (items === undefined || idents === undefined) return;
      entries.push(
        ctx.entry(
          key,
          root.key(key),
          arr(
            idents.map((id) => ({ value: atom(id) })),
            ctx.end(root.key(key)),
          ),
        ),
      );
    };
    list("resource_types", typeIdents, resourceTypes);
    list("resources", resourceIdents, resources);
    list("prototypes", protoIdents, prototypes);
    if (varSources !== undefined) {
      const loc = root.key("var_sources");
      entries.push(
        ctx.entry(
          "var_sources",
          loc,
          arr(
            varSources.map((vs, i) => {
              const at = loc.at(i, isObject(vs) ? vs.name : undefined);
              return ctx.item(at, varSourceExpr(ctx, vs, at));
            }),
            ctx.end(loc),
          ),
        ),
      );
    }
    entries.push(
      ctx.entry(
        "jobs",
        root.key("jobs"),
        arr(
          jobIdents.map((id) => ({ value: atom(id) })),
          ctx.end(root.key("jobs")),
        ),
      ),
    );
    if (groups !== undefined) {
      const loc = root.key("groups");
      entries.push(
        ctx.entry(
          "groups",
          loc,
          arr(
            groups.map((g, i) => {
              const at = loc.at(i, isObject(g) ? g.name : undefined);
              return ctx.item(at, groupExpr(ctx, g, at, declaredJobs, refs));
            }),
            ctx.end(loc),
          ),
        ),
      );
    }
    if (value.display !== undefined) {
      const loc = root.key("display");
      if (value.display === null) ctx.dropNull(loc);
      else entries.push(ctx.entry("display", loc, ctx.typed(value.display, display, loc)));
    }
    if (value.user_data !== undefined) entries.push(ctx.entry("user_data", root.key("user_data"), ctx.free(value.user_data, root.key("user_data"))));
    return { init: call(ctx.use("pipeline"), obj(entries)) };
  });
  return statements;
}

function withLeading(stmt: Statement, lead: string[]): Statement {
  if (lead.length === 0) return stmt;
  return { ...stmt, leading: [...lead, ...(stmt.leading?.length ? ["", ...stmt.leading] : [])] };
}

/** One identifier per list item, from its `name`. */
function identifiers(ctx: ImportContext, list: unknown[] | undefined, suffix: string | undefined, fallback: string): string[] {
  return (list ?? []).map((item) => ctx.names.allocate(isObject(item) && typeof item.name === "string" ? item.name : "", suffix, fallback));
}

/** Name → identifier (the first item of a name wins, as in Concourse's lookups). */
function byName(list: unknown[] | undefined, idents: string[]): Map<string, string> {
  const out = new Map<string, string>();
  (list ?? []).forEach((item, i) => {
    if (isObject(item) && typeof item.name === "string" && !out.has(item.name)) out.set(item.name, idents[i]!);
  });
  return out;
}

/**
 * Indices of `items` such that each comes after the items it depends on (by name), keeping the YAML order otherwise.
 * A dependency cycle is broken where it closes (the caller then refers to that item by name).
 */
function dependencyOrder(items: unknown[], deps: (item: unknown, index: number) => string[], indexByName?: Map<string, number>): number[] {
  const byName = indexByName ?? new Map<string, number>();
  if (!indexByName)
    items.forEach((it, i) => {
      if (isObject(it) && typeof it.name === "string" && !byName.has(it.name)) byName.set(it.name, i);
    });
  const state = new Array<number>(items.length).fill(0); // 0 new, 1 visiting, 2 done
  const out: number[] = [];
  // Depth-first with an explicit stack (a 20,000-job `passed:` chain must not overflow the call stack); the
  // order is the recursive post-order: an item's dependencies, in their listed order, then the item.
  const visit = (start: number) => {
    if (state[start] !== 0) return;
    state[start] = 1;
    const stack: { i: number; deps: string[]; k: number }[] = [{ i: start, deps: deps(items[start], start), k: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.k < top.deps.length) {
        const j = byName.get(top.deps[top.k++]!);
        if (j !== undefined && j !== top.i && state[j] === 0) {
          state[j] = 1;
          stack.push({ i: j, deps: deps(items[j], j), k: 0 });
        }
        continue;
      }
      stack.pop();
      state[top.i] = 2;
      out.push(top.i);
    }
  };
  for (let i = 0; i < items.length; i++) visit(i);
  return out;
}

/** Walks steps (with hooks and nested steps) to record resource usage, passed: jobs, and task images and configs. */
function scanSteps(node: unknown, usage: Map<string, Usage>, tasks: TaskConverter, deps: string[]): void {
  if (Array.isArray(node)) {
    for (const s of node) scanSteps(s, usage, tasks, deps);
    return;
  }
  if (!isObject(node)) return;
  const kind = stepKind(node);
  const use = (name: unknown): Usage | undefined => {
    if (typeof name !== "string") return undefined;
    let u = usage.get(name);
    if (!u) usage.set(name, (u = { getParams: [], putParams: [], putGetParams: [], gets: 0 }));
    return u;
  };
  if (kind === "get") {
    const u = use("resource" in node ? node.resource : node.get);
    if (u) {
      u.gets++;
      u.getParams.push(node.params);
    }
    if (Array.isArray(node.passed)) for (const p of node.passed) if (typeof p === "string") deps.push(p);
  } else if (kind === "put") {
    const u = use("resource" in node ? node.resource : node.put);
    if (u) {
      u.putParams.push(node.params);
      u.putGetParams.push(node.get_params);
    }
  } else if (kind === "task" && isObject(node.config)) {
    tasks.count("config", node.config);
    if (isObject(node.config.image_resource)) tasks.count("image", node.config.image_resource);
  } else if (kind === "in_parallel" || kind === "aggregate") {
    const body = node[kind];
    scanSteps(isObject(body) ? body.steps : body, usage, tasks, deps);
  } else if (kind === "do") scanSteps(node.do, usage, tasks, deps);
  else if (kind === "try") scanSteps(node.try, usage, tasks, deps);
  for (const h of HOOK_KEYS) if (node[h] !== undefined) scanSteps(node[h], usage, tasks, deps);
}

/** `resourceType("name", {...})` or `prototype("name", {...})`. */
function typeStatement(
  ctx: ImportContext,
  t: unknown,
  loc: Loc,
  ident: string,
  builder: "resourceType" | "prototype",
  typeRefs: Map<string, string>,
): Statement {
  if (!isObject(t)) return { name: ident, init: ctx.mismatch(t, { fields: {} }, loc), leading: ctx.leadingAll(loc) };
  const entries: Entry[] = [];
  for (const [k, v] of Object.entries(t)) {
    if (k === "name") continue;
    const at = loc.key(k);
    if (v === null) {
      ctx.dropNull(at);
      continue;
    }
    let expr: Expr;
    if (k === "type") expr = typeof v === "string" && typeRefs.has(v) && v !== t.name ? atom(typeRefs.get(v)!) : ctx.typed(v, "string", at);
    else if (k === "source") expr = ctx.typed(v, freeMap, at);
    else if (Object.prototype.hasOwnProperty.call(resourceTypeOptions.fields, k)) expr = ctx.typed(v, resourceTypeOptions.fields[k]!, at);
    else {
      unknownKey(ctx, at, builder === "resourceType" ? "resource type" : "prototype");
      continue;
    }
    entries.push(ctx.entry(k, at, expr));
  }
  let props: Expr = obj(entries, ctx.end(loc));
  if (typeof t.type !== "string") {
    ctx.note("type-mismatch", loc, "the type has no type: its props are kept with a cast (`as never`)", "Concourse rejects it");
    props = cast(props);
  }
  return { name: ident, init: call(ctx.use(builder), nameExpr(ctx, t.name, loc), props), leading: ctx.leadingAll(loc) };
}

function nameExpr(ctx: ImportContext, name: unknown, loc: Loc): Expr {
  return typeof name === "string" ? atom(quote(name)) : ctx.mismatch(name, "string", loc.key("name"));
}

function unknownKey(ctx: ImportContext, loc: Loc, what: string): void {
  const key = loc.named.slice(loc.named.lastIndexOf(".") + 1);
  ctx.note("unknown-key", loc, `${JSON.stringify(key)} is not a field of a ${what}, so Concourse rejects it; it is left out`);
  ctx.comments.takeUnder(loc.raw);
}

/** Which typed builder fits a resource and every get and put of it, if any. */
function typedBuilder(r: Record<string, unknown>, u: Usage | undefined, typeRefs: Map<string, string>): { typed: TypedResource; s3Image: boolean } | undefined {
  if (typeof r.type !== "string" || typeRefs.has(r.type)) return undefined;
  const typed = own(TYPED_RESOURCES, r.type);
  if (!typed || !isObject(r.source) || !fits(r.source, typed.source)) return undefined;
  const present = (list: unknown[] | undefined) => (list ?? []).filter((p) => p !== undefined && p !== null);
  if (!present(u?.putParams).every((p) => fits(p, typed.putParams))) return undefined;
  const gets = present(u?.getParams);
  const putGets = present(u?.putGetParams);
  // s3Image: every get (and every put's implicit get) already unpacks, as the builder would make it
  if (
    typed.builder === "s3" &&
    u &&
    u.gets > 0 &&
    fits(r.source, s3ImageSource) &&
    gets.length === u.gets &&
    [...gets, ...putGets].every((p) => isObject(p) && p.unpack === true) &&
    putGets.length === u.putGetParams.length
  ) {
    const rest = [...gets, ...putGets].map((p) => Object.fromEntries(Object.entries(p as object).filter(([k]) => k !== "unpack")));
    if (rest.every((p) => fits(p, typed.getParams))) return { typed, s3Image: true };
  }
  if (![...gets, ...putGets].every((p) => fits(p, typed.getParams))) return undefined;
  return { typed, s3Image: false };
}

/** A resource's const: a typed builder when one fits, else `resource()`. */
function resourceStatement(
  ctx: ImportContext,
  r: unknown,
  loc: Loc,
  ident: string,
  u: Usage | undefined,
  typeRefs: Map<string, string>,
): { stmt: () => Statement; ref: ResourceRef } {
  if (!isObject(r)) return { stmt: () => ({ name: ident, init: ctx.mismatch(r, { fields: {} }, loc), leading: ctx.leadingAll(loc) }), ref: { ident } };
  const chosen = typedBuilder(r, u, typeRefs);
  const ref: ResourceRef = chosen ? { ident, getParams: chosen.typed.getParams, putParams: chosen.typed.putParams, unpacks: chosen.s3Image } : { ident };
  const stmt = (): Statement => {
    const options: Entry[] = [];
    const generic: Entry[] = [];
    for (const [k, v] of Object.entries(r)) {
      if (k === "name") continue;
      const at = loc.key(k);
      if (v === null) {
        ctx.dropNull(at);
        continue;
      }
      if (k === "type") {
        if (!chosen) generic.push(ctx.entry(k, at, typeof v === "string" && typeRefs.has(v) ? atom(typeRefs.get(v)!) : ctx.typed(v, "string", at)));
        continue;
      }
      if (k === "source") {
        if (!chosen) generic.push(ctx.entry(k, at, ctx.typed(v, freeMap, at)));
        continue;
      }
      if (!Object.prototype.hasOwnProperty.call(resourceOptions.fields, k)) {
        unknownKey(ctx, at, "resource");
        continue;
      }
      const e = ctx.entry(k, at, ctx.typed(v, resourceOptions.fields[k]!, at));
      (chosen ? options : generic).push(e);
    }
    if (chosen) {
      const builder = chosen.s3Image ? "s3Image" : chosen.typed.builder;
      const source = ctx.object(r.source, chosen.s3Image ? s3ImageSource : chosen.typed.source, loc.key("source"));
      const sourceEntry = ctx.entry("source", loc.key("source"), source);
      const args: Expr[] = [nameExpr(ctx, r.name, loc), withComments(source, sourceEntry)];
      if (options.length) args.push(obj(options, ctx.end(loc)));
      return { name: ident, init: call(ctx.use(builder), ...args), leading: ctx.leadingAll(loc) };
    }
    let props: Expr = obj(generic, ctx.end(loc));
    if (typeof r.type !== "string") {
      ctx.note("type-mismatch", loc, "the resource has no type: its props are kept with a cast (`as never`)", "Concourse rejects it");
      props = cast(props);
    }
    return { name: ident, init: call(ctx.use("resource"), nameExpr(ctx, r.name, loc), props), leading: ctx.leadingAll(loc) };
  };
  return { stmt, ref };
}

/** Comments on a `source:` key that became an argument go above the object's first entry. */
function withComments(value: Expr, entry: Entry): Expr {
  const lines = [...(entry.leading ?? []), ...(entry.trailing !== undefined ? [entry.trailing] : [])];
  if (lines.length === 0 || value.kind !== "object" || value.entries.length === 0) return value;
  const [first, ...rest] = value.entries;
  return { ...value, entries: [{ ...first!, leading: [...lines, ...(first!.leading ?? [])] }, ...rest] };
}

/** `job("name", {...})`. */
function jobStatement(ctx: ImportContext, steps: StepConverter, j: unknown, loc: Loc, ident: string): Statement {
  if (!isObject(j)) return { name: ident, init: ctx.mismatch(j, { fields: {} }, loc), leading: ctx.leadingAll(loc) };
  const entries: Entry[] = [];
  for (const [k, v] of Object.entries(j)) {
    if (k === "name") continue;
    const at = loc.key(k);
    if (v === null) {
      ctx.dropNull(at);
      continue;
    }
    let expr: Expr;
    if (k === "plan") expr = steps.steps(v, at);
    else if (HOOK_KEYS.includes(k)) expr = steps.step(v, at);
    else if (Object.prototype.hasOwnProperty.call(jobOptions, k)) expr = ctx.typed(v, jobOptions[k]!, at);
    else {
      unknownKey(ctx, at, "job");
      continue;
    }
    entries.push(ctx.entry(k, at, expr));
  }
  const args: Expr[] = [nameExpr(ctx, j.name, loc)];
  if (entries.length) args.push(obj(entries, ctx.end(loc)));
  return { name: ident, init: call(ctx.use("job"), ...args), leading: ctx.leadingAll(loc) };
}

/** `group("name", [jobs])`, or with resources `group("name", { jobs, resources })`. */
function groupExpr(ctx: ImportContext, g: unknown, loc: Loc, jobs: Map<string, string>, resources: Map<string, ResourceRef>): Expr {
  if (!isObject(g)) return ctx.mismatch(g, { fields: {} }, loc);
  const jobList = (v: unknown, at: Loc): Expr => {
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) return ctx.mismatch(v, { list: "string" }, at);
    return arr(
      (v as string[]).map((name, i) => ctx.item(at.at(i), jobs.has(name) ? atom(jobs.get(name)!) : call(ctx.use("glob"), atom(quote(name))))),
      ctx.end(at),
    );
  };
  const resourceList = (v: unknown, at: Loc): Expr => {
    if (!Array.isArray(v)) return ctx.mismatch(v, { list: "string" }, at);
    return arr(
      v.map((name, i): Item => {
        const ref = typeof name === "string" ? resources.get(name) : undefined;
        if (ref) return ctx.item(at.at(i), atom(ref.ident));
        ctx.note(
          "unknown-resource",
          at.at(i),
          `the group lists resource ${JSON.stringify(name)}, which the pipeline does not declare: it is written with a cast`,
        );
        return ctx.item(at.at(i), cast(ctx.free(name, at.at(i))));
      }),
      ctx.end(at),
    );
  };
  const entries: Entry[] = [];
  for (const [k, v] of Object.entries(g)) {
    if (k === "name") continue;
    const at = loc.key(k);
    if (v === null) ctx.dropNull(at);
    else if (k === "jobs") entries.push(ctx.entry(k, at, jobList(v, at)));
    else if (k === "resources") entries.push(ctx.entry(k, at, resourceList(v, at)));
    else unknownKey(ctx, at, "group");
  }
  const name = nameExpr(ctx, g.name, loc);
  if (entries.length === 1 && entries[0]!.key === "jobs" && !entries[0]!.leading && entries[0]!.trailing === undefined)
    return call(ctx.use("group"), name, entries[0]!.value);
  return call(ctx.use("group"), name, obj(entries, ctx.end(loc)));
}

/** `varSource("name", { type, config })`, typed by the var source type. */
function varSourceExpr(ctx: ImportContext, vs: unknown, loc: Loc): Expr {
  if (!isObject(vs)) return ctx.mismatch(vs, { fields: {} }, loc);
  const entries: Entry[] = [];
  const known = own(varSourceConfigs, vs.type);
  for (const [k, v] of Object.entries(vs)) {
    if (k === "name") continue;
    const at = loc.key(k);
    if (v === null) ctx.dropNull(at);
    else if (k === "type") entries.push(ctx.entry(k, at, ctx.typed(v, "string", at)));
    else if (k === "config") entries.push(ctx.entry(k, at, known ? ctx.typed(v, known.shape, at) : ctx.free(v, at)));
    else unknownKey(ctx, at, "var source");
  }
  let props: Expr = obj(entries, ctx.end(loc));
  if (!known || (!known.optional && (vs.config === undefined || vs.config === null))) {
    ctx.note(
      "type-mismatch",
      loc,
      `var source type ${JSON.stringify(vs.type)} ${known ? "needs a config" : "is not one pipegen's varSource() describes"}: its props are kept with a cast (\`as never\`)`,
    );
    props = cast(props);
  }
  return call(ctx.use("varSource"), nameExpr(ctx, vs.name, loc), props);
}

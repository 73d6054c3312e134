/**
 * Structural comparison of two pipeline configs (deployed vs rendered): jobs, resources, resource types,
 * prototypes, groups and var sources matched by name, steps matched by kind and name within their plan (through
 * `do`, `in_parallel`, `try` and hooks), fields by key. Every change carries a path such as
 * `jobs.build.plan[2].task(unit).config.params.FOO` and the values to show, taken from redacted copies of both
 * configs walked in step with the real ones: equality is decided on real values, only redacted ones are shown.
 */

import { isObject } from "../object";
import { HOOKS as HOOK_NAMES } from "../model/format";
type Json = unknown;

/** What happened at a path, from the deployed config to the rendered one. */
export type ChangeKind = "added" | "removed" | "changed" | "moved";

export interface Change {
  readonly kind: ChangeKind;
  /** `jobs.build.plan[2].task(unit).config.params.FOO`. */
  readonly path: string;
  /** The deployed value (redacted); absent for `added`. */
  readonly before?: Json;
  /** The rendered value (redacted); absent for `removed`. */
  readonly after?: Json;
  /** True when a credential changed: both values show as `<redacted>`. */
  readonly secret?: boolean;
  /** For `moved`: the position it had. */
  readonly from?: string;
}

/** One side of the comparison: the real value and its redacted twin (same shape). */
interface Side {
  readonly raw: Json;
  readonly red: Json;
}

const NAMED_COLLECTIONS = ["groups", "var_sources", "resource_types", "prototypes", "resources", "jobs"];
const HOOKS: readonly string[] = HOOK_NAMES;
const STEP_KINDS = ["get", "put", "task", "set_pipeline", "load_var", "run", "do", "in_parallel", "try"];

/**
 * Compares two normalised configs. `before`/`after` hold the real values; `beforeRedacted`/`afterRedacted` the
 * same configs after `redactConfig`, from which displayed values are taken.
 */
export function diffConfigs(before: Json, after: Json, beforeRedacted: Json = before, afterRedacted: Json = after): Change[] {
  const out: Change[] = [];
  const a: Side = { raw: before ?? {}, red: beforeRedacted ?? {} };
  const b: Side = { raw: after ?? {}, red: afterRedacted ?? {} };
  const keys = orderedKeys(a.raw, b.raw, [...NAMED_COLLECTIONS, "display", "user_data"]);
  for (const key of keys) {
    const ca = child(a, key);
    const cb = child(b, key);
    if (NAMED_COLLECTIONS.includes(key)) namedList(key, ca, cb, out, key === "groups");
    else value(key, ca, cb, out);
  }
  return out;
}

/** Lists of objects with a `name`: matched by name; order reported only when it is visible (groups). */
function namedList(path: string, a: Side, b: Side, out: Change[], orderMatters: boolean): void {
  const la = Array.isArray(a.raw) ? a.raw : [];
  const lb = Array.isArray(b.raw) ? b.raw : [];
  const name = (x: Json, i: number) => (isObject(x) && typeof x.name === "string" ? x.name : `[${i}]`);
  const ia = new Map(la.map((x, i) => [name(x, i), i]));
  const ib = new Map(lb.map((x, i) => [name(x, i), i]));
  for (const [n, i] of ia) if (!ib.has(n)) out.push({ kind: "removed", path: `${path}.${n}`, before: at(a, i).red });
  for (const [n, j] of ib) {
    const i = ia.get(n);
    if (i === undefined) out.push({ kind: "added", path: `${path}.${n}`, after: at(b, j).red });
    else if (path === "jobs") job(`${path}.${n}`, at(a, i), at(b, j), out);
    else value(`${path}.${n}`, at(a, i), at(b, j), out);
  }
  if (orderMatters) {
    const common = [...ib.keys()].filter((n) => ia.has(n));
    const oldOrder = [...ia.keys()].filter((n) => ib.has(n));
    const keep = new Set(lcs(oldOrder, common));
    for (const n of common)
      if (!keep.has(n)) out.push({ kind: "moved", path: `${path}.${n}`, from: `position ${ia.get(n)! + 1}`, after: `position ${ib.get(n)! + 1}` });
  }
}

function job(path: string, a: Side, b: Side, out: Change[]): void {
  for (const key of orderedKeys(a.raw, b.raw)) {
    const ca = child(a, key);
    const cb = child(b, key);
    if (key === "plan") stepList(`${path}.plan`, ca, cb, out);
    else if (HOOKS.includes(key)) hook(`${path}.${key}`, ca, cb, out);
    else value(`${path}.${key}`, ca, cb, out);
  }
}

/** `get(repo)`, `task(unit)`, `in_parallel`…: what identifies a step within its list. */
export function stepIdentity(step: Json): string {
  if (!isObject(step)) return "step";
  for (const kind of STEP_KINDS) {
    if (!(kind in step)) continue;
    const v = step[kind];
    if (kind === "do" || kind === "in_parallel" || kind === "try") return kind;
    if (kind === "run") return `run(${typeof step.type === "string" ? `${step.type}.` : ""}${String(v)})`;
    return `${kind}(${typeof v === "string" ? v : JSON.stringify(v)})`;
  }
  return "step";
}

/** A list of steps: matched by identity (the n-th `task(x)` with the n-th), reordering reported as moves. */
function stepList(path: string, a: Side, b: Side, out: Change[]): void {
  const la = Array.isArray(a.raw) ? a.raw : [];
  const lb = Array.isArray(b.raw) ? b.raw : [];
  const keyed = (list: Json[]) => {
    const seen = new Map<string, number>();
    return list.map((s) => {
      const id = stepIdentity(s);
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      return n === 1 ? id : `${id}#${n}`;
    });
  };
  const ka = keyed(la);
  const kb = keyed(lb);
  const ia = new Map(ka.map((k, i) => [k, i]));
  const ib = new Map(kb.map((k, i) => [k, i]));
  const show = (k: string) => k.replace(/#\d+$/, "");
  for (const [k, i] of ia) if (!ib.has(k)) out.push({ kind: "removed", path: `${path}[${i}].${show(k)}`, before: at(a, i).red });
  const common = kb.filter((k) => ia.has(k));
  const keep = new Set(
    lcs(
      ka.filter((k) => ib.has(k)),
      common,
    ),
  );
  for (const [k, j] of ib) {
    const i = ia.get(k);
    const p = `${path}[${j}].${show(k)}`;
    if (i === undefined) {
      out.push({ kind: "added", path: p, after: at(b, j).red });
      continue;
    }
    if (!keep.has(k)) out.push({ kind: "moved", path: p, from: `${lastSegment(path)}[${i}]` });
    step(p, at(a, i), at(b, j), out);
  }
}

function lastSegment(path: string): string {
  const m = /[^.]+$/.exec(path);
  return m ? m[0] : path;
}

/** Two steps with the same identity: compare their other fields. */
function step(path: string, a: Side, b: Side, out: Change[]): void {
  const kind = stepIdentity(a.raw).replace(/\(.*$/, "");
  for (const key of orderedKeys(a.raw, b.raw)) {
    if (key === kind && kind !== "do" && kind !== "in_parallel" && kind !== "try") continue; // the name: same by identity
    const ca = child(a, key);
    const cb = child(b, key);
    // a container's path already ends in its kind (`plan[1].do`): its steps go right under it (`plan[1].do[0]…`)
    const here = key === kind ? path : `${path}.${key}`;
    if (HOOKS.includes(key)) hook(here, ca, cb, out);
    else if (key === "do") stepList(here, ca, cb, out);
    else if (key === "try") hook(here, ca, cb, out);
    else if (key === "in_parallel") inParallel(here, ca, cb, out);
    else value(here, ca, cb, out);
  }
}

function inParallel(path: string, a: Side, b: Side, out: Change[]): void {
  if (!isObject(a.raw) || !isObject(b.raw)) return value(path, a, b, out);
  for (const key of orderedKeys(a.raw, b.raw)) {
    if (key === "steps") stepList(`${path}.steps`, child(a, key), child(b, key), out);
    else value(`${path}.${key}`, child(a, key), child(b, key), out);
  }
}

/** A single step under a key (a hook or `try`): compared field by field when it is the same step. */
function hook(path: string, a: Side, b: Side, out: Change[]): void {
  if (a.raw === undefined && b.raw === undefined) return;
  if (a.raw === undefined) return void out.push({ kind: "added", path, after: b.red });
  if (b.raw === undefined) return void out.push({ kind: "removed", path, before: a.red });
  const ida = stepIdentity(a.raw);
  const idb = stepIdentity(b.raw);
  if (ida === idb) return step(`${path}.${ida}`, a, b, out);
  out.push({ kind: "removed", path: `${path}.${ida}`, before: a.red });
  out.push({ kind: "added", path: `${path}.${idb}`, after: b.red });
}

/** Any other value: maps by key, lists element by element when their lengths match, scalars by equality. */
function value(path: string, a: Side, b: Side, out: Change[]): void {
  if (a.raw === undefined && b.raw === undefined) return;
  if (a.raw === undefined) return void out.push({ kind: "added", path, after: b.red });
  if (b.raw === undefined) return void out.push({ kind: "removed", path, before: a.red });
  if (isObject(a.raw) && isObject(b.raw)) {
    for (const key of orderedKeys(a.raw, b.raw)) value(`${path}.${key}`, child(a, key), child(b, key), out);
    return;
  }
  if (Array.isArray(a.raw) && Array.isArray(b.raw) && a.raw.length === b.raw.length && a.raw.some((x) => isObject(x) || Array.isArray(x))) {
    for (let i = 0; i < a.raw.length; i++) value(`${path}[${i}]`, at(a, i), at(b, i), out);
    return;
  }
  if (deepEqual(a.raw, b.raw)) return;
  const secret = containsRedaction(a.red, a.raw) || containsRedaction(b.red, b.raw);
  out.push({ kind: "changed", path, before: a.red, after: b.red, ...(secret ? { secret: true } : {}) });
}

function containsRedaction(red: Json, raw: Json): boolean {
  return !deepEqual(red, raw);
}

function child(s: Side, key: string): Side {
  return { raw: isObject(s.raw) ? s.raw[key] : undefined, red: isObject(s.red) ? s.red[key] : undefined };
}
function at(s: Side, i: number): Side {
  return { raw: Array.isArray(s.raw) ? s.raw[i] : undefined, red: Array.isArray(s.red) ? s.red[i] : undefined };
}

/** Keys of both maps: `first` in that order, then `a`'s, then the ones only `b` has. */
function orderedKeys(a: Json, b: Json, first: string[] = []): string[] {
  const ka = isObject(a) ? Object.keys(a) : [];
  const kb = isObject(b) ? Object.keys(b) : [];
  const all = new Set([...first.filter((k) => ka.includes(k) || kb.includes(k)), ...ka, ...kb]);
  return [...all];
}

export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Longest common subsequence of two key lists (the items that kept their relative order). */
function lcs(a: string[], b: string[]): string[] {
  const n = a.length;
  const m = b.length;
  const dp: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push(a[i]!);
      i++;
      j++;
    } else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) i++;
    else j++;
  }
  return out;
}

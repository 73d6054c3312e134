/**
 * Step kinds, Concourse's detection precedence and the keys each step struct decodes (concourse-spec.md §2.8),
 * derived from the field table: plain data, so the validator reads it at run time without building zod schemas.
 */
import { FIELDS, FORMAT, HOOKS, MODIFIERS, type HookName, type ModifierName, type ObjectSpec } from "./format";

/** The key that names each step kind. */
export type StepKind = "run" | "task" | "put" | "get" | "set_pipeline" | "load_var" | "try" | "do" | "in_parallel";
export type StepHook = HookName;

/**
 * Every key that decides what a step is, in `atc.Step`'s precedence (§2.8): hooks and modifiers wrap the step
 * (outermost first); the first kind found is the core step. `timeout` sits between `get` and `set_pipeline`, so
 * get, put, task and run decode `timeout` themselves (their Go structs have the field).
 * The type checks that every hook, modifier (but `fail_fast`, which `across` decodes) and kind is listed once.
 */
export const STEP_PRECEDENCE = [
  "ensure",
  "on_error",
  "on_abort",
  "on_failure",
  "on_success",
  "across",
  "attempts",
  "run",
  "task",
  "put",
  "get",
  "timeout",
  "set_pipeline",
  "load_var",
  "try",
  "do",
  "in_parallel",
] as const satisfies readonly (HookName | Exclude<ModifierName, "fail_fast"> | StepKind)[];
type Precedence = (typeof STEP_PRECEDENCE)[number];
// every hook, wrapper modifier and kind is in the precedence list (a compile error otherwise)
type Missing = Exclude<HookName | Exclude<ModifierName, "fail_fast"> | StepKind, Precedence>;
const everyKeyListed: [Missing] extends [never] ? true : Missing = true;
void everyKeyListed;

const HOOK_SET: ReadonlySet<string> = new Set(HOOKS);
const MODIFIER_SET: ReadonlySet<string> = new Set(MODIFIERS);

/** The step kinds, in detection precedence. */
export const STEP_KINDS = STEP_PRECEDENCE.filter((k): k is StepKind => !HOOK_SET.has(k) && !MODIFIER_SET.has(k));

/** Wrapper keys detected before the core step, outermost first (§2.8). */
export const STEP_WRAPPERS = STEP_PRECEDENCE.slice(0, STEP_PRECEDENCE.indexOf("run")) as readonly (HookName | "across" | "attempts")[];

/** Hook names, in render order. */
export const STEP_HOOKS = HOOKS;

/** Keys each kind's Go struct decodes: its fields in the table, plus what the struct also decodes (`timeout`). */
export const STEP_OWNED_KEYS = Object.fromEntries(
  STEP_KINDS.map((kind) => {
    const spec: ObjectSpec = FORMAT[kind];
    return [kind, [...FIELDS[kind], ...(spec.decodeAlso ?? [])]];
  }),
) as unknown as Record<StepKind, readonly string[]>;

/** Keys each wrapper's Go struct decodes: the modifier and those it owns (`across` decodes `fail_fast`). */
export const WRAPPER_OWNED_KEYS = Object.fromEntries(
  STEP_PRECEDENCE.filter((k) => HOOK_SET.has(k) || MODIFIER_SET.has(k)).map((key) => {
    const owned = MODIFIERS.filter((m) => (FORMAT.modifiers.fields[m] as { owner?: string }).owner === key);
    return [key, [key, ...owned]];
  }),
) as unknown as Record<Exclude<Precedence, StepKind>, readonly string[]>;

/** Returns the kind of a step object by Concourse's precedence, or undefined when it has none. */
export function stepKind(step: object): StepKind | undefined {
  for (const kind of STEP_KINDS) if (Object.prototype.hasOwnProperty.call(step, kind)) return kind;
  return undefined;
}

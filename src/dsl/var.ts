/**
 * `((vars))`: values Concourse fills in from `fly -v`, a credential manager or a var source.
 * `v("name")` renders as `((name))`; a `Var` also works inside template strings (`` `${v("host")}:443` ``).
 */
import type { SourceSite } from "../issues";
import { captureSite, withSite } from "./site";

const VAR = Symbol.for("pipegen.Var");
const LITERAL_SECRET = Symbol.for("pipegen.InsecureLiteral");

/** The var reference syntax Concourse recognises (concourse-spec.md §5.4). */
const VAR_NAME = /^([-/.\w\p{L}]+:)?[-/.:@"\w\p{L}]+$/u;

/** A reference to a var, rendered as `((name))`. */
export interface Var {
  readonly name: string;
  /** Where `v()` was called. */
  readonly site?: SourceSite;
  /** `((name))`. */
  toString(): string;
  toJSON(): string;
}

/** A credential given as a literal on purpose (tests, local setups). Rendered as the string; the validator still warns. */
export interface InsecureLiteral {
  readonly value: string;
  toString(): string;
  toJSON(): string;
}

/** A field that holds a credential: a var (recommended), or an explicitly insecure literal. */
export type Secret = Var | InsecureLiteral;

/** A string field that may also be a var. */
export type Str = string | Var;

/**
 * A `((var))` reference. `name` may carry a var source and fields: `v("vault:team/secret.password")`,
 * or a local var: `v(".:version")`. Names that Concourse would not recognise as a var are reported at render time.
 */
export function v(name: string): Var {
  const ref = withSite(
    {
      name,
      toString: () => `((${name}))`,
      toJSON: () => `((${name}))`,
    },
    captureSite(),
  );
  Object.defineProperty(ref, VAR, { value: true });
  return Object.freeze(ref);
}

/** Marks a literal credential as intended. Prefer `v("name")`: literals end up in the pipeline config in clear text. */
export function insecureLiteral(value: string): InsecureLiteral {
  const lit = { value, toString: () => value, toJSON: () => value };
  Object.defineProperty(lit, LITERAL_SECRET, { value: true });
  return Object.freeze(lit);
}

export function isVar(x: unknown): x is Var {
  return typeof x === "object" && x !== null && (x as Record<symbol, unknown>)[VAR] === true;
}

export function isInsecureLiteral(x: unknown): x is InsecureLiteral {
  return typeof x === "object" && x !== null && (x as Record<symbol, unknown>)[LITERAL_SECRET] === true;
}

/** True when `name` is something Concourse would parse as a var reference. */
export function isValidVarName(name: string): boolean {
  return VAR_NAME.test(name);
}

/**
 * A builder-side type: the model type `T` where every string may also be a `Var`.
 * Lets the builders accept `v("x")` anywhere Concourse accepts `((x))` in a string.
 */
export type WithVars<T> = T extends string
  ? T | Var
  : T extends readonly (infer U)[]
    ? WithVars<U>[]
    : T extends object
      ? { [K in keyof T]: WithVars<T[K]> }
      : T;

/**
 * `((vars))` for `pipegen check`, filled the way fly fills them: `-v name=value` first, then `-l` files
 * (later files win), then the environment (`PIPEGEN_VAR_<NAME>`, NAME upper-cased with every other
 * character as `_`, so `((s3-endpoint))` reads `PIPEGEN_VAR_S3_ENDPOINT`). Dotted names reach into
 * maps (`((creds.key))`). Unlike fly, a var that nothing supplies is reported, not left in place:
 * `check` has to talk to the real bucket.
 */
import { varLayers } from "../fly/vars";

/** Where vars come from, in lookup order. */
export interface CheckVars {
  /** `-v name=value` (dotted names build maps). */
  readonly vars?: Readonly<Record<string, string>>;
  /** `-l file` var files, in command-line order. */
  readonly varFiles?: readonly string[];
  /** The environment to read `PIPEGEN_VAR_*` from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

const VAR = /\(\(([^()]+?)\)\)/g;

/** The environment variable `pipegen check` reads for a var. */
export function envNameForVar(name: string): string {
  return `PIPEGEN_VAR_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

/** Layers of var values, first match wins: the same layers fly builds from `-v` and `-l`. */
export function loadVarLayers(v: CheckVars): Record<string, unknown>[] {
  return varLayers({ vars: v.vars, varFiles: v.varFiles });
}

function lookup(name: string, layers: readonly Record<string, unknown>[], env: NodeJS.ProcessEnv): { found: boolean; value?: unknown } {
  const [head, ...fields] = name.split(".");
  for (const layer of layers) {
    if (!(head! in layer)) continue;
    let val: unknown = layer[head!];
    for (const f of fields) {
      if (typeof val !== "object" || val === null || !(f in (val as object))) return { found: false };
      val = (val as Record<string, unknown>)[f];
    }
    return { found: true, value: val };
  }
  const fromEnv = env[envNameForVar(name)];
  return fromEnv === undefined ? { found: false } : { found: true, value: fromEnv };
}

/** Fills vars into a value; returns the names nothing supplied. */
export function fillVars(
  value: unknown,
  layers: readonly Record<string, unknown>[],
  env: NodeJS.ProcessEnv = process.env,
): { value: unknown; missing: string[] } {
  const missing = new Set<string>();
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      const whole = /^\(\(([^()]+?)\)\)$/.exec(v.trim());
      if (whole) {
        const r = lookup(whole[1]!.trim(), layers, env);
        if (!r.found) missing.add(whole[1]!.trim());
        return r.found ? r.value : v;
      }
      return v.replace(VAR, (m, name: string) => {
        const r = lookup(name.trim(), layers, env);
        if (!r.found) {
          missing.add(name.trim());
          return m;
        }
        return typeof r.value === "string" ? r.value : JSON.stringify(r.value);
      });
    }
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = walk(value);
  return { value: out, missing: [...missing] };
}

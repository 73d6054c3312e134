/**
 * fly command lines, built as argument vectors (never through a shell). Flags map one to one onto fly's own
 * (fly/commands/set_pipeline.go, get_pipeline.go, validate_pipeline.go).
 */
import { isObject } from "../object";

/** What `fly set-pipeline` is given. */
export interface SetPipelineArgs {
  readonly target: string;
  readonly pipeline: string;
  /** The rendered YAML file (`-c`). */
  readonly configFile: string;
  /** `-v name=value`, in order. */
  readonly vars?: readonly (readonly [string, string])[];
  /** `-y name=yaml`, in order. */
  readonly yamlVars?: readonly (readonly [string, string])[];
  /** `-l file`, in order (later files win). */
  readonly varFiles?: readonly string[];
  /** `-i name=yaml`, in order. */
  readonly instanceVars?: readonly (readonly [string, string])[];
  /** `--team` (fly v6.4+). */
  readonly team?: string;
  /** `-n`: do not ask "apply configuration?". */
  readonly nonInteractive?: boolean;
  /** `--check-creds`: have the ATC check `((vars))` against the credential manager. */
  readonly checkCreds?: boolean;
}

export function setPipelineArgv(a: SetPipelineArgs): string[] {
  const argv = ["-t", a.target, "set-pipeline", "-p", a.pipeline, "-c", a.configFile];
  for (const [k, v] of a.vars ?? []) argv.push("-v", `${k}=${v}`);
  for (const [k, v] of a.yamlVars ?? []) argv.push("-y", `${k}=${v}`);
  for (const f of a.varFiles ?? []) argv.push("-l", f);
  for (const [k, v] of a.instanceVars ?? []) argv.push("-i", `${k}=${v}`);
  if (a.team) argv.push("--team", a.team);
  if (a.nonInteractive) argv.push("-n");
  if (a.checkCreds) argv.push("--check-creds");
  return argv;
}

/** What `fly get-pipeline` is given. */
export interface GetPipelineArgs {
  readonly target: string;
  readonly pipeline: string;
  /** Instance vars select one instance of an instanced pipeline: `-p name/key:value,…`. */
  readonly instanceVars?: Readonly<Record<string, unknown>>;
  /** `--team` (fly v7.0+ for get-pipeline). */
  readonly team?: string;
}

export function getPipelineArgv(a: GetPipelineArgs): string[] {
  const argv = ["-t", a.target, "get-pipeline", "-p", pipelineRef(a.pipeline, a.instanceVars), "--json"];
  if (a.team) argv.push("--team", a.team);
  return argv;
}

/** `name` or `name/key:value,other.key:value` (values as JSON, which fly reads as YAML). */
export function pipelineRef(name: string, instanceVars?: Readonly<Record<string, unknown>>): string {
  const pairs = flatten(instanceVars ?? {});
  if (pairs.length === 0) return name;
  return `${name}/${pairs.map(([k, v]) => `${k}:${JSON.stringify(v)}`).join(",")}`;
}

function flatten(obj: Readonly<Record<string, unknown>>, prefix = ""): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(obj).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isObject(v)) out.push(...flatten(v, key));
    else out.push([key, v]);
  }
  return out;
}

/** `fly validate-pipeline --strict -c file`: unknown keys at any level and warnings fail too. */
export function validatePipelineArgv(configFile: string): string[] {
  return ["validate-pipeline", "--strict", "-c", configFile];
}

/** Quotes one word for a POSIX shell (only when it needs it). */
export function shellQuote(word: string): string {
  if (word !== "" && /^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command line a user can paste into a POSIX shell. */
export function shellCommand(argv: readonly string[]): string {
  return argv.map(shellQuote).join(" ");
}

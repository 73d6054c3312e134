/**
 * Loading `pipegen.config.ts` with the same `.ts` loader as pipelines (no build step), and checking its shape so a
 * mistake is reported as `pipegen.config.ts: pipelines[1].name: …`, not as a crash later.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { PipegenError } from "../errors";
import { isObject } from "../object";
import { ISSUE_CODES } from "../validate/codes";
import { suggestSimilar } from "../validate/suggest";
import { loadModule } from "../load";
import { describeLoadError } from "../load/describe-error";
import type { PipegenProjectConfig, PipelineEntry } from "./define";

/** Names looked for, in order, in the current directory. */
export const CONFIG_FILE_NAMES = ["pipegen.config.ts", "pipegen.config.mts", "pipegen.config.js", "pipegen.config.cjs"];

/** A pipeline entry with paths resolved and defaults applied. */
export interface ResolvedPipeline {
  readonly file: string;
  readonly name: string;
  readonly export?: string;
  readonly target: string;
  readonly team?: string;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly varFiles: readonly string[];
  readonly instanceVars: Readonly<Record<string, unknown>>;
}

export interface LoadedProjectConfig {
  readonly file: string;
  readonly pipelines: readonly ResolvedPipeline[];
  /** Check levels by code (validated against the known codes). */
  readonly rules: Readonly<Record<string, "off" | "warning" | "error">>;
  /** Artifact → absolute directory of its local checkout (`taskFiles`). */
  readonly taskFiles: Readonly<Record<string, string>>;
}

/** Finds the config file: `explicit`, else the first of `CONFIG_FILE_NAMES` in `cwd`. */
export function findProjectConfig(explicit?: string, cwd: string = process.cwd()): string {
  if (explicit) {
    const abs = path.resolve(cwd, explicit);
    if (!existsSync(abs)) throw new PipegenError("pipegen.fileNotFound", `${explicit}: no such file`);
    return abs;
  }
  for (const name of CONFIG_FILE_NAMES) {
    const abs = path.join(cwd, name);
    if (existsSync(abs)) return abs;
  }
  throw new PipegenError(
    "pipegen.noProjectConfig",
    `no pipegen.config.ts in ${cwd}: create one listing your pipelines, e.g. \`import { defineConfig } from "pipegen"; ` +
      `export default defineConfig({ pipelines: [{ file: "pipelines/app.ts", name: "app", target: "ci" }] });\`, or pass --config <file>`,
  );
}

/** Loads and checks a project config. */
export async function loadProjectConfig(explicit?: string, cwd: string = process.cwd()): Promise<LoadedProjectConfig> {
  const file = findProjectConfig(explicit, cwd);
  const shown = path.relative(cwd, file) || file;
  let mod: Record<string, unknown>;
  try {
    mod = await loadModule(file);
  } catch (err) {
    throw new PipegenError("pipegen.loadFailed", `${shown} could not be loaded: ${describeLoadError(err)}`, { cause: err });
  }
  let value: unknown = mod.default ?? mod;
  if (typeof value === "function") value = await (value as () => unknown)();
  const dir = path.dirname(file);
  return {
    file,
    pipelines: check(value, shown, dir),
    rules: checkRules((value as PipegenProjectConfig).rules, shown),
    taskFiles: checkTaskFiles((value as PipegenProjectConfig).taskFiles, shown, dir),
  };
}

/** The `rules` and `taskFiles` of the project config in `cwd`, or none when there is no config file. */
export async function projectValidation(explicit?: string, cwd: string = process.cwd()): Promise<Pick<LoadedProjectConfig, "rules" | "taskFiles">> {
  if (!explicit && !CONFIG_FILE_NAMES.some((name) => existsSync(path.join(cwd, name)))) return { rules: {}, taskFiles: {} };
  const loaded = await loadProjectConfig(explicit, cwd);
  return { rules: loaded.rules, taskFiles: loaded.taskFiles };
}

function checkTaskFiles(taskFiles: unknown, shown: string, dir: string): Record<string, string> {
  if (taskFiles === undefined) return {};
  if (!isObject(taskFiles)) {
    throw new PipegenError("pipegen.badProjectConfig", `${shown}: taskFiles: must be an object of artifact: directory`);
  }
  const out: Record<string, string> = {};
  for (const [artifact, where] of Object.entries(taskFiles)) {
    if (typeof where !== "string" || where === "")
      throw new PipegenError("pipegen.badProjectConfig", `${shown}: taskFiles.${artifact}: must be a directory path`);
    out[artifact] = path.resolve(dir, where);
  }
  return out;
}

/** The `rules` of the project config in `cwd`, or none when there is no config file. */
export async function projectRules(explicit?: string, cwd: string = process.cwd()): Promise<Readonly<Record<string, "off" | "warning" | "error">>> {
  if (!explicit && !CONFIG_FILE_NAMES.some((name) => existsSync(path.join(cwd, name)))) return {};
  return (await loadProjectConfig(explicit, cwd)).rules;
}

function checkRules(rules: unknown, shown: string): Record<string, "off" | "warning" | "error"> {
  if (rules === undefined) return {};
  if (!isObject(rules)) {
    throw new PipegenError("pipegen.badProjectConfig", `${shown}: rules: must be an object of code: "off" | "warning" | "error"`);
  }
  const out: Record<string, "off" | "warning" | "error"> = {};
  for (const [code, level] of Object.entries(rules)) {
    if (!(code in ISSUE_CODES)) {
      const hint = suggestSimilar(code, Object.keys(ISSUE_CODES));
      throw new PipegenError(
        "pipegen.badProjectConfig",
        `${shown}: rules: unknown code '${code}'${hint ? ` (${hint})` : ""}; every code is listed in the README's "Issue codes" section`,
      );
    }
    if (level !== "off" && level !== "warning" && level !== "error") {
      throw new PipegenError("pipegen.badProjectConfig", `${shown}: rules.${code}: must be "off", "warning" or "error"`);
    }
    out[code] = level;
  }
  return out;
}

function check(value: unknown, shown: string, dir: string): ResolvedPipeline[] {
  const fail = (where: string, what: string): never => {
    throw new PipegenError("pipegen.badProjectConfig", `${shown}: ${where}${where ? ": " : ""}${what}`);
  };
  if (typeof value !== "object" || value === null) fail("", "the default export must be defineConfig({ pipelines: [...] })");
  const cfg = value as PipegenProjectConfig;
  if (!Array.isArray(cfg.pipelines)) fail("pipelines", "must be a list");
  if (cfg.target !== undefined && typeof cfg.target !== "string") fail("target", "must be a string");
  const names = new Map<string, number>();
  return cfg.pipelines.map((entry: PipelineEntry, i) => {
    const where = `pipelines[${i}]`;
    if (typeof entry !== "object" || entry === null) fail(where, "must be an object");
    if (typeof entry.file !== "string" || entry.file === "") fail(`${where}.file`, "is missing");
    if (typeof entry.name !== "string" || entry.name === "") fail(`${where}.name`, "is missing");
    const target = entry.target ?? cfg.target;
    if (typeof target !== "string" || target === "") fail(`${where}.target`, "is missing (set it here or as the config's default target)");
    for (const k of ["vars", "instanceVars"] as const) {
      const v = entry[k];
      if (v !== undefined && !isObject(v)) fail(`${where}.${k}`, "must be an object");
    }
    if (entry.varFiles !== undefined && (!Array.isArray(entry.varFiles) || entry.varFiles.some((f) => typeof f !== "string")))
      fail(`${where}.varFiles`, "must be a list of paths");
    const key = `${target}/${entry.team ?? cfg.team ?? ""}/${entry.name}/${JSON.stringify(entry.instanceVars ?? {})}`;
    if (names.has(key)) fail(`${where}.name`, `'${entry.name}' is also pipelines[${names.get(key)}] (same target, team and instance vars)`);
    names.set(key, i);
    const team = entry.team ?? cfg.team;
    return {
      file: path.resolve(dir, entry.file),
      name: entry.name,
      ...(entry.export ? { export: entry.export } : {}),
      target: target as string,
      ...(team ? { team } : {}),
      vars: entry.vars ?? {},
      varFiles: (entry.varFiles ?? []).map((f) => path.resolve(dir, f)),
      instanceVars: entry.instanceVars ?? {},
    };
  });
}

/**
 * `pipegen.config.ts`: the pipelines of a project, for `pipegen set-all` and `pipegen diff-all`, and the levels
 * of pipegen's own checks for `pipegen validate` and `pipegen render`.
 *
 * ```ts
 * import { defineConfig } from "pipegen";
 * export default defineConfig({
 *   target: "ci",
 *   pipelines: [
 *     { file: "ci/app.ts", name: "app", vars: { env: "prod" } },
 *     { file: "ci/infra.ts", name: "infra", target: "ops", team: "platform", varFiles: ["ci/infra-vars.yml"] },
 *   ],
 * });
 * ```
 */

/** One pipeline to set. Paths are relative to the config file. */
export interface PipelineEntry {
  /** The `.ts` (or YAML) pipeline file. */
  readonly file: string;
  /** The pipeline's name on the target (`fly -p`). */
  readonly name: string;
  /** The named export of a `.ts` file. @default "default" */
  readonly export?: string;
  /** fly target. @default the config's `target` */
  readonly target?: string;
  /** Team, when not the target's own. @default the config's `team` */
  readonly team?: string;
  /** Vars (`-v` for strings, `-y` for other values). */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** Var files (`-l`), later ones win. */
  readonly varFiles?: readonly string[];
  /** Instance vars (`-i`): this entry is one instance of an instanced pipeline. */
  readonly instanceVars?: Readonly<Record<string, unknown>>;
}

/** The project config. */
export interface PipegenProjectConfig {
  /** Default fly target of every pipeline. */
  readonly target?: string;
  /** Default team of every pipeline. */
  readonly team?: string;
  /** Set in this order. */
  readonly pipelines: readonly PipelineEntry[];
  /**
   * Levels of pipegen's checks for `pipegen validate` and `pipegen render` in this project, by code
   * (`{ "pipegen/unused-task-output": "off", "pipegen/literal-credential": "error" }`). `--rule` flags win.
   * @default every check at its own level
   */
  readonly rules?: Readonly<Record<string, "off" | "warning" | "error">>;
  /**
   * Local checkouts of the artifacts that hold task files, for `pipegen validate`: `{ ci: "." }` reads a task
   * `file: ci/tasks/build.yml` from `./tasks/build.yml` (relative to this config file), so its inputs, outputs and
   * params are checked. `--task-files ci=<dir>` flags win.
   * @default {} (task files are not read)
   */
  readonly taskFiles?: Readonly<Record<string, string>>;
}

/** Declares the project's pipelines; typed identity, for editor help in `pipegen.config.ts`. */
export function defineConfig(config: PipegenProjectConfig): PipegenProjectConfig {
  return config;
}

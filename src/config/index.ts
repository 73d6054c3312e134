/** `pipegen.config.ts`: the project's pipelines for `set-all` / `diff-all`. */
export { defineConfig } from "./define";
export type { PipegenProjectConfig, PipelineEntry } from "./define";
export { loadProjectConfig, findProjectConfig, projectRules, projectValidation, CONFIG_FILE_NAMES } from "./load";
export type { LoadedProjectConfig, ResolvedPipeline } from "./load";

/**
 * The features `pipegen` loads on first use. Importing "pipegen" (every pipeline file does) must stay cheap: the
 * YAML reader, the zod model, the importer and the file validator are only loaded when one of their functions is
 * first called. The build turns each `require()` here into a property of dist/features.js.
 *
 * Internal: src/index.ts re-exports what a pipeline author uses; the CLI imports from here directly.
 * (The image tooling and the fly wrappers have their own modules, ./images and ./fly, so that the declarations of
 * "pipegen" never reach their Node-only types.)
 */
import type * as ValidateFileModule from "../validate/file";
import type * as YamlReaderModule from "../yaml";
import type * as ImporterModule from "../import";
import type * as ModelNamespace from "../model";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const validateFile = (): typeof ValidateFileModule => require("../validate/file") as typeof ValidateFileModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yamlModule = (): typeof YamlReaderModule => require("../yaml") as typeof YamlReaderModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const importModule = (): typeof ImporterModule => require("../import") as typeof ImporterModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const modelModule = (): typeof ModelNamespace => require("../model") as typeof ModelNamespace;

/** A function of a lazily loaded module, with the same type as the original. */
export function lazy<M, K extends keyof M>(load: () => M, name: K): M[K] {
  return ((...args: unknown[]) => (load()[name] as (...a: unknown[]) => unknown)(...args)) as M[K];
}

/** The zod model of every Concourse shape (`model.Pipeline.parse(…)`, `model.Job`, …), built on first use. */
export const model: typeof ModelNamespace = new Proxy({} as typeof ModelNamespace, {
  get: (_target, key) => (modelModule() as unknown as Record<PropertyKey, unknown>)[key],
  has: (_target, key) => key in modelModule(),
  ownKeys: () => Reflect.ownKeys(modelModule()),
  getOwnPropertyDescriptor: (_target, key) => {
    const d = Object.getOwnPropertyDescriptor(modelModule(), key);
    return d ? { ...d, configurable: true } : undefined;
  },
});

export const pipelineJsonSchema = lazy(modelModule, "pipelineJsonSchema");

// ../validate/file
export const validatePipelineFile = lazy(validateFile, "validatePipelineFile");

// ../yaml
export const readPipelineYaml = lazy(yamlModule, "readPipelineYaml");
export const readPipelineYamlDetailed = lazy(yamlModule, "readPipelineYamlDetailed");
export const readTaskYaml = lazy(yamlModule, "readTaskYaml");
export const parseYamlDocument = lazy(yamlModule, "parseYamlDocument");

// ../import
export const importYaml = lazy(importModule, "importYaml");

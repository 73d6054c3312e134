/**
 * pipegen: write Concourse pipelines in TypeScript.
 *
 * The public API, as explicit named exports grouped by purpose. Types are exported separately.
 */

// The model: one field table of the Concourse format (src/model/format.ts) gives the types, the zod schemas and the
// JSON Schema. Rendering does not need zod at run time, so the schemas are built on first use of `model` or
// `pipelineJsonSchema` (see below).
export type {
  Pipeline as PipelineConfig,
  Job as JobConfig,
  Step as StepConfig,
  Resource as ResourceConfig,
  ResourceType as ResourceTypeConfig,
  TaskConfig as TaskConfigShape,
  Group as GroupConfig,
  VarSource as VarSourceConfig,
  Display as DisplayConfig,
} from "./model";

// Issues and errors.
export { formatIssue, formatPath, formatSite, hasErrors, sortIssues } from "./issues";
export type { PipelineIssue, Severity, SourceSite } from "./issues";
export { ExitCode, PipegenError, isPipegenError } from "./errors";

// --- builders (src/dsl) ---
export { pipeline, isPipeline } from "./dsl/pipeline";
export type { Pipeline, PipelineProps } from "./dsl/pipeline";
export { job, group, glob, isJob, isGroup, isGlob } from "./dsl/job";
export type { Job, JobProps, Group, GroupProps, Glob } from "./dsl/job";
export { get, put, task, taskConfig, isTaskConfig, setPipeline, loadVar, inParallel, doSteps, tryStep, runStep, isStep } from "./dsl/steps";
export type {
  Step,
  StepCommon,
  Tagged,
  AcrossVar,
  GetOptions,
  PutOptions,
  TaskProps,
  TaskConfigSpec,
  TaskInputSpec,
  TaskOutputSpec,
  SetPipelineProps,
  LoadVarProps,
  InParallelOptions,
  RunStepProps,
} from "./dsl/steps";
export { resource, resourceType, prototype, isResource, isResourceType, isPrototype } from "./dsl/resource";
export type { Resource, ResourceOptions, ResourceProps, ResourceSpec, GenericSpec, ResourceType, ResourceTypeProps, Prototype } from "./dsl/resource";
export { image, isAnonymousImage } from "./dsl/image";
export type { AnonymousImage, ImageProps } from "./dsl/image";
export { varSource, isVarSource } from "./dsl/var-source";
export type { VarSource, VarSourceProps, VaultConfig, AwsSecretsConfig, IdTokenConfig } from "./dsl/var-source";
export { v, insecureLiteral, isVar, isInsecureLiteral, isValidVarName } from "./dsl/var";
export type { Var, Secret, Str, InsecureLiteral, WithVars } from "./dsl/var";
export { s3, s3Image, registryImage, registryImageResource, dockerImage, git, time } from "./dsl/resources";
export { semver, pool, githubRelease, mock, RESOURCE_SCHEMAS } from "./dsl/resources";
export type {
  SemverSource,
  SemverGetParams,
  SemverPutParams,
  SemverSpec,
  PoolSource,
  PoolGetParams,
  PoolPutParams,
  PoolSpec,
  GithubReleaseSource,
  GithubReleaseGetParams,
  GithubReleasePutParams,
  GithubReleaseSpec,
  MockSource,
  MockGetParams,
  MockPutParams,
  MockSpec,
  RegistryContentTrust,
  ResourceTypeSchema,
  ObjectSchema,
  FieldSchema,
  FieldKind,
} from "./dsl/resources";
export type {
  S3Source,
  S3ImageSource,
  S3GetParams,
  S3PutParams,
  S3Spec,
  RegistryImageSource,
  RegistryImageGetParams,
  RegistryImagePutParams,
  RegistryImageSpec,
  RegistryPlatform,
  DockerImageSource,
  DockerImageGetParams,
  DockerImagePutParams,
  DockerImageSpec,
  GitSource,
  GitGetParams,
  GitPutParams,
  GitSpec,
  TimeSource,
  TimeSpec,
} from "./dsl/resources";

// --- rendering and loading (src/render, src/load) ---
export { renderPipeline, renderTaskConfig, pipelineToConfig, toYaml } from "./render";
export type { RenderOptions, RenderResult, TaskFileResult } from "./render";
export { loadPipelineModule, loadRenderableModule, isModuleFile } from "./load";
export type { LoadOptions } from "./load";
export { loadPipelineFile } from "./load/pipeline-file";
export type { LoadedPipeline, LoadFileOptions } from "./load/pipeline-file";
export { Testing } from "./testing";
export type { TestingRenderOptions } from "./testing";

// --- validation (src/validate, src/yaml) ---
export { validatePipeline, ISSUE_CODES, validateIdentifier, isCredentialKey } from "./validate";
export type { ValidateOptions, RuleLevel, CodeInfo } from "./validate";
export type { FileValidation } from "./validate/file";
export { applyRuleLevels } from "./validate/report";
export type { YamlReadResult, DetailedYamlReadResult, ParsedYaml, YamlIssue } from "./yaml";

// --- project config (pipegen.config.ts) ---
export { defineConfig } from "./config";
export type { PipegenProjectConfig, PipelineEntry, LoadedProjectConfig, ResolvedPipeline } from "./config";

// --- features loaded on first use (src/lazy): the zod model, the YAML reader, the file validator, the importer ---
// (the image tooling is `pipegen/images`, the fly wrappers `pipegen/fly`: src/images-entry.ts, src/fly-entry.ts)
export {
  model,
  pipelineJsonSchema,
  validatePipelineFile,
  readPipelineYaml,
  readPipelineYamlDetailed,
  readTaskYaml,
  parseYamlDocument,
  importYaml,
} from "./lazy";
export { NAME_STYLES } from "./import/names";
// the shell expression that turns an image tag into the version of its archive: packaging pipelines use it in tasks
export { IMAGE_VERSION_SED } from "./images/export/version";
export type { ImportOptions, ImportResult, NameStyle } from "./import";

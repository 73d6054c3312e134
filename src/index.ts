/**
 * pipegen: write Concourse pipelines in TypeScript.
 *
 * The public API, as explicit named exports grouped by purpose. Types are exported separately.
 */

// The model: one zod definition per Concourse shape (types, runtime checks, JSON Schema). Rendering does not need
// zod at run time, so the schemas are built on first use of `model` or `pipelineJsonSchema` (see below).
export type { Pipeline as PipelineConfig, Job as JobConfig, Step as StepConfig, Resource as ResourceConfig, ResourceType as ResourceTypeConfig, TaskConfig as TaskConfigShape, Group as GroupConfig, VarSource as VarSourceConfig, Display as DisplayConfig } from "./model";

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
export type { Step, StepCommon, Tagged, AcrossVar, GetOptions, PutOptions, TaskProps, TaskConfigSpec, TaskInputSpec, TaskOutputSpec, SetPipelineProps, LoadVarProps, InParallelOptions, RunStepProps } from "./dsl/steps";
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
export type { SemverSource, SemverGetParams, SemverPutParams, SemverSpec, PoolSource, PoolGetParams, PoolPutParams, PoolSpec, GithubReleaseSource, GithubReleaseGetParams, GithubReleasePutParams, GithubReleaseSpec, MockSource, MockGetParams, MockPutParams, MockSpec, RegistryContentTrust, ResourceTypeSchema, ObjectSchema, FieldSchema, FieldKind } from "./dsl/resources";
export type { S3Source, S3ImageSource, S3GetParams, S3PutParams, S3Spec, RegistryImageSource, RegistryImageGetParams, RegistryImagePutParams, RegistryImageSpec, RegistryPlatform, DockerImageSource, DockerImageGetParams, DockerImagePutParams, DockerImageSpec, GitSource, GitGetParams, GitPutParams, GitSpec, TimeSource, TimeSpec } from "./dsl/resources";

// --- rendering and loading (src/render, src/load) ---
export { renderPipeline, renderTaskConfig, pipelineToConfig, toYaml, setConfigChecker, checkConfig, headerComment } from "./render";
export type { RenderOptions, RenderResult, ConfigChecker, TaskFileResult } from "./render";
export { loadPipelineModule, loadRenderableModule, isModuleFile, installTsLoader } from "./load";
export type { LoadOptions } from "./load";
export { loadPipelineFile } from "./load/pipeline-file";
export type { LoadedPipeline, LoadFileOptions } from "./load/pipeline-file";
export { Testing } from "./testing";
export type { TestingRenderOptions } from "./testing";

// --- validation (src/validate, src/yaml) ---
import "./validate/register";
export { validatePipeline, ISSUE_CODES, validateIdentifier, suggestSimilar, isCredentialKey } from "./validate";
export type { ValidateOptions, RuleLevel, CodeInfo } from "./validate";
export type { FileValidation } from "./validate/file";
export { applyRuleLevels } from "./validate/report";
export type { YamlReadResult, DetailedYamlReadResult, ParsedYaml, YamlIssue } from "./yaml";


// --- features loaded on first use ---
// Importing "pipegen" (every pipeline file does) must stay cheap: the YAML reader, the importer, the S3 image
// tooling and the fly wrappers are only loaded when one of their functions is first called. Their constants and
// error classes come from small modules and are exported as they are.

import type * as ValidateFileModule from "./validate/file";
import type * as YamlReaderModule from "./yaml";
import type * as ImporterModule from "./import";
import type * as ImagesModule from "./images";
import type * as ImageExportModule from "./images/export";
import type * as FlyModule from "./fly";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const validateFile = (): typeof ValidateFileModule => require("./validate/file") as typeof ValidateFileModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yamlModule = (): typeof YamlReaderModule => require("./yaml") as typeof YamlReaderModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const importModule = (): typeof ImporterModule => require("./import") as typeof ImporterModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const images = (): typeof ImagesModule => require("./images") as typeof ImagesModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const imageExport = (): typeof ImageExportModule => require("./images/export") as typeof ImageExportModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fly = (): typeof FlyModule => require("./fly") as typeof FlyModule;

import type * as ModelNamespace from "./model";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const modelModule = (): typeof ModelNamespace => require("./model") as typeof ModelNamespace;

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

/** A function of a lazily loaded module, with the same type as the original. */
function lazy<M, K extends keyof M>(load: () => M, name: K): M[K] {
  return ((...args: unknown[]) => (load()[name] as (...a: unknown[]) => unknown)(...args)) as M[K];
}

export const pipelineJsonSchema = lazy(modelModule, "pipelineJsonSchema");

// ./validate/file
export const validatePipelineFile = lazy(validateFile, "validatePipelineFile");

// ./yaml
export const readPipelineYaml = lazy(yamlModule, "readPipelineYaml");
export const readPipelineYamlDetailed = lazy(yamlModule, "readPipelineYamlDetailed");
export const readTaskYaml = lazy(yamlModule, "readTaskYaml");
export const parseYamlDocument = lazy(yamlModule, "parseYamlDocument");
export const caretExcerpt = lazy(yamlModule, "caretExcerpt");

// ./import
export const importYaml = lazy(importModule, "importYaml");

// ./images
export const packImage = lazy(images, "packImage");
export const pushImage = lazy(images, "pushImage");
export const listImageVersions = lazy(images, "listImageVersions");
export const verifyImage = lazy(images, "verifyImage");
export const verifyImageStream = lazy(images, "verifyImageStream");
export const orderVersions = lazy(images, "orderVersions");
export const detectImageInput = lazy(images, "detectImageInput");
export const partSizeFor = lazy(images, "partSizeFor");
export const checkImageMetadata = lazy(images, "checkImageMetadata");
export const compareS3Versions = lazy(images, "compareS3Versions");
export const compareParsedS3Versions = lazy(images, "compareParsedS3Versions");
export const parseS3Version = lazy(images, "parseS3Version");
export const s3VersionOrderingTrap = lazy(images, "s3VersionOrderingTrap");
export const compileGoRegexp = lazy(images, "compileGoRegexp");
export const versionPattern = lazy(images, "versionPattern");
export const extractVersion = lazy(images, "extractVersion");
export const regexpProblem = lazy(images, "regexpProblem");
export const createS3Client = lazy(images, "createS3Client");
export const parseS3Url = lazy(images, "parseS3Url");
export const checkPipelineImages = lazy(images, "checkPipelineImages");
export const findS3Sources = lazy(images, "findS3Sources");
export const checkIssues = lazy(images, "checkIssues");
export const loadVarLayers = lazy(images, "loadVarLayers");
export const fillVars = lazy(images, "fillVars");
export const envNameForVar = lazy(images, "envNameForVar");

// ./images/export
export const exportImage = lazy(imageExport, "exportImage");
export const parseImageReference = lazy(imageExport, "parseImageReference");
export const imageVersionFromTag = lazy(imageExport, "imageVersionFromTag");
export const savedCredentials = lazy(imageExport, "savedCredentials");

// ./fly
export const flySetPipeline = lazy(fly, "flySetPipeline");
export const flyDiff = lazy(fly, "flyDiff");
export const crossCheckWithFly = lazy(fly, "crossCheckWithFly");
export const diffConfigs = lazy(fly, "diffConfigs");
export const formatChanges = lazy(fly, "formatChanges");
export const summarizeChanges = lazy(fly, "summarizeChanges");
export const normalizeConfig = lazy(fly, "normalizeConfig");
export const unwrapDeployedConfig = lazy(fly, "unwrapDeployedConfig");
export const redactConfig = lazy(fly, "redactConfig");
export const isSecretKey = lazy(fly, "isSecretKey");
export const setPipelineArgv = lazy(fly, "setPipelineArgv");
export const getPipelineArgv = lazy(fly, "getPipelineArgv");
export const shellCommand = lazy(fly, "shellCommand");
export const findFly = lazy(fly, "findFly");
export const requireFly = lazy(fly, "requireFly");
export const flyrcPath = lazy(fly, "flyrcPath");
export const readFlyTargets = lazy(fly, "readFlyTargets");
export const requireFlyTarget = lazy(fly, "requireFlyTarget");
export const splitPair = lazy(fly, "splitPair");

// ./config
// pipegen.config.ts support is small and every render asks for the project's rules: part of the core.
export { defineConfig, loadProjectConfig, findProjectConfig, projectRules, projectValidation } from "./config";

export { NAME_STYLES } from "./import/names";
export { GoRegexpError } from "./images/go-regexp";
export { IMAGE_VERSION_SED } from "./images/export/version";
export { SecretSet, REDACTED } from "./fly/redact";
export { SECRET_SOURCE_FIELDS } from "./fly/credential-fields";

export type { ImportOptions, ImportResult, NameStyle } from "./import";
export type { S3SourceRef, S3SourceCheck, CheckImagesOptions, CheckVars } from "./images";
export type { PackImageOptions, PackImageResult, SkippedEntry, VerifyImageOptions, VerifyImageReport, ArchiveFormat, PushImageOptions, PushImageResult, ListImageVersionsOptions, ImageVersionList, ImageVersion, InvalidImageKey, S3Version, S3VersionComponent, S3VersionParse, ImageMetadata, MetadataCheck, S3Options, S3Credentials, ResolvedS3, S3Location } from "./images";
export type { ExportImageOptions, ExportImageResult, ImageReference, Platform, RegistryCredentials, SavedCredentials } from "./images/export";
export type { FlyPipelineOptions, FlySetPipelineOptions, FlySetPipelineResult, FlyDiffResult, CrossCheckOptions, Change, ChangeKind, FlyTarget } from "./fly";
export type { PipegenProjectConfig, PipelineEntry, LoadedProjectConfig, ResolvedPipeline } from "./config";

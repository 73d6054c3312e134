/**
 * pipegen: write Concourse pipelines in TypeScript.
 *
 * The public API, as explicit named exports grouped by purpose. Types are exported separately.
 */

// The model: one zod definition per Concourse shape (types, runtime checks, JSON Schema).
export * as model from "./model";
export { pipelineJsonSchema } from "./model";
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
export { validatePipelineFile } from "./validate/file";
export type { FileValidation } from "./validate/file";
export { applyRuleLevels } from "./validate/report";
export { readPipelineYaml, readPipelineYamlDetailed, readTaskYaml, parseYamlDocument, caretExcerpt } from "./yaml";
export type { YamlReadResult, DetailedYamlReadResult, ParsedYaml, YamlIssue } from "./yaml";

// --- import (src/import) ---
export { importYaml, NAME_STYLES } from "./import";
export type { ImportOptions, ImportResult, NameStyle } from "./import";

// --- S3 images (src/images) ---
export { packImage, pushImage, listImageVersions, verifyImage, verifyImageStream, orderVersions, detectImageInput, partSizeFor, checkImageMetadata } from "./images";
export { compareS3Versions, compareParsedS3Versions, parseS3Version, s3VersionOrderingTrap, compileGoRegexp, GoRegexpError, versionPattern, extractVersion, regexpProblem, createS3Client, parseS3Url } from "./images";
export { checkPipelineImages, findS3Sources, checkIssues, loadVarLayers, fillVars, envNameForVar } from "./images";
export type { S3SourceRef, S3SourceCheck, CheckImagesOptions, CheckVars } from "./images";
export type { PackImageOptions, PackImageResult, SkippedEntry, VerifyImageOptions, VerifyImageReport, ArchiveFormat, PushImageOptions, PushImageResult, ListImageVersionsOptions, ImageVersionList, ImageVersion, InvalidImageKey, S3Version, S3VersionComponent, S3VersionParse, ImageMetadata, MetadataCheck, S3Options, S3Credentials, ResolvedS3, S3Location } from "./images";

// --- image export (src/images/export) ---
export { exportImage, parseImageReference, imageVersionFromTag, IMAGE_VERSION_SED, savedCredentials } from "./images/export";
export type { ExportImageOptions, ExportImageResult, ImageReference, Platform, RegistryCredentials, SavedCredentials } from "./images/export";

// --- fly wrappers (src/fly) ---
export { flySetPipeline, flyDiff, crossCheckWithFly, diffConfigs, formatChanges, summarizeChanges, normalizeConfig, unwrapDeployedConfig, redactConfig, SecretSet, REDACTED, isSecretKey, SECRET_SOURCE_FIELDS, setPipelineArgv, getPipelineArgv, shellCommand, findFly, requireFly, flyrcPath, readFlyTargets, requireFlyTarget, splitPair } from "./fly";
export type { FlyPipelineOptions, FlySetPipelineOptions, FlySetPipelineResult, FlyDiffResult, CrossCheckOptions, Change, ChangeKind, FlyTarget } from "./fly";
export { defineConfig, loadProjectConfig, findProjectConfig } from "./config";
export type { PipegenProjectConfig, PipelineEntry, LoadedProjectConfig, ResolvedPipeline } from "./config";

/**
 * The `pipegen/images` entry point: the S3 image tooling of air-gapped Concourse (pack an image into the archive
 * the s3 resource serves, push it, list and order its versions, verify an archive, check a pipeline's image
 * sources, export an image from a registry). Each function loads its module (and the AWS SDK) on first call.
 * Its declarations use Node's types: a project importing it needs @types/node.
 */
export {
  packImage,
  pushImage,
  listImageVersions,
  verifyImage,
  verifyImageStream,
  orderVersions,
  detectImageInput,
  checkImageMetadata,
  compareS3Versions,
  compareParsedS3Versions,
  parseS3Version,
  s3VersionOrderingTrap,
  compileGoRegexp,
  versionPattern,
  extractVersion,
  regexpProblem,
  createS3Client,
  parseS3Url,
  checkPipelineImages,
  findS3Sources,
  exportImage,
  parseImageReference,
  imageVersionFromTag,
  savedCredentials,
  GoRegexpError,
  IMAGE_VERSION_SED,
} from "./lazy/images";
export type { S3SourceRef, S3SourceCheck, CheckImagesOptions, CheckVars } from "./images";
export type {
  PackImageOptions,
  PackImageResult,
  SkippedEntry,
  VerifyImageOptions,
  VerifyImageReport,
  ArchiveFormat,
  PushImageOptions,
  PushImageResult,
  ListImageVersionsOptions,
  ImageVersionList,
  ImageVersion,
  InvalidImageKey,
  S3Version,
  S3VersionComponent,
  S3VersionParse,
  ImageMetadata,
  MetadataCheck,
  S3Options,
  S3Credentials,
  ResolvedS3,
  S3Location,
} from "./images";
export type { ExportImageOptions, ExportImageResult, ImageReference, Platform, RegistryCredentials, SavedCredentials } from "./images/export";

/** S3 image tooling: pack, verify, push and list image archives, and the s3 resource's version order. */
export { packImage, detectImageInput } from "./pack";
export type { PackImageOptions, PackImageResult, SkippedEntry } from "./pack";
export { verifyImage, verifyImageStream } from "./verify";
export type { VerifyImageOptions, VerifyImageReport, ArchiveFormat } from "./verify";
export { pushImage, partSizeFor } from "./push";
export type { PushImageOptions, PushImageResult } from "./push";
export { listImageVersions, orderVersions } from "./list";
export type { ListImageVersionsOptions, ImageVersionList, ImageVersion, InvalidImageKey } from "./list";
export { compareS3Versions, compareParsedS3Versions, parseS3Version, s3VersionOrderingTrap } from "./version";
export type { S3Version, S3VersionComponent, S3VersionParse } from "./version";
export { checkImageMetadata } from "./metadata";
export type { ImageMetadata, MetadataCheck } from "./metadata";
export { createS3Client } from "./s3-client";
export type { S3Options, S3Credentials, ResolvedS3 } from "./s3-client";
export { parseS3Url } from "./s3-url";
export type { S3Location } from "./s3-url";
export { extractVersion, matchingKeys, regexpProblem, splitS3Regexp, versionPattern } from "./s3-regexp";
export { compileGoRegexp, GoRegexpError } from "./go-regexp";

/**
 * The image tooling (S3 packing, verification, listing, registry export), loaded on first use: the wrappers
 * behind `pipegen/images` and the CLI's image commands. Part of the core bundle (scripts/build.js), so
 * `pipegen/images`, the CLI and the core share one instance of every module.
 */
import type * as ImagesModule from "../images";
import type * as ImageExportModule from "../images/export";
import { lazy } from "./index";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const images = (): typeof ImagesModule => require("../images") as typeof ImagesModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const imageExport = (): typeof ImageExportModule => require("../images/export") as typeof ImageExportModule;

// ../images
export const packImage = lazy(images, "packImage");
export const pushImage = lazy(images, "pushImage");
export const listImageVersions = lazy(images, "listImageVersions");
export const verifyImage = lazy(images, "verifyImage");
export const verifyImageStream = lazy(images, "verifyImageStream");
export const orderVersions = lazy(images, "orderVersions");
export const detectImageInput = lazy(images, "detectImageInput");
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
// (the CLI's: not in pipegen/images)
export const checkIssues = lazy(images, "checkIssues");
export const loadVarLayers = lazy(images, "loadVarLayers");

// ../images/export
export const exportImage = lazy(imageExport, "exportImage");
export const parseImageReference = lazy(imageExport, "parseImageReference");
export const imageVersionFromTag = lazy(imageExport, "imageVersionFromTag");
export const savedCredentials = lazy(imageExport, "savedCredentials");

// Small modules, imported as they are (a class must be one instance for `instanceof`).
export { GoRegexpError } from "../images/go-regexp";
export { IMAGE_VERSION_SED } from "../images/export/version";

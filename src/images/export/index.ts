/** `pipegen image export`: registry image -> S3 image archive, without Docker or Concourse. */
export { exportImage, exportDestination } from "./export";
export type { ExportImageOptions, ExportImageResult } from "./export";
export { parseImageReference, formatReference } from "./reference";
export type { ImageReference } from "./reference";
export { imageVersionFromTag, IMAGE_VERSION_SED } from "./version";
export { parsePlatform } from "./manifest";
export type { Platform } from "./manifest";
export type { RegistryCredentials } from "./registry";
export { savedCredentials } from "./docker-config";
export type { SavedCredentials } from "./docker-config";

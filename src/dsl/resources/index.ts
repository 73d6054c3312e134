/** The typed resource-type catalog. */
export { s3, s3Image, type S3Source, type S3ImageSource, type S3GetParams, type S3PutParams, type S3Spec } from "./s3";
export { registryImage, registryImageResource, type RegistryImageSource, type RegistryImageGetParams, type RegistryImagePutParams, type RegistryImageSpec, type RegistryPlatform } from "./registry-image";
export { dockerImage, type DockerImageSource, type DockerImageGetParams, type DockerImagePutParams, type DockerImageSpec } from "./docker-image";
export { git, type GitSource, type GitGetParams, type GitPutParams, type GitSpec } from "./git";
export { time, type TimeSource, type TimeSpec } from "./time";

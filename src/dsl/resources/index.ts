/** The typed resource-type catalog. */
export { s3, s3Image, S3_SCHEMA, type S3Source, type S3ImageSource, type S3GetParams, type S3PutParams, type S3Spec } from "./s3";
export {
  registryImage,
  registryImageResource,
  REGISTRY_IMAGE_SCHEMA,
  type RegistryImageSource,
  type RegistryImageGetParams,
  type RegistryImagePutParams,
  type RegistryImageSpec,
  type RegistryPlatform,
  type RegistryContentTrust,
} from "./registry-image";
export {
  dockerImage,
  DOCKER_IMAGE_SCHEMA,
  type DockerImageSource,
  type DockerImageGetParams,
  type DockerImagePutParams,
  type DockerImageSpec,
} from "./docker-image";
export { git, GIT_SCHEMA, type GitSource, type GitGetParams, type GitPutParams, type GitSpec } from "./git";
export { time, TIME_SCHEMA, type TimeSource, type TimeSpec } from "./time";
export { semver, SEMVER_SCHEMA, type SemverSource, type SemverGetParams, type SemverPutParams, type SemverSpec } from "./semver";
export { pool, POOL_SCHEMA, type PoolSource, type PoolGetParams, type PoolPutParams, type PoolSpec } from "./pool";
export {
  githubRelease,
  GITHUB_RELEASE_SCHEMA,
  type GithubReleaseSource,
  type GithubReleaseGetParams,
  type GithubReleasePutParams,
  type GithubReleaseSpec,
} from "./github-release";
export { mock, MOCK_SCHEMA, type MockSource, type MockGetParams, type MockPutParams, type MockSpec } from "./mock";
export { RESOURCE_SCHEMAS, schemaForImage } from "./catalog";
export type { ResourceTypeSchema, ObjectSchema, FieldSchema, FieldKind, RuleProblem } from "./schema";

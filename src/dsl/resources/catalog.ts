/** Every typed resource type's schema, by type name: the one list the validator and the tools read. */
import { DOCKER_IMAGE_SCHEMA } from "./docker-image";
import { GIT_SCHEMA } from "./git";
import { GITHUB_RELEASE_SCHEMA } from "./github-release";
import { MOCK_SCHEMA } from "./mock";
import { POOL_SCHEMA } from "./pool";
import { REGISTRY_IMAGE_SCHEMA } from "./registry-image";
import { S3_SCHEMA } from "./s3";
import type { ResourceTypeSchema } from "./schema";
import { SEMVER_SCHEMA } from "./semver";
import { TIME_SCHEMA } from "./time";

export const RESOURCE_SCHEMAS: Readonly<Record<string, ResourceTypeSchema>> = Object.fromEntries(
  [S3_SCHEMA, GIT_SCHEMA, REGISTRY_IMAGE_SCHEMA, DOCKER_IMAGE_SCHEMA, TIME_SCHEMA, SEMVER_SCHEMA, POOL_SCHEMA, GITHUB_RELEASE_SCHEMA, MOCK_SCHEMA].map((s) => [
    s.type,
    s,
  ]),
);

/** The schema of the resource whose image is `repository` (`concourse/semver-resource`, tag and registry host ignored). */
export function schemaForImage(repository: string): ResourceTypeSchema | undefined {
  let repo = repository.trim();
  const at = repo.indexOf("@");
  if (at >= 0) repo = repo.slice(0, at);
  const colon = repo.lastIndexOf(":");
  if (colon > repo.lastIndexOf("/")) repo = repo.slice(0, colon);
  repo = repo.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, "");
  for (const schema of Object.values(RESOURCE_SCHEMAS)) if (schema.image === repo) return schema;
  return undefined;
}

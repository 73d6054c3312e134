/** The deprecated `docker-image` resource type (resource-types.md §3), as the seed's packaging pipeline used it. */
import { makeResource, type Resource, type ResourceOptions, type ResourceSpec } from "../resource";
import { captureSite } from "../site";
import type { Secret, Str } from "../var";
import { bool, map, objectSchema, reqStr, str, strList, type OptionalField, type ResourceTypeSchema } from "./schema";

/** `source` of a docker-image resource. */
export interface DockerImageSource {
  /** Repository; a private registry needs a `.` or `:port` in the host. */
  readonly repository: Str;
  /** Tag. @default "latest" */
  readonly tag?: Str | number;
  readonly username?: Str;
  readonly password?: Secret;
  readonly aws_access_key_id?: Secret;
  readonly aws_secret_access_key?: Secret;
  readonly aws_session_token?: Secret;
  readonly insecure_registries?: readonly Str[];
  /** A URL (an object in registry-image). */
  readonly registry_mirror?: Str;
  readonly ca_certs?: readonly { readonly domain: Str; readonly cert: Str }[];
  readonly client_certs?: readonly { readonly domain: Str; readonly cert: Str; readonly key: Secret }[];
  readonly additional_private_registries?: readonly { readonly registry: Str; readonly username?: Str; readonly password?: Secret }[];
  readonly max_concurrent_downloads?: number;
  readonly max_concurrent_uploads?: number;
  readonly startup_timeout?: number;
}

/** `params` of a get of a docker-image resource. */
export interface DockerImageGetParams {
  /** Also write `rootfs.tar`, a flat export of the image. @default false */
  readonly rootfs?: boolean;
  /** Also write `image`, a `docker save` tarball. @default false */
  readonly save?: boolean;
  readonly skip_download?: boolean;
}

/** `params` of a put to a docker-image resource (build, load, tagging). */
export interface DockerImagePutParams {
  readonly build?: Str;
  readonly dockerfile?: Str;
  readonly target_name?: Str;
  readonly build_args?: Readonly<Record<string, Str>>;
  readonly build_args_file?: Str;
  readonly tag_file?: Str;
  readonly tag_prefix?: Str;
  readonly tag_as_latest?: boolean;
  readonly additional_tags?: Str;
  readonly cache?: boolean;
  readonly cache_tag?: Str;
  readonly cache_from?: readonly Str[];
  readonly load?: Str;
  readonly load_base?: Str;
  readonly load_bases?: readonly Str[];
  readonly load_file?: Str;
  readonly load_repository?: Str;
  readonly load_tag?: Str;
  readonly import_file?: Str;
  readonly labels?: Readonly<Record<string, Str>>;
  readonly labels_file?: Str;
  /** Build secrets: `{ id: { env?, source? } }` (needs `docker_buildkit`). */
  readonly secrets?: Readonly<Record<string, { readonly env?: Str; readonly source?: Str }>>;
  /** Build with BuildKit. */
  readonly docker_buildkit?: number | boolean;
  /** Deprecated: pull and push this repository instead of building. */
  readonly pull_repository?: Str;
  /** Deprecated: with `pull_repository`. */
  readonly pull_tag?: Str;
  /** Deprecated: a file holding the tag (use `tag_file`). */
  readonly tag?: Str;
}

export interface DockerImageSpec extends ResourceSpec {
  readonly source: DockerImageSource;
  readonly getParams: DockerImageGetParams;
  readonly putParams: DockerImagePutParams;
}

const scalar: OptionalField = { kind: "scalar" };

/** What the docker-image resource accepts: a shell script reading keys with jq, so unknown keys are ignored. */
export const DOCKER_IMAGE_SCHEMA: ResourceTypeSchema = {
  type: "docker-image",
  image: "concourse/docker-image-resource",
  unknownKeys: "ignored",
  types: "lenient",
  source: objectSchema<DockerImageSource>({
    repository: reqStr,
    tag: scalar,
    username: str,
    password: str,
    aws_access_key_id: str,
    aws_secret_access_key: str,
    aws_session_token: str,
    insecure_registries: strList,
    registry_mirror: str,
    ca_certs: strList,
    client_certs: strList,
    additional_private_registries: strList,
    max_concurrent_downloads: scalar,
    max_concurrent_uploads: scalar,
    startup_timeout: scalar,
  }),
  get: objectSchema<DockerImageGetParams>({ rootfs: bool, save: bool, skip_download: bool }),
  put: objectSchema<DockerImagePutParams>({
    build: str,
    dockerfile: str,
    target_name: str,
    build_args: map,
    build_args_file: str,
    tag_file: str,
    tag_prefix: str,
    tag_as_latest: bool,
    additional_tags: str,
    cache: bool,
    cache_tag: str,
    cache_from: strList,
    load: str,
    load_base: str,
    load_bases: strList,
    load_file: str,
    load_repository: str,
    load_tag: str,
    import_file: str,
    labels: map,
    labels_file: str,
    secrets: map,
    docker_buildkit: scalar,
    pull_repository: str,
    pull_tag: str,
    tag: str,
  }),
};

/** A docker-image resource (deprecated by Concourse in favour of registry-image; needs a privileged worker). */
export function dockerImage(name: string, source: DockerImageSource, options: ResourceOptions = {}): Resource<DockerImageSpec> {
  return makeResource<DockerImageSpec>(name, "docker-image", source, options, undefined, captureSite());
}

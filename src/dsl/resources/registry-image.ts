/** The `registry-image` resource type (concourse/registry-image-resource; resource-types.md §2). Unknown keys fail at run time. */
import { makeImage, type AnonymousImage } from "../image";
import { makeResource, type Resource, type ResourceOptions, type ResourceSpec } from "../resource";
import { captureSite } from "../site";
import type { Secret, Str } from "../var";
import { bool, objectSchema, oneOf, reqStr, str, strList, type OptionalField, type ResourceTypeSchema } from "./schema";

/** `{ architecture, os }` of the image to pick from an index. */
export interface RegistryPlatform {
  readonly architecture?: Str;
  readonly os?: Str;
}

/** `content_trust` of a registry-image source: Notary signing of pushed images. */
export interface RegistryContentTrust {
  readonly server?: Str;
  readonly repository_key_id: Str;
  readonly repository_key: Secret;
  readonly repository_passphrase: Secret;
  readonly tls_key?: Secret;
  readonly tls_cert?: Str;
  readonly scopes?: Str;
  readonly username?: Str;
  readonly password?: Secret;
}

/** `source` of a registry-image resource. */
export interface RegistryImageSource {
  /** Repository: `alpine`, `ghcr.io/org/img`; no host means Docker Hub. */
  readonly repository: Str;
  /** Tag to track. A YAML number (`1.20`) would lose digits, so pipegen always writes what you give. @default semver mode */
  readonly tag?: Str | number;
  /** Track tags matching this RE2 pattern. */
  readonly tag_regex?: Str;
  /** With `tag_regex`: order by image creation time. @default false */
  readonly created_at_sort?: boolean;
  /** Semver mode: only `X.Y.Z-<variant>` tags. */
  readonly variant?: Str;
  /** Masterminds semver constraint, e.g. `~1.2.x`. */
  readonly semver_constraint?: Str;
  /** Include pre-releases (alpha, beta, rc). @default false */
  readonly pre_releases?: boolean;
  readonly pre_release_prefixes?: readonly Str[];
  /** Basic auth user. */
  readonly username?: Str;
  /** Basic auth password. */
  readonly password?: Secret;
  readonly aws_access_key_id?: Secret;
  readonly aws_secret_access_key?: Secret;
  readonly aws_session_token?: Secret;
  /** Setting it turns on ECR auth. */
  readonly aws_region?: Str;
  readonly aws_role_arn?: Str;
  readonly aws_role_arns?: readonly Str[];
  readonly aws_account_id?: Str;
  /** Deprecated and ignored (cross-account ECR needs no registry id any more). */
  readonly aws_ecr_registry_id?: Str;
  readonly azure_acr?: boolean;
  readonly azure_client_id?: Str;
  readonly azure_tenant_id?: Str;
  readonly azure_environment?: "AzurePublic" | "AzureGovernment" | "AzureChina";
  /** Plain-HTTP registry. @default false */
  readonly insecure?: boolean;
  /** PEM CAs. */
  readonly ca_certs?: readonly Str[];
  /** Used only for a `repository` without a registry host. */
  readonly registry_mirror?: { readonly host: Str; readonly username?: Str; readonly password?: Secret };
  /** Notary signing on put. */
  readonly content_trust?: RegistryContentTrust;
  readonly platform?: RegistryPlatform;
  readonly label_regex?: Str;
  readonly annotation_regex?: Str;
  readonly debug?: boolean;
}

/** `params` of a get of a registry-image resource. */
export interface RegistryImageGetParams {
  /** `rootfs` (a `rootfs/` dir + `metadata.json`), `oci` (image.tar) or `oci-layout`. @default "rootfs" */
  readonly format?: "rootfs" | "oci" | "oci-layout";
  readonly platform?: RegistryPlatform;
  /** Resolve the manifest only. @default false */
  readonly skip_download?: boolean;
}

/** `params` of a put to a registry-image resource. */
export interface RegistryImagePutParams {
  /** Path (glob) to a docker-save or OCI tarball, or an OCI layout directory. Required. */
  readonly image: Str;
  /** Semver version to push as a tag. */
  readonly version?: Str;
  /** Also push `X.Y`, `X` and `latest` when newest. @default false */
  readonly bump_aliases?: boolean;
  /** File of extra whitespace-separated tags. */
  readonly additional_tags?: Str;
  readonly tag_prefix?: Str;
}

export interface RegistryImageSpec extends ResourceSpec {
  readonly source: RegistryImageSource;
  readonly getParams: RegistryImageGetParams;
  readonly putParams: RegistryImagePutParams;
}

const platform: OptionalField = { kind: "map", fields: objectSchema<RegistryPlatform>({ architecture: str, os: str }) };

/**
 * What the registry-image resource accepts. It decodes its request with Go's encoding/json and
 * `DisallowUnknownFields`, so an unknown key at any depth, or a value of the wrong JSON type, fails it.
 */
export const REGISTRY_IMAGE_SCHEMA: ResourceTypeSchema = {
  type: "registry-image",
  image: "concourse/registry-image-resource",
  unknownKeys: "rejected",
  types: "json",
  source: objectSchema<RegistryImageSource>({
    repository: reqStr,
    // its own UnmarshalJSON takes a number too
    tag: { kind: ["string", "number"] },
    tag_regex: str,
    created_at_sort: bool,
    variant: str,
    semver_constraint: str,
    pre_releases: bool,
    pre_release_prefixes: strList,
    username: str,
    password: str,
    aws_access_key_id: str,
    aws_secret_access_key: str,
    aws_session_token: str,
    aws_region: str,
    aws_role_arn: str,
    aws_role_arns: strList,
    aws_account_id: str,
    aws_ecr_registry_id: str,
    azure_acr: bool,
    azure_client_id: str,
    azure_tenant_id: str,
    azure_environment: oneOf("AzurePublic", "AzureGovernment", "AzureChina"),
    insecure: bool,
    ca_certs: strList,
    registry_mirror: { kind: "map", fields: objectSchema<NonNullable<RegistryImageSource["registry_mirror"]>>({ host: reqStr, username: str, password: str }) },
    content_trust: {
      kind: "map",
      fields: objectSchema<RegistryContentTrust>({
        server: str,
        repository_key_id: reqStr,
        repository_key: reqStr,
        repository_passphrase: reqStr,
        tls_key: str,
        tls_cert: str,
        scopes: str,
        username: str,
        password: str,
      }),
    },
    platform,
    label_regex: str,
    annotation_regex: str,
    debug: bool,
  }),
  get: objectSchema<RegistryImageGetParams>({ format: oneOf("rootfs", "oci", "oci-layout"), platform, skip_download: bool }),
  put: objectSchema<RegistryImagePutParams>({ image: reqStr, version: str, bump_aliases: bool, additional_tags: str, tag_prefix: str }),
};

/** A registry-image resource. Also usable as a task's `image_resource`. */
export function registryImage(name: string, source: RegistryImageSource, options: ResourceOptions = {}): Resource<RegistryImageSpec> {
  return makeResource<RegistryImageSpec>(name, "registry-image", source, options, undefined, captureSite());
}

/** An anonymous registry-image for a task config's `image_resource`. */
export function registryImageResource(source: RegistryImageSource, params?: RegistryImageGetParams): AnonymousImage {
  return makeImage({ type: "registry-image", source, ...(params ? { params } : {}) }, captureSite());
}

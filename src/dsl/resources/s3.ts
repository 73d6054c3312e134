/**
 * The `s3` resource type (concourse/s3-resource; resource-types.md §1), and `s3Image`: a task image kept in a
 * bucket as a `.tgz` holding `rootfs/` and `metadata.json`, fetched with `unpack: true`.
 */
import { makeImage, type AnonymousImage } from "../image";
import { makeResource, type Resource, type ResourceOptions, type ResourceSpec } from "../resource";
import { captureSite } from "../site";
import type { Secret, Str } from "../var";
import { atLeastOne, bool, given, objectSchema, oneOf, reqStr, str, type ResourceTypeSchema, type RuleProblem } from "./schema";

/** `source` of an s3 resource. Give exactly one of `regexp` and `versioned_file`. */
export interface S3Source {
  /** Bucket name. */
  readonly bucket: Str;
  /**
   * Pattern of object keys; the version is the capture group (or the group named `version`). Matched per `/`
   * level and anchored; versions sort by go-semi-semantic, not semver (`1.10` > `1.9`, but `1.09` > `1.10`).
   */
  readonly regexp?: Str;
  /** Key of one object in a versioned bucket; the S3 VersionId is the version. */
  readonly versioned_file?: Str;
  /** Access key. Used only with `secret_access_key`. */
  readonly access_key_id?: Secret;
  /** Secret key. */
  readonly secret_access_key?: Secret;
  /** STS session token, with the two keys. */
  readonly session_token?: Secret;
  /** Role to assume through STS. */
  readonly aws_role_arn?: Str;
  /** Without keys or role, use the AWS SDK's default credential chain instead of anonymous access. @default false */
  readonly enable_aws_creds_provider?: boolean;
  /** Bucket region. @default "us-east-1" */
  readonly region_name?: Str;
  /** Only changes the URL written by get/put (presigned when true); no effect on access. @default false */
  readonly private?: boolean;
  /** S3-compatible endpoint: a host name or a URL. */
  readonly endpoint?: Str;
  /** Use http for an `endpoint` given without a scheme. @default false */
  readonly disable_ssl?: boolean;
  /** Skip TLS verification. @default false */
  readonly skip_ssl_verification?: boolean;
  /** PEM CA bundle for the endpoint. */
  readonly ca_bundle?: Str;
  /** Path-style addressing; only applied with `endpoint`. @default false */
  readonly use_path_style?: boolean;
  /** Compute checksums only when required; only applied with `endpoint`. @default false */
  readonly skip_s3_checksums?: boolean;
  /** One of `CRC32`, `CRC32C`, `SHA1`, `SHA256`, `CRC64NVME`. */
  readonly checksum_algorithm?: "CRC32" | "CRC32C" | "SHA1" | "SHA256" | "CRC64NVME";
  /** Server-side encryption on upload: `AES256`, `aws:kms`, `aws:kms:dsse`. */
  readonly server_side_encryption?: Str;
  /** KMS key id for uploads. */
  readonly sse_kms_key_id?: Str;
  /** Upload in one part. @default false */
  readonly disable_multipart?: boolean;
  /** Default of the get param `skip_download`. @default false */
  readonly skip_download?: boolean;
  /** With `regexp`: a synthetic first version; must match the regexp. */
  readonly initial_path?: Str;
  /** With `versioned_file`: a synthetic first VersionId. */
  readonly initial_version?: Str;
  /** Content of the file `get` writes for the initial version. */
  readonly initial_content_text?: Str;
  /** Base64 content for the initial version (instead of text). */
  readonly initial_content_binary?: Str;
}

/** `params` of a get of an s3 resource. */
export interface S3GetParams {
  /** Extract the fetched archive (gzip, tar, zip, bzip2) into the output directory. @default false */
  readonly unpack?: boolean;
  /** The string `"true"` or `"false"` (the resource parses a string). @default source.skip_download */
  readonly skip_download?: "true" | "false";
  /** Also write the object's tags to `tags.json`. @default false */
  readonly download_tags?: boolean;
}

/** `params` of a put to an s3 resource. */
export interface S3PutParams {
  /** Glob (`*`, `?`, `[..]`) of the one local file to upload. Required. */
  readonly file: Str;
  /** Canned ACL. @default "private" */
  readonly acl?: Str;
  /** MIME type of the object. */
  readonly content_type?: Str;
}

export interface S3Spec extends ResourceSpec {
  readonly source: S3Source;
  readonly getParams: S3GetParams;
  readonly putParams: S3PutParams;
}

/**
 * What the s3 resource accepts. It decodes with Go's encoding/json: unknown keys are ignored (so a typo is
 * silently unused), a value of the wrong JSON type fails. Rules and messages are the resource's own `IsValid`.
 */
export const S3_SCHEMA: ResourceTypeSchema = {
  type: "s3",
  image: "concourse/s3-resource",
  unknownKeys: "ignored",
  types: "json",
  source: objectSchema<S3Source>(
    {
      bucket: reqStr,
      regexp: str,
      versioned_file: str,
      access_key_id: str,
      secret_access_key: str,
      session_token: str,
      aws_role_arn: str,
      enable_aws_creds_provider: bool,
      region_name: str,
      private: bool,
      endpoint: str,
      disable_ssl: bool,
      skip_ssl_verification: bool,
      ca_bundle: str,
      use_path_style: bool,
      skip_s3_checksums: bool,
      checksum_algorithm: oneOf("CRC32", "CRC32C", "SHA1", "SHA256", "CRC64NVME"),
      server_side_encryption: str,
      sse_kms_key_id: str,
      disable_multipart: bool,
      skip_download: bool,
      initial_path: str,
      initial_version: str,
      initial_content_text: str,
      initial_content_binary: str,
    },
    {
      deprecated: {
        use_v2_signing: "the s3 resource no longer reads it: v4 signing happens by default now",
        cloudfront_url: "the s3 resource no longer reads it: only 'endpoint' is needed now",
      },
      rules: s3SourceRules,
    },
  ),
  get: objectSchema<S3GetParams>({ unpack: bool, skip_download: oneOf("true", "false"), download_tags: bool }),
  put: objectSchema<S3PutParams>(
    { file: { kind: "string", required: true, unless: "from" }, acl: str, content_type: str },
    { deprecated: { from: "deprecated by the s3 resource: use 'file'", to: "deprecated by the s3 resource: use 'file'" } },
  ),
};

function s3SourceRules(obj: Readonly<Record<string, unknown>>): RuleProblem[] {
  const out = atLeastOne(["regexp", "versioned_file"], "needs 'regexp' or 'versioned_file': with neither, check finds no versions")(obj);
  if (given(obj, "regexp") && given(obj, "versioned_file"))
    out.push({ kind: "value", key: "versioned_file", message: "please specify either regexp or versioned_file (the s3 resource rejects both)" });
  if (given(obj, "ca_bundle") && obj.skip_ssl_verification === true)
    out.push({ kind: "value", key: "ca_bundle", message: "please do not use ca_bundle when skip_ssl_verification is set (the s3 resource rejects both)" });
  return out;
}

/** An s3 resource. */
export function s3(name: string, source: S3Source, options: ResourceOptions = {}): Resource<S3Spec> {
  return makeResource<S3Spec>(name, "s3", source, options, undefined, captureSite());
}

/** `source` of an image kept in S3: an s3 source with a `regexp` that captures the version. */
export interface S3ImageSource extends S3Source {
  readonly regexp: Str;
}

/**
 * A task image stored in S3 as `<dir>/<name>-<version>.tgz` (with `rootfs/` and `metadata.json` inside).
 *
 * - `s3Image(source)` is an anonymous image for a task config's `image_resource` (type s3, `params: {unpack: true}`);
 * - `s3Image(name, source)` is a resource: `get(img)` fetches it with `unpack: true`, and `task(..., { image: img })`
 *   runs in it. It also works as an `image_resource`.
 */
export function s3Image(source: S3ImageSource): AnonymousImage;
export function s3Image(name: string, source: S3ImageSource, options?: ResourceOptions): Resource<S3Spec>;
export function s3Image(a: string | S3ImageSource, b?: S3ImageSource, options: ResourceOptions = {}): AnonymousImage | Resource<S3Spec> {
  const site = captureSite();
  if (typeof a === "string") return makeResource<S3Spec>(a, "s3", b as S3ImageSource, options, { unpack: true }, site);
  return makeImage({ type: "s3", source: a, params: { unpack: true } }, site);
}

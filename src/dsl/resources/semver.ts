/** The `semver` resource type (concourse/semver-resource; resource-types.md §4.3): a version number kept in a driver. */
import { makeResource, type Resource, type ResourceOptions, type ResourceSpec } from "../resource";
import { captureSite } from "../site";
import type { Secret, Str } from "../var";
import { bool, given, map, objectSchema, oneOf, str, type ResourceTypeSchema, type RuleProblem } from "./schema";

/** `source` of a semver resource. Which keys are needed depends on `driver`. */
export interface SemverSource {
  /** Where the version is kept: `s3`, `git`, `swift` or `gcs`. @default "s3" */
  readonly driver?: "s3" | "git" | "swift" | "gcs";
  /** The version before the first bump; strict semver. @default "0.0.0" */
  readonly initial_version?: Str;
  /** s3 and gcs drivers: bucket of the version object. */
  readonly bucket?: Str;
  /** s3 and gcs drivers: key of the version object. */
  readonly key?: Str;
  readonly access_key_id?: Secret;
  readonly secret_access_key?: Secret;
  readonly session_token?: Secret;
  /** Role to assume (the s3 resource calls it `aws_role_arn`). */
  readonly assume_role_arn?: Str;
  /** @default "us-east-1" */
  readonly region_name?: Str;
  readonly endpoint?: Str;
  readonly disable_ssl?: boolean;
  readonly skip_ssl_verification?: boolean;
  readonly server_side_encryption?: Str;
  readonly skip_s3_checksums?: boolean;
  readonly checksum_algorithm?: Str;
  /** git driver: repository URI. */
  readonly uri?: Str;
  /** git driver: branch holding the version file. */
  readonly branch?: Str;
  /** git driver: path of the version file. */
  readonly file?: Str;
  readonly private_key?: Secret;
  readonly username?: Str;
  readonly password?: Secret;
  /** git driver: committer, `Name <email>`. */
  readonly git_user?: Str;
  /** git driver: commit message; `%version%` and `%file%` are replaced. */
  readonly commit_message?: Str;
  /** swift driver: `{ container, item_name, region, identity_endpoint, username, … }`. */
  readonly openstack?: Readonly<Record<string, unknown>>;
  /** gcs driver: service account key (JSON). */
  readonly json_key?: Secret;
  /** gcs driver: an OAuth token instead of `json_key`. */
  readonly token?: Secret;
}

/** `params` of a get of a semver resource: bump the fetched version locally. */
export interface SemverGetParams {
  readonly bump?: "major" | "minor" | "patch" | "final";
  /** Pre-release name, e.g. `rc` (bumps `-rc.N`). */
  readonly pre?: Str;
  /** Build metadata name. */
  readonly build?: Str;
  readonly pre_without_version?: boolean;
  readonly build_without_version?: boolean;
}

/** `params` of a put to a semver resource: one of `file`, a bump, or `get_latest`. */
export interface SemverPutParams extends SemverGetParams {
  /** Path of a file holding the version to set. */
  readonly file?: Str;
  /** Only report the latest version (check-less mode). */
  readonly get_latest?: boolean;
}

export interface SemverSpec extends ResourceSpec {
  readonly source: SemverSource;
  readonly getParams: SemverGetParams;
  readonly putParams: SemverPutParams;
}

const DRIVER_KEYS: Readonly<Record<string, readonly string[]>> = {
  s3: ["bucket", "key"],
  gcs: ["bucket", "key"],
  git: ["uri", "branch", "file"],
  swift: ["openstack"],
};

function sourceRules(obj: Readonly<Record<string, unknown>>): RuleProblem[] {
  const driver = typeof obj.driver === "string" ? obj.driver : "s3";
  const out: RuleProblem[] = [];
  for (const key of DRIVER_KEYS[driver] ?? []) {
    if (!given(obj, key)) out.push({ kind: "missing", key, message: `the ${driver} driver needs '${key}'` });
  }
  if (driver === "gcs" && given(obj, "json_key") === given(obj, "token")) {
    out.push(
      given(obj, "json_key")
        ? { kind: "value", key: "token", message: "must specify only one of json_key or token for the gcs driver" }
        : { kind: "missing", message: "must specify one of json_key or token for the gcs driver" },
    );
  }
  return out;
}

const bump = oneOf("major", "minor", "patch", "final");
const getFields = { bump, pre: str, build: str, pre_without_version: bool, build_without_version: bool };

/** What the semver resource accepts (Go encoding/json: unknown keys ignored, wrong JSON types fail). */
export const SEMVER_SCHEMA: ResourceTypeSchema = {
  type: "semver",
  image: "concourse/semver-resource",
  unknownKeys: "ignored",
  types: "json",
  source: objectSchema<SemverSource>(
    {
      driver: oneOf("s3", "git", "swift", "gcs"),
      initial_version: str,
      bucket: str,
      key: str,
      access_key_id: str,
      secret_access_key: str,
      session_token: str,
      assume_role_arn: str,
      region_name: str,
      endpoint: str,
      disable_ssl: bool,
      skip_ssl_verification: bool,
      server_side_encryption: str,
      skip_s3_checksums: bool,
      checksum_algorithm: str,
      uri: str,
      branch: str,
      file: str,
      private_key: str,
      username: str,
      password: str,
      git_user: str,
      commit_message: str,
      openstack: map,
      json_key: str,
      token: str,
    },
    { rules: sourceRules },
  ),
  get: objectSchema<SemverGetParams>(getFields),
  put: objectSchema<SemverPutParams>(
    { ...getFields, file: str, get_latest: bool },
    {
      rules: (obj) =>
        ["file", "bump", "pre", "build", "get_latest"].some((k) => given(obj, k))
          ? []
          : [{ kind: "missing", message: "no version bump specified: give 'file', 'bump', 'pre', 'build' or 'get_latest'" }],
    },
  ),
};

/** A semver resource: a version number kept in S3, git, Swift or GCS, bumped by gets and puts. */
export function semver(name: string, source: SemverSource, options: ResourceOptions = {}): Resource<SemverSpec> {
  return makeResource<SemverSpec>(name, "semver", source, options, undefined, captureSite());
}

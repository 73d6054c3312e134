/** The `github-release` resource type (concourse/github-release-resource; resource-types.md §4.5). */
import { makeResource, type Resource, type ResourceOptions, type ResourceSpec } from "../resource";
import { captureSite } from "../site";
import type { Secret, Str } from "../var";
import { bool, objectSchema, oneOf, str, strList, type ResourceTypeSchema } from "./schema";

/** `source` of a github-release resource. */
export interface GithubReleaseSource {
  /** Owner of the repository (`user` is its deprecated alias). */
  readonly owner: Str;
  readonly repository: Str;
  readonly access_token?: Secret;
  /** GitHub Enterprise API URL. */
  readonly github_api_url?: Str;
  readonly github_v4_api_url?: Str;
  readonly github_uploads_url?: Str;
  /** Skip TLS verification. @default false */
  readonly insecure?: boolean;
  /** Track final releases. @default true */
  readonly release?: boolean;
  /** Track pre-releases. @default false */
  readonly pre_release?: boolean;
  /** Track drafts. @default false */
  readonly drafts?: boolean;
  /** Masterminds semver constraint. */
  readonly semver_constraint?: Str;
  /** Regexp of tags; its last capture group is the version. @default "^v?([^v].*)" */
  readonly tag_filter?: Str;
  /** @default "version" */
  readonly order_by?: "version" | "time";
  /** Put release assets under `assets/` in the get output. @default false */
  readonly asset_dir?: boolean;
}

/** `params` of a get of a github-release resource. */
export interface GithubReleaseGetParams {
  /** Globs of the assets to download. @default all assets */
  readonly globs?: readonly Str[];
  readonly include_source_tarball?: boolean;
  readonly include_source_zip?: boolean;
}

/** `params` of a put to a github-release resource. `name`, `tag`, `body` and `commitish` are file paths. */
export interface GithubReleasePutParams {
  readonly name: Str;
  readonly tag: Str;
  readonly tag_prefix?: Str;
  readonly commitish?: Str;
  readonly body?: Str;
  readonly globs?: readonly Str[];
  readonly generate_release_notes?: boolean;
}

export interface GithubReleaseSpec extends ResourceSpec {
  readonly source: GithubReleaseSource;
  readonly getParams: GithubReleaseGetParams;
  readonly putParams: GithubReleasePutParams;
}

/** What the github-release resource accepts (Go encoding/json: unknown keys ignored, wrong JSON types fail). */
export const GITHUB_RELEASE_SCHEMA: ResourceTypeSchema = {
  type: "github-release",
  image: "concourse/github-release-resource",
  unknownKeys: "ignored",
  types: "json",
  source: objectSchema<GithubReleaseSource>(
    {
      owner: { kind: "string", required: true, unless: "user" },
      repository: { kind: "string", required: true },
      access_token: str,
      github_api_url: str,
      github_v4_api_url: str,
      github_uploads_url: str,
      insecure: bool,
      release: bool,
      pre_release: bool,
      drafts: bool,
      semver_constraint: str,
      tag_filter: str,
      order_by: oneOf("version", "time"),
      asset_dir: bool,
    },
    { deprecated: { user: "deprecated by the github-release resource: use 'owner'" } },
  ),
  get: objectSchema<GithubReleaseGetParams>({ globs: strList, include_source_tarball: bool, include_source_zip: bool }),
  put: objectSchema<GithubReleasePutParams>({
    name: { kind: "string", required: true },
    tag: { kind: "string", required: true },
    tag_prefix: str,
    commitish: str,
    body: str,
    globs: strList,
    generate_release_notes: bool,
  }),
};

/** A github-release resource (type `github-release`): releases of a GitHub repository, fetched or published. */
export function githubRelease(name: string, source: GithubReleaseSource, options: ResourceOptions = {}): Resource<GithubReleaseSpec> {
  return makeResource<GithubReleaseSpec>(name, "github-release", source, options, undefined, captureSite());
}

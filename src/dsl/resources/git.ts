/** The `git` resource type (concourse/git-resource; resource-types.md §4.1). Unknown keys fail at run time. */
import { makeResource, type Resource, type ResourceOptions, type ResourceSpec } from "../resource";
import { captureSite } from "../site";
import type { Secret, Str } from "../var";
import { bool, int, map, objectSchema, oneOf, reqStr, str, strList, type ResourceTypeSchema } from "./schema";

/** `source` of a git resource. */
export interface GitSource {
  /** Repository URI. Required. */
  readonly uri: Str;
  /** Branch to track; required for put unless `only_tag`. */
  readonly branch?: Str;
  readonly private_key?: Secret;
  readonly private_key_user?: Str;
  readonly private_key_passphrase?: Secret;
  readonly forward_agent?: boolean;
  readonly username?: Str;
  readonly password?: Secret;
  /** Only commits touching these paths. @default ["."] */
  readonly paths?: readonly Str[];
  readonly sparse_paths?: readonly Str[];
  readonly ignore_paths?: readonly Str[];
  readonly tag_filter?: Str;
  readonly tag_regex?: Str;
  readonly tag_behaviour?: "match_tagged" | "match_tag_ancestors";
  readonly fetch_tags?: boolean;
  readonly submodule_credentials?: readonly Readonly<Record<string, Str>>[];
  readonly git_config?: readonly { readonly name: Str; readonly value: Str }[];
  readonly disable_ci_skip?: boolean;
  readonly commit_verification_keys?: readonly Str[];
  readonly commit_verification_key_ids?: readonly Str[];
  readonly gpg_keyserver?: Str;
  readonly git_crypt_key?: Secret;
  readonly https_tunnel?: { readonly proxy_host: Str; readonly proxy_port: Str | number; readonly proxy_user?: Str; readonly proxy_password?: Secret };
  readonly commit_filter?: {
    readonly exclude?: readonly Str[];
    readonly exclude_all_match?: readonly Str[];
    readonly include?: readonly Str[];
    readonly include_all_match?: readonly Str[];
  };
  readonly version_depth?: number;
  readonly search_remote_refs?: boolean;
  readonly skip_ssl_verification?: boolean;
  readonly debug?: boolean;
  /** What a version is: a commit on `branch`, a tag, or the list of branches (`branches.json`). @default "commits" */
  readonly version_type?: "commits" | "tags" | "branches";
  /** With `version_type: branches`: glob patterns of the branches to list. */
  readonly branch_filters?: readonly Str[];
  /** With `version_type: branches`: a regexp of the branches to list. */
  readonly branch_regex?: Str;
  /** GitHub App authentication instead of a key or password. */
  readonly github_app_id?: Str | number;
  readonly github_app_installation_id?: Str | number;
  readonly github_app_private_key?: Secret;
}

/** `params` of a get of a git resource. */
export interface GitGetParams {
  /** Clone depth; 0 is a full clone. */
  readonly depth?: number;
  readonly fetch?: readonly Str[];
  readonly fetch_tags?: boolean;
  /** `all`, `none`, or a list of paths. @default "all" */
  readonly submodules?: "all" | "none" | readonly Str[];
  readonly submodule_recursive?: boolean;
  readonly submodule_remote?: boolean;
  readonly disable_git_lfs?: boolean;
  readonly clean_tags?: boolean;
  readonly short_ref_format?: Str;
  readonly timestamp_format?: Str;
  readonly describe_ref_options?: Str;
  readonly all_branches?: boolean;
  readonly debug?: boolean;
}

/** `params` of a put to a git resource. */
export interface GitPutParams {
  /** Path of the repository to push. Required. */
  readonly repository: Str;
  readonly rebase?: boolean;
  readonly merge?: boolean;
  readonly rebase_strategy?: Str;
  readonly rebase_strategy_option?: Str | readonly Str[];
  readonly returning?: "merged" | "unmerged";
  readonly tag?: Str;
  readonly only_tag?: boolean;
  readonly tag_prefix?: Str;
  readonly force?: boolean;
  readonly annotate?: Str;
  readonly notes?: Str;
  readonly branch?: Str;
  readonly refs_prefix?: Str;
  readonly push_options?: readonly Str[];
  readonly debug?: boolean;
}

export interface GitSpec extends ResourceSpec {
  readonly source: GitSource;
  readonly getParams: GitGetParams;
  readonly putParams: GitPutParams;
}

/**
 * What the git resource accepts: its scripts compare the top-level keys of source and params with
 * `assets/{source,in,out}_schema.json` and fail on any other key; values are read with jq.
 */
export const GIT_SCHEMA: ResourceTypeSchema = {
  type: "git",
  image: "concourse/git-resource",
  unknownKeys: "rejected",
  types: "lenient",
  source: objectSchema<GitSource>({
    uri: reqStr,
    branch: str,
    private_key: str,
    private_key_user: str,
    private_key_passphrase: str,
    forward_agent: bool,
    username: str,
    password: str,
    paths: strList,
    sparse_paths: strList,
    ignore_paths: strList,
    tag_filter: str,
    tag_regex: str,
    tag_behaviour: oneOf("match_tagged", "match_tag_ancestors"),
    fetch_tags: bool,
    submodule_credentials: strList,
    git_config: strList,
    disable_ci_skip: bool,
    commit_verification_keys: strList,
    commit_verification_key_ids: strList,
    gpg_keyserver: str,
    git_crypt_key: str,
    https_tunnel: map,
    commit_filter: map,
    version_depth: int,
    search_remote_refs: bool,
    skip_ssl_verification: bool,
    debug: bool,
    // added after the HEAD read for resource-types.md (concourse/git-resource#474 and GitHub App auth)
    version_type: oneOf("commits", "tags", "branches"),
    branch_filters: strList,
    branch_regex: str,
    github_app_id: str,
    github_app_installation_id: str,
    github_app_private_key: str,
  }),
  get: objectSchema<GitGetParams>({
    depth: int,
    fetch: strList,
    fetch_tags: bool,
    submodules: { kind: ["string", "list"] },
    submodule_recursive: bool,
    submodule_remote: bool,
    disable_git_lfs: bool,
    clean_tags: bool,
    short_ref_format: str,
    timestamp_format: str,
    describe_ref_options: str,
    all_branches: bool,
    debug: bool,
  }),
  put: objectSchema<GitPutParams>({
    repository: reqStr,
    rebase: bool,
    merge: bool,
    rebase_strategy: str,
    rebase_strategy_option: { kind: ["string", "list"] },
    returning: oneOf("merged", "unmerged"),
    tag: str,
    only_tag: bool,
    tag_prefix: str,
    force: bool,
    annotate: str,
    notes: str,
    branch: str,
    refs_prefix: str,
    push_options: strList,
    debug: bool,
  }),
};

/** A git resource. */
export function git(name: string, source: GitSource, options: ResourceOptions = {}): Resource<GitSpec> {
  return makeResource<GitSpec>(name, "git", source, options, undefined, captureSite());
}

/**
 * Shapes of the builders' parameters: the Concourse objects' fields come from the field table
 * (src/model/format.ts, each field's `dsl` type), the typed resource catalog (mirroring `src/dsl/resources/`) is
 * written here, with which typed builder handles which resource type.
 */
import { FORMAT, HOOKS as HOOK_NAMES, type DslType, type ObjectName, type ObjectSpec } from "../model/format";
import { freeMap, strList, StrList, StrMap } from "../model/dsl-shape";
import type { ObjectShape, Shape } from "./shapes";

/** A field's builder type as a shape (a nested table object becomes its fields' shapes). */
function shapeOf(dsl: DslType): Shape {
  if (typeof dsl === "object" && "table" in dsl) {
    const shape = structShape(dsl.table);
    return dsl.list ? { list: shape } : shape;
  }
  return dsl;
}

/** The builder options of a table object: its fields that a builder takes as an option (those with a `dsl` type). */
function optionsOf(name: ObjectName, except: readonly string[] = []): Record<string, Shape> {
  const out: Record<string, Shape> = {};
  const spec: ObjectSpec = FORMAT[name];
  for (const [key, field] of Object.entries(spec.fields)) if (field.dsl !== undefined && !except.includes(key)) out[key] = shapeOf(field.dsl);
  return out;
}

/** A nested object Concourse decodes into a Go struct, as a shape. */
function structShape(name: ObjectName): ObjectShape {
  const spec: ObjectSpec = FORMAT[name];
  const required = Object.keys(spec.fields).filter((k) => spec.fields[k]!.required);
  return { fields: optionsOf(name), ...(required.length > 0 ? { required } : {}), ...(spec.open ? { open: true } : {}), struct: true };
}

/** `ResourceOptions` (dsl/resource.ts). */
export const resourceOptions: ObjectShape = { fields: optionsOf("resource") };

/** `ResourceTypeProps` minus `type` and `source` (dsl/resource.ts). */
export const resourceTypeOptions: ObjectShape = { fields: optionsOf("resource_type") };

/** Modifiers every step takes (`StepCommon`); hooks are handled as steps. */
export const stepCommon: Readonly<Record<string, Shape>> = optionsOf("modifiers");
export const HOOKS = HOOK_NAMES;

export const containerLimits: Shape = structShape("container_limits");

/** Option fields of each step builder, besides the params that depend on the resource's spec. */
export const stepOptions = {
  get: { ...stepCommon, ...optionsOf("get") },
  put: { ...stepCommon, ...optionsOf("put") },
  task: { ...stepCommon, ...optionsOf("task") },
  set_pipeline: { ...stepCommon, ...optionsOf("set_pipeline") },
  load_var: { ...stepCommon, ...optionsOf("load_var") },
  // in_parallel's fail_fast is its object form's (limit, fail_fast), not the across modifier's
  in_parallel: { ...optionsOf("modifiers", ["fail_fast"]), ...optionsOf("in_parallel"), ...optionsOf("in_parallel_config") },
  do: { ...stepCommon, ...optionsOf("do") },
  try: { ...stepCommon, ...optionsOf("try") },
  run: { ...stepCommon, ...optionsOf("run") },
} satisfies Record<string, Readonly<Record<string, Shape>>>;

/** `JobProps` minus `plan` and hooks. */
export const jobOptions: Readonly<Record<string, Shape>> = optionsOf("job");

/** `TaskConfigSpec` fields other than `image_resource` (task configs get their own converter). */
export const taskConfigFields = optionsOf("task_config") as Record<"platform" | "rootfs_uri" | "params" | "container_limits", Shape> &
  Record<"inputs" | "outputs" | "caches", { list: ObjectShape }> & { run: ObjectShape };

/** A raw `image_resource` object (`WithVars<ImageResource>`). */
export const rawImageResource: ObjectShape = structShape("image_resource");

/** `display`. */
export const display: ObjectShape = structShape("display");

/** Var source configs by type (`VarSourceProps`). */
export const varSourceConfigs: Readonly<Record<string, { shape: ObjectShape; optional?: boolean }>> = {
  vault: {
    shape: {
      fields: Object.fromEntries([
        ...[
          "url",
          "path_prefix",
          "shared_path",
          "namespace",
          "login_timeout",
          "query_timeout",
          "ca_cert",
          "client_cert",
          "client_key",
          "server_name",
          "client_token",
          "client_token_path",
          "auth_backend",
          "auth_backend_max_ttl",
          "auth_retry_max",
          "auth_retry_initial",
        ].map((k) => [k, "Str"]),
        ["lookup_templates", StrList],
        ["enable_kv_mount_cache", "boolean"],
        ["disable_srv_lookup", "boolean"],
        ["insecure_skip_verify", "boolean"],
        ["auth_params", StrMap],
      ]) as Record<string, Shape>,
      required: ["url"],
    },
  },
  ssm: { shape: awsConfig() },
  secretsmanager: { shape: awsConfig() },
  idtoken: {
    shape: {
      fields: {
        audience: strList,
        subject_scope: { oneOf: ["team", "pipeline", "instance", "job"] },
        expires_in: "string",
        algorithm: { oneOf: ["RS256", "ES256"] },
      },
    },
    optional: true,
  },
  dummy: { shape: { fields: { vars: freeMap }, required: ["vars"] } },
};

function awsConfig(): ObjectShape {
  const keys = [
    "access_key",
    "secret_key",
    "session_token",
    "region",
    "pipeline_secret_template",
    "team_secret_template",
    "shared_path",
    "shared_secret_template",
  ];
  return { fields: Object.fromEntries(keys.map((k) => [k, "Str" as Shape])) };
}

/** A typed resource builder: the function, and the shapes of its source and params (src/dsl/resources). */
export interface TypedResource {
  readonly builder: "s3" | "git" | "registryImage" | "dockerImage" | "time" | "semver" | "pool" | "githubRelease" | "mock";
  readonly source: ObjectShape;
  readonly getParams: ObjectShape;
  readonly putParams: ObjectShape;
}

const registryPlatform: Shape = { fields: { architecture: "Str", os: "Str" } };

const s3Source: ObjectShape = {
  fields: {
    bucket: "Str",
    regexp: "Str",
    versioned_file: "Str",
    access_key_id: "Secret",
    secret_access_key: "Secret",
    session_token: "Secret",
    aws_role_arn: "Str",
    enable_aws_creds_provider: "boolean",
    region_name: "Str",
    private: "boolean",
    endpoint: "Str",
    disable_ssl: "boolean",
    skip_ssl_verification: "boolean",
    ca_bundle: "Str",
    use_path_style: "boolean",
    skip_s3_checksums: "boolean",
    checksum_algorithm: { oneOf: ["CRC32", "CRC32C", "SHA1", "SHA256", "CRC64NVME"] },
    server_side_encryption: "Str",
    sse_kms_key_id: "Str",
    disable_multipart: "boolean",
    skip_download: "boolean",
    initial_path: "Str",
    initial_version: "Str",
    initial_content_text: "Str",
    initial_content_binary: "Str",
  },
  required: ["bucket"],
};

/** `S3ImageSource`: an s3 source with a `regexp`. */
export const s3ImageSource: ObjectShape = { ...s3Source, required: ["bucket", "regexp"] };

export const registryImageSource: ObjectShape = {
  fields: {
    repository: "Str",
    tag: { union: ["Str", "number"] },
    tag_regex: "Str",
    created_at_sort: "boolean",
    variant: "Str",
    semver_constraint: "Str",
    pre_releases: "boolean",
    pre_release_prefixes: StrList,
    username: "Str",
    password: "Secret",
    aws_access_key_id: "Secret",
    aws_secret_access_key: "Secret",
    aws_session_token: "Secret",
    aws_region: "Str",
    aws_role_arn: "Str",
    aws_role_arns: StrList,
    aws_account_id: "Str",
    azure_acr: "boolean",
    azure_client_id: "Str",
    azure_tenant_id: "Str",
    azure_environment: { oneOf: ["AzurePublic", "AzureGovernment", "AzureChina"] },
    insecure: "boolean",
    ca_certs: StrList,
    aws_ecr_registry_id: "Str",
    registry_mirror: { fields: { host: "Str", username: "Str", password: "Secret" }, required: ["host"] },
    content_trust: {
      fields: {
        server: "Str",
        repository_key_id: "Str",
        repository_key: "Secret",
        repository_passphrase: "Secret",
        tls_key: "Secret",
        tls_cert: "Str",
        scopes: "Str",
        username: "Str",
        password: "Secret",
      },
      required: ["repository_key_id", "repository_key", "repository_passphrase"],
    },
    platform: registryPlatform,
    label_regex: "Str",
    annotation_regex: "Str",
    debug: "boolean",
  },
  required: ["repository"],
};

export const registryImageGetParams: ObjectShape = {
  fields: { format: { oneOf: ["rootfs", "oci", "oci-layout"] }, platform: registryPlatform, skip_download: "boolean" },
};

export const TYPED_RESOURCES: Readonly<Record<string, TypedResource>> = {
  s3: {
    builder: "s3",
    source: s3Source,
    getParams: { fields: { unpack: "boolean", skip_download: { oneOf: ["true", "false"] }, download_tags: "boolean" } },
    putParams: { fields: { file: "Str", acl: "Str", content_type: "Str" }, required: ["file"] },
  },
  git: {
    builder: "git",
    source: {
      fields: {
        uri: "Str",
        branch: "Str",
        private_key: "Secret",
        private_key_user: "Str",
        private_key_passphrase: "Secret",
        forward_agent: "boolean",
        username: "Str",
        password: "Secret",
        paths: StrList,
        sparse_paths: StrList,
        ignore_paths: StrList,
        tag_filter: "Str",
        tag_regex: "Str",
        tag_behaviour: { oneOf: ["match_tagged", "match_tag_ancestors"] },
        fetch_tags: "boolean",
        submodule_credentials: { list: StrMap },
        git_config: { list: { fields: { name: "Str", value: "Str" }, required: ["name", "value"] } },
        disable_ci_skip: "boolean",
        commit_verification_keys: StrList,
        commit_verification_key_ids: StrList,
        gpg_keyserver: "Str",
        git_crypt_key: "Secret",
        https_tunnel: {
          fields: { proxy_host: "Str", proxy_port: { union: ["Str", "number"] }, proxy_user: "Str", proxy_password: "Secret" },
          required: ["proxy_host", "proxy_port"],
        },
        commit_filter: { fields: { exclude: StrList, exclude_all_match: StrList, include: StrList, include_all_match: StrList } },
        version_depth: "number",
        search_remote_refs: "boolean",
        skip_ssl_verification: "boolean",
        debug: "boolean",
        version_type: { oneOf: ["commits", "tags", "branches"] },
        branch_filters: StrList,
        branch_regex: "Str",
        github_app_id: { union: ["Str", "number"] },
        github_app_installation_id: { union: ["Str", "number"] },
        github_app_private_key: "Secret",
      },
      required: ["uri"],
    },
    getParams: {
      fields: {
        depth: "number",
        fetch: StrList,
        fetch_tags: "boolean",
        submodules: { union: [{ oneOf: ["all", "none"] }, StrList] },
        submodule_recursive: "boolean",
        submodule_remote: "boolean",
        disable_git_lfs: "boolean",
        clean_tags: "boolean",
        short_ref_format: "Str",
        timestamp_format: "Str",
        describe_ref_options: "Str",
        all_branches: "boolean",
        debug: "boolean",
      },
    },
    putParams: {
      fields: {
        repository: "Str",
        rebase: "boolean",
        merge: "boolean",
        rebase_strategy: "Str",
        rebase_strategy_option: { union: ["Str", StrList] },
        returning: { oneOf: ["merged", "unmerged"] },
        tag: "Str",
        only_tag: "boolean",
        tag_prefix: "Str",
        force: "boolean",
        annotate: "Str",
        notes: "Str",
        branch: "Str",
        refs_prefix: "Str",
        push_options: StrList,
        debug: "boolean",
      },
      required: ["repository"],
    },
  },
  "registry-image": {
    builder: "registryImage",
    source: registryImageSource,
    getParams: registryImageGetParams,
    putParams: {
      fields: { image: "Str", version: "Str", bump_aliases: "boolean", additional_tags: "Str", tag_prefix: "Str" },
      required: ["image"],
    },
  },
  "docker-image": {
    builder: "dockerImage",
    source: {
      fields: {
        repository: "Str",
        tag: { union: ["Str", "number"] },
        username: "Str",
        password: "Secret",
        aws_access_key_id: "Secret",
        aws_secret_access_key: "Secret",
        aws_session_token: "Secret",
        insecure_registries: StrList,
        registry_mirror: "Str",
        ca_certs: { list: { fields: { domain: "Str", cert: "Str" }, required: ["domain", "cert"] } },
        client_certs: { list: { fields: { domain: "Str", cert: "Str", key: "Secret" }, required: ["domain", "cert", "key"] } },
        additional_private_registries: { list: { fields: { registry: "Str", username: "Str", password: "Secret" }, required: ["registry"] } },
        max_concurrent_downloads: "number",
        max_concurrent_uploads: "number",
        startup_timeout: "number",
      },
      required: ["repository"],
    },
    getParams: { fields: { rootfs: "boolean", save: "boolean", skip_download: "boolean" } },
    putParams: {
      fields: {
        build: "Str",
        dockerfile: "Str",
        target_name: "Str",
        build_args: StrMap,
        build_args_file: "Str",
        tag_file: "Str",
        tag_prefix: "Str",
        tag_as_latest: "boolean",
        additional_tags: "Str",
        cache: "boolean",
        cache_tag: "Str",
        cache_from: StrList,
        load: "Str",
        load_base: "Str",
        load_bases: StrList,
        load_file: "Str",
        load_repository: "Str",
        load_tag: "Str",
        import_file: "Str",
        labels: StrMap,
        labels_file: "Str",
        secrets: { record: { fields: { env: "Str", source: "Str" } } },
        docker_buildkit: { union: ["number", "boolean"] },
        pull_repository: "Str",
        pull_tag: "Str",
        tag: "Str",
      },
    },
  },
  time: {
    builder: "time",
    source: {
      fields: { interval: "Str", location: "Str", start: "Str", stop: "Str", days: StrList, initial_version: "boolean", start_after: "Str" },
    },
    getParams: { fields: {} },
    putParams: { fields: {} },
  },
  semver: {
    builder: "semver",
    source: {
      fields: {
        driver: { oneOf: ["s3", "git", "swift", "gcs"] },
        initial_version: "Str",
        bucket: "Str",
        key: "Str",
        access_key_id: "Secret",
        secret_access_key: "Secret",
        session_token: "Secret",
        assume_role_arn: "Str",
        region_name: "Str",
        endpoint: "Str",
        disable_ssl: "boolean",
        skip_ssl_verification: "boolean",
        server_side_encryption: "Str",
        skip_s3_checksums: "boolean",
        checksum_algorithm: "Str",
        uri: "Str",
        branch: "Str",
        file: "Str",
        private_key: "Secret",
        username: "Str",
        password: "Secret",
        git_user: "Str",
        commit_message: "Str",
        openstack: freeMap,
        json_key: "Secret",
        token: "Secret",
      },
    },
    getParams: semverGetParams(),
    putParams: { fields: { ...semverGetParams().fields, file: "Str", get_latest: "boolean" } },
  },
  pool: {
    builder: "pool",
    source: {
      fields: {
        uri: "Str",
        branch: "Str",
        pool: "Str",
        private_key: "Secret",
        private_key_user: "Str",
        private_key_passphrase: "Secret",
        username: "Str",
        password: "Secret",
        git_config: { list: { fields: { name: "Str", value: "Str" }, required: ["name", "value"] } },
        retry_delay: "Str",
        https_tunnel: {
          fields: { proxy_host: "Str", proxy_port: { union: ["Str", "number"] }, proxy_user: "Str", proxy_password: "Secret" },
          required: ["proxy_host", "proxy_port"],
        },
        forward_agent: "boolean",
        skip_ssl_verification: "boolean",
      },
      required: ["uri", "branch", "pool"],
    },
    getParams: { fields: { depth: "number" } },
    putParams: {
      fields: {
        acquire: "boolean",
        claim: "Str",
        release: "Str",
        add: "Str",
        add_claimed: "Str",
        remove: "Str",
        update: "Str",
        check: "Str",
        check_unclaimed: "Str",
      },
    },
  },
  "github-release": {
    builder: "githubRelease",
    source: {
      fields: {
        owner: "Str",
        repository: "Str",
        access_token: "Secret",
        github_api_url: "Str",
        github_v4_api_url: "Str",
        github_uploads_url: "Str",
        insecure: "boolean",
        release: "boolean",
        pre_release: "boolean",
        drafts: "boolean",
        semver_constraint: "Str",
        tag_filter: "Str",
        order_by: { oneOf: ["version", "time"] },
        asset_dir: "boolean",
      },
      required: ["owner", "repository"],
    },
    getParams: { fields: { globs: StrList, include_source_tarball: "boolean", include_source_zip: "boolean" } },
    putParams: {
      fields: { name: "Str", tag: "Str", tag_prefix: "Str", commitish: "Str", body: "Str", globs: StrList, generate_release_notes: "boolean" },
      required: ["name", "tag"],
    },
  },
  mock: {
    builder: "mock",
    source: {
      fields: {
        mirror_self: "boolean",
        initial_version: "Str",
        no_initial_version: "boolean",
        force_version: "Str",
        create_files: freeMap,
        check_delay: "Str",
        check_failure: "Str",
        metadata: { list: { fields: { name: "Str", value: "Str" }, required: ["name", "value"] } },
        log: "Str",
      },
    },
    getParams: { fields: { mirror_self_via_params: "boolean", create_files_via_params: freeMap } },
    putParams: { fields: { version: "Str", file: "Str", print_env: "boolean" } },
  },
};

function semverGetParams(): ObjectShape {
  return {
    fields: {
      bump: { oneOf: ["major", "minor", "patch", "final"] },
      pre: "Str",
      build: "Str",
      pre_without_version: "boolean",
      build_without_version: "boolean",
    },
  };
}

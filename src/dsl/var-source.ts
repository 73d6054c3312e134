/** Var sources (concourse-spec.md §2.6): where `((name:path))` vars come from. */
import type { SourceSite } from "../issues";
import { brand, hasBrand } from "./brand";
import { captureSite, withSite } from "./site";
import type { Str } from "./var";

/** Config of a `vault` var source. */
export interface VaultConfig {
  /** Vault URL (http or https). */
  readonly url: Str;
  /** Path prefix of secrets. @default "/concourse" */
  readonly path_prefix?: Str;
  readonly lookup_templates?: readonly Str[];
  readonly shared_path?: Str;
  readonly namespace?: Str;
  readonly login_timeout?: Str;
  readonly query_timeout?: Str;
  readonly enable_kv_mount_cache?: boolean;
  readonly disable_srv_lookup?: boolean;
  readonly ca_cert?: Str;
  readonly client_cert?: Str;
  readonly client_key?: Str;
  readonly server_name?: Str;
  readonly insecure_skip_verify?: boolean;
  /** One of `client_token`, `client_token_path` or `auth_backend` is required. */
  readonly client_token?: Str;
  readonly client_token_path?: Str;
  readonly auth_backend?: Str;
  readonly auth_backend_max_ttl?: Str;
  readonly auth_retry_max?: Str;
  readonly auth_retry_initial?: Str;
  readonly auth_params?: Readonly<Record<string, Str>>;
}

/** Config of an `ssm` or `secretsmanager` var source. */
export interface AwsSecretsConfig {
  readonly access_key?: Str;
  readonly secret_key?: Str;
  readonly session_token?: Str;
  readonly region?: Str;
  readonly pipeline_secret_template?: Str;
  readonly team_secret_template?: Str;
  readonly shared_path?: Str;
  readonly shared_secret_template?: Str;
}

/** Config of an `idtoken` var source. */
export interface IdTokenConfig {
  readonly audience?: readonly string[];
  readonly subject_scope?: "team" | "pipeline" | "instance" | "job";
  /** @default "1h", at most 24h */
  readonly expires_in?: string;
  /** @default "RS256" */
  readonly algorithm?: "RS256" | "ES256";
}

/** Props of `varSource()`, by type. */
export type VarSourceProps =
  | { readonly type: "vault"; readonly config: VaultConfig }
  | { readonly type: "ssm"; readonly config: AwsSecretsConfig }
  | { readonly type: "secretsmanager"; readonly config: AwsSecretsConfig }
  | { readonly type: "idtoken"; readonly config?: IdTokenConfig }
  | { readonly type: "dummy"; readonly config: { readonly vars: Readonly<Record<string, unknown>> } };

/** A var source declared in the pipeline. */
export interface VarSource {
  readonly name: string;
  readonly props: VarSourceProps;
  readonly site?: SourceSite;
}

/** Declares a var source; use its vars as `v("name:path")`. */
export function varSource(name: string, props: VarSourceProps): VarSource {
  return Object.freeze(brand(withSite({ name, props }, captureSite()), "varSource"));
}

export function isVarSource(x: unknown): x is VarSource {
  return hasBrand(x, "varSource");
}

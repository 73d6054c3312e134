/**
 * Which config fields hold credentials: the one classifier behind the `pipegen/literal-credential` warning, the
 * redaction of `pipegen diff`, dry runs and fly's output, and (checked by test/model.credentials.test.ts) the
 * `Secret` typing of the builders in src/dsl/resources.
 *
 * Concourse cannot tell a password from a bucket name; pipegen can, in two ways:
 * - by position: `CREDENTIAL_SOURCE_FIELDS` lists, per resource type, the `source` fields its README calls
 *   credentials, including those whose names do not say so (slack-notification's `url`, docker-image's
 *   `client_certs[].key`). For pipegen's typed resources the list is exactly their `Secret`-typed fields.
 * - by name, anywhere (other types' sources, task and step `params`, vars): `isCredentialKey`.
 */
import { isObject } from "./object";

/**
 * `source` fields that hold credentials, by resource type. A path is dotted; `[]` means "every element of a list"
 * (`client_certs[].key`). Facts: shared/spec/resource-types.md and each resource's README.
 */
export const CREDENTIAL_SOURCE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  // typed in src/dsl/resources: exactly their Secret fields (test/model.credentials.test.ts)
  s3: ["access_key_id", "secret_access_key", "session_token"],
  "registry-image": [
    "password",
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "registry_mirror.password",
    "content_trust.repository_key",
    "content_trust.repository_passphrase",
    "content_trust.tls_key",
    "content_trust.password",
  ],
  "docker-image": [
    "password",
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "client_certs[].key",
    "additional_private_registries[].password",
  ],
  git: ["private_key", "private_key_passphrase", "password", "git_crypt_key", "https_tunnel.proxy_password", "github_app_private_key"],
  time: [],
  semver: ["access_key_id", "secret_access_key", "session_token", "private_key", "password", "json_key", "token"],
  pool: ["private_key", "private_key_passphrase", "password", "https_tunnel.proxy_password"],
  "github-release": ["access_token"],
  mock: [],
  // community and core types without a pipegen builder (their READMEs name these as credentials)
  "slack-notification": ["url"],
  "bosh-io-release": [],
  cf: ["password", "client_secret"],
  gcs: ["json_key"],
  hg: ["private_key"],
};

/** Top-level fields of a resource that are credentials: the webhook token lets anyone trigger checks. */
export const CREDENTIAL_RESOURCE_FIELDS: readonly string[] = ["webhook_token"];

/**
 * `config` fields of var sources (credential managers) that are credentials. `dummy` holds the secrets themselves
 * in `vars`, so every value there is one.
 */
export const CREDENTIAL_VAR_SOURCE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  vault: ["client_token", "client_key", "auth_params"],
  ssm: ["access_key", "secret_key", "session_token"],
  secretsmanager: ["access_key", "secret_key", "session_token"],
  dummy: ["vars"],
  idtoken: [],
};

/**
 * Key endings (whole `_`-separated words) that name a credential. Matching the end, not any part, is what keeps
 * `private_key_user`, `token_url`, `password_file`, `secret_name` and `key_id`s public.
 */
const CREDENTIAL_ENDINGS = [
  // tokens and shared secrets (`client_secret`, `github_token`, `webhook_token`, a `pat`: personal access token)
  "secret",
  "secrets",
  "token",
  "pat",
  "webhook",
  "webhook_url",
  "authorization",
  "cookie",
  // an AWS access key id is half of a credential pair: AWS asks it be kept like the secret (builders type it Secret)
  "access_key_id",
  // credential blobs: service-account JSON, vault's auth_params; a key written `…_key_private`
  "credential",
  "credentials",
  "credentials_json",
  "auth_params",
  "key_private",
  "key_pem",
];

/** Endings that count even glued to the word before (`PGPASSWORD`, `CONCOURSE_PASSWD`). */
const GLUED_ENDINGS = ["password", "passwd", "passphrase"];

/**
 * `<something>_key` is a credential (`private_key`, `api_key`, `secret_access_key`, `GCP_KEY`, `BOSH_CA_KEY`,
 * `AZURE_STORAGE_KEY`): in the corpus' sources and params such keys hold private, symmetric or API keys, except
 * after these words, where a key is a lookup key or public material. `key` alone is the object key of semver's
 * s3/gcs drivers and of Terraform backends, so it is not a credential by name (docker-image's
 * `client_certs[].key` is one by position).
 */
const NOT_SECRET_KEY_WORDS = new Set([
  "public",
  "verification",
  "object",
  "cache",
  "bucket",
  "s3",
  "gcs",
  "sort",
  "partition",
  "lookup",
  "map",
  "file",
  "state",
  "version",
  "idempotency",
  "primary",
  "foreign",
  "hash",
  "routing",
  "dedup",
]);

/** Keys that are credentials only when they are the whole key. */
const CREDENTIAL_KEYS = new Set(["pin"]);

/** Words that make a matching key public material (`public_key`, `public_token`). */
const PUBLIC_WORD = /(^|_)public(_|$)/;

/** `DB-Password` → `db_password`, `secretAccessKey` → `secret_access_key`; a numbered copy (`_1`, `_V2`, `SECRET1`) drops its number. */
function normalizeKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/-/g, "_")
    .replace(/(_v?\d+|(?<=[a-z])\d+)$/, "");
}

function endsWithWord(k: string, end: string): boolean {
  return k === end || (k.endsWith(end) && k.charCodeAt(k.length - end.length - 1) === 95); // 95: "_"
}

function classify(key: string): boolean {
  const k = normalizeKey(key);
  if (PUBLIC_WORD.test(k)) return false;
  if (CREDENTIAL_KEYS.has(k)) return true;
  if (GLUED_ENDINGS.some((end) => k.endsWith(end))) return true;
  if (CREDENTIAL_ENDINGS.some((end) => endsWithWord(k, end))) return k !== "secrets"; // docker-image's build `secrets` names sources
  if (k.endsWith("_key")) {
    const words = k.split("_");
    return !NOT_SECRET_KEY_WORDS.has(words[words.length - 2]!);
  }
  return false;
}

// The same few dozen keys (uri, branch, repository…) recur in every source of a pipeline.
const cache = new Map<string, boolean>();

/**
 * True when a key names a credential wherever it appears: in a `source`, in task and step `params`, in vars.
 * Case-insensitive, `-` read as `_`, camelCase split (`AWS_SECRET_ACCESS_KEY`, `github-token`, `apiKey`).
 */
export function isCredentialKey(key: string): boolean {
  let known = cache.get(key);
  if (known === undefined) {
    known = classify(key);
    if (cache.size < 10_000) cache.set(key, known);
  }
  return known;
}

/**
 * A key named like a credential whose value holds maps (git's `submodule_credentials: [{host, username, password}]`)
 * is a group of fields, each judged by its own name; a field listed by position is a credential whole.
 */
export function holdsMaps(value: unknown): boolean {
  return isObject(value) || (Array.isArray(value) && value.some(isObject));
}

/** The `source` fields of a resource type that are credentials by position (empty for unknown types). */
export function credentialSourceFields(type: unknown): readonly string[] {
  return (typeof type === "string" && Object.hasOwn(CREDENTIAL_SOURCE_FIELDS, type) ? CREDENTIAL_SOURCE_FIELDS[type] : undefined) ?? [];
}

/** The `config` fields of a var source type that are credentials by position. */
export function credentialVarSourceFields(type: unknown): readonly string[] {
  return (typeof type === "string" && Object.hasOwn(CREDENTIAL_VAR_SOURCE_FIELDS, type) ? CREDENTIAL_VAR_SOURCE_FIELDS[type] : undefined) ?? [];
}

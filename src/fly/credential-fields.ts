/**
 * Which config values are credentials, so that `pipegen diff` and the fly wrappers never print them.
 *
 * Concourse cannot tell a password from a bucket name; pipegen can, because its typed resources mark credential
 * fields with the `Secret` type. `SECRET_SOURCE_FIELDS` lists those fields per resource type (a test checks it
 * against the `Secret` fields of the interfaces in src/dsl/resources, so the two cannot drift apart), plus
 * well-known community types that pipegen has no builder for. Everything else is caught by key patterns.
 */

/**
 * `source` fields that hold credentials, by resource type. A path is dotted; `[]` means "every element of a list"
 * (`client_certs[].key`).
 */
export const SECRET_SOURCE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  // typed in src/dsl/resources (checked by test/fly.redaction.test.ts)
  s3: ["access_key_id", "secret_access_key", "session_token"],
  "registry-image": ["password", "aws_access_key_id", "aws_secret_access_key", "aws_session_token", "registry_mirror.password"],
  "docker-image": ["password", "aws_access_key_id", "aws_secret_access_key", "aws_session_token", "client_certs[].key", "additional_private_registries[].password"],
  git: ["private_key", "private_key_passphrase", "password", "git_crypt_key", "https_tunnel.proxy_password", "github_app_private_key"],
  time: [],
  semver: ["access_key_id", "secret_access_key", "session_token", "private_key", "password", "json_key", "token"],
  pool: ["private_key", "private_key_passphrase", "password", "https_tunnel.proxy_password"],
  "github-release": ["access_token"],
  mock: [],
  // community and core types without a pipegen builder (their READMEs name these as credentials)
  "slack-notification": ["url"],
  "bosh-io-release": [],
  "cf": ["password", "client_secret"],
  gcs: ["json_key"],
  "hg": ["private_key"],
};

/** Top-level fields of a resource that are credentials: the webhook token lets anyone trigger checks. */
export const SECRET_RESOURCE_FIELDS: readonly string[] = ["webhook_token"];

/**
 * `config` fields of var sources (credential managers) that are credentials. `dummy` holds the secrets themselves
 * in `vars`, so every value there is one.
 */
export const SECRET_VAR_SOURCE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  vault: ["client_token", "client_key", "auth_params"],
  ssm: ["access_key", "secret_key", "session_token"],
  secretsmanager: ["access_key", "secret_key", "session_token"],
  dummy: ["vars"],
  idtoken: [],
};

/**
 * Key names that hold credentials wherever they appear: in any `source`, in task and step `params`, in `vars`.
 * Matched case-insensitively on the key with `-` read as `_` (`AWS_SECRET_ACCESS_KEY`, `github-token`).
 */
const SECRET_KEY = new RegExp(
  [
    "passw(or)?d", "passphrase", "secret", "token", "private_?key", "credential", "api_?key", "access_?key",
    "auth_?params", "authorization", "cookie", "session", "signing", "webhook", "_key$", "^key$", "_pem$", "^pin$",
  ].join("|"),
);
/** Keys that match a pattern above but name public material. */
const NOT_SECRET_KEY = /public|_key_id$|_key_ids$|key_path$|key_file$|^token_url$|_length$|_ttl$|^disable_|^skip_/;

/** True when a key, wherever it appears, names a credential. */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/-/g, "_");
  if (k === "access_key_id" || k === "aws_access_key_id") return true; // an access key id is half of a credential pair
  return SECRET_KEY.test(k) && !NOT_SECRET_KEY.test(k);
}

/**
 * Values that are credentials whatever their key: PEM private keys, AWS access key ids, GitHub and Slack tokens,
 * Slack webhook URLs. A password inside a URL (`https://user:pw@host`) is handled by `redactUrlPassword`.
 */
const SECRET_VALUE = [
  /-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----/,
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/,
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/,
  /\bgithub_pat_[A-Za-z0-9_]{40,}\b/,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/,
  /hooks\.slack\.com\/services\//,
  /\bglpat-[A-Za-z0-9_-]{20,}\b/,
];

/** True when a string value looks like a credential whatever its key. */
export function looksLikeSecretValue(value: string): boolean {
  return SECRET_VALUE.some((re) => re.test(value));
}

/** `https://user:secret@host/x` → `https://user:<redacted>@host/x`; other strings unchanged. */
export function redactUrlPassword(value: string, marker: string): string {
  return value.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)([^@\s/]+)(@)/gi, (_m, pre: string, pw: string, at: string) =>
    isVarOnly(pw) ? `${pre}${pw}${at}` : `${pre}${marker}${at}`,
  );
}

const VAR_ONLY = /^\(\((([-/.\w\p{L}]+:)?[-/.:@"\w\p{L}]+)\)\)$/u;
/** True for a value that is exactly one `((var))` reference: the reference is not the secret, so it may be shown. */
export function isVarOnly(value: string): boolean {
  return VAR_ONLY.test(value.trim());
}

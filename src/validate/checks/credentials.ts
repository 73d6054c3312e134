/**
 * pipegen's own check `pipegen/literal-credential`: a literal string (not a `((var))`, not empty) in a field
 * that holds a credential, in any resource, resource type or prototype `source`/`defaults`, a task's
 * `image_resource.source`, or a resource's `webhook_token`. Concourse accepts these (§3.7); they leak secrets
 * into the pipeline config that anyone with `fly get-pipeline` can read.
 */
import type { DConfig } from "../decoded";
import { isObject } from "../go";
import type { IssueCollector } from "../../collector";

/** Keys that hold credentials, exactly. */
export const CREDENTIAL_KEYS: ReadonlySet<string> = new Set([
  "password", "private_key", "token", "access_token", "session_token", "client_secret", "secret_access_key", "secret_key",
  "webhook_token", "api_key", "api_token", "auth_token", "json_key", "client_key", "github_token", "private_key_passphrase",
  "passphrase", "secret", "git_crypt_key", "client_token", "bearer_token", "pat",
]);
/** Key endings that hold credentials (`aws_secret_access_key`, `git_password`, `slack_token`…). */
const CREDENTIAL_SUFFIXES = ["_password", "_token", "_secret", "_private_key", "_secret_key", "_secret_access_key", "_api_key", "_passphrase"];

/** True when `key` names a credential. */
export function isCredentialKey(key: string): boolean {
  let known = credentialKeyCache.get(key);
  if (known === undefined) {
    const k = key.toLowerCase();
    known = CREDENTIAL_KEYS.has(k) || CREDENTIAL_SUFFIXES.some((s) => k.endsWith(s));
    if (credentialKeyCache.size < 10_000) credentialKeyCache.set(key, known);
  }
  return known;
}
// The same few dozen keys (uri, branch, repository…) recur in every source of a pipeline.
const credentialKeyCache = new Map<string, boolean>();

export function checkCredentials(r: IssueCollector, raw: Record<string, unknown>, cfg: DConfig): void {
  for (const section of ["resources", "resource_types", "prototypes"]) {
    const list = raw[section];
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      if (!isObject(item)) return;
      const name = typeof item.name === "string" && item.name !== "" ? item.name : undefined;
      const base = name ? `${section}.${name}` : `${section}[${i}]`;
      for (const field of ["source", "defaults"]) walk(r, item[field], `${base}.${field}`);
      if (section === "resources") check(r, "webhook_token", item.webhook_token, `${base}.webhook_token`);
    });
  }
  for (let j = 0; j < cfg.jobs.length; j++) {
    const cores = cfg.jobs[j]!.cores;
    for (let c = 0; c < cores.length; c++) {
      const core = cores[c]!;
      if (core.kind === "task" && core.config?.imageSource) walk(r, core.config.imageSource, `${core.config.path}.image_resource.source`);
    }
  }
}

function walk(r: IssueCollector, value: unknown, path: string): void {
  if (Array.isArray(value)) value.forEach((v, i) => walk(r, v, `${path}[${i}]`));
  else if (isObject(value)) {
    for (const key in value) {
      const v = value[key];
      // paths are only built for what is reported or descended into: most values are plain strings
      if (isCredentialKey(key)) check(r, key, v, `${path}.${key}`);
      else if (typeof v === "object" && v !== null) walk(r, v, `${path}.${key}`);
    }
  }
}

function check(r: IssueCollector, key: string, value: unknown, path: string): void {
  if (typeof value !== "string" || value === "" || value.includes("((")) return;
  r.warning("pipegen/literal-credential", path, `'${key}' holds a literal value: use a ((var)) from a credential manager so the secret stays out of the pipeline config`);
}

/**
 * pipegen's own check `pipegen/literal-credential`: a literal string (not a `((var))`, not empty) in a field
 * that holds a credential, in any resource, resource type or prototype `source`/`defaults`, a task's
 * `image_resource.source`, a var source's `config`, or a resource's `webhook_token`. Concourse accepts these
 * (§3.7); they leak secrets into the pipeline config that anyone with `fly get-pipeline` can read. What is a
 * credential is decided by src/credentials.ts, the classifier redaction uses too.
 */
import { CREDENTIAL_RESOURCE_FIELDS, credentialSourceFields, credentialVarSourceFields, holdsMaps, isCredentialKey } from "../../credentials";
import type { DConfig } from "../decoded";
import { isObject } from "../../object";
import type { IssueCollector } from "../../collector";

export function checkCredentials(r: IssueCollector, raw: Record<string, unknown>, cfg: DConfig): void {
  for (const section of ["resources", "resource_types", "prototypes"]) {
    const list = raw[section];
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      if (!isObject(item)) return;
      const name = typeof item.name === "string" && item.name !== "" ? item.name : undefined;
      const base = name ? `${section}.${name}` : `${section}[${i}]`;
      walk(r, item.source, `${base}.source`, "", positions(credentialSourceFields(item.type)));
      // `defaults` is source for the resources of the type this entry defines
      walk(r, item.defaults, `${base}.defaults`, "", positions(credentialSourceFields(item.name)));
      if (section === "resources") for (const field of CREDENTIAL_RESOURCE_FIELDS) check(r, field, item[field], `${base}.${field}`);
    });
  }
  const varSources = raw.var_sources;
  if (Array.isArray(varSources)) {
    varSources.forEach((vs, i) => {
      // `dummy` exists to hold literal values (Concourse's docs: for testing); warning on each would be noise
      if (!isObject(vs) || vs.type === "dummy") return;
      const base = typeof vs.name === "string" && vs.name !== "" ? `var_sources.${vs.name}` : `var_sources[${i}]`;
      walk(r, vs.config, `${base}.config`, "", positions(credentialVarSourceFields(vs.type)));
    });
  }
  for (let j = 0; j < cfg.jobs.length; j++) {
    const cores = cfg.jobs[j]!.cores;
    for (let c = 0; c < cores.length; c++) {
      const core = cores[c]!;
      if (core.kind === "task" && core.config?.imageSource) {
        walk(r, core.config.imageSource, `${core.config.path}.image_resource.source`, "", positions(credentialSourceFields(core.config.imageType)));
      }
    }
  }
}

const NONE: ReadonlySet<string> = new Set();
function positions(fields: readonly string[]): ReadonlySet<string> {
  return fields.length === 0 ? NONE : new Set(fields);
}

/** `field` is the path relative to the source (`client_certs[].key`), matched against the positional fields. */
function walk(r: IssueCollector, value: unknown, path: string, field: string, byPosition: ReadonlySet<string>): void {
  if (Array.isArray(value)) value.forEach((v, i) => walk(r, v, `${path}[${i}]`, `${field}[]`, byPosition));
  else if (isObject(value)) {
    for (const key in value) {
      const v = value[key];
      const sub = field === "" ? key : `${field}.${key}`;
      // paths are only built for what is reported or descended into: most values are plain strings
      if (byPosition.has(sub) || (isCredentialKey(key) && !holdsMaps(v))) check(r, key, v, `${path}.${key}`);
      else if (typeof v === "object" && v !== null) walk(r, v, `${path}.${key}`, sub, byPosition);
    }
  }
}

/** A credential field: a literal string is reported; in a map or list of them (vault's `auth_params`), each one. */
function check(r: IssueCollector, key: string, value: unknown, path: string): void {
  if (Array.isArray(value)) return value.forEach((v, i) => check(r, key, v, `${path}[${i}]`));
  if (isObject(value)) {
    for (const k in value) check(r, k, value[k], `${path}.${k}`);
    return;
  }
  if (typeof value !== "string" || value === "" || value.includes("((")) return;
  r.warning(
    "pipegen/literal-credential",
    path,
    `'${key}' holds a literal value: use a ((var)) from a credential manager so the secret stays out of the pipeline config`,
  );
}

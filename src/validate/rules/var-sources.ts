/**
 * Var sources: concourse-spec.md §3.5 V1–V7 and §2.6 (configvalidate `validateVarSources`, the credential
 * managers' `NewInstance`/`Validate`, `VarSourceConfigs.OrderByDependency`).
 */
import type { DVarSource } from "../decoded";
import { goQ, goT } from "../go";
import { parseGoDuration } from "../../go-duration";
import { isObject } from "../../object";
import { goUrlParse } from "../go-url";
import { validateIdentifier } from "./identifier";
import { locationId, reportIdentifier, type RuleContext } from "./context";

/** Credential manager types the ATC registers. */
const REGISTERED = new Set(["vault", "dummy", "ssm", "secretsmanager", "idtoken", "kubernetes", "conjur", "credhub"]);
const SUPPORTED_IN_PIPELINE = new Set(["vault", "dummy", "ssm", "secretsmanager", "idtoken"]);

const VAULT_KEYS: Record<string, "string" | "bool" | "duration" | "strings" | "stringMap"> = {
  url: "string",
  path_prefix: "string",
  lookup_templates: "strings",
  shared_path: "string",
  namespace: "string",
  login_timeout: "duration",
  query_timeout: "duration",
  enable_kv_mount_cache: "bool",
  disable_srv_lookup: "bool",
  ca_cert: "string",
  client_cert: "string",
  client_key: "string",
  server_name: "string",
  insecure_skip_verify: "bool",
  client_token: "string",
  client_token_path: "string",
  auth_backend: "string",
  auth_backend_max_ttl: "duration",
  auth_retry_max: "duration",
  auth_retry_initial: "duration",
  auth_params: "stringMap",
};
const AWS_KEYS = ["access_key", "secret_key", "session_token", "region", "pipeline_secret_template", "team_secret_template"];
const SSM_KEYS = [...AWS_KEYS, "shared_path"];
const SECRETSMANAGER_KEYS = [...AWS_KEYS, "shared_secret_template"];
const SUBJECT_SCOPES = new Set(["team", "pipeline", "instance", "job"]);

/** The `((source:…))` var regex of `vars.NewTemplate`. */
const VAR_RE = /\(\((([-/.\w\p{L}]+:)?[-/.:@"\w\p{L}]+)\)\)/gu;

export function validateVarSources(ctx: RuleContext): void {
  const { r, cfg } = ctx;
  const names = new Map<string, string>();
  cfg.varSources.forEach((vs, i) => {
    const loc = `var_sources[${i}]`;
    const id = locationId("var_sources", i, vs.name);
    reportIdentifier(ctx, validateIdentifier(vs.name, [id]), vs.name === "" ? `${loc}.name` : `${vs.path}.name`);
    if (!REGISTERED.has(vs.type)) {
      r.error("concourse/unknown-var-source-type", `${vs.path}.type`, `unknown credential manager type: ${vs.type}`);
      return;
    }
    if (!SUPPORTED_IN_PIPELINE.has(vs.type)) {
      r.error("concourse/var-source-not-supported", `${vs.path}.type`, `credential manager type ${vs.type} is not supported in pipeline yet`);
    }
    const other = names.get(vs.name);
    if (other !== undefined) r.error("concourse/duplicate-name", `${loc}.name`, `${other} and ${loc} have the same name ('${vs.name}')`);
    names.set(vs.name, loc);
    if (!SUPPORTED_IN_PIPELINE.has(vs.type)) return;
    const outcome = checkManager(vs);
    if (outcome && "create" in outcome)
      r.error("concourse/invalid-var-source", `${vs.path}.config`, `failed to create credential manager ${vs.name}: ${outcome.create}`);
    else if (outcome && "invalid" in outcome)
      r.error("concourse/invalid-var-source", `${vs.path}.config`, `credential manager ${vs.name} is invalid: ${outcome.invalid}`);
  });
  const pending = unresolvableVarSources(cfg.varSources);
  if (pending.length > 0) {
    r.error(
      "concourse/var-source-dependency",
      "var_sources",
      `failed to order by dependency: could not resolve inter-dependent var sources: ${pending.join(", ")}`,
    );
  }
}

type Outcome = { create: string } | { invalid: string } | undefined;

function checkManager(vs: DVarSource): Outcome {
  const config = vs.config;
  switch (vs.type) {
    case "dummy": {
      if (!isObject(config)) return { create: `invalid dummy credential manager config: ${goT(config)}` };
      if (!isObject(config.vars)) return { create: `invalid vars config: ${goT(config.vars)}` };
      return undefined;
    }
    case "vault": {
      if (!isObject(config)) return { create: "invalid vault config format" };
      const decoded = mapstructure(config, VAULT_KEYS, "vault.VaultManager");
      if (typeof decoded === "string") return { create: decoded };
      const url = goUrlParse(typeof decoded.url === "string" ? decoded.url : "");
      if ("error" in url) return { invalid: `invalid URL: ${url.error}` };
      if (url.scheme !== "http" && url.scheme !== "https") return { invalid: `invalid scheme ${goQ(url.scheme)}: must be http or https` };
      if (url.hostname === "") return { invalid: "URL must specify a host" };
      if (decoded.path_prefix === "") return { invalid: "path prefix must be a non-empty string" };
      if (decoded.client_token || decoded.client_token_path || decoded.auth_backend) return undefined;
      return { invalid: "must configure client token or auth backend" };
    }
    case "ssm":
    case "secretsmanager": {
      if (config === null || config === undefined) return undefined;
      const keys = vs.type === "ssm" ? SSM_KEYS : SECRETSMANAGER_KEYS;
      const spec: Record<string, "string"> = {};
      for (const k of keys) spec[k] = "string";
      if (!isObject(config)) return { create: mapstructureError([`'' expected a map, got '${goKind(config)}'`]) };
      const decoded = mapstructure(config, spec, vs.type === "ssm" ? "ssm.SsmManager" : "secretsmanager.Manager");
      if (typeof decoded === "string") return { create: decoded };
      if (!decoded.access_key && !decoded.secret_key && !decoded.session_token) return undefined;
      if (!decoded.access_key) return { invalid: "must provide aws access key id" };
      if (!decoded.secret_key) return { invalid: "must provide aws secret access key" };
      return undefined;
    }
    case "idtoken": {
      if (!isObject(config)) return { create: `invalid idtoken provider config: ${goT(config)}` };
      let scope = "pipeline";
      let expiresNs = 3_600_000_000_000n;
      let algorithm = "RS256";
      for (const [key, value] of Object.entries(config)) {
        switch (key) {
          case "audience":
            if (!Array.isArray(value)) return { create: "invalid idtoken provider config: audience must be a list of strings" };
            if (value.some((v) => typeof v !== "string")) return { create: "invalid idtoken provider config: invalid audience value: %!w(<nil>)" };
            break;
          case "subject_scope":
            if (typeof value !== "string") return { create: "invalid idtoken provider config: subject_scope must be a string" };
            scope = value;
            break;
          case "expires_in": {
            if (typeof value !== "string") return { create: "invalid idtoken provider config: expires_in must be a string" };
            const d = parseGoDuration(value);
            if ("error" in d) return { create: `invalid idtoken provider config: invalid expires_in value: ${d.error}` };
            expiresNs = d.ns;
            break;
          }
          case "algorithm":
            if (typeof value !== "string") return { create: "invalid idtoken provider config: algorithm must be a string" };
            algorithm = value;
            break;
          default:
            return { create: `invalid idtoken provider config: unknown setting: ${key}` };
        }
      }
      if (!SUBJECT_SCOPES.has(scope)) return { invalid: `invalid subject_scope value: ${scope}` };
      if (expiresNs > 24n * 3_600_000_000_000n) return { invalid: "expires_in must be <= 24h0m0s" };
      if (algorithm !== "RS256" && algorithm !== "ES256") return { invalid: `invalid algorithm value: ${scope}. Only RS256 and ES256 are supported` };
      return undefined;
    }
  }
  return undefined;
}

/**
 * go-viper/mapstructure with ErrorUnused: the decoded values, or its error text. For keys it does not know, v2
 * names the target by its Go type when decoding at the top (`'vault.VaultManager' has invalid keys: task`).
 */
function mapstructure(config: Record<string, unknown>, spec: Record<string, string>, goType: string): Record<string, unknown> | string {
  const errors: string[] = [];
  const unused: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const field = Object.keys(spec).find((k) => k.toLowerCase() === key.toLowerCase());
    if (field === undefined) {
      unused.push(key);
      continue;
    }
    const kind = spec[field];
    if (value === null) continue;
    if (kind === "string" && typeof value !== "string")
      errors.push(`'${field}' expected type 'string', got unconvertible type '${goKind(value)}', value: '${goValue(value)}'`);
    else if (kind === "bool" && typeof value !== "boolean")
      errors.push(`'${field}' expected type 'bool', got unconvertible type '${goKind(value)}', value: '${goValue(value)}'`);
    else if (kind === "duration") {
      if (typeof value === "string") {
        const d = parseGoDuration(value);
        if ("error" in d) errors.push(`error decoding '${field}': ${d.error}`);
      } else if (typeof value !== "number")
        errors.push(`'${field}' expected type 'time.Duration', got unconvertible type '${goKind(value)}', value: '${goValue(value)}'`);
    } else if (kind === "strings" && !Array.isArray(value)) errors.push(`'${field}': source data must be an array or slice, got ${goKind(value)}`);
    else if (kind === "stringMap" && !isObject(value)) errors.push(`'${field}' expected a map, got '${goKind(value)}'`);
    out[field] = value;
  }
  if (unused.length > 0) errors.push(`'${goType}' has invalid keys: ${unused.sort().join(", ")}`);
  return errors.length > 0 ? mapstructureError(errors) : out;
}

function mapstructureError(errors: string[]): string {
  return `decoding failed due to the following error(s): ${errors.join("; ")}`;
}

function goKind(v: unknown): string {
  const t = goT(v);
  return t === "[]interface {}" ? "slice" : t === "map[string]interface {}" ? "map" : t;
}
function goValue(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** Var sources whose `((source:…))` dependencies never resolve (OrderByDependency), in pending order. */
function unresolvableVarSources(sources: readonly DVarSource[]): string[] {
  const added = new Set<string>();
  let pending: Array<{ name: string; deps: string[] }> = [];
  for (const vs of sources) {
    const deps = dependenciesOf(vs.config);
    const ready = (d: string[]) => d.every((x) => added.has(x));
    if (deps.length === 0 || ready(deps)) added.add(vs.name);
    else {
      pending.push({ name: vs.name, deps });
      continue;
    }
    const left: typeof pending = [];
    for (const p of pending) {
      if (ready(p.deps)) added.add(p.name);
      else left.push(p);
    }
    pending = left;
  }
  return pending.map((p) => p.name);
}

function dependenciesOf(config: unknown): string[] {
  const deps: string[] = [];
  const visit = (v: unknown) => {
    if (typeof v === "string") {
      for (const m of v.matchAll(VAR_RE)) {
        const parts = m[1]!.split(":");
        if (parts.length > 1) deps.push(parts[0]!);
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (isObject(v))
      for (const [k, x] of Object.entries(v)) {
        visit(k);
        visit(x);
      }
  };
  visit(config);
  return deps;
}

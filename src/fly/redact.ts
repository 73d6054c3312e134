/**
 * Redaction: a copy of a pipeline config with every credential value replaced by `<redacted>`, and the set of
 * secret values it held (to scrub them from any text, such as fly's own output). A `((var))` reference is not a
 * secret and is kept; so are booleans, nulls and empty strings, which reveal nothing.
 */
import { CREDENTIAL_RESOURCE_FIELDS, credentialSourceFields, credentialVarSourceFields, holdsMaps, isCredentialKey } from "../credentials";
import { isVarOnly, looksLikeSecretValue, redactUrlPassword } from "./credential-fields";
import { isObject } from "../object";

export const REDACTED = "<redacted>";

type Json = unknown;
type Obj = Record<string, Json>;

/** Values shorter than this are only scrubbed where they appear whole, not inside longer text. */
const MIN_SUBSTRING_SECRET = 6;

/** Secret values found in configs and vars, to scrub them from free text. */
export class SecretSet {
  private readonly values = new Set<string>();

  /** Remembers a secret value (strings, numbers; the leaves of maps and lists). */
  add(value: unknown): void {
    if (typeof value === "string") {
      if (value === "" || isVarOnly(value)) return;
      this.values.add(value);
      // fly prints multi-line values (PEM keys) as indented YAML block scalars: remember each line too
      if (value.includes("\n")) for (const line of value.split("\n")) if (line.trim().length >= MIN_SUBSTRING_SECRET) this.values.add(line.trim());
    } else if (typeof value === "number") {
      this.values.add(String(value));
    } else if (Array.isArray(value)) {
      for (const v of value) this.add(v);
    } else if (isObject(value)) {
      for (const v of Object.values(value)) this.add(v);
    }
  }

  get size(): number {
    return this.values.size;
  }

  /** True when the whole string is a known secret. */
  has(value: string): boolean {
    return this.values.has(value);
  }

  /** Replaces every known secret (of at least 6 characters) inside `text`, longest first. */
  scrub(text: string): string {
    if (this.values.size === 0) return text;
    let out = text;
    for (const s of this.sorted()) if (s.length >= MIN_SUBSTRING_SECRET && out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  }

  private cache?: string[];
  private cacheSize = -1;
  private sorted(): string[] {
    if (!this.cache || this.cacheSize !== this.values.size) {
      this.cache = [...this.values].sort((a, b) => b.length - a.length);
      this.cacheSize = this.values.size;
    }
    return this.cache;
  }
}

/** The result of `redactConfig`. */
export interface Redacted {
  /** A deep copy with credentials replaced by `<redacted>`. Same shape as the input. */
  readonly config: Json;
  /** The credential values that were replaced. */
  readonly secrets: SecretSet;
}

/**
 * Redacts a pipeline config (as rendered, or as `fly get-pipeline --json` returns it). Known credential fields of
 * typed resources, resource types, var sources and resources' `webhook_token` are redacted by position; any key
 * that names a credential (`password`, `*_token`, `*_key`…) anywhere, and any value that looks like one (PEM keys,
 * AWS key ids, Slack webhooks, passwords in URLs) are redacted too. `secrets` adds what it finds to a shared set.
 */
export function redactConfig(config: Json, secrets: SecretSet = new SecretSet()): Redacted {
  const r = new Redactor(secrets);
  return { config: r.pipeline(config), secrets };
}

/** Redacts any value with the generic rules only (for vars, params given outside a pipeline). */
export function redactValue(value: Json, secrets: SecretSet = new SecretSet()): Json {
  return new Redactor(secrets).generic(value);
}

/** Collects the values of vars whose names say they are credentials (`-v github-token=…`, var files). */
export function secretVarValues(vars: Readonly<Record<string, unknown>>, secrets: SecretSet): void {
  for (const [name, value] of Object.entries(vars)) {
    if (isCredentialKey(name) || isCredentialKey(name.split(".").pop() ?? name)) secrets.add(value);
    else if (isObject(value)) secretVarValues(value as Record<string, unknown>, secrets);
    else if (typeof value === "string" && looksLikeSecretValue(value)) secrets.add(value);
  }
}

class Redactor {
  constructor(private readonly secrets: SecretSet) {}

  pipeline(config: Json): Json {
    if (!isObject(config)) return this.generic(config);
    const out: Obj = {};
    for (const [key, value] of Object.entries(config)) {
      switch (key) {
        case "resources":
          out[key] = mapList(value, (r) => this.resource(r));
          break;
        case "resource_types":
        case "prototypes":
          out[key] = mapList(value, (t) => this.resourceType(t));
          break;
        case "var_sources":
          out[key] = mapList(value, (s) => this.varSource(s));
          break;
        default:
          out[key] = this.generic(value);
      }
    }
    // Second pass: a secret found by position may also appear elsewhere in clear (a password pasted into a script).
    return this.scrubAll(out);
  }

  private resource(r: Json): Json {
    if (!isObject(r)) return this.generic(r);
    const type = typeof r.type === "string" ? r.type : "";
    const out: Obj = {};
    for (const [key, value] of Object.entries(r)) {
      if (key === "source") out[key] = this.source(value, credentialSourceFields(type));
      else if (CREDENTIAL_RESOURCE_FIELDS.includes(key)) out[key] = this.secret(value);
      else out[key] = this.generic(value);
    }
    return out;
  }

  private resourceType(t: Json): Json {
    if (!isObject(t)) return this.generic(t);
    const type = typeof t.type === "string" ? t.type : "";
    const name = typeof t.name === "string" ? t.name : "";
    const out: Obj = {};
    for (const [key, value] of Object.entries(t)) {
      if (key === "source") out[key] = this.source(value, credentialSourceFields(type));
      // `defaults` is source for the resources of this type
      else if (key === "defaults") out[key] = this.source(value, credentialSourceFields(name));
      else out[key] = this.generic(value);
    }
    return out;
  }

  private varSource(s: Json): Json {
    if (!isObject(s)) return this.generic(s);
    const type = typeof s.type === "string" ? s.type : "";
    const out: Obj = {};
    for (const [key, value] of Object.entries(s)) {
      out[key] = key === "config" ? this.source(value, credentialVarSourceFields(type)) : this.generic(value);
    }
    return out;
  }

  /** A `source`-like map: the listed fields by path, then the generic rules. */
  private source(source: Json, fields: readonly string[]): Json {
    if (!isObject(source)) return this.generic(source);
    let out = this.generic(source);
    for (const field of fields) out = this.atPath(out, source, field.split("."));
    return out;
  }

  /** Redacts the value at a path like `client_certs[].key` in `out` (taking the original from `orig`). */
  private atPath(out: Json, orig: Json, segs: string[]): Json {
    if (segs.length === 0) return this.secret(orig);
    const [seg, ...rest] = segs;
    const list = seg!.endsWith("[]");
    const key = list ? seg!.slice(0, -2) : seg!;
    if (!isObject(out) || !isObject(orig) || !Object.prototype.hasOwnProperty.call(orig, key)) return out;
    const copy: Obj = { ...out };
    if (list) {
      const o = orig[key];
      const c = copy[key];
      if (Array.isArray(o) && Array.isArray(c)) copy[key] = c.map((el, i) => this.atPath(el, o[i], rest));
    } else {
      copy[key] = this.atPath(copy[key], orig[key], rest);
    }
    return copy;
  }

  /** A value known to be a credential: every leaf is replaced, except vars, booleans, nulls and empty strings. */
  secret(value: Json): Json {
    if (typeof value === "string") {
      if (value === "" || isVarOnly(value)) return value;
      this.secrets.add(value);
      return REDACTED;
    }
    if (typeof value === "number") {
      this.secrets.add(value);
      return REDACTED;
    }
    if (Array.isArray(value)) return value.map((v) => this.secret(v));
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.secret(v)]));
    return value;
  }

  /** Any value: keys that name credentials, and values that look like credentials. */
  generic(value: Json): Json {
    if (typeof value === "string") {
      if (looksLikeSecretValue(value) && !isVarOnly(value)) {
        this.secrets.add(value);
        return REDACTED;
      }
      return redactUrlPassword(value, REDACTED);
    }
    if (Array.isArray(value)) return value.map((v) => this.generic(v));
    if (isObject(value)) {
      const out: Obj = {};
      for (const [k, v] of Object.entries(value)) out[k] = isCredentialKey(k) && !holdsMaps(v) ? this.secret(v) : this.generic(v);
      return out;
    }
    return value;
  }

  private scrubAll(value: Json): Json {
    if (typeof value === "string") {
      if (value === REDACTED) return value;
      if (this.secrets.has(value)) return REDACTED;
      return this.secrets.scrub(value);
    }
    if (Array.isArray(value)) return value.map((v) => this.scrubAll(v));
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.secrets.scrub(k), this.scrubAll(v)]));
    return value;
  }
}

function mapList(value: Json, fn: (x: Json) => Json): Json {
  return Array.isArray(value) ? value.map(fn) : value;
}

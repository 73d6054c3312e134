// One credential classifier (src/credentials.ts) for the literal-credential warning, redaction and the builders'
// Secret typing: the table is the typed resources' Secret fields, the name rules never contradict the types, and
// validate warns on exactly the literal credentials redaction hides.
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { CREDENTIAL_SOURCE_FIELDS, isCredentialKey } from "../src/credentials";
import { redactConfig } from "../src/fly/redact";
import { readPipelineYaml, validatePipeline } from "../src/index";
import { corpusDir, repoRoot } from "./_paths";

interface Field {
  path: string;
  leaf: string;
  secret: boolean;
  group: boolean;
}

/** Every field of a source interface, as paths (`client_certs[].key`), with whether it is typed `Secret`; read with tsc's parser. */
function sourceFields(sf: ts.SourceFile, iface: string): Field[] {
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  sf.forEachChild((n) => {
    if (ts.isInterfaceDeclaration(n)) interfaces.set(n.name.text, n);
  });
  const out: Field[] = [];
  let group = false;
  const walkType = (type: ts.TypeNode | undefined, at: string, leaf: string, seen: ReadonlySet<string>): boolean => {
    if (!type) return false;
    if (ts.isParenthesizedTypeNode(type) || ts.isTypeOperatorNode(type)) return walkType(type.type, at, leaf, seen);
    if (ts.isArrayTypeNode(type)) return walkType(type.elementType, at + "[]", leaf, seen);
    if (ts.isUnionTypeNode(type)) return type.types.map((t) => walkType(t, at, leaf, seen)).some(Boolean);
    if (ts.isTypeLiteralNode(type)) return ((group = true), walkMembers(type.members, at + ".", seen), false);
    if (ts.isTypeReferenceNode(type)) {
      const name = type.typeName.getText();
      if (name === "Secret") return true;
      if (name === "ReadonlyArray") return type.typeArguments?.some((t) => walkType(t, at + "[]", leaf, seen)) ?? false;
      if (name === "Readonly") return type.typeArguments?.some((t) => walkType(t, at, leaf, seen)) ?? false;
      if (name === "Record") group = true;
      const local = interfaces.get(name);
      if (local) group = true;
      if (local && !seen.has(name)) walkMembers(local.members, at + ".", new Set([...seen, name]));
    }
    return false;
  };
  const walkMembers = (members: ts.NodeArray<ts.TypeElement>, prefix: string, seen: ReadonlySet<string>) => {
    for (const m of members) {
      if (!ts.isPropertySignature(m) || !m.name) continue;
      const leaf = m.name.getText();
      group = false;
      const secret = walkType(m.type, prefix + leaf, leaf, seen);
      out.push({ path: (prefix + leaf).replace(/^\./, ""), leaf, secret, group });
      group = false;
    }
  };
  walkMembers(interfaces.get(iface)!.members, "", new Set([iface]));
  return out;
}

/** resource type → fields of its source interface, from the makeResource<…Spec>(…, "type", …) calls in src/dsl/resources. */
function typedResources(): Record<string, Field[]> {
  const dir = path.join(repoRoot, "src/dsl/resources");
  const found: Record<string, Field[]> = {};
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "index.ts")) {
    const file = path.join(dir, name);
    const text = readFileSync(file, "utf8");
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    for (const m of text.matchAll(/makeResource<(\w+)Spec>\([^,]+, "([\w-]+)"/g)) found[m[2]!] = sourceFields(sf, `${m[1]}Source`);
  }
  return found;
}

describe("the builders' Secret typing and the classifier", () => {
  const typed = typedResources();

  it("finds every typed resource", () => {
    expect(Object.keys(typed).sort()).toEqual(["docker-image", "git", "github-release", "mock", "pool", "registry-image", "s3", "semver", "time"]);
  });

  it("lists exactly the Secret-typed source fields of each, nested interfaces included", () => {
    for (const [type, fields] of Object.entries(typed)) {
      expect([type, [...CREDENTIAL_SOURCE_FIELDS[type]!].sort()]).toEqual([
        type,
        fields
          .filter((f) => f.secret)
          .map((f) => f.path)
          .sort(),
      ]);
    }
    expect(CREDENTIAL_SOURCE_FIELDS["registry-image"]).toContain("content_trust.repository_key");
  });

  it("never calls a field a credential by name that the builders type as plain (key, private_key_user, *_key_id…)", () => {
    // a group of fields (a map or list of maps) is judged field by field, whatever its own name
    const wrong = Object.entries(typed).flatMap(([type, fields]) =>
      fields.filter((f) => !f.secret && !f.group && isCredentialKey(f.leaf)).map((f) => `${type}.${f.path}`),
    );
    expect(wrong).toEqual([]);
  });
});

describe("isCredentialKey", () => {
  it("reads names as words: endings, numbered copies, glued passwords, camelCase", () => {
    const yes = [
      "password",
      "PGPASSWORD",
      "ESG_CLI_PASSWORD_1",
      "BOSH_OPENSTACK_API_KEY_V2",
      "CREDUB_ENCRYPTION_KEY_SECRET1",
      "secretAccessKey",
      "apiKey",
      "pat",
      "github_pat",
      "access_key_id",
      "AWS_ACCESS_KEY_ID",
      "storage_access_key",
      "GCP_KEY",
      "BOSH_CA_KEY",
      "credentials",
      "GOOGLE_CREDENTIALS",
      "gcp_credentials_json",
      "slack_webhook_url",
      "WORKER_SECRETS",
      "SIGNING_KEY_PRIVATE",
      "vault_token",
      "client_secret",
    ];
    const no = [
      "key",
      "private_key_user",
      "token_url",
      "password_file",
      "secret_name",
      "sse_kms_key_id",
      "repository_key_id",
      "commit_verification_keys",
      "GPG_VERIFICATION_KEY",
      "public_key",
      "cache_key",
      "VM_PASSWORD_TYPE",
      "SECRET_USERNAME",
      "secrets",
      "token_ttl",
      "session_name",
      "username",
    ];
    expect(yes.filter((k) => !isCredentialKey(k))).toEqual([]);
    expect(no.filter((k) => isCredentialKey(k))).toEqual([]);
  });
});

/** The paths validate warns on as literal credentials. */
const warned = (config: unknown) =>
  validatePipeline(config)
    .filter((i) => i.code === "pipegen/literal-credential")
    .map((i) => i.path)
    .sort();

/** The paths of the string leaves redaction replaced, named as issue paths are (top-level list items by name). */
function redacted(config: unknown): string[] {
  const out: string[] = [];
  const red = redactConfig(config).config;
  const walk = (a: unknown, b: unknown, p: string, depth: number) => {
    if (typeof a === "string" && a !== b) out.push(p);
    else if (Array.isArray(a) && Array.isArray(b)) {
      a.forEach((x, i) => {
        const name =
          depth === 1 && x && typeof x === "object" && typeof (x as { name?: unknown }).name === "string" ? `.${(x as { name: string }).name}` : `[${i}]`;
        walk(x, b[i], p + name, depth + 1);
      });
    } else if (a && b && typeof a === "object" && typeof b === "object") {
      for (const k of Object.keys(a)) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], p ? `${p}.${k}` : k, depth + 1);
    }
  };
  walk(config, red, "", 0);
  return out.sort();
}

describe("validate warns on exactly what redaction hides", () => {
  it("on sources of typed, known and unknown types, defaults, var sources and webhook tokens", () => {
    const config = {
      resource_types: [
        { name: "custom", type: "registry-image", source: { repository: "r", password: "lit-pw-1" }, defaults: { pat: "lit-pat-1", owner: "me" } },
      ],
      resources: [
        { name: "bin", type: "s3", source: { bucket: "b", access_key_id: "AKIDLITERAL", secret_access_key: "lit-secret-1", regexp: "x-(.*)" } },
        { name: "ver", type: "semver", source: { driver: "s3", bucket: "b", key: "version", access_key_id: "((id))", secret_access_key: "lit-secret-2" } },
        {
          name: "img",
          type: "docker-image",
          webhook_token: "lit-hook-1",
          source: { repository: "r", client_certs: [{ domain: "d", cert: "c", key: "lit-cert-key" }] },
        },
        { name: "chat", type: "slack-notification", source: { url: "https://example.com/lit-hook-url" } },
        { name: "ado", type: "custom", source: { pat: "lit-pat-2", org: "acme", nested: { api_key: "lit-api-key" } } },
        {
          name: "reg",
          type: "registry-image",
          source: {
            repository: "r",
            content_trust: { server: "s", repository_key_id: "id", repository_key: "lit-notary-key", repository_passphrase: "((pp))" },
          },
        },
      ],
      var_sources: [
        {
          name: "v",
          type: "vault",
          config: { url: "https://vault", client_token: "lit-vault-token", auth_params: { role_id: "lit-role", secret_id: "lit-secret-id" } },
        },
      ],
      jobs: [{ name: "j", plan: [{ get: "bin" }, { get: "ver" }, { get: "img" }, { get: "ado" }, { get: "reg" }, { put: "chat" }] }],
    };
    const w = warned(config);
    expect(w).toEqual(redacted(config));
    expect(w).toEqual(
      [
        "resource_types.custom.defaults.pat",
        "resource_types.custom.source.password",
        "resources.ado.source.nested.api_key",
        "resources.ado.source.pat",
        "resources.bin.source.access_key_id",
        "resources.bin.source.secret_access_key",
        "resources.chat.source.url",
        "resources.img.source.client_certs[0].key",
        "resources.img.webhook_token",
        "resources.reg.source.content_trust.repository_key",
        "resources.ver.source.secret_access_key",
        "var_sources.v.config.auth_params.role_id",
        "var_sources.v.config.auth_params.secret_id",
        "var_sources.v.config.client_token",
      ].sort(),
    );
  });

  it("on every corpus pipeline, each literal-credential warning is a field redaction hides", () => {
    const dir = path.join(corpusDir, "pipelines");
    const missed: string[] = [];
    for (const file of readdirSync(dir)) {
      const { value } = readPipelineYaml(readFileSync(path.join(dir, file), "utf8"), file);
      const hidden = new Set(redacted(value));
      for (const p of warned(value)) if (!hidden.has(p)) missed.push(`${file} ${p}`);
    }
    expect(missed).toEqual([]);
  });
});

// What counts as a credential, and how it is kept out of everything pipegen prints.
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { SECRET_SOURCE_FIELDS, isSecretKey } from "../src/fly/credential-fields";
import { OutputRedactor } from "../src/fly/output-filter";
import { REDACTED, SecretSet, redactConfig } from "../src/fly/redact";
import { repoRoot } from "./_paths";

/** The `Secret`-typed fields of an interface, as paths (`client_certs[].key`), read from the source with tsc's parser. */
function secretFields(file: string, iface: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const walkType = (type: ts.TypeNode | undefined, prefix: string): void => {
    if (!type) return;
    if (ts.isTypeReferenceNode(type) && type.typeName.getText() === "Secret") out.push(prefix);
    else if (ts.isTypeLiteralNode(type)) walkMembers(type.members, prefix + ".");
    else if (ts.isArrayTypeNode(type)) walkType(type.elementType, prefix + "[]");
    else if (ts.isTypeOperatorNode(type)) walkType(type.type, prefix);
    else if (ts.isParenthesizedTypeNode(type)) walkType(type.type, prefix);
    else if (ts.isUnionTypeNode(type)) type.types.forEach((t) => walkType(t, prefix));
    else if (ts.isTypeReferenceNode(type) && /^Readonly(Array)?$/.test(type.typeName.getText())) type.typeArguments?.forEach((t) => walkType(t, type.typeName.getText() === "ReadonlyArray" ? prefix + "[]" : prefix));
  };
  const walkMembers = (members: ts.NodeArray<ts.TypeElement>, prefix: string) => {
    for (const m of members) if (ts.isPropertySignature(m) && m.name) walkType(m.type, prefix + m.name.getText());
  };
  sf.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === iface) walkMembers(node.members, "");
  });
  return out;
}

describe("the credential table", () => {
  it("lists exactly the Secret-typed source fields of every typed resource in src/dsl/resources", () => {
    const dir = path.join(repoRoot, "src/dsl/resources");
    // resource type → its source interface, read from the makeResource<...Spec>(…, "type", …) calls
    const found: Record<string, string[]> = {};
    for (const name of readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "index.ts")) {
      const file = path.join(dir, name);
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/makeResource<(\w+)Spec>\([^,]+, "([\w-]+)"/g)) {
        found[m[2]!] = secretFields(file, `${m[1]}Source`).sort();
      }
    }
    expect(Object.keys(found).sort()).toEqual(["docker-image", "git", "github-release", "mock", "pool", "registry-image", "s3", "semver", "time"]);
    for (const [type, fields] of Object.entries(found)) expect([type, [...SECRET_SOURCE_FIELDS[type]!].sort()]).toEqual([type, fields]);
  });

  it("recognises credential keys by name, and leaves public ones alone", () => {
    for (const k of ["password", "DB_PASSWORD", "github-token", "AWS_SECRET_ACCESS_KEY", "private_key", "client_key", "access_key_id", "api_key", "git_crypt_key", "webhook_token", "key", "session_token", "passphrase"]) expect([k, isSecretKey(k)]).toEqual([k, true]);
    for (const k of ["uri", "branch", "bucket", "public_key", "sse_kms_key_id", "regexp", "FOO", "username", "commit_verification_key_ids", "repository", "tag"]) expect([k, isSecretKey(k)]).toEqual([k, false]);
  });
});

describe("redactConfig", () => {
  const config = {
    resources: [
      { name: "img", type: "docker-image", webhook_token: "hook-tok-123456", source: { repository: "r", client_certs: [{ domain: "d", cert: "c", key: "cert-key-abcdef" }] } },
      { name: "chat", type: "slack-notification", source: { url: "https://example.com/hook/abcdef123456" } },
      { name: "git", type: "git", source: { uri: "https://bot:gitpass-998877@github.com/acme/x.git", private_key: "((deploy-key))" } },
    ],
    var_sources: [{ name: "d", type: "dummy", config: { vars: { a: "dummy-secret-1", b: "dummy-secret-2" } } }],
    jobs: [{ name: "j", plan: [{ task: "t", params: { API_TOKEN: "tok-7f7f7f7f", MODE: "fast" }, config: { run: { path: "sh", args: ["-c", "curl -H 'x: hook-tok-123456'"] } } }] }],
  };

  it("replaces credentials by position, by key and by look, keeps ((vars)), and scrubs copies elsewhere", () => {
    const { config: red, secrets } = redactConfig(config);
    const text = JSON.stringify(red);
    for (const s of ["hook-tok-123456", "cert-key-abcdef", "abcdef123456", "gitpass-998877", "dummy-secret-1", "dummy-secret-2", "tok-7f7f7f7f"]) expect(text).not.toContain(s);
    expect(text).toContain("((deploy-key))");
    expect(text).toContain("https://bot:<redacted>@github.com/acme/x.git");
    expect(text).toContain('"MODE":"fast"');
    // the webhook token pasted into a script is scrubbed too
    expect(text).toContain("curl -H 'x: <redacted>'");
    expect(secrets.has("tok-7f7f7f7f")).toBe(true);
  });
});

describe("OutputRedactor (fly's streamed output)", () => {
  const run = (chunks: string[], known: string[] = []) => {
    const secrets = new SecretSet();
    for (const k of known) secrets.add(k);
    let out = "";
    const r = new OutputRedactor(secrets, (t) => (out += t));
    for (const c of chunks) r.write(c);
    r.end();
    return out;
  };

  it("redacts credential keys in fly's diff lines, marker and colours included, and whole block scalars", () => {
    const out = run([
      "  resource repo has changed:\n",
      "  source:\n",
      "    private_key: |\n",
      "  \b\b\x1b[31m-\x1b[0m \x1b[31m      OLDKEYLINE-abcdefghijkl\x1b[0m\n",
      "  \b\b\x1b[32m+\x1b[0m \x1b[32m      NEWKEYLINE-abcdefghijkl\x1b[0m\n",
      "    uri: https://github.com/acme/app.git\n",
      "  \b\b\x1b[31m-\x1b[0m \x1b[31m    secret_access_key: old-sekrit\x1b[0m\n",
      "    password: ((from-vault))\n",
    ]);
    expect(out).not.toContain("OLDKEYLINE");
    expect(out).not.toContain("NEWKEYLINE");
    expect(out).not.toContain("old-sekrit");
    expect(out).toContain("uri: https://github.com/acme/app.git");
    expect(out).toContain(`secret_access_key: ${REDACTED}`);
    expect(out).toContain("password: ((from-vault))");
  });

  it("scrubs known secrets anywhere, and lets a prompt without a newline through", async () => {
    const secrets = new SecretSet();
    secrets.add("s3cr3t-value-42");
    let out = "";
    const r = new OutputRedactor(secrets, (t) => (out += t));
    r.write("  args: [-c, echo s3cr3t-value-42]\napply configuration? [yN]: ");
    await new Promise((res) => setTimeout(res, 200));
    expect(out).toBe(`  args: [-c, echo ${REDACTED}]\napply configuration? [yN]: `);
    r.end();
  });

  it("hides the rest of a credential value split across writes", async () => {
    let out = "";
    const r = new OutputRedactor(new SecretSet(), (t) => (out += t));
    r.write("    password: hun");
    await new Promise((res) => setTimeout(res, 200));
    r.write("ter2-and-more\n    uri: x\n");
    r.end();
    expect(out).not.toMatch(/hun|ter2/);
    expect(out).toContain("uri: x");
  });
});

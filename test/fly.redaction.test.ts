// What counts as a credential, and how it is kept out of everything pipegen prints.
import { describe, expect, it } from "vitest";
import { isSecretKey } from "../src/fly/credential-fields";
import { OutputRedactor } from "../src/fly/output-filter";
import { REDACTED, SecretSet, redactConfig } from "../src/fly/redact";

describe("credential keys", () => {
  it("recognises credential keys by name, and leaves public ones alone", () => {
    for (const k of [
      "password",
      "DB_PASSWORD",
      "github-token",
      "AWS_SECRET_ACCESS_KEY",
      "private_key",
      "client_key",
      "access_key_id",
      "api_key",
      "git_crypt_key",
      "webhook_token",
      "session_token",
      "passphrase",
      "pat",
    ])
      expect([k, isSecretKey(k)]).toEqual([k, true]);
    // `key` alone is semver's (and Terraform backends') object key; docker-image's client_certs[].key is redacted by position
    for (const k of [
      "uri",
      "branch",
      "bucket",
      "public_key",
      "sse_kms_key_id",
      "regexp",
      "FOO",
      "username",
      "commit_verification_key_ids",
      "repository",
      "tag",
      "key",
    ])
      expect([k, isSecretKey(k)]).toEqual([k, false]);
  });
});

describe("redactConfig", () => {
  const config = {
    resources: [
      {
        name: "img",
        type: "docker-image",
        webhook_token: "hook-tok-123456",
        source: { repository: "r", client_certs: [{ domain: "d", cert: "c", key: "cert-key-abcdef" }] },
      },
      { name: "chat", type: "slack-notification", source: { url: "https://example.com/hook/abcdef123456" } },
      { name: "git", type: "git", source: { uri: "https://bot:gitpass-998877@github.com/acme/x.git", private_key: "((deploy-key))" } },
    ],
    var_sources: [{ name: "d", type: "dummy", config: { vars: { a: "dummy-secret-1", b: "dummy-secret-2" } } }],
    jobs: [
      {
        name: "j",
        plan: [
          { task: "t", params: { API_TOKEN: "tok-7f7f7f7f", MODE: "fast" }, config: { run: { path: "sh", args: ["-c", "curl -H 'x: hook-tok-123456'"] } } },
        ],
      },
    ],
  };

  it("replaces credentials by position, by key and by look, keeps ((vars)), and scrubs copies elsewhere", () => {
    const { config: red, secrets } = redactConfig(config);
    const text = JSON.stringify(red);
    for (const s of ["hook-tok-123456", "cert-key-abcdef", "abcdef123456", "gitpass-998877", "dummy-secret-1", "dummy-secret-2", "tok-7f7f7f7f"])
      expect(text).not.toContain(s);
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

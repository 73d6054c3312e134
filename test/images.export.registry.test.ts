// `pipegen image export` end to end: images built without Docker (umoci, skopeo), served by a real
// registry (Debian's docker-registry, plain and behind htpasswd), exported by the CLI into the real S3
// server (Ceph RGW), then checked with an independent tar reader, GNU tar, `pipegen image verify` and
// `pipegen image ls`. Registries and tools come from .ci/registry; nothing is mocked.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leftovers, pipegenAsync, requireS3, S3_ENDPOINT, s3Env, testBucket } from "./_s3";
import { tarHeaders, tempDir } from "./fixtures/images/trees";
import { startTokenService, type TokenService } from "./fixtures/export/token-service";
import {
  addIndex,
  blobPath,
  pushRaw,
  rawTar,
  requireRegistries,
  skopeoPush,
  umociImage,
  uniqueRepo,
  type RawEntry,
  type TestRegistries,
} from "./fixtures/export/registry";

const dir = tempDir("export");
// Saved logins of whoever runs the tests must not change what the CLI does: no auth files unless a test
// writes one (this worker's environment only; the CLI runs inherit it).
mkdirSync(path.join(dir, "no-docker-config"));
process.env.DOCKER_CONFIG = path.join(dir, "no-docker-config");
delete process.env.REGISTRY_AUTH_FILE;
delete process.env.XDG_RUNTIME_DIR;
let reg: TestRegistries;
let b: Awaited<ReturnType<typeof testBucket>>;
const demoRepo = uniqueRepo("demo");
let demoLayout: string;
const multiRepo = uniqueRepo("multi");

const DEMO_CONFIG = { env: ["PATH=/usr/bin:/bin", "GREETING=a<b&c"], user: "1000:1000", entrypoint: ["/bin/tool"], cmd: ["--help"] };

beforeAll(async () => {
  await requireS3();
  reg = await requireRegistries();
  b = await testBucket("export");

  // The demo image: layer 1 and 2 written by umoci from a changed bundle (layer 2 deletes etc/hello: umoci
  // writes the whiteout), layer 3 hand-made (opaque dir, a removed directory, devices, a path through a
  // symlink, a file replaced while a hard link to it stays).
  const layout = (demoLayout = await umociImage(
    path.join(dir, "demo"),
    "demo",
    [
      {
        kind: "repack",
        change: (r) => {
          for (const d of ["etc", "bin", "usr/bin", "home/app", "opt/keep/sub", "srv/old", "var/data"]) mkdirSync(path.join(r, d), { recursive: true });
          writeFileSync(path.join(r, "etc/hello"), "hello\n");
          writeFileSync(path.join(r, "etc/os-release"), "ID=pipegen\n");
          symlinkSync("hello", path.join(r, "etc/link"));
          symlinkSync("/etc/os-release", path.join(r, "etc/abs"));
          writeFileSync(path.join(r, "bin/tool"), "#!/bin/sh\necho tool v1\n", { mode: 0o755 });
          linkSync(path.join(r, "bin/tool"), path.join(r, "bin/tool-hard"));
          writeFileSync(path.join(r, "usr/bin/passwd"), "setuid\n");
          chmodSync(path.join(r, "usr/bin/passwd"), 0o4755);
          linkSync(path.join(r, "usr/bin/passwd"), path.join(r, "usr/bin/su"));
          writeFileSync(path.join(r, "home/app/.profile"), "export A=1\n", { mode: 0o640 });
          chownSync(path.join(r, "home/app/.profile"), 1000, 1000);
          chownSync(path.join(r, "home/app"), 1000, 1000);
          chmodSync(path.join(r, "home/app"), 0o750);
          writeFileSync(path.join(r, "opt/keep/x"), "x\n");
          writeFileSync(path.join(r, "opt/keep/sub/z"), "z\n");
          writeFileSync(path.join(r, "srv/old/a"), "a\n");
          writeFileSync(path.join(r, "secret"), "s\n");
          chmodSync(path.join(r, "secret"), 0o400);
          symlinkSync("/var/data", path.join(r, "data"));
        },
      },
      {
        kind: "repack",
        change: (r) => {
          unlinkSync(path.join(r, "etc/hello"));
          writeFileSync(path.join(r, "var/data/second"), "2\n");
        },
      },
      {
        kind: "raw",
        entries: [
          { name: "opt/keep/", type: "directory" },
          { name: "opt/keep/.wh..wh..opq" },
          { name: "opt/keep/new", body: "new\n" },
          { name: "srv/.wh.old" },
          { name: "dev/", type: "directory" },
          { name: "dev/null", type: "character-device", mode: 0o666 },
          { name: "dev/sda", type: "block-device", mode: 0o660 },
          { name: "data/through", body: "through a symlink\n" },
          { name: "bin/tool", body: "#!/bin/sh\necho tool v2\n", mode: 0o755 },
        ],
      },
    ],
    DEMO_CONFIG,
  ));
  await skopeoPush(layout, "demo", `${reg.plain}/${demoRepo}:v1.02.0`);
  await skopeoPush(layout, "demo", `${reg.plain}/${demoRepo}:docker-v2s2`, { format: "v2s2" });
  await skopeoPush(layout, "demo", `${reg.auth}/${demoRepo}:1.0`, { creds: `${reg.user}:${reg.password}` });

  // The multi-arch image: two single-layer images under one OCI index.
  const multi = path.join(dir, "multi");
  for (const arch of ["amd64", "arm64"]) {
    await umociImage(multi, arch, [{ kind: "raw", entries: [{ name: "arch", body: `${arch}\n` }] }], { env: ["PATH=/bin"], architecture: arch, os: "linux" });
  }
  addIndex(path.join(multi, "oci"), "multi", [
    { tag: "amd64", os: "linux", architecture: "amd64" },
    { tag: "arm64", os: "linux", architecture: "arm64" },
  ]);
  await skopeoPush(path.join(multi, "oci"), "multi", `${reg.plain}/${multiRepo}:2.0`, { all: true });
}, 240_000);

afterAll(async () => {
  await b?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const s3Flags = (): string[] => ["--endpoint", S3_ENDPOINT];

async function download(key: string): Promise<string> {
  const got = await b.client.send(new GetObjectCommand({ Bucket: b.bucket, Key: key }));
  const file = path.join(dir, `dl-${randomBytes(4).toString("hex")}.tgz`);
  writeFileSync(file, Buffer.from(await got.Body!.transformToByteArray()));
  return file;
}

/** GNU tar's extraction, as the s3 resource's `unpack: true` does it (root, numeric owners). */
function gnuExtract(file: string): string {
  const out = path.join(dir, `x-${randomBytes(4).toString("hex")}`);
  mkdirSync(out);
  execFileSync("tar", ["-xzf", file, "-C", out, "--numeric-owner"]);
  return out;
}

/** The error line of a failed run: exactly one `pipegen:` line, the last one. */
function errorLine(stderr: string): string {
  const lines = stderr.trimEnd().split("\n");
  expect(lines.filter((l) => l.startsWith("pipegen:"))).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  return lines[lines.length - 1]!;
}

describe("pipegen image export: layers, whiteouts, links, metadata", () => {
  it("exports an OCI image to <name>/<name>-<version>.tgz with the layers applied as registry-image would", async () => {
    const r = await pipegenAsync(["image", "export", `${reg.plain}/${demoRepo}:v1.02.0`, `s3://${b.bucket}/demo/`, "--insecure-registry", ...s3Flags()], {
      env: s3Env(),
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`to s3://${b.bucket}/demo/demo-1.2.0.tgz`);
    expect(r.stderr).toContain("consumers: an s3 resource with regexp 'demo/demo-(.*).tgz'");
    expect(r.stderr).toMatch(/note: left out rootfs\/dev\/null \(character device/);
    expect(r.stderr).toMatch(/note: left out rootfs\/dev\/sda \(block device/);

    const file = await download("demo/demo-1.2.0.tgz");
    const headers = await tarHeaders(file);
    const byName = new Map(headers.map((h) => [h.name, h]));
    expect(headers.map((h) => h.name).sort()).toEqual([
      "labels.json",
      "metadata.json",
      "rootfs/",
      "rootfs/bin/",
      "rootfs/bin/tool",
      "rootfs/bin/tool-hard",
      "rootfs/data",
      "rootfs/dev/",
      "rootfs/etc/",
      "rootfs/etc/abs",
      "rootfs/etc/link",
      "rootfs/etc/os-release",
      "rootfs/home/",
      "rootfs/home/app/",
      "rootfs/home/app/.profile",
      "rootfs/opt/",
      "rootfs/opt/keep/",
      "rootfs/opt/keep/new",
      "rootfs/secret",
      "rootfs/srv/",
      "rootfs/usr/",
      "rootfs/usr/bin/",
      "rootfs/usr/bin/passwd",
      "rootfs/usr/bin/su",
      "rootfs/var/",
      "rootfs/var/data/",
      "rootfs/var/data/second",
      "rootfs/var/data/through",
    ]);
    // symlinks as written, never resolved on the host
    expect(byName.get("rootfs/etc/link")).toMatchObject({ type: "symlink", linkname: "hello" });
    expect(byName.get("rootfs/etc/abs")).toMatchObject({ type: "symlink", linkname: "/etc/os-release" });
    expect(byName.get("rootfs/data")).toMatchObject({ type: "symlink", linkname: "/var/data" });
    expect(existsSync("/var/data/through")).toBe(false);
    // hard link kept; owners, setuid and private modes exactly as in the layers
    expect(byName.get("rootfs/usr/bin/passwd")).toMatchObject({ type: "file", mode: 0o4755, uid: 0 });
    expect(byName.get("rootfs/usr/bin/su")).toMatchObject({ type: "link", linkname: "rootfs/usr/bin/passwd", mode: 0o4755 });
    expect(byName.get("rootfs/home/app/")).toMatchObject({ mode: 0o750, uid: 1000, gid: 1000 });
    expect(byName.get("rootfs/home/app/.profile")).toMatchObject({ mode: 0o640, uid: 1000, gid: 1000 });
    expect(byName.get("rootfs/secret")).toMatchObject({ mode: 0o400 });
    expect(byName.get("rootfs/bin/tool-hard")).toMatchObject({ type: "file" }); // its partner was replaced by layer 3

    const x = gnuExtract(file);
    const read = (p: string): string => readFileSync(path.join(x, p), "utf8");
    expect(read("metadata.json")).toBe(
      '{"env":["PATH=/usr/bin:/bin","GREETING=a\\u003cb\\u0026c"],"user":"1000:1000","entrypoint":["/bin/tool"],"cmd":["--help"]}\n',
    );
    expect(JSON.parse(read("metadata.json"))).toEqual(DEMO_CONFIG);
    expect(read("rootfs/bin/tool")).toBe("#!/bin/sh\necho tool v2\n");
    expect(read("rootfs/bin/tool-hard")).toBe("#!/bin/sh\necho tool v1\n");
    expect(read("rootfs/var/data/through")).toBe("through a symlink\n");
    expect(read("rootfs/opt/keep/new")).toBe("new\n");
    expect(readdirSync(path.join(x, "rootfs/opt/keep"))).toEqual(["new"]); // opaque: x and sub/ are gone
    expect(readdirSync(path.join(x, "rootfs/srv"))).toEqual([]); // whiteout of a whole directory
    expect(existsSync(path.join(x, "rootfs/etc/hello"))).toBe(false); // umoci's whiteout
  });

  it("the pushed object passes pipegen image verify, and pipegen image ls shows its version", async () => {
    const v = await pipegenAsync(["image", "verify", `s3://${b.bucket}/demo/demo-1.2.0.tgz`, ...s3Flags()], { env: s3Env() });
    expect(v.status, v.stderr).toBe(0);
    expect(v.stderr).toContain(`ok: s3://${b.bucket}/demo/demo-1.2.0.tgz is a usable image`);
    const ls = await pipegenAsync(["image", "ls", `s3://${b.bucket}`, "--regexp", "demo/demo-(.*).tgz", ...s3Flags()], { env: s3Env() });
    expect(ls.status, ls.stderr).toBe(0);
    expect(ls.stdout).toMatch(/^\*\s+1\.2\.0\s+demo\/demo-1\.2\.0\.tgz\s/m);
    expect(ls.stderr).toContain("latest: demo/demo-1.2.0.tgz");
  });

  it("refuses to overwrite the version unless --force", async () => {
    const r = await pipegenAsync(["image", "export", `${reg.plain}/${demoRepo}:v1.02.0`, `s3://${b.bucket}/demo/`, "--insecure-registry", ...s3Flags()], {
      env: s3Env(),
    });
    expect(r.status).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/demo\/demo-1\.2\.0\.tgz already exists/);
    const f = await pipegenAsync(
      ["image", "export", `${reg.plain}/${demoRepo}:v1.02.0`, `s3://${b.bucket}/demo/`, "--insecure-registry", "--force", ...s3Flags()],
      { env: s3Env() },
    );
    expect(f.status, f.stderr).toBe(0);
  });

  it("Docker v2 schema 2 and OCI manifests of the same image give byte-identical reproducible archives", async () => {
    const oci = path.join(dir, "oci.tgz");
    const v2 = path.join(dir, "v2s2.tgz");
    const a = await pipegenAsync(["image", "export", `${reg.plain}/${demoRepo}:v1.02.0`, "-o", oci, "--reproducible", "--insecure-registry", "--json"]);
    const c = await pipegenAsync(["image", "export", `${reg.plain}/${demoRepo}:docker-v2s2`, "-o", v2, "--reproducible", "--insecure-registry", "--json"]);
    expect(a.status, a.stderr).toBe(0);
    expect(c.status, c.stderr).toBe(0);
    const ja = JSON.parse(a.stdout) as { digest: string; version: string; platform: string; layers: number; sha256: string };
    const jc = JSON.parse(c.stdout) as { digest: string; version: string; sha256: string };
    expect(ja).toMatchObject({ version: "1.2.0", platform: "linux/amd64", layers: 3 });
    expect(jc.version).toBe("docker-v2s2");
    expect(ja.digest).not.toBe(jc.digest); // different manifests…
    expect(createHash("sha256").update(readFileSync(oci)).digest("hex")).toBe(ja.sha256);
    expect(jc.sha256).toBe(ja.sha256); // …same filesystem, same bytes
  });
});

describe("pipegen image export: multi-arch index", () => {
  const arch = async (extra: string[]): Promise<{ status: number | null; stderr: string; arch?: string }> => {
    const out = path.join(dir, `multi-${randomBytes(3).toString("hex")}.tgz`);
    const r = await pipegenAsync(["image", "export", `${reg.plain}/${multiRepo}:2.0`, "-o", out, "--insecure-registry", ...extra]);
    if (r.status !== 0) return r;
    return { ...r, arch: execFileSync("tar", ["-xzOf", out, "rootfs/arch"], { encoding: "utf8" }) };
  };
  it("picks linux/amd64 by default", async () => {
    const r = await arch([]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.arch).toBe("amd64\n");
    expect(r.stderr).toContain("(linux/amd64, 1 layer");
  });
  it("picks the image --platform asks for", async () => {
    const r = await arch(["--platform", "linux/arm64"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.arch).toBe("arm64\n");
  });
  it("says which platforms there are when the one asked for is missing", async () => {
    const r = await arch(["--platform", "linux/s390x"]);
    expect(r.status).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/has no linux\/s390x image \(it has linux\/amd64, linux\/arm64\); pass --platform$/);
  });
});

describe("pipegen image export: basic auth (htpasswd registry)", () => {
  const ref = (): string => `${reg.auth}/${demoRepo}:1.0`;
  it("logs in with --username and PIPEGEN_REGISTRY_PASSWORD", async () => {
    const r = await pipegenAsync(["image", "export", ref(), `s3://${b.bucket}/authed/`, "--insecure-registry", "--username", reg.user, ...s3Flags()], {
      env: s3Env({ PIPEGEN_REGISTRY_PASSWORD: reg.password }),
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`to s3://${b.bucket}/authed/authed-1.0.tgz`);
    expect(r.stderr).not.toContain(reg.password);
    expect(await leftovers(b.client, b.bucket, "authed/authed-1.0.tgz")).toEqual({ object: true, uploads: [] });
  });
  it("uses the credentials `docker login` saved in $DOCKER_CONFIG/config.json", async () => {
    const cfg = path.join(dir, "docker-config");
    mkdirSync(cfg);
    writeFileSync(
      path.join(cfg, "config.json"),
      JSON.stringify({ auths: { [`http://${reg.auth}/v2/`]: { auth: Buffer.from(`${reg.user}:${reg.password}`).toString("base64") } } }),
    );
    const out = path.join(dir, "saved-login.tgz");
    const r = await pipegenAsync(["image", "export", ref(), "-o", out, "--insecure-registry"], { env: { DOCKER_CONFIG: cfg } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`using the credentials of '${reg.user}' for ${reg.auth} saved in ${path.join(cfg, "config.json")}`);
    expect(existsSync(out)).toBe(true);
  });

  it("when a credential helper holds the login, says pipegen does not run it", async () => {
    const cfg = path.join(dir, "docker-config-helper");
    mkdirSync(cfg);
    writeFileSync(path.join(cfg, "config.json"), JSON.stringify({ credHelpers: { [reg.auth]: "secretservice" } }));
    const r = await pipegenAsync(["image", "export", ref(), "-o", path.join(dir, "none.tgz"), "--insecure-registry"], { env: { DOCKER_CONFIG: cfg } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      "note: docker-credential-secretservice may hold credentials for this registry; pipegen does not run credential helpers, pass --username and --password\n",
    );
    expect(errorLine(r.stderr)).toMatch(/needs credentials/);
  });

  it("says credentials are needed when none are given, and pushes nothing", async () => {
    const r = await pipegenAsync(["image", "export", ref(), `s3://${b.bucket}/anon/`, "--insecure-registry", ...s3Flags()], { env: s3Env() });
    expect(r.status).toBe(1);
    expect(errorLine(r.stderr)).toMatch(new RegExp(`^pipegen: registry ${reg.auth} needs credentials for ${demoRepo} .*: pass --username and --password`));
    expect(await leftovers(b.client, b.bucket, "anon/anon-1.0.tgz")).toEqual({ object: false, uploads: [] });
  });
  it("says the credentials were refused when the password is wrong, and pushes nothing", async () => {
    const r = await pipegenAsync(
      ["image", "export", ref(), `s3://${b.bucket}/wrong/`, "--insecure-registry", "--username", reg.user, "--password-stdin", ...s3Flags()],
      { env: s3Env() },
    );
    // --password-stdin with an empty stdin: a usage error before any network
    expect(r.status).toBe(2);
    const w = await pipegenAsync(
      ["image", "export", ref(), `s3://${b.bucket}/wrong/`, "--insecure-registry", "--username", reg.user, "--password", "not-it", ...s3Flags()],
      { env: s3Env() },
    );
    expect(w.status).toBe(1);
    expect(errorLine(w.stderr)).toMatch(new RegExp(`^pipegen: registry ${reg.auth} refused access to ${demoRepo} for user '${reg.user}'`));
    expect(await leftovers(b.client, b.bucket, "wrong/wrong-1.0.tgz")).toEqual({ object: false, uploads: [] });
  });
});

describe("pipegen image export: Bearer token auth (token service, as Docker Hub and ghcr.io do it)", () => {
  let ts: TokenService;
  const privateRepo = uniqueRepo("private");
  const publicRepo = `public/${uniqueRepo("open")}`;
  beforeAll(async () => {
    ts = await startTokenService(process.env, { [reg.user]: reg.password });
    await skopeoPush(demoLayout, "demo", `${reg.token}/${privateRepo}:1.0`, { creds: `${reg.user}:${reg.password}` });
    await skopeoPush(demoLayout, "demo", `${reg.token}/${publicRepo}:1.0`, { creds: `${reg.user}:${reg.password}` });
    ts.requests.length = 0;
  });
  afterAll(() => ts?.close());

  it("pulls a public repository anonymously with a pull token", async () => {
    const out = path.join(dir, "public.tgz");
    const r = await pipegenAsync(["image", "export", `${reg.token}/${publicRepo}:1.0`, "-o", out, "--insecure-registry"]);
    expect(r.status, r.stderr).toBe(0);
    expect(ts.requests).toContainEqual({ scope: `repository:${publicRepo}:pull`, service: "pipegen-test-registry", granted: [`${publicRepo}:pull`] });
    expect(execFileSync("tar", ["-xzOf", out, "rootfs/etc/os-release"], { encoding: "utf8" })).toBe("ID=pipegen\n");
  });

  it("pulls a private repository with a token got with the credentials, and pushes to S3", async () => {
    const r = await pipegenAsync(
      [
        "image",
        "export",
        `${reg.token}/${privateRepo}:1.0`,
        `s3://${b.bucket}/private/`,
        "--insecure-registry",
        "--username",
        reg.user,
        "--password",
        reg.password,
        ...s3Flags(),
      ],
      { env: s3Env() },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(ts.requests).toContainEqual({
      scope: `repository:${privateRepo}:pull`,
      service: "pipegen-test-registry",
      user: reg.user,
      granted: [`${privateRepo}:pull`],
    });
    expect(await leftovers(b.client, b.bucket, "private/private-1.0.tgz")).toEqual({ object: true, uploads: [] });
  });

  it("without credentials, a private repository needs them (the anonymous token grants nothing)", async () => {
    const r = await pipegenAsync(["image", "export", `${reg.token}/${privateRepo}:1.0`, "-o", path.join(dir, "none.tgz"), "--insecure-registry"]);
    expect(r.status).toBe(1);
    expect(errorLine(r.stderr)).toMatch(
      new RegExp(`^pipegen: registry ${reg.token} needs credentials for ${privateRepo} \\(UNAUTHORIZED: .*\\): pass --username and --password`),
    );
  });

  it("a wrong password is refused by the token service, in one line", async () => {
    const r = await pipegenAsync([
      "image",
      "export",
      `${reg.token}/${privateRepo}:1.0`,
      "-o",
      path.join(dir, "none.tgz"),
      "--insecure-registry",
      "--username",
      reg.user,
      "--password",
      "wrong",
    ]);
    expect(r.status).toBe(1);
    expect(errorLine(r.stderr)).toBe(
      `pipegen: token service 127.0.0.1:${process.env.PIPEGEN_TEST_TOKEN_PORT} of registry ${reg.token} refused the credentials of user '${reg.user}' (HTTP 401)`,
    );
  });
});

describe("pipegen image export: integrity and registry errors", () => {
  it("a blob whose bytes do not match its digest stops the export: one line, nothing pushed, no temp dir left", async () => {
    const repo = uniqueRepo("tamper");
    const layout = await umociImage(path.join(dir, "tamper"), "t", [{ kind: "raw", entries: [{ name: "data.bin", body: randomBytes(200_000) }] }], {
      env: ["PATH=/bin"],
    });
    await skopeoPush(layout, "t", `${reg.plain}/${repo}:1.0`);
    const manifest = JSON.parse(
      execFileSync("curl", ["-sf", "-H", "Accept: application/vnd.oci.image.manifest.v1+json", `http://${reg.plain}/v2/${repo}/manifests/1.0`], {
        encoding: "utf8",
      }),
    ) as { layers: { digest: string }[] };
    const blob = blobPath(reg.storage, manifest.layers[0]!.digest);
    const bytes = readFileSync(blob);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff; // same size, different content
    writeFileSync(blob, bytes);
    const tmp = path.join(dir, "tmp-tamper");
    mkdirSync(tmp);
    const r = await pipegenAsync(["image", "export", `${reg.plain}/${repo}:1.0`, `s3://${b.bucket}/tamper/`, "--insecure-registry", ...s3Flags()], {
      env: s3Env({ TMPDIR: tmp }),
    });
    expect(r.status).toBe(1);
    expect(errorLine(r.stderr)).toMatch(
      new RegExp(
        `^pipegen: registry ${reg.plain}: layer 1/1 ${manifest.layers[0]!.digest}: the content has digest sha256:[0-9a-f]{64}: corrupted in the registry or in transit; nothing was pushed$`,
      ),
    );
    expect(await leftovers(b.client, b.bucket, "tamper/tamper-1.0.tgz")).toEqual({ object: false, uploads: [] });
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("Ctrl-C stops the export and cleans up: exit 130, no temp dir, nothing at the key", async () => {
    const repo = uniqueRepo("interrupt");
    const big = (seed: number): RawEntry[] => [{ name: `data-${seed}.bin`, body: randomBytes(24 * 1024 * 1024) }];
    const layout = await umociImage(
      path.join(dir, "interrupt"),
      "i",
      [
        { kind: "raw", entries: big(1) },
        { kind: "raw", entries: big(2) },
        { kind: "raw", entries: big(3) },
      ],
      { env: ["PATH=/bin"] },
    );
    await skopeoPush(layout, "i", `${reg.plain}/${repo}:1.0`);
    const tmp = path.join(dir, "tmp-interrupt");
    mkdirSync(tmp);
    const r = await pipegenAsync(["image", "export", `${reg.plain}/${repo}:1.0`, `s3://${b.bucket}/interrupt/`, "--insecure-registry", ...s3Flags()], {
      env: s3Env({ TMPDIR: tmp }),
      onSpawn: (child) => {
        let seen = "";
        child.stderr!.on("data", (c: Buffer) => {
          seen += c.toString();
          if (seen.includes("pulling ") && !child.killed) child.kill("SIGINT");
        });
      },
    });
    expect(r.stderr).toContain("pipegen: SIGINT: stopping exporting");
    expect(r.status, r.stderr).toBe(130);
    expect(r.stderr.trimEnd().split("\n").pop()).toMatch(
      /^pipegen: exporting 127\.0\.0\.1:\d+\/pipegen-test\/interrupt-[^ ]+:1\.0: interrupted; nothing was pushed$/,
    );
    expect(readdirSync(tmp)).toEqual([]);
    expect(await leftovers(b.client, b.bucket, "interrupt/interrupt-1.0.tgz")).toEqual({ object: false, uploads: [] });
  });

  it("an unknown tag is 'manifest unknown'", async () => {
    const r = await pipegenAsync(["image", "export", `${reg.plain}/${demoRepo}:9.9`, "-o", path.join(dir, "none.tgz"), "--insecure-registry"]);
    expect(r.status).toBe(1);
    expect(errorLine(r.stderr)).toBe(
      `pipegen: registry ${reg.plain}: ${reg.plain}/${demoRepo}:9.9: manifest unknown: no such tag or digest (MANIFEST_UNKNOWN: manifest unknown)`,
    );
    expect(existsSync(path.join(dir, "none.tgz"))).toBe(false);
  });

  it("an unknown repository says so", async () => {
    const r = await pipegenAsync(["image", "export", `${reg.plain}/pipegen-test/no-such-repo:1.0`, "-o", path.join(dir, "none.tgz"), "--insecure-registry"]);
    expect(r.status).toBe(1);
    expect(errorLine(r.stderr)).toMatch(
      /^pipegen: registry 127\.0\.0\.1:\d+: .*pipegen-test\/no-such-repo:1\.0: (repository pipegen-test\/no-such-repo does not exist|manifest unknown)/,
    );
  });

  it("connection refused names the registry and the cause", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const r = await pipegenAsync(["image", "export", `127.0.0.1:${port}/x/y:1`, "-o", path.join(dir, "none.tgz"), "--insecure-registry"]);
    expect(r.status).toBe(1);
    expect(errorLine(r.stderr)).toBe(
      `pipegen: registry 127.0.0.1:${port}: connection refused by 127.0.0.1:${port}: is the registry running, and on that port?`,
    );
  });

  it("a plain-HTTP registry without --insecure-registry says to pass it", async () => {
    const r = await pipegenAsync(["image", "export", `${reg.plain}/${demoRepo}:v1.02.0`, "-o", path.join(dir, "none.tgz")]);
    expect(r.status).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/does not speak HTTPS; for a plain-HTTP registry pass --insecure-registry$/);
  });
});

describe("pipegen image export: layer formats and hostile layers (pushed with the registry API)", () => {
  const config = { architecture: "amd64", os: "linux", config: { Env: ["PATH=/bin"] }, rootfs: { type: "layers", diff_ids: [] } };

  it("applies an uncompressed tar layer", async () => {
    const repo = uniqueRepo("plain-tar");
    const tar = await rawTar([
      { name: "etc/", type: "directory" },
      { name: "etc/plain", body: "uncompressed\n" },
    ]);
    await pushRaw(reg.plain, repo, "1.0", [{ mediaType: "application/vnd.oci.image.layer.v1.tar", data: tar }], config);
    const out = path.join(dir, "plain-tar.tgz");
    const r = await pipegenAsync(["image", "export", `${reg.plain}/${repo}:1.0`, "-o", out, "--insecure-registry"]);
    expect(r.status, r.stderr).toBe(0);
    expect(execFileSync("tar", ["-xzOf", out, "rootfs/etc/plain"], { encoding: "utf8" })).toBe("uncompressed\n");
  });

  it("zstd layers are applied (node:zlib's decoder where Node.js has one, pure JS otherwise)", async () => {
    const repo = uniqueRepo("zstd");
    const tar = await rawTar([{ name: "z", body: "zstd layer\n" }]);
    const zst = execFileSync("zstd", ["-q", "-c"], { input: tar });
    await pushRaw(reg.plain, repo, "1.0", [{ mediaType: "application/vnd.oci.image.layer.v1.tar+zstd", data: zst }], config);
    const out = path.join(dir, "zstd.tgz");
    const r = await pipegenAsync(["image", "export", `${reg.plain}/${repo}:1.0`, "-o", out, "--insecure-registry"]);
    expect(r.status, r.stderr).toBe(0);
    expect(execFileSync("tar", ["-xzOf", out, "rootfs/z"], { encoding: "utf8" })).toBe("zstd layer\n");
  });

  it("refuses a layer whose paths climb out of the image, writing nothing outside", async () => {
    const repo = uniqueRepo("escape");
    const marker = `pipegen-escape-${randomBytes(4).toString("hex")}`;
    const tar = await rawTar([
      { name: "ok", body: "ok\n" },
      { name: `../../../../../../tmp/${marker}`, body: "escaped\n" },
    ]);
    await pushRaw(reg.plain, repo, "1.0", [{ mediaType: "application/vnd.oci.image.layer.v1.tar", data: tar }], config);
    const r = await pipegenAsync(["image", "export", `${reg.plain}/${repo}:1.0`, `s3://${b.bucket}/escape/`, "--insecure-registry", ...s3Flags()], {
      env: s3Env(),
    });
    expect(r.status).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/layer 1\/1 sha256:[0-9a-f]{12}: entry '\.\.\/.*' would write outside the image's root; refusing the image$/);
    expect(existsSync(`/tmp/${marker}`)).toBe(false);
    expect(await leftovers(b.client, b.bucket, "escape/escape-1.0.tgz")).toEqual({ object: false, uploads: [] });
  });
});

// `pipegen image verify` / verifyImage on local archives: every problem that would stop the s3 resource
// or Concourse gets its own line, exit 1 on errors, JSON with --json. Broken archives are written with
// tar-stream (never with pipegen's own writer).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { verifyImage } from "../src/images";
import { pipegen } from "./_run";
import { GOOD_METADATA, tempDir, writeRawTar } from "./fixtures/images/trees";

const dir = tempDir("verify");
afterAll(() => execFileSync("rm", ["-rf", dir]));

const meta = (m: unknown = GOOD_METADATA): string => JSON.stringify(m);
const good = [
  { name: "metadata.json", body: meta() },
  { name: "rootfs/", type: "directory" },
  { name: "rootfs/etc/", type: "directory" },
  { name: "rootfs/etc/passwd", body: "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/:/bin/sh\n" },
  { name: "rootfs/bin/", type: "directory" },
  { name: "rootfs/bin/sh", body: "#!", mode: 0o755 },
  { name: "rootfs/bin/bash", type: "symlink", linkname: "/bin/sh" },
];

async function archive(name: string, entries: Parameters<typeof writeRawTar>[1], gzip = true): Promise<string> {
  const file = path.join(dir, name);
  await writeRawTar(file, entries, gzip);
  return file;
}

const codes = (r: { problems: readonly { code: string; severity: string }[] }): string[] => r.problems.map((p) => `${p.severity} ${p.code}`);

describe("verifyImage", () => {
  it("accepts a good image, gzipped or as a plain tar", async () => {
    for (const [name, gz] of [
      ["ok-1.tgz", true],
      ["ok-1.tar", false],
    ] as const) {
      const r = await verifyImage(await archive(name, good, gz));
      expect(r.problems).toEqual([]);
      expect(r).toMatchObject({ ok: true, format: gz ? "gzip" : "tar", entries: good.length, metadata: { env: GOOD_METADATA.env, user: "" } });
    }
  });

  it("finds device nodes, absolute and '..' paths and escaping hard links, each once", async () => {
    const r = await verifyImage(
      await archive("bad-1.tgz", [
        ...good,
        { name: "rootfs/dev/", type: "directory" },
        { name: "rootfs/dev/null", type: "character-device" },
        { name: "/etc/passwd", body: "x" },
        { name: "rootfs/../../escape", body: "x" },
        { name: "rootfs/lnk", type: "link", linkname: "../outside" },
      ]),
    );
    expect(r.ok).toBe(false);
    expect(codes(r)).toEqual([
      "error pipegen/image-device-node",
      "error pipegen/image-absolute-path",
      "error pipegen/image-dotdot-path",
      "error pipegen/image-link-escape",
    ]);
    expect(r.problems[0]).toMatchObject({
      path: "rootfs/dev/null",
      message: expect.stringMatching(/^character device: the s3 resource extracts in an unprivileged container/),
    });
  });

  it("requires rootfs/ and metadata.json at the top, with a hint when they are wrapped in a directory", async () => {
    const r = await verifyImage(
      await archive(
        "wrapped-1.tgz",
        good.map((e) => ({ ...e, name: `image/${e.name}` })),
      ),
    );
    expect(codes(r)).toEqual(["error pipegen/image-no-rootfs", "error pipegen/image-no-metadata"]);
    expect(r.problems[0]!.hint).toBe("everything is under 'image/': archive the contents of that directory, so rootfs/ is at the top");
  });

  it("checks metadata.json the way Concourse decodes it", async () => {
    const bad = await verifyImage(
      await archive("meta-1.tgz", [{ name: "metadata.json", body: meta({ env: ["PATH=/bin", "NOEQUALS"], user: 0, cmd: "sh" }) }, ...good.slice(1)]),
    );
    expect(bad.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "metadata.json:user: 'user' must be a string, found a number (0)",
      "metadata.json:cmd: 'cmd' must be an array of strings, found a string (\"sh\")",
      "metadata.json:env[1]: 'NOEQUALS' is not a KEY=value string",
    ]);
    const json = await verifyImage(await archive("meta-2.tgz", [{ name: "metadata.json", body: "{env: [}" }, ...good.slice(1)]));
    expect(json.problems[0]!.message).toMatch(/^not valid JSON .*malformed image metadata/);
    // Go's decoder matches keys case-insensitively, so Docker-style "Env" works; no PATH is only a warning
    const warn = await verifyImage(
      await archive("meta-3.tgz", [{ name: "metadata.json", body: meta({ Env: ["A=1"], User: "app", Entrypoint: ["/bin/sh"] }) }, ...good.slice(1)]),
    );
    expect(warn.ok).toBe(true);
    expect(codes(warn)).toEqual(["warning pipegen/image-metadata-path"]);
    expect(warn.metadata).toEqual({ env: ["A=1"], user: "app", entrypoint: ["/bin/sh"] });
  });

  it("warns when metadata.json names a user that rootfs/etc/passwd does not have", async () => {
    const r = await verifyImage(await archive("user-1.tgz", [{ name: "metadata.json", body: meta({ ...GOOD_METADATA, user: "nobody" }) }, ...good.slice(1)]));
    expect(r.ok).toBe(true);
    expect(r.problems).toEqual([
      expect.objectContaining({
        severity: "warning",
        code: "pipegen/image-user-unknown",
        message: expect.stringContaining("user 'nobody' is not in rootfs/etc/passwd"),
      }),
    ]);
  });

  it("rejects what the s3 resource cannot unpack: wrong suffix for gzip, xz, gzip of a non-tar, garbage, truncation", async () => {
    const suffix = await verifyImage(await archive("image-1.0.tar.gzip", good));
    expect(codes(suffix)).toEqual(["error pipegen/image-name-suffix"]);
    writeFileSync(path.join(dir, "x-1.txz"), Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1, 2, 3]));
    expect((await verifyImage(path.join(dir, "x-1.txz"))).problems[0]!.message).toMatch(
      /^xz archive: the s3 resource's unpack only knows gzip, bzip2, tar and zip/,
    );
    writeFileSync(path.join(dir, "json-1.tgz"), gzipSync(Buffer.from(meta())));
    expect((await verifyImage(path.join(dir, "json-1.tgz"))).problems[0]!.message).toMatch(/gzip data is not a tar archive/);
    writeFileSync(path.join(dir, "junk-1.tgz"), "hello world, not an archive");
    expect((await verifyImage(path.join(dir, "junk-1.tgz"))).problems[0]!.message).toMatch(
      /^not an archive the s3 resource can unpack \(first bytes 68656c6c\)/,
    );
    const full = readFileSync(await archive("trunc-1.tgz", [...good, { name: "rootfs/big", body: "y".repeat(300000) + Math.random() }]));
    writeFileSync(path.join(dir, "trunc-1.tgz"), full.subarray(0, Math.floor(full.length / 2)));
    const t = await verifyImage(path.join(dir, "trunc-1.tgz"));
    expect(codes(t)).toContain("error pipegen/image-corrupt");
    expect(t.problems.find((p) => p.code === "pipegen/image-corrupt")!.message).toMatch(/gzip stream ends early/);
  });
});

describe("pipegen image verify (CLI)", () => {
  it("prints each problem on its own line and exits 1", async () => {
    const file = await archive("cli-bad-1.tgz", [
      { name: "metadata.json", body: meta({ env: ["PATH=/bin"], user: 5 }) },
      { name: "rootfs/", type: "directory" },
      { name: "rootfs/dev/sda", type: "character-device" },
    ]);
    const r = pipegen(["image", "verify", file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr
      .trim()
      .split("\n")
      .filter((l) => !l.startsWith("    "));
    expect(lines).toEqual([
      expect.stringMatching(/^error: rootfs\/dev\/sda: character device: .* \[pipegen\/image-device-node\]$/),
      expect.stringMatching(/^error: metadata\.json:user: 'user' must be a string, found a number \(5\) \[pipegen\/image-metadata-type\]$/),
      `${file}: 2 problems`,
    ]);
  });

  it("reports JSON on stdout with --json, and exit 0 for a usable image", async () => {
    const file = await archive("cli-ok-1.tgz", good);
    const r = pipegen(["image", "verify", file, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ source: file, format: "gzip", ok: true, problems: [], entries: good.length });
    const human = pipegen(["image", "verify", file]);
    expect(human.stderr.trim()).toBe(`ok: ${file} is a usable image (gzip, ${good.length} entries)`);
  });

  it("says clearly when the file is missing", () => {
    mkdirSync(path.join(dir, "sub"), { recursive: true });
    const r = pipegen(["image", "verify", path.join(dir, "nope-1.tgz")]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`pipegen: ${path.join(dir, "nope-1.tgz")} does not exist`);
  });
});

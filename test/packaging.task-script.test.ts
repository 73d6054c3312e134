// The packaging pipeline's task script, run for real: against a directory shaped like the registry-image
// (or legacy docker-image) resource's output, with the system's tar; the archive must pass `pipegen image verify`.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { packageScript } from "../pipelines/package-docker-images";
import { pipegen } from "./_run";
import { tempDir } from "./_tmp";

const METADATA = JSON.stringify({ env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], user: "", cmd: ["/bin/sh"], entrypoint: null });

/** A directory like registry-image's `format: rootfs` output. */
function registryImageOutput(tag: string): string {
  const work = tempDir("pipegen-pkg-");
  const src = path.join(work, "image");
  mkdirSync(path.join(src, "rootfs", "etc"), { recursive: true });
  mkdirSync(path.join(src, "rootfs", "bin"), { recursive: true });
  writeFileSync(path.join(src, "rootfs", "etc", "os-release"), "NAME=Test\n");
  writeFileSync(path.join(src, "rootfs", "bin", "busybox"), "#!/bin/sh\n", { mode: 0o755 });
  symlinkSync("busybox", path.join(src, "rootfs", "bin", "sh"));
  writeFileSync(path.join(src, "metadata.json"), METADATA);
  writeFileSync(path.join(src, "tag"), tag);
  writeFileSync(path.join(src, "digest"), "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  writeFileSync(path.join(src, "repository"), "ubuntu");
  return work;
}

function runScript(work: string, script: string) {
  return spawnSync("sh", ["-c", script], { cwd: work, encoding: "utf8" });
}

function tarList(file: string): string[] {
  return execFileSync("tar", ["-tzf", file], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => l.replace(/^\.\//, ""));
}

describe("packaging task script", () => {
  it("packages rootfs/ + metadata.json under <name>/<name>-<version>.tgz, dropping leading zeros from the tag", () => {
    const work = registryImageOutput("24.04");
    const r = runScript(work, packageScript({ name: "ubuntu" }));
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readdirSync(path.join(work, "packaged", "ubuntu"))).toEqual(["ubuntu-24.4.tgz"]);
    const file = path.join(work, "packaged", "ubuntu", "ubuntu-24.4.tgz");
    const entries = tarList(file);
    expect(entries).toContain("metadata.json");
    expect(entries).toContain("rootfs/etc/os-release");
    expect(entries).toContain("rootfs/bin/sh");
    expect(entries.some((e) => e.startsWith("tag") || e.startsWith("digest"))).toBe(false);
    const verify = pipegen(["image", "verify", file]);
    expect(verify.stderr + verify.stdout).not.toMatch(/error/i);
    expect(verify.status).toBe(0);
  });

  it("appends the digest when asked, and strips a leading v", () => {
    const work = registryImageOutput("v1.09.0");
    const r = runScript(work, packageScript({ name: "tool", withDigest: true }));
    expect(r.status).toBe(0);
    expect(readdirSync(path.join(work, "packaged", "tool"))).toEqual(["tool-1.9.0+0123456789ab.tgz"]);
  });

  it("refuses a tag the s3 resource could not parse as a version", () => {
    const work = registryImageOutput("1..2");
    const r = runScript(work, packageScript({ name: "bad" }));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/tag '1\.\.2' gives version '1\.\.2', which the s3 resource cannot parse/);
  });

  it("legacy mode re-roots docker-image's flat rootfs.tar under rootfs/ and leaves device nodes out", () => {
    const work = registryImageOutput("3.20");
    const src = path.join(work, "image");
    // a flat export with a character device, as `docker export` writes it (built with Python's tarfile: no mknod needed)
    execFileSync("python3", [
      "-c",
      `
import tarfile, io
with tarfile.open(${JSON.stringify(path.join(src, "rootfs.tar"))}, "w") as t:
    for name, data in [("etc/hostname", b"x\\n"), ("bin/tool", b"#!/bin/sh\\n")]:
        info = tarfile.TarInfo(name); info.size = len(data); info.mode = 0o755; t.addfile(info, io.BytesIO(data))
    d = tarfile.TarInfo("dev"); d.type = tarfile.DIRTYPE; d.mode = 0o755; t.addfile(d)
    n = tarfile.TarInfo("dev/null"); n.type = tarfile.CHRTYPE; n.devmajor = 1; n.devminor = 3; t.addfile(n)
`,
    ]);
    const r = runScript(work, packageScript({ name: "busybox", legacy: true }));
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const file = path.join(work, "packaged", "busybox", "busybox-3.20.tgz");
    const entries = tarList(file);
    expect(entries).toContain("rootfs/etc/hostname");
    expect(entries).toContain("metadata.json");
    expect(entries.filter((e) => e.startsWith("rootfs/dev/") && e !== "rootfs/dev/")).toEqual([]);
    expect(pipegen(["image", "verify", file]).status).toBe(0);
  });
});

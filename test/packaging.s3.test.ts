// The packaging flow end to end on a real S3 server (Ceph RGW): the packaging task's script produces the archives,
// they are verified and pushed where the pipeline's put would put them, `image ls` shows the version the
// consumers' regexp picks, and `pipegen check` on the consumer example resolves every image.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imageRegexp, packageScript, sampleImages } from "../pipelines/package-docker-images";
import { S3_ENDPOINT, S3_KEY, S3_SECRET, s3Env, testBucket } from "./_s3";
import { pipegen } from "./_run";
import { tempDir } from "./_tmp";

const METADATA = JSON.stringify({ env: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"], user: "" });

/** Runs the packaging task's script for one image against a registry-image-shaped input; returns the archive. */
function packageImage(name: string, tag: string, withDigest = false): string {
  const work = tempDir(`pipegen-${name}-`);
  mkdirSync(path.join(work, "image", "rootfs", "etc"), { recursive: true });
  writeFileSync(path.join(work, "image", "rootfs", "etc", "os-release"), `NAME=${name}\n`);
  writeFileSync(path.join(work, "image", "metadata.json"), METADATA);
  writeFileSync(path.join(work, "image", "tag"), tag);
  writeFileSync(path.join(work, "image", "digest"), "sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210");
  const r = spawnSync("sh", ["-c", packageScript({ name, withDigest })], { cwd: work, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`packaging ${name} failed: ${r.stderr}`);
  const dir = path.join(work, "packaged", name);
  return path.join(dir, readdirSync(dir)[0]!);
}

describe("packaging pipeline with real S3", () => {
  let bucket: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ bucket, cleanup } = await testBucket("packaging"));
  });
  afterAll(async () => cleanup?.());

  it("packages, verifies and pushes; ls picks the newest; the consumer example's check passes", () => {
    const env = s3Env();
    const ubuntu = sampleImages.find((i) => i.name === "ubuntu")!;
    const golang = sampleImages.find((i) => i.name === "golang")!;
    // two ubuntu releases: 24.04 -> 24.4 and 24.10 -> 24.10; the newer must win (it would not with "24.04")
    const archives = [packageImage("ubuntu", "24.04"), packageImage("ubuntu", "24.10"), packageImage("golang", golang.tag, golang.withDigest)];
    for (const file of archives) {
      expect(pipegen(["image", "verify", file]).status).toBe(0);
      // the put step uploads to the regexp's directory part + the file's base name
      const name = path.basename(path.dirname(file));
      const key = `${name}/${path.basename(file)}`;
      const push = pipegen(["image", "push", file, `s3://${bucket}/${key}`], { env });
      expect(push.stderr).not.toMatch(/NodeVersionSupportWarning|error/i);
      expect(push.status).toBe(0);
    }
    const ls = pipegen(["image", "ls", `s3://${bucket}`, "--regexp", imageRegexp(ubuntu.name), "--json"], { env });
    expect(ls.status).toBe(0);
    const listing = JSON.parse(ls.stdout);
    // ascending, as the resource orders them; the last is the one a pipeline gets
    expect(listing.versions.map((v: { version: string }) => v.version)).toEqual(["24.4", "24.10"]);
    expect(listing.latest).toBe("ubuntu/ubuntu-24.10.tgz");
    expect(listing.invalid).toEqual([]);

    const check = pipegen([
      "check",
      "examples/offline-images-consumer.ts",
      "-v",
      `s3-bucket=${bucket}`,
      "-v",
      `s3-endpoint=${S3_ENDPOINT}`,
      "-v",
      `s3-access-key-id=${S3_KEY}`,
      "-v",
      `s3-secret-access-key=${S3_SECRET}`,
    ]);
    expect(check.stderr).not.toMatch(/error/);
    expect(check.status).toBe(0);
    expect(check.stdout + check.stderr).toMatch(/ubuntu\/ubuntu-24\.10\.tgz/);
    expect(check.stdout + check.stderr).toMatch(/golang\/golang-1\.22\+fedcba987654\.tgz/);
  });
});

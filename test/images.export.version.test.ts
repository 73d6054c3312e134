// The archive version rule shared by `pipegen image export` (TypeScript) and the packaging pipeline's task
// (a sed program): both are run over the same tags and must agree, and what they give must parse and
// sort as the s3 resource orders versions. Also image references as docker reads them.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { exportDestination } from "../src/images/export/export";
import { formatReference, parseImageReference } from "../src/images/export/reference";
import { IMAGE_VERSION_SED, imageVersionFromTag } from "../src/images/export/version";
import { compareS3Versions } from "../src/images/version";

const TAGS = [
  "24.04",
  "22.04.1",
  "v1.2.3",
  "V10",
  "v01.002.0003",
  "2024.09.30",
  "1.0.0-rc.01",
  "0.0.0",
  "0",
  "00",
  "1.00",
  "10.0.100",
  "latest",
  "stable-slim",
  "3.20-alpine",
  "version9",
  "v",
  "1.2.3+build.007",
  "007",
];

describe("imageVersionFromTag", () => {
  it("drops a leading v and the leading zeros of numeric components", () => {
    expect(TAGS.map((t) => imageVersionFromTag(t))).toEqual([
      "24.4",
      "22.4.1",
      "1.2.3",
      "10",
      "1.2.3",
      "2024.9.30",
      "1.0.0-rc.1",
      "0.0.0",
      "0",
      "0",
      "1.0",
      "10.0.100",
      "latest",
      "stable-slim",
      "3.20-alpine",
      "version9",
      "v",
      "1.2.3+build.7",
      "7",
    ]);
  });

  it("agrees with the sed program the packaging pipeline's task runs, tag for tag", () => {
    const sed = execFileSync("sed", ["-E", IMAGE_VERSION_SED], { input: TAGS.join("\n") + "\n", encoding: "utf8" })
      .trimEnd()
      .split("\n");
    expect(sed).toEqual(TAGS.map((t) => imageVersionFromTag(t)));
  });

  it("appends the digest's first 12 hex digits as post-release, which sorts above the bare version", () => {
    const v = imageVersionFromTag("24.04", `sha256:${"0123456789abcdef".repeat(4)}`);
    expect(v).toBe("24.4+0123456789ab");
    expect(compareS3Versions(v, "24.4")).toBe(1);
  });

  it("orders rewritten tags the way people expect, where the raw tags would not", () => {
    expect(compareS3Versions("24.04", "24.10")).toBe(1); // the trap
    expect(compareS3Versions(imageVersionFromTag("24.04"), imageVersionFromTag("24.10"))).toBe(-1);
    expect(compareS3Versions(imageVersionFromTag("v9"), imageVersionFromTag("v10"))).toBe(-1);
  });
});

describe("image references", () => {
  it.each([
    ["ubuntu", { registry: "docker.io", apiHost: "registry-1.docker.io", repository: "library/ubuntu", tag: "latest" }],
    ["ubuntu:24.04", { registry: "docker.io", repository: "library/ubuntu", tag: "24.04" }],
    ["docker.io/team/tool:1", { registry: "docker.io", repository: "team/tool", tag: "1" }],
    ["127.0.0.1:5000/a/b/c:v1", { registry: "127.0.0.1:5000", apiHost: "127.0.0.1:5000", repository: "a/b/c", tag: "v1" }],
    ["localhost/x", { registry: "localhost", repository: "x", tag: "latest" }],
    [`ghcr.io/o/i@sha256:${"a".repeat(64)}`, { registry: "ghcr.io", repository: "o/i", digest: `sha256:${"a".repeat(64)}` }],
    [`ghcr.io/o/i:1.0@sha256:${"a".repeat(64)}`, { registry: "ghcr.io", repository: "o/i", tag: "1.0", digest: `sha256:${"a".repeat(64)}` }],
  ])("%s", (ref, want) => {
    const r = parseImageReference(ref);
    expect(r).toMatchObject(want);
    if (!("digest" in want)) expect(r.digest).toBeUndefined();
  });

  it("formats references back the short way", () => {
    expect(formatReference(parseImageReference("ubuntu:24.04"))).toBe("ubuntu:24.04");
    expect(formatReference(parseImageReference("127.0.0.1:5000/a/b:1"))).toBe("127.0.0.1:5000/a/b:1");
  });

  it.each([
    ["", "it is empty"],
    ["Ubuntu", "'Ubuntu' is not a valid repository path component"],
    ["a//b", "the repository path is empty"],
    ["ubuntu:bad tag", "'bad tag' is not a valid tag"],
    ["ubuntu@sha256:123", "'sha256:123' is not a sha256:<64 hex> digest"],
  ])("refuses %j", (ref, why) => {
    expect(() => parseImageReference(ref)).toThrow(why);
  });
});

describe("export destination", () => {
  const ref = parseImageReference("127.0.0.1:5000/team/tool:1.0");
  it.each([
    ["s3://b/ubuntu/", undefined, { bucket: "b", folder: "ubuntu/", name: "ubuntu" }],
    ["s3://b/images/ubuntu", undefined, { bucket: "b", folder: "images/ubuntu/", name: "ubuntu" }],
    ["s3://b", undefined, { bucket: "b", folder: "tool/", name: "tool" }],
    ["s3://b/", "mytool", { bucket: "b", folder: "mytool/", name: "mytool" }],
    ["s3://b/x/", "y", { bucket: "b", folder: "x/", name: "y" }],
    ["s3://b/x/exact-3.tgz", undefined, { bucket: "b", key: "x/exact-3.tgz", name: "tool" }],
  ])("%s (--name %s)", (target, name, want) => {
    expect(exportDestination(ref, target, name)).toEqual(want);
  });
  it("refuses a name that would break the s3 regexp", () => {
    expect(() => exportDestination(ref, "s3://b/", "a b")).toThrow("archive name 'a b' (--name) may only hold letters, digits, '.', '_' and '-'; pass --name");
  });
});

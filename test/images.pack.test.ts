// `pipegen image pack` / packImage: the archive has metadata.json and rootfs/ at the top, keeps modes,
// owners, symlinks and hard links, leaves special files out, refuses escaping entries, is byte-identical
// with --reproducible, and GNU tar (what the s3 resource runs) extracts it to the same tree.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packImage, verifyImage } from "../src/images";
import { pipegen } from "./_run";
import { describeTree, GOOD_METADATA, isRoot, makeImageDir, tarHeaders, tempDir, writeRawTar } from "./fixtures/images/trees";

const dirs: string[] = [];
const scratch = (tag: string): string => {
  const d = tempDir(tag);
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) execFileSync("rm", ["-rf", d]);
});

describe("packing an image directory", () => {
  it("puts metadata.json first and rootfs/ at the top, with numeric owners and sorted entries", async () => {
    const d = scratch("pack-layout");
    makeImageDir(path.join(d, "in"));
    const out = path.join(d, "ubuntu-1.0.0.tgz");
    const r = await packImage({ input: path.join(d, "in"), output: out });
    expect(r.input).toBe("image-dir");
    const headers = await tarHeaders(out);
    expect(headers[0]).toMatchObject({ name: "metadata.json", type: "file" });
    expect(headers[1]).toMatchObject({ name: "rootfs/", type: "directory" });
    expect(headers.every((h) => h.name === "metadata.json" || h.name.startsWith("rootfs/"))).toBe(true);
    expect(headers.every((h) => h.uname === "")).toBe(true);
    const names = headers.slice(1).map((h) => h.name);
    expect(names).toContain("rootfs/etc/ünïcödé.conf");
    expect(names.find((n) => n.endsWith(".txt"))!.length).toBeGreaterThan(200); // pax path
    const byName = Object.fromEntries(headers.map((h) => [h.name, h]));
    expect(byName["rootfs/bin/tool-hard"]).toMatchObject({ mode: 0o4755, type: "file", size: 3 * 1024 * 1024 + 17 });
    expect(byName["rootfs/tmp/"]).toMatchObject({ mode: 0o1777, type: "directory" });
    expect(byName["rootfs/bin/tool"]).toMatchObject({ type: "symlink", linkname: "../usr/bin/tool" });
    expect(byName["rootfs/sbin"]).toMatchObject({ type: "symlink", linkname: "/usr/bin" });
    // hard links: the first name in sorted order holds the data, the other links to it
    expect(headers.filter((h) => h.type === "link")).toEqual([expect.objectContaining({ name: "rootfs/usr/bin/tool", linkname: "rootfs/bin/tool-hard" })]);
    if (isRoot) {
      expect(byName["rootfs/etc/hostname"]).toMatchObject({ uid: 1000, gid: 2000 });
      expect(byName["rootfs/etc/big-ids"]).toMatchObject({ uid: 3000000, gid: 3000001 }); // beyond ustar's octal field: pax
    }
  });

  it.runIf(isRoot)("leaves device nodes and FIFOs out and says so", async () => {
    const d = scratch("pack-specials");
    makeImageDir(path.join(d, "in"));
    const r = await packImage({ input: path.join(d, "in"), output: path.join(d, "x-1.tgz") });
    expect(r.skipped).toEqual([
      { path: "rootfs/dev/initctl", type: "fifo" },
      { path: "rootfs/dev/null", type: "character-device" },
    ]);
    const names = (await tarHeaders(path.join(d, "x-1.tgz"))).map((h) => h.name);
    expect(names).toContain("rootfs/dev/");
    expect(names.filter((n) => n.startsWith("rootfs/dev/") && n !== "rootfs/dev/")).toEqual([]);
  });

  it("extracts with GNU tar (as the s3 resource does) to the same tree", async () => {
    const d = scratch("pack-roundtrip");
    makeImageDir(path.join(d, "in"), { specials: false });
    await packImage({ input: path.join(d, "in"), output: path.join(d, "img-2.0.tgz") });
    mkdirSync(path.join(d, "out"));
    execFileSync("gunzip", ["-t", path.join(d, "img-2.0.tgz")]);
    execFileSync("tar", ["-xzf", path.join(d, "img-2.0.tgz"), "-C", path.join(d, "out"), "--numeric-owner", "-p"]);
    expect(readdirSync(path.join(d, "out")).sort()).toEqual(["metadata.json", "rootfs"]);
    expect(describeTree(path.join(d, "out", "rootfs"))).toEqual(describeTree(path.join(d, "in", "rootfs")));
    expect(readFileSync(path.join(d, "out", "metadata.json"), "utf8")).toBe(JSON.stringify(GOOD_METADATA));
  });

  it("with --reproducible, gives byte-identical archives for identical trees whatever their mtimes and location", async () => {
    const d = scratch("pack-repro");
    makeImageDir(path.join(d, "a"), { specials: false });
    execFileSync("cp", ["-a", path.join(d, "a"), path.join(d, "b")]); // keeps owners and hard links
    utimesSync(path.join(d, "b", "rootfs", "etc", "hostname"), new Date(2001, 1, 1), new Date(2001, 1, 1));
    const one = await packImage({ input: path.join(d, "a"), output: path.join(d, "one.tgz"), reproducible: true });
    const two = await packImage({ input: path.join(d, "b"), output: path.join(d, "two.tgz"), reproducible: true });
    expect(readFileSync(path.join(d, "one.tgz")).equals(readFileSync(path.join(d, "two.tgz")))).toBe(true);
    expect(one.sha256).toBe(two.sha256);
    expect(new Set((await tarHeaders(path.join(d, "one.tgz"))).map((h) => h.mtime))).toEqual(new Set([0]));
    // without the flag the real mtimes are kept, so the archives differ
    await packImage({ input: path.join(d, "b"), output: path.join(d, "three.tgz") });
    const hostname = (await tarHeaders(path.join(d, "three.tgz"))).find((h) => h.name === "rootfs/etc/hostname")!;
    expect(hostname.mtime).toBe(Math.floor(new Date(2001, 1, 1).getTime() / 1000));
  });

  it("uses SOURCE_DATE_EPOCH as the fixed mtime (CLI)", async () => {
    const d = scratch("pack-sde");
    makeImageDir(path.join(d, "in"), { specials: false });
    const r = pipegen(["image", "pack", path.join(d, "in"), "-o", path.join(d, "app-1.tgz"), "--reproducible"], { env: { SOURCE_DATE_EPOCH: "1700000000" } });
    expect(r.status, r.stderr).toBe(0);
    expect(new Set((await tarHeaders(path.join(d, "app-1.tgz"))).map((h) => h.mtime))).toEqual(new Set([1700000000]));
  });

  it("produces an archive that verify accepts", async () => {
    const d = scratch("pack-verify");
    makeImageDir(path.join(d, "in"));
    await packImage({ input: path.join(d, "in"), output: path.join(d, "app-1.2.3.tgz") });
    const report = await verifyImage(path.join(d, "app-1.2.3.tgz"));
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });
});

describe("packing a docker-image rootfs.tar output", () => {
  it.runIf(isRoot)("re-roots the flat export under rootfs/, prefixes hard links and drops device nodes", async () => {
    const d = scratch("pack-reroot");
    makeImageDir(path.join(d, "src"));
    mkdirSync(path.join(d, "docker"));
    execFileSync("tar", ["-cf", path.join(d, "docker", "rootfs.tar"), "-C", path.join(d, "src", "rootfs"), "."]);
    writeFileSync(path.join(d, "docker", "metadata.json"), JSON.stringify(GOOD_METADATA));
    writeFileSync(path.join(d, "docker", "image-id"), "sha256:abc");
    const r = await packImage({ input: path.join(d, "docker"), output: path.join(d, "img-3.tgz") });
    expect(r.input).toBe("rootfs-tar");
    expect(r.skipped.map((s) => s.path).sort()).toEqual(["rootfs/dev/initctl", "rootfs/dev/null"]);
    const headers = await tarHeaders(path.join(d, "img-3.tgz"));
    expect(headers.slice(0, 2).map((h) => h.name)).toEqual(["metadata.json", "rootfs/"]);
    expect(headers.filter((h) => h.name === "rootfs/")).toHaveLength(1);
    const link = headers.find((h) => h.type === "link")!;
    expect(link.linkname).toMatch(/^rootfs\/(bin\/tool-hard|usr\/bin\/tool)$/);
    mkdirSync(path.join(d, "out"));
    execFileSync("tar", ["-xzf", path.join(d, "img-3.tgz"), "-C", path.join(d, "out"), "--numeric-owner", "-p"]);
    const want = describeTree(path.join(d, "src", "rootfs"));
    delete want["dev/null"];
    delete want["dev/initctl"];
    expect(describeTree(path.join(d, "out", "rootfs"))).toEqual(want);
  });

  it("refuses an export with entries that escape the tree, and leaves no file behind", async () => {
    const d = scratch("pack-escape");
    mkdirSync(path.join(d, "docker"));
    await writeRawTar(
      path.join(d, "docker", "rootfs.tar"),
      [
        { name: "./etc/", type: "directory" },
        { name: "../../etc/cron.d/evil", body: "* * * * * root sh" },
      ],
      false,
    );
    writeFileSync(path.join(d, "docker", "metadata.json"), JSON.stringify(GOOD_METADATA));
    await expect(packImage({ input: path.join(d, "docker"), output: path.join(d, "evil-1.tgz") })).rejects.toThrow(
      /entry '\.\.\/\.\.\/etc\/cron\.d\/evil' contains '\.\.'/,
    );
    expect(readdirSync(d)).toEqual(["docker"]);
    await writeRawTar(path.join(d, "docker", "rootfs.tar"), [{ name: "/etc/passwd", body: "x" }], false);
    const r = pipegen(["image", "pack", path.join(d, "docker"), "-o", path.join(d, "evil-1.tgz")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^pipegen: rootfs\.tar: entry '\/etc\/passwd' has an absolute path; refusing/m);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readdirSync(d)).toEqual(["docker"]);
  });
});

describe("pipegen image pack (CLI)", () => {
  it("prints notes and warnings on stderr and a JSON result on stdout with --json", async () => {
    const d = scratch("pack-cli");
    makeImageDir(path.join(d, "in"));
    const r = pipegen(["image", "pack", path.join(d, "in"), "-o", path.join(d, "app-v1.0.tgz"), "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ input: "image-dir", output: path.join(d, "app-v1.0.tgz") });
    expect(json.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.stderr).toMatch(/keep the 'v' outside the regexp group/);
    if (isRoot) expect(r.stderr).toMatch(/^note: left out rootfs\/dev\/null \(character device/m);
  });

  it("refuses invalid metadata.json with one line per problem and exit 1", () => {
    const d = scratch("pack-badmeta");
    makeImageDir(path.join(d, "in"), { metadata: { env: "PATH=/bin", user: 1000 }, specials: false });
    const r = pipegen(["image", "pack", path.join(d, "in"), "-o", path.join(d, "app-1.tgz")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error: metadata\.json:env: 'env' must be an array of strings, found a string/);
    expect(r.stderr).toMatch(/error: metadata\.json:user: 'user' must be a string, found a number \(1000\)/);
    expect(existsSync(path.join(d, "app-1.tgz"))).toBe(false);
  });

  it("explains inputs that are not images", () => {
    const d = scratch("pack-noinput");
    mkdirSync(path.join(d, "empty"));
    const r = pipegen(["image", "pack", path.join(d, "empty"), "-o", path.join(d, "x-1.tgz")]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      `pipegen: ${path.join(d, "empty")} has neither rootfs/ nor rootfs.tar (expected registry-image 'format: rootfs' or docker-image 'rootfs: true' output)`,
    );
    mkdirSync(path.join(d, "nometa", "rootfs"), { recursive: true });
    expect(pipegen(["image", "pack", path.join(d, "nometa"), "-o", path.join(d, "x-1.tgz")]).stderr).toMatch(/has no metadata\.json/);
  });
});

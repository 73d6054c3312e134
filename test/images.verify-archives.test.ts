// `pipegen image verify` on .tar.bz2 and .zip images: the archives are made by the system's tar, bzip2 and
// zip (never by pipegen), and what pipegen predicts for a zip is checked against what the real unzip
// produces with the s3 resource's command line (`unzip -P "" -d <outdir> <file>`).
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, createReadStream, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { verifyImage, verifyImageStream } from "../src/images";
import { pipegen } from "./_run";
import { GOOD_METADATA, isRoot, tempDir } from "./fixtures/images/trees";

const dir = tempDir("verify-archives");
afterAll(() => execFileSync("rm", ["-rf", dir]));

const sh = (cmd: string, cwd = dir): string => execFileSync("bash", ["-c", cmd], { cwd, encoding: "utf8" });
const codes = (r: { problems: readonly { code: string; severity: string }[] }): string[] => r.problems.map((p) => `${p.severity} ${p.code}`);

/** A small image tree: an executable, a setuid binary, a sticky /tmp, a symlink, a user's home (owned by 1000 when root). */
function imageTree(name: string, opts: { metadata?: boolean } = {}): string {
  const root = path.join(dir, name);
  const rootfs = path.join(root, "rootfs");
  for (const d of ["bin", "etc", "tmp", "usr/bin", "home/app"]) mkdirSync(path.join(rootfs, d), { recursive: true });
  if (opts.metadata !== false) writeFileSync(path.join(root, "metadata.json"), JSON.stringify(GOOD_METADATA));
  writeFileSync(path.join(rootfs, "etc/passwd"), "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
  writeFileSync(path.join(rootfs, "bin/sh"), "#!/bin/true\n");
  chmodSync(path.join(rootfs, "bin/sh"), 0o755);
  symlinkSync("sh", path.join(rootfs, "bin/bash"));
  writeFileSync(path.join(rootfs, "usr/bin/su"), "setuid\n");
  chmodSync(path.join(rootfs, "usr/bin/su"), 0o4755);
  chmodSync(path.join(rootfs, "tmp"), 0o1777);
  // enough varied data for several bzip2 blocks at -1 (100 kB each)
  const lines: string[] = [];
  for (let i = 0; i < 40000; i++) lines.push(`${i} ${(i * 2654435761) % 4294967296} ${"abcdefghij".slice(i % 10)}`);
  writeFileSync(path.join(rootfs, "usr/bin/data"), lines.join("\n"));
  if (isRoot) chownSync(path.join(rootfs, "home/app"), 1000, 1000);
  return root;
}

/** A reproducible tar of a tree, made by GNU tar. */
function tarOf(tree: string, out: string): string {
  sh(`tar --sort=name --mtime=@0 --numeric-owner -cf ${JSON.stringify(out)} -C ${JSON.stringify(tree)} .`);
  return out;
}

function zipOf(tree: string, out: string, extra = ""): string {
  sh(`zip -qry ${extra} ${JSON.stringify(out)} .`, tree);
  return out;
}

describe("verifyImage: bzip2", () => {
  const tree = imageTree("tree-bz");
  const tar = tarOf(tree, path.join(dir, "img.tar"));
  const entries = sh(`tar tf ${tar}`).trim().split("\n").length;

  it("accepts a good .tar.bz2 and reads every entry of the tar inside", async () => {
    const file = path.join(dir, "ok-1.tar.bz2");
    sh(`bzip2 -1 -c img.tar > ${file}`);
    const r = await verifyImage(file);
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({
      ok: true,
      format: "bzip2",
      entries,
      bytes: lstatSync(file).size,
      tarBytes: lstatSync(tar).size,
      metadata: { env: GOOD_METADATA.env, user: "" },
    });
  });

  it("decodes concatenated streams, as pbzip2 and lbzip2 write them", async () => {
    const file = path.join(dir, "multi-1.tbz2");
    const half = Math.floor(lstatSync(tar).size / 2);
    sh(`(head -c ${half} img.tar | bzip2 -9; tail -c +${half + 1} img.tar | bzip2 -2) > ${file}`);
    expect(sh(`bzip2 -dc ${file} | cmp - img.tar && echo same`).trim()).toBe("same");
    const r = await verifyImage(file);
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ ok: true, format: "bzip2", entries, tarBytes: lstatSync(tar).size });
  });

  it("reports bzip2 of something that is not a tar: the s3 resource would keep the file, no rootfs/", async () => {
    const file = path.join(dir, "meta-1.json.bz2");
    sh(`bzip2 -c ${JSON.stringify(path.join(tree, "metadata.json"))} > ${file}`);
    const r = await verifyImage(file);
    expect(codes(r)).toEqual(["error pipegen/image-archive-type"]);
    expect(r.problems[0]!.message).toBe("the bzip2 data is not a tar archive: the s3 resource would keep the decompressed file, and there would be no rootfs/");
  });

  it("applies the same layout checks as for gzip: no metadata.json", async () => {
    const bare = imageTree("tree-bz-nometa", { metadata: false });
    const file = path.join(dir, "nometa-1.tar.bz2");
    sh(`bzip2 -c ${tarOf(bare, path.join(dir, "nometa.tar"))} > ${file}`);
    const r = await verifyImage(file);
    expect(codes(r)).toEqual(["error pipegen/image-no-metadata"]);
  });

  it("reports a truncated or damaged .tar.bz2 on one line", async () => {
    sh("bzip2 -1 -c img.tar > good-9.tar.bz2");
    const full = readFileSync(path.join(dir, "good-9.tar.bz2"));
    writeFileSync(path.join(dir, "trunc-1.tar.bz2"), full.subarray(0, Math.floor(full.length * 0.6)));
    const t = await verifyImage(path.join(dir, "trunc-1.tar.bz2"));
    expect(codes(t)).toEqual(["error pipegen/image-corrupt"]);
    expect(t.problems[0]!.message).toMatch(/^cannot read the archive after \d+ entries: the bzip2 stream ends early \(truncated upload or download\?\)$/);

    const flipped = Buffer.from(full);
    flipped[Math.floor(full.length / 2)]! ^= 0x04;
    writeFileSync(path.join(dir, "flip-1.tar.bz2"), flipped);
    expect(() => execFileSync("bzip2", ["-t", path.join(dir, "flip-1.tar.bz2")], { stdio: "ignore" })).toThrow(); // bzip2 agrees it is damaged
    const f = await verifyImage(path.join(dir, "flip-1.tar.bz2"));
    expect(codes(f)).toEqual(["error pipegen/image-corrupt"]);
    expect(f.problems[0]!.message).toMatch(/^cannot read the archive after \d+ entries: corrupt bzip2 data \(.+ in block \d+\)$/);

    writeFileSync(path.join(dir, "tiny-1.tar.bz2"), full.subarray(0, 30)); // ends inside the first block
    const tiny = await verifyImage(path.join(dir, "tiny-1.tar.bz2"));
    expect(tiny.problems.map((p) => `${p.code}: ${p.message}`)).toEqual([
      "pipegen/image-corrupt: cannot read the archive: the bzip2 stream ends early (truncated upload or download?)",
    ]);
  });
});

/** Extracts a zip exactly as the s3 resource does, and returns mode and owner of some paths. */
function unzipped(file: string, paths: string[]): Record<string, string> {
  const out = mkdtempSync(path.join(dir, "unzipped-"));
  execFileSync("unzip", ["-q", "-P", "", "-d", out, file]);
  const r: Record<string, string> = {};
  for (const p of paths) {
    const st = lstatSync(path.join(out, p));
    r[p] = `${(st.mode & 0o7777).toString(8).padStart(4, "0")} ${st.uid}:${st.gid}`;
  }
  return r;
}

describe("verifyImage: zip", () => {
  const tree = imageTree("tree-zip");
  const zip = zipOf(tree, path.join(dir, "ok-1.zip"));

  it("reports what a rootfs unpacked by unzip lacks: setuid/sticky bits and owners", async () => {
    // what the real unzip makes of it (run as the test's user; the s3 resource runs it as root)
    expect(unzipped(zip, ["rootfs/bin/sh", "rootfs/usr/bin/su", "rootfs/tmp", ...(isRoot ? ["rootfs/home/app"] : [])])).toEqual({
      "rootfs/bin/sh": `0755 ${process.getuid!()}:${process.getgid!()}`,
      "rootfs/usr/bin/su": `0755 ${process.getuid!()}:${process.getgid!()}`, // setuid cleared (no -K)
      "rootfs/tmp": `0777 ${process.getuid!()}:${process.getgid!()}`, // sticky bit cleared
      ...(isRoot ? { "rootfs/home/app": "0755 0:0" } : {}), // owner not restored (no -X)
    });
    const r = await verifyImage(zip);
    expect(r).toMatchObject({ ok: true, format: "zip", bytes: lstatSync(zip).size, metadata: { env: GOOD_METADATA.env } });
    expect(r.entries).toBe(sh(`unzip -Z1 ${zip}`).trim().split("\n").length);
    expect(codes(r)).toEqual(["warning pipegen/image-zip-special-bits", "warning pipegen/image-zip-owners"]);
    const [bits, owners] = r.problems;
    const example = bits!.path === "rootfs/tmp" ? "1777 → 0777" : "4755 → 0755"; // the first in the zip's order
    expect(bits).toMatchObject({
      path: expect.stringMatching(/^rootfs\/(tmp|usr\/bin\/su)$/),
      message: `2 entries lose setuid/setgid/sticky bits (here ${example}): the s3 resource runs unzip without -K, which clears them`,
    });
    if (isRoot)
      expect(owners).toMatchObject({
        path: "rootfs/home/app",
        message: expect.stringMatching(
          /^1 entry under rootfs\/ is owned by other users or groups in the zip \(here uid:gid 1000:1000\), but unzip runs without -X: after unpacking everything is owned by root$/,
        ),
      });
    expect(r.tarBytes).toBe(Number(sh(`unzip -Zt ${zip}`).match(/(\d+) bytes uncompressed/)![1]));
  });

  it("fails a zip without rootfs/ at the top, with the hint when it is wrapped", async () => {
    sh("zip -qry wrapped-1.zip tree-zip");
    const wrapped = path.join(dir, "wrapped-1.zip");
    const r = await verifyImage(wrapped);
    expect(r.ok).toBe(false);
    expect(codes(r).filter((c) => c.startsWith("error"))).toEqual(["error pipegen/image-no-rootfs", "error pipegen/image-no-metadata"]);
    expect(r.problems.find((p) => p.code === "pipegen/image-no-rootfs")!.hint).toBe(
      "everything is under 'tree-zip/': archive the contents of that directory, so rootfs/ is at the top",
    );
  });

  it("fails a zip made without Unix permissions: unzip would make nothing executable", async () => {
    // the same zip, its central directory marked as made on MS-DOS (host 0) with no Unix mode bits
    const data = Buffer.from(readFileSync(zip));
    for (let at = data.indexOf("PK\x01\x02", 0, "latin1"); at >= 0; at = data.indexOf("PK\x01\x02", at + 4, "latin1")) {
      data[at + 5] = 0;
      data.writeUInt16LE(0, at + 40);
    }
    const dos = path.join(dir, "dos-1.zip");
    writeFileSync(dos, data);
    expect(unzipped(dos, ["rootfs/bin/sh"])["rootfs/bin/sh"]).toMatch(/^0[0-6][0-6][0-6] /); // no execute bit: as predicted
    const r = await verifyImage(dos);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({
      code: "pipegen/image-zip-no-modes",
      severity: "error",
      message: expect.stringMatching(
        /^\d+ entries under rootfs\/ carry no Unix permissions \(zipped on MS-DOS\/Windows \(FAT\)\): unzip makes them rw-rw-rw- less the umask and never executable/,
      ),
    });
  });

  it('fails an encrypted zip (the resource\'s unzip -P "" cannot open it) and a truncated one', async () => {
    const enc = zipOf(tree, path.join(dir, "enc-1.zip"), "-P secret");
    const e = await verifyImage(enc);
    expect(codes(e)).toContain("error pipegen/image-zip-encrypted");
    expect(codes(e)).toContain("error pipegen/image-metadata"); // metadata.json cannot be read either

    const full = readFileSync(zip);
    writeFileSync(path.join(dir, "trunc-1.zip"), full.subarray(0, full.length - 300));
    const t = await verifyImage(path.join(dir, "trunc-1.zip"));
    expect(t.problems.map((p) => `${p.code}: ${p.message}`)).toEqual([
      expect.stringMatching(/^pipegen\/image-corrupt: cannot read the archive: the zip's central directory is missing \(truncated upload or download\?\)/),
    ]);

    const damaged = Buffer.from(full);
    const local = damaged.indexOf("metadata.json", 0, "latin1") - 30; // the first hit is the name in its local header
    expect(damaged.readUInt32LE(local)).toBe(0x04034b50);
    damaged[local + 30 + damaged.readUInt16LE(local + 26) + damaged.readUInt16LE(local + 28) + 2]! ^= 0xff; // inside its data
    writeFileSync(path.join(dir, "crc-1.zip"), damaged);
    const c = await verifyImage(path.join(dir, "crc-1.zip"));
    expect(codes(c)).toContain("error pipegen/image-corrupt");
    expect(c.problems.find((p) => p.code === "pipegen/image-corrupt")!.message).toMatch(/^cannot read the archive's entry '.+': .+; unzip would fail on it$/);
  });

  it("spools a zip stream to a private temporary file and always removes it", async () => {
    const tmp = mkdtempSync(path.join(dir, "tmp-"));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const r = await verifyImageStream(createReadStream(zip), "images/ok-1.zip", "s3://bucket/images/ok-1.zip");
      expect(r).toMatchObject({ source: "s3://bucket/images/ok-1.zip", format: "zip", ok: true, bytes: lstatSync(zip).size });
      expect(readdirSync(tmp)).toEqual([]);
      const bad = await verifyImageStream(createReadStream(path.join(dir, "trunc-1.zip")), "x.zip");
      expect(codes(bad)).toEqual(["error pipegen/image-corrupt"]);
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      process.env.TMPDIR = saved;
    }
  });
});

describe("pipegen image verify (CLI) on bzip2 and zip", () => {
  it("prints the JSON report and exits 0 for a good .tar.bz2, 1 for a zip without rootfs/", () => {
    const tar = tarOf(imageTree("tree-cli"), path.join(dir, "cli.tar"));
    sh(`bzip2 -c ${tar} > cli-1.tar.bz2`);
    const ok = pipegen(["image", "verify", path.join(dir, "cli-1.tar.bz2"), "--json"]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ format: "bzip2", ok: true, problems: [], tarBytes: lstatSync(tar).size });

    mkdirSync(path.join(dir, "norootfs/bin"), { recursive: true });
    writeFileSync(path.join(dir, "norootfs/metadata.json"), JSON.stringify(GOOD_METADATA));
    writeFileSync(path.join(dir, "norootfs/bin/sh"), "x");
    const zip = zipOf(path.join(dir, "norootfs"), path.join(dir, "cli-1.zip"));
    const bad = pipegen(["image", "verify", zip, "--json"]);
    expect(bad.status).toBe(1);
    const report = JSON.parse(bad.stdout);
    expect(report).toMatchObject({ format: "zip", ok: false });
    expect(report.problems.map((p: { code: string }) => p.code)).toContain("pipegen/image-no-rootfs");
    expect(bad.stderr).toBe("");
  });
});

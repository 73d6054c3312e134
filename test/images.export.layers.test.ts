// Layer application (RootfsBuilder) on hand-made tar layers, on the real filesystem: the cases that
// registries rarely serve but an exporter must get right — an opaque marker after entries of its own
// layer, whiteouts of what is not there, paths through absolute symlinks and `..`, links to left-out
// devices, hostile paths. Checked by looking at the tree on disk and the attributes kept for the packer.
import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import * as path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { RootfsBuilder } from "../src/images/export/apply";
import { rawTar, type RawEntry } from "./fixtures/export/registry";
import { tempDir } from "./fixtures/images/trees";

const dir = tempDir("export-layers");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function build(...layers: RawEntry[][]): Promise<{ b: RootfsBuilder; root: string }> {
  const root = path.join(dir, `r${n++}`, "rootfs");
  const b = new RootfsBuilder(root);
  for (const [i, l] of layers.entries()) await b.applyLayer(Readable.from([await rawTar(l)]), `layer ${i + 1}/${layers.length}`);
  return { b, root };
}

const tree = (root: string, rel = ""): string[] =>
  readdirSync(path.join(root, rel))
    .sort()
    .flatMap((name) => {
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(path.join(root, r));
      return st.isDirectory() ? [`${r}/`, ...tree(root, r)] : [st.isSymbolicLink() ? `${r} -> ${readlinkSync(path.join(root, r))}` : r];
    });

describe("RootfsBuilder", () => {
  it("an opaque marker hides the lower layers' entries but keeps its own layer's, before and after it", async () => {
    const { root } = await build(
      [
        { name: "d/", type: "directory" },
        { name: "d/old", body: "old" },
        { name: "d/sub/", type: "directory" },
        { name: "d/sub/deep", body: "deep" },
      ],
      [
        { name: "d/before", body: "b" },
        { name: "d/sub/", type: "directory" },
        { name: "d/sub/mine", body: "m" },
        { name: "d/.wh..wh..opq" },
        { name: "d/after", body: "a" },
      ],
    );
    expect(tree(root)).toEqual(["d/", "d/after", "d/before", "d/sub/", "d/sub/mine"]);
  });

  it("whiteouts remove files and whole directories of lower layers, and ignore what does not exist", async () => {
    const { root, b } = await build(
      [
        { name: "a/b/c", body: "c" },
        { name: "a/keep", body: "k" },
        { name: "x", body: "x" },
      ],
      [{ name: "a/.wh.b" }, { name: ".wh.x" }, { name: "nothere/.wh.y" }, { name: "a/.wh.ghost" }],
    );
    expect(tree(root)).toEqual(["a/", "a/keep"]);
    expect(b.attributesOf("a/b/c")).toBeUndefined();
    expect(b.attributesOf("a/b")).toBeUndefined();
  });

  it("a file replaces a directory and a directory replaces a file; a directory entry over a directory keeps its content", async () => {
    const { root, b } = await build(
      [
        { name: "p/", type: "directory" },
        { name: "p/in", body: "1" },
        { name: "q", body: "file" },
        { name: "r/", type: "directory", mode: 0o700 },
        { name: "r/in", body: "r" },
      ],
      [
        { name: "p", body: "now a file" },
        { name: "q/", type: "directory" },
        { name: "q/in", body: "2" },
        { name: "r/", type: "directory", mode: 0o755, uid: 7 },
      ],
    );
    expect(tree(root)).toEqual(["p", "q/", "q/in", "r/", "r/in"]);
    expect(readFileSync(path.join(root, "p"), "utf8")).toBe("now a file");
    expect(b.attributesOf("r")).toMatchObject({ mode: 0o755, uid: 7 });
  });

  it("paths through symlinks are resolved inside the rootfs (absolute targets and '..' stop at its root)", async () => {
    const { root } = await build(
      [
        { name: "real/", type: "directory" },
        { name: "abs", type: "symlink", linkname: "/real" },
        { name: "rel", type: "symlink", linkname: "../../../real" },
        { name: "host", type: "symlink", linkname: "/etc" },
      ],
      [
        { name: "abs/one", body: "1" },
        { name: "rel/two", body: "2" },
        { name: "host/pipegen-export-test-host-file", body: "must stay inside" },
      ],
    );
    expect(readFileSync(path.join(root, "real/one"), "utf8")).toBe("1");
    expect(readFileSync(path.join(root, "real/two"), "utf8")).toBe("2");
    // host -> /etc means the rootfs's own etc/, created there; the host's /etc is never touched
    expect(readFileSync(path.join(root, "etc/pipegen-export-test-host-file"), "utf8")).toBe("must stay inside");
    expect(existsSync("/etc/pipegen-export-test-host-file")).toBe(false);
  });

  it("a symlink loop in a parent path is an error, not a hang", async () => {
    await expect(build([{ name: "loop", type: "symlink", linkname: "/loop" }], [{ name: "loop/x", body: "x" }])).rejects.toThrow(
      "layer 2/2: too many levels of symbolic links under 'loop/x'",
    );
  });

  it("a symlink at the final component is replaced, never followed", async () => {
    const { root } = await build(
      [
        { name: "target", body: "t" },
        { name: "l", type: "symlink", linkname: "target" },
      ],
      [{ name: "l", body: "replaced" }],
    );
    expect(readFileSync(path.join(root, "target"), "utf8")).toBe("t");
    expect(lstatSync(path.join(root, "l")).isFile()).toBe(true);
  });

  it("refuses entries and hard links that climb out of the tree", async () => {
    await expect(build([{ name: "a/../../x", body: "x" }])).rejects.toThrow(
      "layer 1/1: entry 'a/../../x' would write outside the image's root; refusing the image",
    );
    await expect(build([{ name: "h", type: "link", linkname: "../../etc/passwd" }])).rejects.toThrow(
      "layer 1/1: entry '../../etc/passwd' would write outside the image's root; refusing the image",
    );
  });

  it("devices and FIFOs are left out and reported; a hard link to one is left out too; a later layer's file there wins", async () => {
    const { root, b } = await build(
      [
        { name: "dev/", type: "directory" },
        { name: "dev/null", type: "character-device" },
        { name: "dev/sda", type: "block-device" },
        { name: "dev/fifo", type: "fifo" },
        { name: "dev/null2", type: "link", linkname: "dev/null" },
      ],
      [{ name: "dev/sda", body: "a file now" }],
    );
    expect(tree(root)).toEqual(["dev/", "dev/sda"]);
    expect(b.skipped).toEqual([
      { path: "rootfs/dev/fifo", type: "fifo" },
      { path: "rootfs/dev/null", type: "character-device" },
      { path: "rootfs/dev/null2", type: "link-to-skipped" },
    ]);
  });

  it("keeps owners, modes and mtimes in attributes, not on disk (no root needed, files stay readable)", async () => {
    const { root, b } = await build([
      { name: "s", body: "secret", mode: 0o4000 | 0o500, uid: 0, gid: 42 },
      { name: "d/", type: "directory", mode: 0o500, uid: 1000 },
      { name: "d/f", body: "f", mode: 0o200 },
    ]);
    expect(b.attributesOf("s")).toEqual({ mode: 0o4500, uid: 0, gid: 42, mtime: 1_700_000_000 });
    expect(b.attributesOf("d")).toMatchObject({ mode: 0o500, uid: 1000 });
    expect(b.attributesOf("d/f")).toMatchObject({ mode: 0o200 });
    expect(lstatSync(path.join(root, "s")).mode & 0o7777).toBe(0o600);
    expect(readFileSync(path.join(root, "d/f"), "utf8")).toBe("f");
  });

  it("a hard link shares its target's content and attributes", async () => {
    const { root, b } = await build([
      { name: "bin/", type: "directory" },
      { name: "bin/a", body: "same", mode: 0o755, uid: 3 },
      { name: "bin/b", type: "link", linkname: "bin/a" },
    ]);
    expect(lstatSync(path.join(root, "bin/b")).ino).toBe(lstatSync(path.join(root, "bin/a")).ino);
    expect(b.attributesOf("bin/b")).toEqual(b.attributesOf("bin/a"));
  });

  it("a hard link to nothing is a clear error", async () => {
    await expect(build([{ name: "b", type: "link", linkname: "missing" }])).rejects.toThrow(
      "layer 1/1: hard link 'b' points to 'missing', which does not exist in the image",
    );
  });
});

// The CLI's code cache of pipegen's own bundles (src/boot/code-cache.ts): written once per command and Node, used
// after, never a reason for a different answer — missing, stale, corrupt or unwritable, the output is the same.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, repoRoot } from "./_paths";
import { tempDir } from "./_tmp";
import { nodeBinaries } from "./_user-project";

const example = path.join(repoRoot, "examples", "hello-s3.ts");

function run(bin: string, args: string[], cacheDir: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(bin, [cli, ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, PIPEGEN_NO_CACHE: "", PIPEGEN_CACHE_DIR: cacheDir, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const bundles = (cacheDir: string) => {
  try {
    return readdirSync(path.join(cacheDir, "bundles")).sort();
  } catch {
    return [];
  }
};

describe.each(nodeBinaries())("bundle code cache on Node $version", ({ bin, version }) => {
  it("writes one cache per bundle for a command, then reads it without rewriting it", () => {
    const cacheDir = tempDir("pipegen-codecache-");
    const first = run(bin, ["render", example], cacheDir);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    const files = bundles(cacheDir);
    // the CLI and the core ran; the features bundle was not needed by this render
    expect(files).toEqual([
      expect.stringMatching(new RegExp(`^cli\\.render\\.${version}-${process.arch}\\.[0-9a-f]+\\.v8$`)),
      expect.stringMatching(/^index\.render\./),
    ]);
    const mtimes = files.map((f) => statSync(path.join(cacheDir, "bundles", f)).mtimeMs);

    const second = run(bin, ["render", example], cacheDir);
    expect(second).toEqual(first);
    expect(bundles(cacheDir)).toEqual(files);
    expect(files.map((f) => statSync(path.join(cacheDir, "bundles", f)).mtimeMs)).toEqual(mtimes);

    // another command has caches of its own, the features bundle among them when the command uses it
    const yml = path.join(cacheDir, "p.yml");
    writeFileSync(
      yml,
      "jobs:\n- name: a\n  plan:\n  - task: t\n    config: {platform: linux, run: {path: 'true'}, image_resource: {type: registry-image, source: {repository: busybox}}}\n",
    );
    const validate = run(bin, ["validate", yml], cacheDir);
    expect(validate.stderr).toBe("");
    expect(validate.status).toBe(0);
    expect(bundles(cacheDir).filter((f) => f.includes(".validate."))).toEqual([
      expect.stringMatching(/^cli\.validate\./),
      expect.stringMatching(/^features\.validate\./),
      expect.stringMatching(/^index\.validate\./),
    ]);
  });

  it("gives the same answer with a corrupt cache, and replaces it", () => {
    const cacheDir = tempDir("pipegen-codecache-");
    const clean = run(bin, ["render", example], cacheDir);
    const index = bundles(cacheDir).find((f) => f.startsWith("index."))!;
    const file = path.join(cacheDir, "bundles", index);
    const good = readFileSync(file);
    // a cache cut short, then one of the right length full of garbage
    for (const bad of [good.subarray(0, 1000), Buffer.alloc(good.length, 0x5a)]) {
      writeFileSync(file, bad);
      const r = run(bin, ["render", example], cacheDir);
      expect(r).toEqual(clean);
      expect(readFileSync(file).length).toBeGreaterThan(1000);
    }
  });

  it("runs without writing anything when the cache is off or cannot be written", () => {
    const off = tempDir("pipegen-codecache-");
    expect(run(bin, ["render", example], off, { PIPEGEN_NO_CACHE: "1" }).status).toBe(0);
    expect(readdirSync(off)).toEqual([]);

    // (a file where the cache folder belongs: unwritable even for root, who ignores permissions)
    const blocked = tempDir("pipegen-codecache-");
    writeFileSync(path.join(blocked, "bundles"), "not a folder");
    const r = run(bin, ["render", example], blocked);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("hello-ubuntu-s3");
    expect(readFileSync(path.join(blocked, "bundles"), "utf8")).toBe("not a folder");
  });
});

describe("the bundles the code cache reads", () => {
  it("are pure ASCII (Node decodes them on its fast path, and V8 holds them as one-byte strings)", () => {
    const dist = path.join(repoRoot, "dist");
    const files = readdirSync(dist).filter((f) => /\.(c|m)?js$/.test(f));
    expect(files).toContain("index.js");
    for (const f of files) {
      const bytes = readFileSync(path.join(dist, f));
      const firstHigh = bytes.findIndex((b) => b > 0x7f);
      expect(firstHigh, `${f} has a non-ASCII byte at ${firstHigh}`).toBe(-1);
    }
  });
});

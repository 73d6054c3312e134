// pipegen installed as a package into a temp folder, the way `npm install pipegen` lays it out: the files
// `npm pack` would publish (package.json "files"), under <dir>/node_modules/pipegen, with their declarations.
// Its dependencies are the repo's own node_modules (linked), so no download is needed.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "./_paths";

export interface InstalledPackage {
  /** the folder whose node_modules holds pipegen: user projects go in subfolders of it */
  readonly dir: string;
  readonly cli: string;
  remove(): void;
}

export function installPipegenPackage(options: { types?: boolean } = {}): InstalledPackage {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pipegen-user-"));
  const pkg = path.join(dir, "node_modules", "pipegen");
  mkdirSync(pkg, { recursive: true });
  const listing = JSON.parse(
    execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }),
  ) as [{ files: { path: string }[] }];
  for (const { path: file } of listing[0].files) {
    mkdirSync(path.dirname(path.join(pkg, file)), { recursive: true });
    cpSync(path.join(repoRoot, file), path.join(pkg, file));
  }
  if (options.types) {
    // the test setup builds dist/ without declarations (for speed); a user's install has them
    execFileSync(
      process.execPath,
      [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", path.join(repoRoot, "tsconfig.json"), "--outDir", path.join(pkg, "dist")],
      { stdio: "inherit" },
    );
  }
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(pkg, "node_modules"), "dir");
  mkdirSync(path.join(dir, "node_modules", "@types"), { recursive: true });
  symlinkSync(path.join(repoRoot, "node_modules", "@types", "node"), path.join(dir, "node_modules", "@types", "node"), "dir");
  return { dir, cli: path.join(pkg, "bin", "pipegen.js"), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Node binaries to run user projects with: this one, plus those .ci/run installs (PIPEGEN_TEST_NODES, `:`-separated). */
export function nodeBinaries(): { version: string; bin: string }[] {
  const bins = [process.execPath, ...(process.env.PIPEGEN_TEST_NODES ?? "").split(":").filter(Boolean)];
  const local = ["22", "24"].map((v) => path.join(repoRoot, ".cache", "nodes", `n${v}`, "package", "bin", "node")).filter((b) => existsSync(b));
  // one binary per version (the same Node may be named by two paths)
  const byVersion = new Map<string, string>();
  for (const bin of [...bins, ...local]) {
    const version = execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
    if (!byVersion.has(version)) byVersion.set(version, bin);
  }
  return [...byVersion].map(([version, bin]) => ({ bin, version }));
}

export function copyProject(fixture: string, into: string): string {
  const target = path.join(into, fixture);
  cpSync(path.join(repoRoot, "test", "fixtures", "user-projects", fixture), target, { recursive: true });
  return target;
}

export function removeIfExists(p: string): void {
  if (existsSync(p)) rmSync(p, { recursive: true, force: true });
}

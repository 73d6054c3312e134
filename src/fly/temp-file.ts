/**
 * The rendered YAML handed to fly lives in a private temporary file: a fresh directory only the user can enter
 * (0700) holding a file only the user can read (0600), since the YAML may carry filled-in credentials. It is
 * removed when the command ends, whatever the outcome; an exit hook catches paths that skip `remove()`.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface PrivateTempFile {
  readonly path: string;
  readonly dir: string;
  /** Removes the file and its directory (idempotent). */
  remove(): void;
}

const live = new Set<string>();
let hooked = false;

function removeAllSync(): void {
  for (const dir of live) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // nothing more can be done while exiting
    }
  }
  live.clear();
}

/** Writes `content` to `<tmp>/pipegen-XXXXXX/<name>` with private permissions. */
export function writePrivateTempFile(name: string, content: string): PrivateTempFile {
  if (!hooked) {
    hooked = true;
    process.on("exit", removeAllSync);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "pipegen-"));
  chmodSync(dir, 0o700);
  live.add(dir);
  const file = path.join(dir, safeName(name));
  writeFileSync(file, content, { mode: 0o600, flag: "wx" });
  return {
    path: file,
    dir,
    remove() {
      if (!live.has(dir)) return;
      rmSync(dir, { recursive: true, force: true });
      live.delete(dir);
    },
  };
}

function safeName(name: string): string {
  const base = name.replace(/[^\w.-]+/g, "_").replace(/^\.+/, "") || "pipeline";
  return base.endsWith(".yml") || base.endsWith(".yaml") ? base : `${base}.yml`;
}

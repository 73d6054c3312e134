// Paths tests share: the repo root, the built CLI, and shared/ (beside the repo in CI, /work/shared here).
import { existsSync } from "node:fs";
import * as path from "node:path";

export const repoRoot = path.resolve(__dirname, "..");
export const cli = path.join(repoRoot, "bin", "pipegen.js");

function findShared(): string {
  const candidates = [path.resolve(repoRoot, "..", "shared"), "/work/shared"];
  const found = candidates.find((c) => existsSync(path.join(c, "corpus")));
  if (!found) throw new Error(`shared/ not found (looked in ${candidates.join(", ")}): the corpus tests need it`);
  return found;
}
export const sharedDir = findShared();
export const corpusDir = path.join(sharedDir, "corpus");

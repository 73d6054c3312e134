// Temp folders for a test file, removed after its tests (the tests leave nothing in the system's temp folder).
// Importing this module registers the clean-up for the importing file (vitest isolates modules per file).
import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll } from "vitest";

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new folder under the system's temp folder, named `<prefix>XXXXXX`, removed after this file's tests. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

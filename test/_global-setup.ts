// Builds dist/ once before the suite: CLI tests run the real `bin/pipegen.js`, as users do.
import { execFileSync } from "node:child_process";
import * as path from "node:path";

export default function setup(): void {
  const root = path.resolve(__dirname, "..");
  execFileSync(process.execPath, [path.join(root, "scripts/build.js"), "--no-types"], { cwd: root, stdio: "inherit" });
}

// Runs the real `pipegen` CLI (built by the global setup) and captures what a user would see.
import { spawnSync } from "node:child_process";
import { cli, repoRoot } from "./_paths";

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function pipegen(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): RunResult {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    input: options.input,
    encoding: "utf8",
    // (some tests read megabytes of output: spawnSync's default of 1 MB would kill the child)
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Finding the fly executable, and the message for when it is missing. */
import { accessSync, constants, statSync } from "node:fs";
import * as path from "node:path";
import { PipegenError } from "../errors";
import { readFlyTargets } from "./flyrc";

/** The fly to run: `explicit` (`--fly`), else `fly` on PATH. Undefined when there is none. */
export function findFly(explicit?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (explicit) {
    if (explicit.includes("/") || explicit.includes(path.sep)) return isExecutable(explicit) ? path.resolve(explicit) : undefined;
    return searchPath(explicit, env);
  }
  return searchPath("fly", env);
}

function searchPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const exts = process.platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds fly or throws a message saying where to get it (the target's own download link when known). */
export function requireFly(explicit: string | undefined, target?: string, env: NodeJS.ProcessEnv = process.env): string {
  const fly = findFly(explicit, env);
  if (fly) return fly;
  if (explicit) throw new PipegenError("pipegen.flyNotFound", `--fly ${explicit}: no such executable`);
  let api: string | undefined;
  try {
    api = readFlyTargets(env).find((t) => t.name === target)?.api;
  } catch {
    // an unreadable flyrc only costs the tailored link
  }
  const platform = process.platform === "win32" ? "windows" : process.platform === "darwin" ? "darwin" : "linux";
  const arch = process.arch === "arm64" ? "arm64" : "amd64";
  const fromTarget = api
    ? `${api.replace(/\/+$/, "")}/api/v1/cli?arch=${arch}&platform=${platform}`
    : "your Concourse web UI (the CLI icons at the bottom right of the dashboard)";
  throw new PipegenError(
    "pipegen.flyNotFound",
    `fly was not found on PATH. Download it from ${fromTarget} or from https://github.com/concourse/concourse/releases ` +
      `(use the version that matches your Concourse), make it executable and put it on PATH, or pass --fly <path>`,
  );
}

/**
 * fly's targets file, `~/.flyrc` (`targets: {name: {api, team, token: {type, value}}}`), read to fail early and
 * clearly when a target is unknown, instead of letting fly print `error: unknown target: x`. Like fly (v7.7+),
 * `$FLY_HOME` wins over `$HOME`.
 */
import { existsSync, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { PipegenError } from "../errors";

export interface FlyTarget {
  readonly name: string;
  readonly api?: string;
  readonly team: string;
  /** When the target's bearer token expires, if it is a JWT that says so. */
  readonly tokenExpiresAt?: Date;
  readonly hasToken: boolean;
}

/** The path fly reads its targets from. */
export function flyrcPath(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.FLY_HOME || env.HOME || env.USERPROFILE || os.homedir();
  return path.join(home, ".flyrc");
}

/** All targets in the flyrc (none when the file does not exist). */
export function readFlyTargets(env: NodeJS.ProcessEnv = process.env): FlyTarget[] {
  const file = flyrcPath(env);
  if (!existsSync(file)) return [];
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new PipegenError("pipegen.badFlyrc", `${file} could not be read: ${(err as Error).message.split("\n")[0]}`);
  }
  const targets = (doc as { targets?: unknown } | null)?.targets;
  if (typeof targets !== "object" || targets === null) return [];
  return Object.entries(targets as Record<string, unknown>).map(([name, t]) => {
    const props = (t ?? {}) as { api?: unknown; team?: unknown; token?: { value?: unknown } | null };
    const token = typeof props.token?.value === "string" ? props.token.value : "";
    return {
      name,
      api: typeof props.api === "string" ? props.api : undefined,
      team: typeof props.team === "string" && props.team !== "" ? props.team : "main",
      hasToken: token !== "",
      tokenExpiresAt: jwtExpiry(token),
    };
  });
}

/** Finds a target, or throws a message that says how to log in and which targets exist. */
export function requireFlyTarget(name: string, env: NodeJS.ProcessEnv = process.env): FlyTarget {
  const targets = readFlyTargets(env);
  const found = targets.find((t) => t.name === name);
  if (found) return found;
  const file = flyrcPath(env);
  const known =
    targets.length > 0
      ? `known targets: ${targets
          .map((t) => t.name)
          .sort()
          .join(", ")}`
      : existsSync(file)
        ? `${file} lists no targets`
        : `${file} does not exist`;
  throw new PipegenError(
    "pipegen.unknownFlyTarget",
    `fly target '${name}' is not in ${file} (${known}). Log in to it first: fly -t ${name} login -c <concourse url>` +
      (env.FLY_HOME ? "" : " (or point $FLY_HOME at the directory holding your .flyrc)"),
  );
}

/** A warning for a target whose token has expired (fly would then fail with "not authorized"), else undefined. */
export function tokenWarning(target: FlyTarget, now: Date = new Date()): string | undefined {
  if (!target.hasToken) return `fly target '${target.name}' has no token: fly will fail with "not authorized"; run: fly -t ${target.name} login`;
  if (target.tokenExpiresAt && target.tokenExpiresAt.getTime() < now.getTime()) {
    return `the token of fly target '${target.name}' expired at ${target.tokenExpiresAt.toISOString()}; if fly says "not authorized", run: fly -t ${target.name} login`;
  }
  return undefined;
}

/** The `exp` claim of a JWT, if the token is one. Concourse v6+ tokens are. */
function jwtExpiry(token: string): Date | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as { exp?: unknown };
    return typeof claims.exp === "number" ? new Date(claims.exp * 1000) : undefined;
  } catch {
    return undefined;
  }
}

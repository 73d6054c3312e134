/**
 * Registry credentials saved by `docker login` / `skopeo login` / `podman login`, so that an export from a
 * workstation that is already logged in needs no flags: `$REGISTRY_AUTH_FILE` (containers' auth.json),
 * then `$DOCKER_CONFIG/config.json` (default `~/.docker/config.json`). Only inline `auths` entries are
 * read; credential helpers (`credsStore`, `credHelpers`) are external programs pipegen does not run —
 * `helper` names the one that holds the credentials, so the CLI can say so.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";
import type { RegistryCredentials } from "./registry";

export interface SavedCredentials {
  readonly credentials?: RegistryCredentials;
  /** The file they came from. */
  readonly file?: string;
  /** `docker-credential-<helper>` holds credentials for this registry (pipegen does not run it). */
  readonly helper?: string;
}

const DOCKER_HUB_KEYS = ["docker.io", "index.docker.io", "registry-1.docker.io"];

/** `https://index.docker.io/v1/` -> `index.docker.io`, `http://host:5000/v2/` -> `host:5000`. */
function hostOf(key: string): string {
  return key
    .replace(/^[a-z]+:\/\//i, "")
    .replace(/\/.*$/, "")
    .toLowerCase();
}

function matches(key: string, registry: string): boolean {
  const host = hostOf(key);
  const want = registry.toLowerCase();
  if (DOCKER_HUB_KEYS.includes(want)) return DOCKER_HUB_KEYS.includes(host);
  return host === want;
}

/** Candidate files, in the order tools look them up. */
export function authFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const files: string[] = [];
  if (env.REGISTRY_AUTH_FILE) files.push(env.REGISTRY_AUTH_FILE);
  if (env.XDG_RUNTIME_DIR) files.push(path.join(env.XDG_RUNTIME_DIR, "containers", "auth.json"));
  files.push(path.join(env.DOCKER_CONFIG ?? path.join(env.HOME ?? homedir(), ".docker"), "config.json"));
  return files;
}

/** Looks up saved credentials for a registry host (`127.0.0.1:5000`, `docker.io`). */
export function savedCredentials(registry: string, env: NodeJS.ProcessEnv = process.env): SavedCredentials {
  let helper: string | undefined;
  for (const file of authFiles(env)) {
    let doc: {
      auths?: Record<string, { auth?: unknown; username?: unknown; password?: unknown }>;
      credsStore?: unknown;
      credHelpers?: Record<string, unknown>;
    };
    try {
      doc = JSON.parse(readFileSync(file, "utf8")) as typeof doc;
    } catch {
      continue; // missing or unreadable: like docker, look further
    }
    for (const [key, entry] of Object.entries(doc.auths ?? {})) {
      if (!matches(key, registry) || !entry) continue;
      if (typeof entry.auth === "string" && entry.auth !== "") {
        const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
        const colon = decoded.indexOf(":");
        if (colon > 0) return { credentials: { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }, file };
      }
      if (typeof entry.username === "string" && typeof entry.password === "string")
        return { credentials: { username: entry.username, password: entry.password }, file };
    }
    for (const [key, h] of Object.entries(doc.credHelpers ?? {})) if (matches(key, registry) && typeof h === "string") helper ??= h;
    if (typeof doc.credsStore === "string" && doc.credsStore !== "") helper ??= doc.credsStore;
  }
  return helper ? { helper } : {};
}

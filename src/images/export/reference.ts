/**
 * Image references as Docker and registry-image read them: `[host[:port]/]path[:tag][@digest]`.
 * A first component without `.` or `:` (and not `localhost`) is part of the path on Docker Hub, where
 * one-component names live under `library/`.
 */
import { ExitCode, PipegenError } from "../../errors";

export interface ImageReference {
  /** Registry host as written (`127.0.0.1:5000`, `ghcr.io`), `docker.io` for Docker Hub. */
  readonly registry: string;
  /** Host that serves the registry API (`registry-1.docker.io` for Docker Hub). */
  readonly apiHost: string;
  /** Repository path inside the registry (`library/ubuntu`, `team/tool`). */
  readonly repository: string;
  /** The tag, when the reference has one (`latest` when it has neither tag nor digest). */
  readonly tag?: string;
  /** `sha256:<hex>` when the reference pins a digest. */
  readonly digest?: string;
}

const DOCKER_HUB = "docker.io";
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST_RE = /^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$/;
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

function usage(ref: string, why: string): PipegenError {
  return new PipegenError("pipegen.usage", `'${ref}' is not an image reference: ${why} (expected [host[:port]/]repository[:tag][@sha256:…])`, {
    exitCode: ExitCode.usage,
  });
}

/** Parses an image reference; a usage error (exit 2) when it is malformed. */
export function parseImageReference(ref: string): ImageReference {
  let rest = ref.trim();
  if (rest === "") throw usage(ref, "it is empty");
  rest = rest.replace(/^docker:\/\//, "");
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) throw usage(ref, `'${digest}' is not a sha256:<64 hex> digest`);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) throw usage(ref, `'${tag}' is not a valid tag`);
  }
  const parts = rest.split("/");
  let registry = DOCKER_HUB;
  if (parts.length > 1 && (/[.:]/.test(parts[0]!) || parts[0] === "localhost" || /[A-Z]/.test(parts[0]!))) {
    registry = parts.shift()!;
  }
  if (registry === "index.docker.io" || registry === "registry-1.docker.io") registry = DOCKER_HUB;
  if (parts.length === 0 || parts.some((p) => p === "")) throw usage(ref, "the repository path is empty");
  for (const p of parts)
    if (!PATH_COMPONENT_RE.test(p)) throw usage(ref, `'${p}' is not a valid repository path component (lowercase letters, digits, '.', '_', '-')`);
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift("library");
  if (!tag && !digest) tag = "latest";
  return {
    registry,
    apiHost: registry === DOCKER_HUB ? "registry-1.docker.io" : registry,
    repository: parts.join("/"),
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
  };
}

/** `host/repo:tag@digest`, for messages. */
export function formatReference(r: ImageReference): string {
  const name =
    r.registry === DOCKER_HUB && r.repository.startsWith("library/")
      ? r.repository.slice("library/".length)
      : `${r.registry === DOCKER_HUB ? "" : r.registry + "/"}${r.repository}`;
  return `${name}${r.tag ? `:${r.tag}` : ""}${r.digest ? `@${r.digest}` : ""}`;
}

/** The last path component of the repository (`ubuntu`, `tool`): the default archive name. */
export function repositoryBaseName(r: ImageReference): string {
  return r.repository.slice(r.repository.lastIndexOf("/") + 1);
}

/**
 * A registry client for pulling, speaking the distribution API (`/v2/<repo>/manifests|blobs/<ref>`) the way
 * docker and registry-image do: anonymous first; on a 401 the `WWW-Authenticate` challenge says how to
 * authenticate — `Basic` (send the credentials) or `Bearer realm=…,service=…,scope=…` (get a token from
 * the realm, with the credentials when there are any, and retry).
 *
 * Every byte is checked: manifests against the digest asked for (or the registry's Docker-Content-Digest),
 * blobs against their descriptor's digest and size while they stream to disk. Registry failures are one
 * line: what was asked, of whom, and the registry's own error code.
 */
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PipegenError } from "../../errors";
import { httpRequest, readBody, type HttpResponse } from "./http";
import { formatReference, type ImageReference } from "./reference";

export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
}

export interface RegistryClientOptions {
  /** Plain HTTP instead of HTTPS (registry-image's `insecure: true`). @default false */
  readonly insecure?: boolean;
  readonly credentials?: RegistryCredentials;
  readonly signal?: AbortSignal;
}

/** A content descriptor (manifest, config or layer). */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly urls?: readonly string[];
  readonly platform?: { readonly os?: string; readonly architecture?: string; readonly variant?: string };
}

/** The media types a manifest request accepts, most specific first. */
export const MANIFEST_TYPES = {
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerList: "application/vnd.docker.distribution.manifest.list.v2+json",
} as const;

const MANIFEST_LIMIT = 4 * 1024 * 1024; // what registries themselves accept
const DIGEST_RE = /^(sha256|sha512):([0-9a-f]+)$/;

interface Challenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Parses `Bearer realm="…",service="…",scope="…"` (quoted or bare values). */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (!header) return undefined;
  const m = /^\s*([A-Za-z]+)\s*(.*)$/.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?/g;
  for (let p = re.exec(m[2]!); p; p = re.exec(m[2]!)) params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, "$1") : p[3]!;
  return { scheme: m[1]!.toLowerCase(), params };
}

export class RegistryClient {
  readonly ref: ImageReference;
  private readonly base: string;
  private readonly opts: RegistryClientOptions;
  private authorization: string | undefined;
  /** For messages: `registry 127.0.0.1:5000`. */
  readonly label: string;

  constructor(ref: ImageReference, opts: RegistryClientOptions = {}) {
    this.ref = ref;
    this.opts = opts;
    this.base = `${opts.insecure ? "http" : "https"}://${ref.apiHost}/v2/${ref.repository}`;
    this.label = `registry ${ref.registry}`;
  }

  /**
   * GETs `/v2/<repo>/<path>`, authenticating on a 401 as the challenge asks. The response is returned
   * with any status; callers turn non-2xx into errors with `registryError`.
   */
  async get(path: string, accept?: string): Promise<HttpResponse> {
    const url = new URL(`${this.base}/${path}`);
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = {};
      if (accept) headers.accept = accept;
      if (this.authorization) headers.authorization = this.authorization;
      const res = await httpRequest({ url, headers, what: this.label, ...(this.opts.signal ? { signal: this.opts.signal } : {}) });
      if (res.status !== 401 || attempt > 0) return res;
      const challenge = parseChallenge(res.headers["www-authenticate"] as string | undefined);
      res.body.resume();
      if (!challenge) return res;
      const next = await this.authorize(challenge);
      if (next === undefined || next === this.authorization) return res;
      this.authorization = next;
    }
  }

  private async authorize(ch: Challenge): Promise<string | undefined> {
    const creds = this.opts.credentials;
    if (ch.scheme === "basic") return creds ? `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString("base64")}` : undefined;
    if (ch.scheme !== "bearer")
      throw new PipegenError(
        "pipegen.registryAuth",
        `${this.label} asks for '${ch.scheme}' authentication, which pipegen does not speak (it speaks Basic and Bearer tokens)`,
      );
    const realm = ch.params.realm;
    if (!realm) throw new PipegenError("pipegen.registryAuth", `${this.label} asks for a Bearer token but names no realm to get it from`);
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new PipegenError("pipegen.registryAuth", `${this.label} names a token realm that is not a URL: '${realm}'`);
    }
    if (ch.params.service) url.searchParams.set("service", ch.params.service);
    url.searchParams.set("scope", ch.params.scope ?? `repository:${this.ref.repository}:pull`);
    const headers: Record<string, string> = { accept: "application/json" };
    if (creds) headers.authorization = `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString("base64")}`;
    const what = `token service ${url.host} of ${this.label}`;
    const res = await httpRequest({ url, headers, what, ...(this.opts.signal ? { signal: this.opts.signal } : {}) });
    const body = await readBody(res, 1024 * 1024, what);
    if (res.status === 401 || res.status === 403) {
      throw new PipegenError(
        "pipegen.registryAuth",
        creds
          ? `${what} refused the credentials of user '${creds.username}' (HTTP ${res.status})`
          : `${what} refused an anonymous token (HTTP ${res.status}); pass --username and --password (or PIPEGEN_REGISTRY_PASSWORD)`,
      );
    }
    if (res.status < 200 || res.status > 299)
      throw new PipegenError("pipegen.registryAuth", `${what} answered HTTP ${res.status} when asked for a token${describeBody(body)}`);
    let token: unknown;
    try {
      const doc = JSON.parse(body.toString("utf8")) as { token?: unknown; access_token?: unknown };
      token = doc.token ?? doc.access_token;
    } catch {
      /* handled below */
    }
    if (typeof token !== "string" || token === "") throw new PipegenError("pipegen.registryAuth", `${what} answered without a token`);
    return `Bearer ${token}`;
  }

  /** Fetches and verifies a manifest (by tag or digest). */
  async manifest(reference: string, expectedDigest?: string): Promise<{ bytes: Buffer; mediaType: string; digest: string }> {
    const accept = [MANIFEST_TYPES.ociIndex, MANIFEST_TYPES.dockerList, MANIFEST_TYPES.ociManifest, MANIFEST_TYPES.dockerManifest].join(", ");
    const what = `manifest ${reference}`;
    const res = await this.get(`manifests/${reference}`, accept);
    if (res.status !== 200) throw await this.registryError(res, what);
    const bytes = await readBody(res, MANIFEST_LIMIT, `${this.label}: ${what}`);
    const pinned = expectedDigest ?? (DIGEST_RE.test(reference) ? reference : undefined);
    const header = res.headers["docker-content-digest"] as string | undefined;
    const algo = (pinned ?? header ?? "sha256:").split(":")[0]!;
    const actual = `${algo}:${hashOf(algo, bytes)}`;
    const expected = pinned ?? (header && DIGEST_RE.test(header) ? header : undefined);
    if (expected && expected !== actual) {
      throw new PipegenError(
        "pipegen.digestMismatch",
        `${this.label}: ${what} of ${formatReference(this.ref)} has digest ${actual}, not ${expected}: the registry's content is corrupted or was changed in transit; nothing was pushed`,
      );
    }
    const ct = String(res.headers["content-type"] ?? "")
      .split(";")[0]!
      .trim();
    return { bytes, mediaType: ct, digest: actual };
  }

  /** Fetches a small blob (an image config) into memory, verified. */
  async smallBlob(desc: Descriptor, what: string, limit = 16 * 1024 * 1024): Promise<Buffer> {
    if (desc.size > limit) throw new PipegenError("pipegen.registry", `${this.label}: ${what} is ${desc.size} bytes, more than the ${limit} allowed`);
    const res = await this.get(`blobs/${desc.digest}`);
    if (res.status !== 200) throw await this.registryError(res, `${what} ${desc.digest}`);
    const bytes = await readBody(res, limit, `${this.label}: ${what}`);
    checkBlob(desc, bytes.length, `${desc.digest.split(":")[0]}:${hashOf(desc.digest.split(":")[0]!, bytes)}`, `${this.label}: ${what}`);
    return bytes;
  }

  /**
   * Streams a blob to `file`, hashing as it goes; the size may not exceed the descriptor's (a registry
   * that sends more is cut off early). Rejects on a digest or size mismatch.
   */
  async downloadBlob(desc: Descriptor, file: string, what: string, onBytes?: (n: number) => void): Promise<void> {
    const algo = desc.digest.split(":")[0]!;
    const res = await this.get(`blobs/${desc.digest}`);
    if (res.status !== 200) throw await this.registryError(res, `${what} ${desc.digest}`);
    const hash = createHash(algo);
    let size = 0;
    const label = `${this.label}: ${what}`;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > desc.size)
          return cb(
            new PipegenError(
              "pipegen.digestMismatch",
              `${label} ${desc.digest}: the registry sent more than the ${desc.size} bytes the manifest declares: the content is corrupted; nothing was pushed`,
            ),
          );
        hash.update(chunk);
        onBytes?.(chunk.length);
        cb(null, chunk);
      },
    });
    try {
      await pipeline(res.body, tap, createWriteStream(file, { flags: "wx", mode: 0o600 }), this.opts.signal ? { signal: this.opts.signal } : {});
    } catch (err) {
      if (err instanceof PipegenError) throw err;
      if ((err as Error).name === "AbortError") throw err;
      throw new PipegenError(
        "pipegen.registry",
        `${label} ${desc.digest}: the download broke off after ${size} of ${desc.size} bytes (${(err as Error).message})`,
        { cause: err },
      );
    }
    checkBlob(desc, size, `${algo}:${hash.digest("hex")}`, label);
  }

  /** One line for a non-2xx answer, using the registry's `{"errors":[{code,message}]}` body when there is one. */
  async registryError(res: HttpResponse, what: string): Promise<PipegenError> {
    let body: Buffer = Buffer.alloc(0);
    try {
      body = await readBody(res, 64 * 1024, what);
    } catch {
      /* the status alone will do */
    }
    const ref = formatReference(this.ref);
    const errors = registryErrors(body);
    const codes = errors.map((e) => e.code);
    const detail = errors.length > 0 ? ` (${errors.map((e) => `${e.code}${e.message ? `: ${e.message}` : ""}`).join("; ")})` : ` (HTTP ${res.status})`;
    if (res.status === 401 || res.status === 403) {
      const creds = this.opts.credentials;
      const msg = creds
        ? `${this.label} refused access to ${this.ref.repository} for user '${creds.username}'${detail}: wrong password, or no pull permission`
        : `${this.label} needs credentials for ${this.ref.repository}${detail}: pass --username and --password (or PIPEGEN_REGISTRY_PASSWORD)`;
      return new PipegenError("pipegen.registryAuth", msg);
    }
    if (res.status === 404 || codes.includes("MANIFEST_UNKNOWN") || codes.includes("NAME_UNKNOWN") || codes.includes("BLOB_UNKNOWN")) {
      const why = codes.includes("NAME_UNKNOWN")
        ? `repository ${this.ref.repository} does not exist`
        : what.startsWith("manifest")
          ? `manifest unknown: no such tag or digest`
          : `blob unknown: the registry lost content the manifest refers to`;
      return new PipegenError("pipegen.registryNotFound", `${this.label}: ${ref}: ${why}${detail}`);
    }
    if (res.status === 429)
      return new PipegenError(
        "pipegen.registry",
        `${this.label}: rate limited while fetching ${what} of ${ref}${detail}; wait, or log in (--username/--password) for a higher limit`,
      );
    return new PipegenError("pipegen.registry", `${this.label}: fetching ${what} of ${ref} failed with HTTP ${res.status}${detail}`);
  }
}

function checkBlob(desc: Descriptor, size: number, actual: string, label: string): void {
  if (actual !== desc.digest) {
    throw new PipegenError(
      "pipegen.digestMismatch",
      `${label} ${desc.digest}: the content has digest ${actual}: corrupted in the registry or in transit; nothing was pushed`,
    );
  }
  if (size !== desc.size) {
    throw new PipegenError("pipegen.digestMismatch", `${label} ${desc.digest}: ${size} bytes, but the manifest declares ${desc.size}; nothing was pushed`);
  }
}

function hashOf(algo: string, bytes: Buffer): string {
  return createHash(algo).update(bytes).digest("hex");
}

function registryErrors(body: Buffer): { code: string; message?: string }[] {
  try {
    const doc = JSON.parse(body.toString("utf8")) as { errors?: { code?: unknown; message?: unknown }[] };
    return (doc.errors ?? [])
      .filter((e) => typeof e.code === "string")
      .map((e) => ({ code: e.code as string, ...(typeof e.message === "string" ? { message: e.message } : {}) }));
  } catch {
    return [];
  }
}

function describeBody(body: Buffer): string {
  const text = body.toString("utf8").trim().split("\n")[0]!.slice(0, 200);
  return text ? `: ${text}` : "";
}

/** True for digests pipegen can verify. */
export function isDigest(s: string): boolean {
  return DIGEST_RE.test(s);
}

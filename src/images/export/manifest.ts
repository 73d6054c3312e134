/**
 * Manifests and indexes (OCI image spec and Docker v2 schema 2), and picking one image from a multi-arch
 * index the way registry-image does: by `os`/`architecture` (and `variant` when asked), linux/amd64 by
 * default.
 */
import { ExitCode, PipegenError } from "../../errors";
import { MANIFEST_TYPES, type Descriptor } from "./registry";

export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

export const DEFAULT_PLATFORM: Platform = { os: "linux", architecture: "amd64" };

/** `linux/arm64/v8` -> platform; a usage error when malformed. */
export function parsePlatform(s: string): Platform {
  const parts = s.split("/");
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[A-Za-z0-9_.-]+$/.test(p))) {
    throw new PipegenError("pipegen.usage", `--platform '${s}' is not os/architecture[/variant] (e.g. linux/arm64)`, { exitCode: ExitCode.usage });
  }
  return { os: parts[0]!, architecture: parts[1]!, ...(parts[2] ? { variant: parts[2] } : {}) };
}

export function formatPlatform(p: { os?: string; architecture?: string; variant?: string }): string {
  return `${p.os ?? "?"}/${p.architecture ?? "?"}${p.variant ? `/${p.variant}` : ""}`;
}

export type ParsedManifest =
  | { readonly kind: "index"; readonly manifests: readonly Descriptor[] }
  | { readonly kind: "image"; readonly config: Descriptor; readonly layers: readonly Descriptor[] };

const SCHEMA1 = ["application/vnd.docker.distribution.manifest.v1+json", "application/vnd.docker.distribution.manifest.v1+prettyjws"];

/** Decodes a manifest or index; `contentType` is the registry's Content-Type (the body's mediaType wins). */
export function parseManifest(bytes: Buffer, contentType: string, what: string): ParsedManifest {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
  } catch {
    throw new PipegenError("pipegen.registry", `${what} is not JSON (Content-Type ${contentType || "none"})`);
  }
  const mediaType = typeof doc.mediaType === "string" ? doc.mediaType : contentType;
  if (doc.schemaVersion === 1 || SCHEMA1.includes(mediaType)) {
    throw new PipegenError(
      "pipegen.registry",
      `${what} is a Docker schema 1 manifest, deprecated since 2017 and not supported; re-push the image with a current tool (e.g. skopeo copy --format v2s2)`,
    );
  }
  if (mediaType === MANIFEST_TYPES.ociIndex || mediaType === MANIFEST_TYPES.dockerList || (!mediaType && Array.isArray(doc.manifests))) {
    return { kind: "index", manifests: descriptors(doc.manifests, `${what}: manifests`) };
  }
  if (mediaType === MANIFEST_TYPES.ociManifest || mediaType === MANIFEST_TYPES.dockerManifest || (!mediaType && doc.config && Array.isArray(doc.layers))) {
    const [config] = descriptors([doc.config], `${what}: config`);
    return { kind: "image", config: config!, layers: descriptors(doc.layers, `${what}: layers`) };
  }
  throw new PipegenError(
    "pipegen.registry",
    `${what} has media type '${mediaType || "unknown"}', which is not a container image (expected an OCI or Docker v2 image manifest or index)`,
  );
}

function descriptors(v: unknown, what: string): Descriptor[] {
  if (!Array.isArray(v)) throw new PipegenError("pipegen.registry", `${what} is missing or not a list`);
  return v.map((d, i) => {
    const o = (d ?? {}) as Record<string, unknown>;
    if (
      typeof o.digest !== "string" ||
      !/^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$/.test(o.digest) ||
      typeof o.size !== "number" ||
      !Number.isSafeInteger(o.size) ||
      o.size < 0
    ) {
      throw new PipegenError("pipegen.registry", `${what}[${i}] is not a valid descriptor (needs a sha256/sha512 digest and a size)`);
    }
    const p = o.platform as Record<string, unknown> | undefined;
    return {
      mediaType: typeof o.mediaType === "string" ? o.mediaType : "",
      digest: o.digest,
      size: o.size,
      ...(Array.isArray(o.urls) ? { urls: o.urls.filter((u): u is string => typeof u === "string") } : {}),
      ...(p && typeof p === "object"
        ? {
            platform: {
              ...(typeof p.os === "string" ? { os: p.os } : {}),
              ...(typeof p.architecture === "string" ? { architecture: p.architecture } : {}),
              ...(typeof p.variant === "string" ? { variant: p.variant } : {}),
            },
          }
        : {}),
    };
  });
}

/**
 * The image of an index for a platform. `variant` must match when asked; when not asked, an entry without
 * variant is preferred, then the first. Attestations (`unknown/unknown`) never match.
 */
export function pickPlatform(manifests: readonly Descriptor[], want: Platform, what: string): Descriptor {
  const images = manifests.filter((m) => m.mediaType === "" || m.mediaType === MANIFEST_TYPES.ociManifest || m.mediaType === MANIFEST_TYPES.dockerManifest);
  const candidates = images.filter(
    (m) => m.platform?.os === want.os && m.platform?.architecture === want.architecture && (want.variant === undefined || m.platform?.variant === want.variant),
  );
  const pick = candidates.find((m) => !m.platform?.variant) ?? candidates[0];
  if (pick) return pick;
  const available = images.map((m) => formatPlatform(m.platform ?? {})).filter((p) => p !== "unknown/unknown");
  throw new PipegenError(
    "pipegen.registryPlatform",
    `${what} has no ${formatPlatform(want)} image (it has ${available.length > 0 ? available.join(", ") : "no platform-tagged images"}); pass --platform`,
  );
}

/** Layer media types pipegen can apply, and how they are compressed (the bytes are sniffed anyway). */
export function layerKind(mediaType: string): "tar" | "gzip" | "zstd" | "unknown" | "foreign" {
  if (/foreign|nondistributable/.test(mediaType)) return "foreign";
  if (/\.tar\+gzip$|\.tar\.gzip$|rootfs\.diff\.tar\.gzip$/.test(mediaType)) return "gzip";
  if (/\.tar\+zstd$|\.tar\.zstd$/.test(mediaType)) return "zstd";
  if (/layer\.v1\.tar$|rootfs\.diff\.tar$/.test(mediaType)) return "tar";
  return "unknown";
}

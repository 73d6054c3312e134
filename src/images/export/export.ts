/**
 * `exportImage`: a registry image -> `<name>/<name>-<version>.tgz` in S3, the archive the packaging
 * pipeline's task writes, without Docker or Concourse.
 *
 * 1. the manifest (a multi-arch index resolves to linux/amd64 or the platform asked for), verified;
 * 2. the config, and every layer streamed to a temp dir with its digest and size checked on the way
 *    (up to `concurrency` downloads at once), applied in order to a rootfs as soon as it and the layers
 *    below it are in (memory stays flat: nothing is held whole, only per-path attributes);
 * 3. metadata.json and labels.json as registry-image writes them; packed by `packImage` (with the
 *    layers' owners, modes, mtimes and xattrs), pushed by `pushImage` (verified,
 *    multipart, nothing left at the key on failure).
 *
 * The temp dir is removed whatever happens; nothing is uploaded unless every check passed.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ExitCode, PipegenError } from "../../errors";
import type { PipelineIssue } from "../../issues";
import { packImage } from "../pack";
import type { SkippedEntry } from "../pack-sources";
import { pushImage } from "../push";
import type { S3Options } from "../s3-client";
import { parseS3Url } from "../s3-url";
import { layerTarStream, RootfsBuilder } from "./apply";
import { DEFAULT_PLATFORM, formatPlatform, layerKind, parseManifest, parsePlatform, pickPlatform, type Platform } from "./manifest";
import { imageLabelsJson, imageMetadataJson, parseImageConfig } from "./metadata";
import { formatReference, parseImageReference, repositoryBaseName, type ImageReference } from "./reference";
import { RegistryClient, type RegistryCredentials } from "./registry";
import { imageVersionFromTag, imageVersionProblem, imageVersionWarning } from "./version";

export interface ExportImageOptions {
  /** `[host[:port]/]repository[:tag][@digest]`, as docker and registry-image read it. */
  readonly image: string;
  /**
   * Where to push: `s3://bucket/<folder>/` (the archive is `<folder>/<name>-<version>.tgz`, name defaulting
   * to the folder's last part), `s3://bucket` (folder `<name>/`), or a full `s3://bucket/key.tgz`.
   * Optional when `output` is given.
   */
  readonly target?: string;
  /** Archive name. @default the folder's last part, else the repository's last part */
  readonly name?: string;
  /** The version in the archive name. @default derived from the tag (`imageVersionFromTag`) */
  readonly version?: string;
  /** Use the tag unchanged as the version (no `v`/leading-zero rewriting). @default false */
  readonly tagVersion?: boolean;
  /** Append the first 12 hex digits of the tag's digest (`24.4+0123456789ab`). @default false */
  readonly withDigest?: boolean;
  /** `os/arch[/variant]` to pick from a multi-arch index. @default linux/amd64 */
  readonly platform?: string | Platform;
  /** Plain-HTTP registry. @default false */
  readonly insecureRegistry?: boolean;
  readonly credentials?: RegistryCredentials;
  readonly s3?: S3Options;
  /** Replace an existing object at the key. @default false */
  readonly force?: boolean;
  /** Also (or only, without `target`) write the archive to this local file. */
  readonly output?: string;
  /** gzip level 1–9. @default 6 */
  readonly level?: number;
  /** Fixed mtimes ($SOURCE_DATE_EPOCH or 0) for byte-identical archives. @default false (the layers' mtimes) */
  readonly reproducible?: boolean;
  /** Layer downloads at once. @default 3 */
  readonly concurrency?: number;
  /** Parent of the temp dir. @default os.tmpdir() */
  readonly tmpDir?: string;
  readonly signal?: AbortSignal;
  /** Progress per phase, in bytes. */
  readonly onProgress?: (phase: "pull" | "pack" | "upload", done: number, total: number) => void;
  /** One line per step, for the user. */
  readonly onStep?: (message: string) => void;
}

export interface ExportImageResult {
  /** The reference as understood (`127.0.0.1:5000/demo:1.0`). */
  readonly reference: string;
  /** Digest the tag points to (an index for multi-arch images). */
  readonly digest: string;
  /** Digest of the image manifest that was exported. */
  readonly imageDigest: string;
  readonly platform: string;
  readonly name: string;
  readonly version: string;
  readonly layers: number;
  /** `s3://bucket/key` when pushed. */
  readonly pushed?: string;
  /** The s3 resource regexp consumers use (`<folder>/<name>-(.*).tgz`), when pushed into a folder. */
  readonly regexp?: string;
  /** The local archive, when `output` was given. */
  readonly output?: string;
  readonly bytes: number;
  readonly sha256: string;
  /** Device nodes and FIFOs that were left out. */
  readonly skipped: readonly SkippedEntry[];
  readonly warnings: readonly PipelineIssue[];
}

interface Destination {
  readonly bucket?: string;
  readonly key?: string;
  readonly folder?: string;
  readonly name: string;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Where the archive goes and its name, from the target and options (usage errors before any network). */
export function exportDestination(ref: ImageReference, target: string | undefined, name: string | undefined): Destination {
  const check = (n: string, from: string): string => {
    if (!NAME_RE.test(n))
      throw new PipegenError("pipegen.usage", `archive name '${n}' (${from}) may only hold letters, digits, '.', '_' and '-'; pass --name`, {
        exitCode: ExitCode.usage,
      });
    return n;
  };
  if (target === undefined) return { name: check(name ?? repositoryBaseName(ref), name ? "--name" : "the repository's last part") };
  const loc = parseS3Url(target);
  if (/\.(tgz|tar\.gz)$/.test(loc.key)) {
    return { bucket: loc.bucket, key: loc.key, name: check(name ?? repositoryBaseName(ref), name ? "--name" : "the repository's last part") };
  }
  const trimmed = loc.key.replace(/\/+$/, "");
  const n = check(
    name ?? (trimmed === "" ? repositoryBaseName(ref) : trimmed.slice(trimmed.lastIndexOf("/") + 1)),
    name ? "--name" : trimmed === "" ? "the repository's last part" : "the folder's last part",
  );
  const folder = trimmed === "" ? `${n}/` : `${trimmed}/`;
  return { bucket: loc.bucket, folder, name: n };
}

/** Exports a registry image to an image archive in S3 (and/or a local file). */
export async function exportImage(opts: ExportImageOptions): Promise<ExportImageResult> {
  const ref = parseImageReference(opts.image);
  if (opts.target === undefined && opts.output === undefined)
    throw new PipegenError("pipegen.usage", "give an s3:// target, or --output for a local archive", { exitCode: ExitCode.usage });
  const dest = exportDestination(ref, opts.target, opts.name);
  const platform = typeof opts.platform === "string" ? parsePlatform(opts.platform) : (opts.platform ?? DEFAULT_PLATFORM);
  if (opts.version !== undefined) {
    const problem = imageVersionProblem(opts.version);
    if (problem)
      throw new PipegenError("pipegen.usage", `--version '${opts.version}' cannot be used: the s3 resource cannot parse it (${problem})`, {
        exitCode: ExitCode.usage,
      });
  } else if (!ref.tag) {
    throw new PipegenError("pipegen.usage", `${opts.image} has no tag to take the version from; pass --version`, { exitCode: ExitCode.usage });
  }
  const level = opts.level ?? 6;
  const concurrency = Math.max(1, opts.concurrency ?? 3);
  const step = opts.onStep ?? (() => undefined);
  const refText = formatReference(ref);

  const abort = new AbortController();
  const onOuter = (): void => abort.abort(opts.signal?.reason);
  opts.signal?.addEventListener("abort", onOuter, { once: true });
  const client = new RegistryClient(ref, {
    ...(opts.insecureRegistry ? { insecure: true } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    signal: abort.signal,
  });
  let work: string | undefined;
  const downloads: Promise<void>[] = [];
  try {
    // 1. manifest (index -> platform image)
    const top = await client.manifest(ref.digest ?? ref.tag!);
    let manifest = parseManifest(top.bytes, top.mediaType, `manifest of ${refText}`);
    let imageDigest = top.digest;
    let platformText = formatPlatform(platform);
    if (manifest.kind === "index") {
      const pick = pickPlatform(manifest.manifests, platform, refText);
      const child = await client.manifest(pick.digest, pick.digest);
      manifest = parseManifest(child.bytes, child.mediaType, `manifest ${pick.digest} of ${refText}`);
      if (manifest.kind !== "image")
        throw new PipegenError("pipegen.registry", `${refText}: the ${platformText} entry of the index is itself an index; pipegen follows one level`);
      imageDigest = child.digest;
      platformText = formatPlatform(pick.platform ?? platform);
    }
    const warnings: PipelineIssue[] = [];
    const config = parseImageConfig(await client.smallBlob(manifest.config, "image config"), `image config of ${refText}`);
    if (manifest.kind === "image" && top.digest === imageDigest) {
      platformText = formatPlatform({ os: config.os ?? "?", architecture: config.architecture ?? "?", ...(config.variant ? { variant: config.variant } : {}) });
      if (typeof opts.platform !== "undefined" && (config.os !== platform.os || config.architecture !== platform.architecture)) {
        warnings.push({
          code: "pipegen/image-export-platform",
          severity: "warning",
          path: refText,
          message: `the image is ${platformText}, not the ${formatPlatform(platform)} asked for (it is a single-platform image, so there was nothing to pick)`,
        });
      }
    }
    const layers = manifest.layers;
    layers.forEach((l, i) => {
      const kind = layerKind(l.mediaType);
      if (kind === "unknown")
        throw new PipegenError(
          "pipegen.layerFormat",
          `${refText}: layer ${i + 1}/${layers.length} has media type '${l.mediaType}', which is not a filesystem layer; this is not a container image pipegen can export`,
        );
    });

    // 2. version and key, now that the digest is known
    const version = opts.version ?? (opts.tagVersion ? ref.tag! : imageVersionFromTag(ref.tag!, opts.withDigest ? top.digest : undefined));
    const problem = imageVersionProblem(version);
    if (problem)
      throw new PipegenError(
        "pipegen.exportVersion",
        `tag '${ref.tag}' gives version '${version}', which the s3 resource cannot parse (${problem}); pass --version`,
      );
    const trap = imageVersionWarning(version);
    if (trap)
      warnings.push({
        code: "pipegen/image-name-version",
        severity: "warning",
        path: version,
        message: `version '${version}' sorts surprisingly in the s3 resource: ${trap}`,
      });
    const fileName = `${dest.name}-${version}.tgz`;
    const key = dest.key ?? (dest.folder !== undefined ? `${dest.folder}${fileName}` : undefined);
    const total = layers.reduce((n, l) => n + l.size, 0);
    step(`pulling ${refText} (${platformText}, ${layers.length} layer${layers.length === 1 ? "" : "s"}, ${(total / 1048576).toFixed(1)} MB)`);

    // 3. layers: download concurrently, apply in order
    work = mkdtempSync(path.join(opts.tmpDir ?? tmpdir(), "pipegen-export-"));
    const imageDir = path.join(work, "image");
    const builder = new RootfsBuilder(path.join(imageDir, "rootfs"));
    let pulled = 0;
    const onBytes = (n: number): void => {
      pulled += n;
      opts.onProgress?.("pull", pulled, total);
    };
    // a small FIFO semaphore: downloads start in layer order, at most `concurrency` at once
    const waiting: (() => void)[] = [];
    let free = concurrency;
    const acquire = (): Promise<void> => (free > 0 ? (free--, Promise.resolve()) : new Promise<void>((r) => waiting.push(r)));
    const release = (): void => {
      const wake = waiting.shift();
      if (wake) wake();
      else free++;
    };
    const files = layers.map((_, i) => path.join(work!, `layer-${i}`));
    for (let i = 0; i < layers.length; i++) {
      downloads.push(
        acquire().then(async () => {
          try {
            if (abort.signal.aborted) throw abort.signal.reason ?? new Error("aborted");
            await client.downloadBlob(layers[i]!, files[i]!, `layer ${i + 1}/${layers.length}`, onBytes);
          } finally {
            release();
          }
        }),
      );
    }
    downloads.forEach((d) => d.catch(() => undefined)); // failures are awaited below, in order
    for (let i = 0; i < layers.length; i++) {
      await downloads[i];
      const what = `${refText}: layer ${i + 1}/${layers.length} ${layers[i]!.digest.slice(0, 19)}`;
      await builder.applyLayer(layerTarStream(files[i]!, what), what, abort.signal);
      rmSync(files[i]!, { force: true }); // applied: its disk space is no longer needed
    }

    // 4. metadata.json and labels.json, pack, push
    writeFileSync(path.join(imageDir, "metadata.json"), imageMetadataJson(config));
    const labelsFile = path.join(imageDir, "labels.json");
    writeFileSync(labelsFile, imageLabelsJson(config));
    const archive = opts.output ?? path.join(work, fileName);
    step(`packing ${fileName}`);
    const packed = await packImage({
      input: imageDir,
      output: archive,
      level,
      reproducible: !!opts.reproducible,
      attributes: (rel) => builder.attributesOf(rel),
      extraFiles: [labelsFile],
      signal: abort.signal,
      ...(opts.onProgress ? { onProgress: (d: number, t: number) => opts.onProgress!("pack", d, t) } : {}),
    });
    warnings.push(...packed.warnings.filter((w) => w.code !== "pipegen/image-name-suffix" && w.code !== "pipegen/image-name-version"));
    let pushed: string | undefined;
    if (dest.bucket !== undefined && key !== undefined) {
      step(`pushing s3://${dest.bucket}/${key}`);
      await pushImage({
        file: archive,
        target: `s3://${dest.bucket}/${key}`,
        ...(opts.s3 ? { s3: opts.s3 } : {}),
        force: !!opts.force,
        signal: abort.signal,
        ...(opts.onProgress ? { onProgress: (d: number, t: number) => opts.onProgress!("upload", d, t) } : {}),
      });
      pushed = `s3://${dest.bucket}/${key}`;
    }
    return {
      reference: refText,
      digest: top.digest,
      imageDigest,
      platform: platformText,
      name: dest.name,
      version,
      layers: layers.length,
      ...(pushed ? { pushed } : {}),
      ...(pushed && dest.folder !== undefined ? { regexp: `${dest.folder}${dest.name}-(.*).tgz` } : {}),
      ...(opts.output ? { output: path.resolve(opts.output) } : {}),
      bytes: packed.bytes,
      sha256: packed.sha256,
      skipped: [...builder.skipped, ...packed.skipped],
      warnings,
    };
  } catch (err) {
    abort.abort(err);
    if (opts.signal?.aborted)
      throw new PipegenError("pipegen.interrupted", `exporting ${refText}: interrupted; nothing was pushed`, { exitCode: 130, cause: err });
    throw err;
  } finally {
    opts.signal?.removeEventListener("abort", onOuter);
    await Promise.allSettled(downloads); // no download may still write into the temp dir
    if (work) rmSync(work, { recursive: true, force: true });
  }
}

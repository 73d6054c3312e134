/**
 * `listImageVersions`: the versions the s3 resource would see in a bucket, in its order, with the one a
 * pipeline picks and the keys that would make its check crash.
 */
import { PipegenError } from "../errors";
import { createS3Client, loadS3Sdk, type ResolvedS3, type S3Options } from "./s3-client";
import { s3Failure } from "./s3-errors";
import { extractVersion, matchingKeys, regexpProblem, versionPattern, type ListLevel } from "./s3-regexp";
import { goSort } from "./go-sort";
import { compareParsedS3Versions, s3VersionOrderingTrap, type S3Version } from "./version";

/** One object whose key yields a valid version. */
export interface ImageVersion {
  readonly key: string;
  /** The raw captured string (what the resource writes to its `version` file). */
  readonly version: string;
  /** True for the version a pipeline's check picks first (the last in the resource's order). */
  readonly latest: boolean;
  readonly size?: number;
  readonly lastModified?: string;
}

/** A key that matches the regexp but whose capture does not parse: the resource's check panics. */
export interface InvalidImageKey {
  readonly key: string;
  readonly capture: string;
  /** The panic text the resource prints. */
  readonly error: string;
}

export interface ImageVersionList {
  readonly bucket: string;
  readonly regexp: string;
  /** Ascending, in the s3 resource's order (go-semi-semantic). */
  readonly versions: readonly ImageVersion[];
  /** Keys that would crash `check` (empty when the bucket is healthy). */
  readonly invalid: readonly InvalidImageKey[];
  /** The key a pipeline resolves to, when there is one and no key crashes the check. */
  readonly latest?: string;
  /** Advice: ambiguous picks, surprising orders. */
  readonly warnings: readonly string[];
}

export interface ListImageVersionsOptions {
  readonly bucket: string;
  /** The s3 resource's `source.regexp`, e.g. `ubuntu/ubuntu-(.*)\.tgz`. */
  readonly regexp: string;
  readonly s3?: S3Options;
  /** An existing client (the options are then ignored). */
  readonly client?: ResolvedS3;
  readonly signal?: AbortSignal;
}

/** Lists `bucket` the way the s3 resource's check does and orders what it finds. */
export async function listImageVersions(opts: ListImageVersionsOptions): Promise<ImageVersionList> {
  const problem = regexpProblem(opts.regexp);
  if (problem) throw new PipegenError("pipegen.s3Regexp", problem);
  const s3 = opts.client ?? (await createS3Client(opts.s3));
  const { ListObjectsV2Command } = loadS3Sdk();
  const meta = new Map<string, { size?: number; lastModified?: string }>();
  const list: ListLevel = async (prefix, token) => {
    try {
      const r = await s3.client.send(
        new ListObjectsV2Command({ Bucket: opts.bucket, Prefix: prefix, Delimiter: "/", ...(token ? { ContinuationToken: token } : {}) }),
        opts.signal ? { abortSignal: opts.signal } : {},
      );
      for (const o of r.Contents ?? []) {
        if (o.Key !== undefined)
          meta.set(o.Key, { ...(o.Size !== undefined ? { size: o.Size } : {}), ...(o.LastModified ? { lastModified: o.LastModified.toISOString() } : {}) });
      }
      return {
        prefixes: (r.CommonPrefixes ?? []).map((p) => p.Prefix ?? ""),
        keys: (r.Contents ?? []).map((o) => o.Key ?? ""),
        ...(r.IsTruncated && r.NextContinuationToken ? { next: r.NextContinuationToken } : {}),
      };
    } catch (err) {
      throw s3Failure(err, {
        action: `listing s3://${opts.bucket}/${prefix}`,
        bucket: opts.bucket,
        endpointLabel: s3.endpointLabel,
        ...(s3.accessKeyId ? { accessKeyId: s3.accessKeyId } : {}),
      });
    }
  };
  try {
    const keys = await matchingKeys(opts.regexp, list);
    return orderVersions(opts.bucket, opts.regexp, keys, (k) => meta.get(k));
  } finally {
    if (!opts.client) s3.client.destroy();
  }
}

/**
 * Orders matching keys as the s3 resource does. Pure: exported for tests and for `pipegen check`.
 * `keys` must be in the order the resource lists them (S3's listing order, level by level). The resource sorts
 * them with Go's `sort.Sort`, which is not stable but is deterministic: `goSort` makes the same moves, so among
 * equal versions (`1.0`, `1.0.0`) the order, and the key a pipeline gets, is the resource's.
 */
export function orderVersions(
  bucket: string,
  regexp: string,
  keys: readonly string[],
  metaOf: (key: string) => { size?: number; lastModified?: string } | undefined = () => undefined,
): ImageVersionList {
  const pattern = versionPattern(regexp);
  const found: { key: string; capture: string; version: S3Version }[] = [];
  const invalid: InvalidImageKey[] = [];
  for (const key of keys) {
    const x = extractVersion(pattern, key);
    if (x.kind === "version") found.push({ key, capture: x.capture, version: x.version });
    else if (x.kind === "invalid") invalid.push({ key, capture: x.capture, error: x.error });
  }
  const sorted = [...found];
  goSort(sorted, (a, b) => compareParsedS3Versions(a.version, b.version) < 0); // the resource's Less: IsLt
  const warnings: string[] = [];
  const top = sorted[sorted.length - 1];
  if (top) {
    const ties = sorted.filter((s) => compareParsedS3Versions(s.version, top.version) === 0);
    if (ties.length > 1) {
      const others = ties.filter((t) => t !== top);
      warnings.push(
        `versions ${ties.map((t) => `'${t.capture}'`).join(", ")} are equal for the s3 resource; its check picks ${top.key} ` +
          `(Go's sort.Sort over the keys in listing order puts it last), not ${others.map((t) => t.key).join(", ")}: ` +
          `a new upload that ties may change which one it picks`,
      );
    }
    const trap = s3VersionOrderingTrap(top.version);
    if (trap) warnings.push(`the latest version '${top.capture}' may not be the one you mean: ${trap}`);
    // Only a strictly later upload counts: S3 timestamps have one-second resolution.
    const topTime = metaOf(top.key)?.lastModified;
    const newest =
      topTime === undefined
        ? undefined
        : sorted.reduce<(typeof sorted)[number] | undefined>((best, s) => {
            const t = metaOf(s.key)?.lastModified;
            return t !== undefined && t > (best ? metaOf(best.key)!.lastModified! : topTime) ? s : best;
          }, undefined);
    if (newest && compareParsedS3Versions(newest.version, top.version) !== 0) {
      warnings.push(`the most recently uploaded object is ${newest.key} ('${newest.capture}'), but the s3 resource picks ${top.key} ('${top.capture}')`);
    }
  }
  const versions: ImageVersion[] = sorted.map((s) => {
    const m = metaOf(s.key);
    return {
      key: s.key,
      version: s.capture,
      latest: s === top && invalid.length === 0,
      ...(m?.size !== undefined ? { size: m.size } : {}),
      ...(m?.lastModified ? { lastModified: m.lastModified } : {}),
    };
  });
  return { bucket, regexp, versions, invalid, ...(top && invalid.length === 0 ? { latest: top.key } : {}), warnings };
}

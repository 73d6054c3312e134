/** `s3://bucket/key` addresses. */
import { ExitCode, PipegenError } from "../errors";

export interface S3Location {
  readonly bucket: string;
  /** The object key ("" for a bare bucket). */
  readonly key: string;
}

/** True for strings that look like an s3:// address. */
export function isS3Url(s: string): boolean {
  return /^s3:\/\//i.test(s);
}

/**
 * Parses `s3://bucket[/key]`. `needKey` makes a missing key a usage error.
 * Bucket names are checked loosely (S3-compatible servers differ); the server has the last word.
 */
export function parseS3Url(url: string, opts: { needKey?: boolean } = {}): S3Location {
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/i.exec(url);
  if (!m) throw new PipegenError("pipegen.usage", `'${url}' is not an s3:// address (expected s3://bucket/key)`, { exitCode: ExitCode.usage });
  const bucket = m[1]!;
  const key = m[2] ?? "";
  if (!/^[A-Za-z0-9._-]{1,255}$/.test(bucket)) {
    throw new PipegenError("pipegen.usage", `'${bucket}' in '${url}' is not a valid bucket name`, { exitCode: ExitCode.usage });
  }
  if (opts.needKey && (key === "" || key.endsWith("/"))) {
    throw new PipegenError("pipegen.usage", `'${url}' has no object key (expected s3://bucket/path/name-1.0.0.tgz)`, { exitCode: ExitCode.usage });
  }
  return { bucket, key };
}

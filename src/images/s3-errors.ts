/**
 * Turns what the S3 SDK and the network throw into one clear line: what failed, where, and what to do.
 * A wrong secret, a missing bucket and a refused connection each get their own sentence.
 */
import { isPipegenError, PipegenError } from "../errors";

/** What the failing call was about, for the message. */
export interface S3ErrorContext {
  /** e.g. "listing s3://images/ubuntu/" or "uploading s3://images/app-1.0.tgz" */
  readonly action: string;
  readonly bucket?: string;
  readonly key?: string;
  readonly endpointLabel?: string;
  readonly accessKeyId?: string;
}

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
  errors?: unknown[];
}

/** The network error code (ECONNREFUSED, ENOTFOUND…) somewhere in the error chain, if any. */
function networkCode(err: unknown): string | undefined {
  for (let e = err as SdkLikeError | undefined, depth = 0; e && depth < 5; e = e.cause as SdkLikeError | undefined, depth++) {
    if (typeof e.code === "string" && /^E[A-Z_]+$/.test(e.code)) return e.code;
    if (Array.isArray(e.errors)) {
      for (const inner of e.errors) {
        const c = networkCode(inner);
        if (c) return c;
      }
    }
  }
  return undefined;
}

/** One-line description of an S3 failure. */
export function describeS3Error(err: unknown, ctx: S3ErrorContext): string {
  const e = (err ?? {}) as SdkLikeError;
  const where = ctx.endpointLabel ?? "S3";
  const net = networkCode(err);
  if (net === "ECONNREFUSED") return `${ctx.action}: cannot connect to ${where} (connection refused); is the endpoint right and the server running?`;
  if (net === "ENOTFOUND" || net === "EAI_AGAIN") return `${ctx.action}: cannot resolve the host of ${where} (${net})`;
  if (net === "ECONNRESET" || net === "EPIPE") return `${ctx.action}: the connection to ${where} was dropped (${net})`;
  if (net === "ETIMEDOUT" || e.name === "TimeoutError") {
    const idle = /(\d+) ms of inactivity/.exec(e.message ?? "");
    return idle
      ? `${ctx.action}: ${where} stopped responding (no data moved for ${Number(idle[1]) / 1000} s; is the server overloaded or out of space?)`
      : `${ctx.action}: ${where} did not answer in time (${net ?? "timeout"})`;
  }
  if (net && /^(CERT|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_TLS)/.test(net))
    return `${ctx.action}: TLS certificate of ${where} not trusted (${net}); use --ca-bundle or --insecure`;
  if (typeof e.code === "string" && /^(CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/.test(e.code))
    return `${ctx.action}: TLS certificate of ${where} not trusted (${e.code}); use --ca-bundle or --insecure`;
  const name = e.name ?? e.Code ?? "Error";
  const status = e.$metadata?.httpStatusCode;
  const bucket = ctx.bucket ? `'${ctx.bucket}'` : "the bucket";
  const key = ctx.accessKeyId ? `'${ctx.accessKeyId}'` : "in use";
  switch (name) {
    case "SignatureDoesNotMatch":
      return `${ctx.action}: ${where} rejected the request signature (403 SignatureDoesNotMatch): the secret key does not belong to access key ${key}`;
    case "InvalidAccessKeyId":
      return `${ctx.action}: ${where} does not know access key ${key} (403 InvalidAccessKeyId)`;
    case "AccessDenied":
      return `${ctx.action}: access denied to ${bucket} on ${where} (403 AccessDenied); check the credentials' permissions`;
    case "NoSuchBucket":
      return `${ctx.action}: bucket ${bucket} does not exist on ${where} (NoSuchBucket)`;
    case "NoSuchKey":
      return `${ctx.action}: s3://${ctx.bucket}/${ctx.key} does not exist (NoSuchKey)`;
    case "NotFound":
      return ctx.key !== undefined
        ? `${ctx.action}: s3://${ctx.bucket}/${ctx.key} does not exist (404)`
        : `${ctx.action}: bucket ${bucket} does not exist on ${where} (404)`;
    case "CredentialsProviderError":
      return `${ctx.action}: no AWS credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or another source of the SDK default chain)`;
    case "AbortError":
      return `${ctx.action}: interrupted`;
    case "PermanentRedirect":
    case "AuthorizationHeaderMalformed":
      return `${ctx.action}: bucket ${bucket} is in another region than the one in use (${name}); pass --region`;
    default: {
      const msg = (e.message ?? String(err)).split("\n")[0];
      if (name === "Forbidden" || status === 403)
        return `${ctx.action}: access denied by ${where} (403${name !== "Forbidden" ? ` ${name}` : ""}); check the credentials`;
      const tail = status ? ` (HTTP ${status} ${name})` : name !== "Error" ? ` (${name})` : "";
      return `${ctx.action}: ${msg && msg !== "UnknownError" ? msg : "request failed"}${tail}`;
    }
  }
}

/** Wraps an S3 failure in a PipegenError with a one-line message (PipegenErrors pass through). */
export function s3Failure(err: unknown, ctx: S3ErrorContext): PipegenError {
  if (isPipegenError(err)) return err;
  return new PipegenError(s3ErrorCode(err), describeS3Error(err, ctx), { cause: err });
}

function s3ErrorCode(err: unknown): string {
  const e = (err ?? {}) as SdkLikeError;
  if (networkCode(err)) return "pipegen.s3Connection";
  if (e.name === "SignatureDoesNotMatch" || e.name === "InvalidAccessKeyId" || e.name === "AccessDenied" || e.$metadata?.httpStatusCode === 403)
    return "pipegen.s3Auth";
  if (e.name === "NoSuchBucket") return "pipegen.s3NoSuchBucket";
  if (e.name === "NoSuchKey" || e.name === "NotFound") return "pipegen.s3NotFound";
  if (e.name === "AbortError") return "pipegen.interrupted";
  return "pipegen.s3";
}

/** True when the error says the object or bucket is not there. */
export function isNotFound(err: unknown): boolean {
  const e = (err ?? {}) as SdkLikeError;
  return e.name === "NotFound" || e.name === "NoSuchKey" || e.name === "NoSuchUpload" || e.$metadata?.httpStatusCode === 404;
}

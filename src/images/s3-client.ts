/**
 * The S3 client, configured the AWS way and loaded lazily (the SDK costs ~60 ms to require, and
 * `pipegen render` must not pay it).
 *
 * Endpoint: `endpoint` option, else `AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`, else AWS.
 * Path-style addressing is the default for custom endpoints (Ceph, MinIO…), virtual-hosted for AWS.
 * Region: option, else the SDK chain (`AWS_REGION`, profile), else `us-east-1` as the s3 resource does.
 * Credentials: option, else the SDK default chain (env, profile, SSO, web identity, IMDS…).
 */
import type { S3Client, S3ClientConfig } from "@aws-sdk/client-s3";
import { ExitCode, PipegenError } from "../errors";

/** Static credentials, or `"anonymous"` for unsigned requests (what the s3 resource does without keys). */
export type S3Credentials = { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string } | "anonymous";

/** How to reach S3. Every field is optional: the defaults follow the AWS CLI and SDK conventions. */
export interface S3Options {
  /** Endpoint URL, e.g. `http://127.0.0.1:7480`. @default AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL, then AWS */
  readonly endpoint?: string;
  /** Bucket region. @default the SDK chain (AWS_REGION, profile), then us-east-1 */
  readonly region?: string;
  /** Path-style URLs (`endpoint/bucket/key`). @default true when a custom endpoint is used */
  readonly pathStyle?: boolean;
  /** Credentials. @default the SDK default chain */
  readonly credentials?: S3Credentials;
  /** Named profile from ~/.aws/config. @default AWS_PROFILE */
  readonly profile?: string;
  /** Skip TLS certificate verification. @default false */
  readonly insecure?: boolean;
  /** PEM CA bundle used to verify the endpoint's certificate. */
  readonly caBundle?: string;
  /** Attempts per request, including the first (SDK retry with backoff). @default 3 */
  readonly maxAttempts?: number;
  /**
   * Seconds a connection may sit without moving a byte before the request fails (a full or hung server
   * otherwise keeps an upload waiting forever). @default 120
   */
  readonly stallTimeoutSeconds?: number;
}

/** A client plus what it resolved, for messages. */
export interface ResolvedS3 {
  readonly client: S3Client;
  /** The endpoint in use, or "AWS S3" */
  readonly endpointLabel: string;
  /** Attempts per request (pipegen repeats streamed uploads itself; the SDK does not). */
  readonly maxAttempts: number;
  readonly accessKeyId?: string;
}

type Sdk = typeof import("@aws-sdk/client-s3");
const quiet = (): void => undefined;
const SILENT = { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet };
let sdk: Sdk | undefined;

/** Requires the AWS SDK on first use. */
export function loadS3Sdk(): Sdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: loaded only by the commands that need it
  if (!sdk) sdk = require("@aws-sdk/client-s3") as Sdk;
  return sdk;
}

/** The endpoint pipegen will use, after the environment fallbacks. */
export function resolveEndpoint(opts: S3Options): string | undefined {
  const e = opts.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
  return e === undefined || e === "" ? undefined : e;
}

/** Creates an S3 client. Region errors from the SDK chain fall back to us-east-1. */
export async function createS3Client(opts: S3Options = {}): Promise<ResolvedS3> {
  const { S3Client } = loadS3Sdk();
  const endpoint = resolveEndpoint(opts);
  if (endpoint !== undefined && !/^https?:\/\/[^/]/.test(endpoint)) {
    throw new PipegenError("pipegen.s3Config", `endpoint '${endpoint}' is not an http:// or https:// URL`, { exitCode: ExitCode.usage });
  }
  const config: S3ClientConfig = {
    // Ceph RGW and other S3 servers refuse the SDK's default CRC trailers on streamed bodies; pipegen sends
    // Content-MD5 itself where integrity matters, so checksums are added only where the API requires them.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: opts.maxAttempts ?? 3,
    // The SDK writes some notices straight to the console when it has no logger of its own (e.g. "An error
    // was encountered in a non-retryable streaming request."). pipegen reports failures itself, once.
    logger: SILENT,
    forcePathStyle: opts.pathStyle ?? endpoint !== undefined,
  };
  if (endpoint !== undefined) config.endpoint = endpoint;
  if (opts.region) config.region = opts.region;
  if (opts.profile) config.profile = opts.profile;
  if (opts.credentials === "anonymous") {
    config.signer = { sign: async (request) => request };
    config.credentials = { accessKeyId: "", secretAccessKey: "" };
  } else if (opts.credentials) {
    config.credentials = { ...opts.credentials };
  }
  const handler: { connectionTimeout: number; socketTimeout: number; httpsAgent?: import("node:https").Agent } = {
    connectionTimeout: 10_000,
    socketTimeout: (opts.stallTimeoutSeconds ?? 120) * 1000, // inactivity on the socket, in either direction
  };
  if (opts.insecure || opts.caBundle) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: loaded only by the commands that need it
    const https = require("node:https") as typeof import("node:https");
    handler.httpsAgent = new https.Agent({ keepAlive: true, rejectUnauthorized: !opts.insecure, ...(opts.caBundle ? { ca: opts.caBundle } : {}) });
  }
  config.requestHandler = handler;
  let client = withoutNodeVersionWarning(() => new S3Client(config));
  if (!opts.region) {
    try {
      await client.config.region();
    } catch {
      client.destroy();
      client = withoutNodeVersionWarning(() => new S3Client({ ...config, region: "us-east-1" }));
    }
  }
  const accessKeyId = opts.credentials && opts.credentials !== "anonymous" ? opts.credentials.accessKeyId : process.env.AWS_ACCESS_KEY_ID;
  return { client, endpointLabel: endpoint ?? "AWS S3", maxAttempts: config.maxAttempts as number, ...(accessKeyId ? { accessKeyId } : {}) };
}

/**
 * AWS SDK releases since April 2026 print a multi-line `NodeVersionSupportWarning` on Node < 22 when the
 * first client is created (once per process). It is about future SDK releases, not about pipegen, and
 * pipegen supports Node 20, so it is switched off with the SDK's own documented variable, only around the
 * client construction. The SDK honours only the exact value `true`: a user's `1`/`yes`/`on` means the same
 * to them and is read as such; only an explicit false value (`false`, `0`, `no`, `off`) lets the warning show.
 */
function withoutNodeVersionWarning<T>(make: () => T): T {
  const name = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";
  const before = process.env[name];
  if (before !== undefined && /^(false|0|no|off)$/i.test(before.trim())) return make();
  process.env[name] = "true";
  try {
    return make();
  } finally {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
  }
}

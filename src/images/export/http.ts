/**
 * The registry's HTTP layer: one request at a time through node:http/https, redirects followed by hand
 * (blob downloads are often redirected to object storage, and credentials must not travel to another
 * host), and transport failures turned into one line a user can act on.
 */
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { PipegenError } from "../../errors";

export interface HttpRequest {
  readonly url: URL;
  readonly method?: "GET" | "HEAD";
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** Who we are talking to, for messages (`registry 127.0.0.1:5000`). */
  readonly what: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: IncomingMessage;
  /** The URL that answered (after redirects). */
  readonly url: URL;
}

const MAX_REDIRECTS = 5;
/** No byte for this long on an open request: give up rather than hang. */
const IDLE_TIMEOUT_MS = 60_000;
const USER_AGENT = `pipegen/${typeof PIPEGEN_VERSION === "string" ? PIPEGEN_VERSION : "dev"} (image export)`;
declare const PIPEGEN_VERSION: string | undefined;

/** Sends a request and follows redirects; `Authorization` is only sent to the origin it was meant for. */
export async function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  let url = req.url;
  const origin = url.origin;
  for (let hop = 0; ; hop++) {
    const headers: Record<string, string> = { "user-agent": USER_AGENT, ...req.headers };
    if (url.origin !== origin) delete headers.authorization;
    const res = await once(url, req.method ?? "GET", headers, req.signal, req.what);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if ([301, 302, 303, 307, 308].includes(status) && location) {
      res.resume();
      if (hop >= MAX_REDIRECTS) throw new PipegenError("pipegen.registry", `${req.what}: more than ${MAX_REDIRECTS} redirects for ${req.url.pathname}`);
      url = new URL(location, url);
      continue;
    }
    return { status, headers: res.headers, body: res, url };
  }
}

function once(url: URL, method: string, headers: Record<string, string>, signal: AbortSignal | undefined, what: string): Promise<IncomingMessage> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: loaded only by the commands that need it
  const mod = url.protocol === "https:" ? (require("node:https") as typeof import("node:https")) : (require("node:http") as typeof import("node:http"));
  return new Promise((resolve, reject) => {
    const request = mod.request(url, { method, headers, ...(signal ? { signal } : {}) }, (res) => {
      res.setTimeout(IDLE_TIMEOUT_MS, () => res.destroy(transportError({ code: "ETIMEDOUT" } as NodeJS.ErrnoException, url, what)));
      resolve(res);
    });
    request.setTimeout(IDLE_TIMEOUT_MS, () => request.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })));
    request.on("error", (err) => reject(signal?.aborted ? err : transportError(err as NodeJS.ErrnoException, url, what)));
    request.end();
  });
}

/** One line for a failure below HTTP: what could not be reached, why, and what to try. */
export function transportError(err: NodeJS.ErrnoException, url: URL, what: string): PipegenError {
  if (err instanceof PipegenError) return err;
  const code = err.code ?? "";
  const host = url.host;
  const https = url.protocol === "https:";
  let why: string;
  switch (code) {
    case "ECONNREFUSED":
      why = `connection refused by ${host}: is the registry running, and on that port?`;
      break;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      why = `host ${url.hostname} not found (DNS)`;
      break;
    case "ETIMEDOUT":
    case "ESOCKETTIMEDOUT":
      why = `no answer from ${host} for ${IDLE_TIMEOUT_MS / 1000} s`;
      break;
    case "ECONNRESET":
    case "EPIPE":
      why = `${host} closed the connection${https ? " (if it serves plain HTTP, pass --insecure-registry)" : ""}`;
      break;
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      why = `${host} is unreachable from this machine`;
      break;
    default:
      if (/wrong version number|packet length too long|EPROTO/i.test(`${code} ${err.message}`)) {
        why = `${host} does not speak HTTPS; for a plain-HTTP registry pass --insecure-registry`;
      } else if (/CERT|certificate|self[- ]signed|UNABLE_TO_VERIFY/i.test(`${code} ${err.message}`)) {
        why = `the TLS certificate of ${host} is not trusted (${code || err.message}); add its CA with NODE_EXTRA_CA_CERTS=<pem file>`;
      } else {
        why = `${code ? code + ": " : ""}${err.message}`;
      }
  }
  return new PipegenError("pipegen.registryUnreachable", `${what}: ${why}`, { cause: err });
}

/** Reads a (small) response body, refusing more than `limit` bytes. */
export async function readBody(res: HttpResponse, limit: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers["content-length"] ?? NaN);
  if (declared > limit) {
    res.body.resume();
    throw new PipegenError("pipegen.registry", `${what}: the registry sent ${declared} bytes, more than the ${limit} allowed`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      res.body.destroy();
      throw new PipegenError("pipegen.registry", `${what}: the registry sent more than the ${limit} bytes allowed`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

/**
 * `checkPipelineImages`: for every s3 resource, s3 resource type and s3 `image_resource` of a pipeline,
 * does what the s3 resource's `check` would do against the real bucket and reports the version it resolves
 * to, or why it resolves to nothing. The source is used as the resource uses it (resource-types.md §1.1):
 * its endpoint, region, path style and keys, anonymous when it has no keys.
 */
import { resourceEndpoint } from "./s3-endpoint";
import type { PipelineIssue } from "../issues";
import { fillVars, envNameForVar } from "./check-vars";
import { listImageVersions } from "./list";
import { createS3Client, loadS3Sdk, type ResolvedS3, type S3Options } from "./s3-client";
import { describeS3Error } from "./s3-errors";
import { extractVersion, regexpProblem, versionPattern } from "./s3-regexp";
import { isObject } from "../object";
import { HOOKS } from "../model/format";

/** One s3 source found in a pipeline. */
export interface S3SourceRef {
  /** Where it is: `resources.my-image`, `jobs.build.plan[0].task.config.image_resource`, … */
  readonly path: string;
  readonly kind: "resource" | "resource_type" | "image_resource";
  readonly source: unknown;
  /** A pinned version (`version: {path: …}`), if any. */
  readonly version?: unknown;
  /** Get params (image_resource and resource_types): `unpack` matters for images. */
  readonly params?: unknown;
}

/** What checking one source found. */
export interface S3SourceCheck {
  readonly path: string;
  readonly kind: S3SourceRef["kind"];
  readonly ok: boolean;
  readonly bucket?: string;
  readonly regexp?: string;
  readonly versionedFile?: string;
  /** The key (regexp mode) a check resolves to. */
  readonly key?: string;
  /** The version string (regexp capture) or S3 VersionId (versioned_file). */
  readonly version?: string;
  /** Why it failed (when not ok). */
  readonly error?: string;
  readonly warnings: readonly string[];
}

/** Finds every s3 source in a Concourse config object. */
export function findS3Sources(config: unknown): S3SourceRef[] {
  const out: S3SourceRef[] = [];
  if (!isObject(config)) return out;
  const named = (section: string, item: Record<string, unknown>, i: number): string =>
    typeof item.name === "string" && item.name !== "" ? `${section}.${item.name}` : `${section}[${i}]`;
  (Array.isArray(config.resources) ? config.resources : []).forEach((r, i) => {
    if (isObject(r) && r.type === "s3")
      out.push({ path: named("resources", r, i), kind: "resource", source: r.source, ...(r.version !== undefined ? { version: r.version } : {}) });
  });
  (Array.isArray(config.resource_types) ? config.resource_types : []).forEach((r, i) => {
    if (isObject(r) && r.type === "s3") out.push({ path: named("resource_types", r, i), kind: "resource_type", source: r.source, params: r.params });
  });
  const step = (s: unknown, path: string): void => {
    if (!isObject(s)) return;
    if ("task" in s && isObject(s.config) && isObject(s.config.image_resource)) {
      const ir = s.config.image_resource;
      if (ir.type === "s3")
        out.push({
          path: `${path}.config.image_resource`,
          kind: "image_resource",
          source: ir.source,
          params: ir.params,
          ...(ir.version !== undefined ? { version: ir.version } : {}),
        });
    }
    if (Array.isArray(s.do)) s.do.forEach((x, i) => step(x, `${path}.do[${i}]`));
    if (Array.isArray(s.in_parallel)) s.in_parallel.forEach((x, i) => step(x, `${path}.in_parallel[${i}]`));
    else if (isObject(s.in_parallel) && Array.isArray(s.in_parallel.steps)) s.in_parallel.steps.forEach((x, i) => step(x, `${path}.in_parallel.steps[${i}]`));
    if (Array.isArray(s.aggregate)) s.aggregate.forEach((x, i) => step(x, `${path}.aggregate[${i}]`));
    for (const k of ["try", ...HOOKS]) if (s[k] !== undefined) step(s[k], `${path}.${k}`);
  };
  (Array.isArray(config.jobs) ? config.jobs : []).forEach((j, i) => {
    if (!isObject(j)) return;
    const base = named("jobs", j, i);
    (Array.isArray(j.plan) ? j.plan : []).forEach((s, k) => step(s, `${base}.plan[${k}]`));
    for (const k of HOOKS) if (j[k] !== undefined) step(j[k], `${base}.${k}`);
  });
  return out;
}

export interface CheckImagesOptions {
  /** Var layers from `loadVarLayers` (flags first, then files). */
  readonly layers?: readonly Record<string, unknown>[];
  /** Environment for `PIPEGEN_VAR_*` and the SDK default credential chain. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
}

/** Checks every s3 source of a pipeline config against its bucket. Never throws for S3 failures: they become results. */
export async function checkPipelineImages(config: unknown, opts: CheckImagesOptions = {}): Promise<S3SourceCheck[]> {
  const refs = findS3Sources(config);
  const clients = new Map<string, Promise<ResolvedS3>>();
  const done = new Map<string, Promise<Omit<S3SourceCheck, "path" | "kind">>>();
  try {
    const results: S3SourceCheck[] = [];
    for (const ref of refs) {
      const key = JSON.stringify([ref.source, ref.version ?? null]);
      if (!done.has(key)) done.set(key, checkOne(ref, opts, clients));
      const r = await done.get(key)!;
      const extra = imageWarnings(ref);
      results.push({ path: ref.path, kind: ref.kind, ...r, warnings: [...r.warnings, ...extra] });
    }
    return results;
  } finally {
    for (const c of clients.values())
      c.then(
        (x) => x.client.destroy(),
        () => undefined,
      );
  }
}

/** An s3 image without `unpack: true` hands Concourse the .tgz itself, not rootfs/. */
function imageWarnings(ref: S3SourceRef): string[] {
  if (ref.kind === "resource") return [];
  const unpack = isObject(ref.params) ? ref.params.unpack : undefined;
  if (unpack === true) return [];
  if (unpack === "true") return [`params.unpack is the string "true": the s3 resource's get fails to decode it; write unpack: true`];
  return [`no params.unpack: true, so the image is the .tgz itself, not rootfs/ + metadata.json (Concourse: "rootfs must not be empty")`];
}

type Fail = Omit<S3SourceCheck, "path" | "kind">;
const fail = (error: string, extra: Partial<Fail> = {}): Fail => ({ ok: false, error, warnings: [], ...extra });

async function checkOne(ref: S3SourceRef, opts: CheckImagesOptions, clients: Map<string, Promise<ResolvedS3>>): Promise<Fail> {
  const env = opts.env ?? process.env;
  const filled = fillVars(ref.source, opts.layers ?? [], env);
  if (filled.missing.length > 0) {
    const list = filled.missing.map((m) => `((${m}))`).join(", ");
    const how = filled.missing.map((m) => (m.includes(":") ? `-v '${m}=…'` : `-v ${m}=… or ${envNameForVar(m)}`)).join("; ");
    return fail(`var${filled.missing.length > 1 ? "s" : ""} ${list} not supplied (pass ${how}, or -l vars.yml)`);
  }
  if (!isObject(filled.value)) return fail("source is missing or not a map");
  const src = filled.value;
  const str = (k: string): string | undefined => (typeof src[k] === "string" && src[k] !== "" ? (src[k] as string) : undefined);
  const bucket = str("bucket");
  const regexp = str("regexp");
  const versionedFile = str("versioned_file");
  if (!bucket) return fail("source.bucket is not set");
  if (regexp && versionedFile) return fail("please specify either regexp or versioned_file", { bucket });
  if (!regexp && !versionedFile) return fail("neither source.regexp nor source.versioned_file is set: the s3 resource finds no version", { bucket });
  const warnings: string[] = [];
  if (typeof src.endpoint === "string" && src.endpoint !== "") {
    const e = resourceEndpoint(src.endpoint, src.disable_ssl === true);
    if ("error" in e) return fail(e.error, { bucket });
  }
  const s3opts = s3OptionsFromSource(src, warnings);
  const clientKey = JSON.stringify(s3opts);
  if (!clients.has(clientKey)) clients.set(clientKey, createS3Client(s3opts));
  let s3: ResolvedS3;
  try {
    s3 = await clients.get(clientKey)!;
  } catch (err) {
    return fail((err as Error).message, { bucket });
  }
  const label = regexp ? `s3://${bucket}/${regexp}` : `s3://${bucket}/${versionedFile}`;
  const explain = (err: unknown): string => {
    const msg =
      err instanceof Error && (err as { code?: string }).code?.startsWith("pipegen.")
        ? err.message
        : describeS3Error(err, {
            action: `checking ${label}`,
            bucket,
            endpointLabel: s3.endpointLabel,
            ...(s3.accessKeyId ? { accessKeyId: s3.accessKeyId } : {}),
          });
    const dns = /cannot resolve the host/.test(msg) && s3opts.endpoint && s3opts.pathStyle !== true;
    return dns ? `${msg}; without use_path_style: true the s3 resource addresses the bucket as a subdomain (${bucket}.host)` : msg;
  };
  try {
    return regexp ? await checkRegexp(src, bucket, regexp, ref, s3, warnings) : await checkVersionedFile(src, bucket, versionedFile!, ref, s3, warnings);
  } catch (err) {
    return fail(explain(err), { bucket, ...(regexp ? { regexp } : { versionedFile: versionedFile! }), warnings });
  }
}

/** The client settings the s3 resource derives from its source (§1.1). */
export function s3OptionsFromSource(src: Record<string, unknown>, warnings: string[] = []): S3Options {
  const endpointRaw = typeof src.endpoint === "string" && src.endpoint !== "" ? src.endpoint : undefined;
  const resolved = endpointRaw === undefined ? undefined : resourceEndpoint(endpointRaw, src.disable_ssl === true);
  // an endpoint the resource cannot use is reported by checkOne before any client is made
  const endpoint = resolved && "endpoint" in resolved ? resolved.endpoint : undefined;
  const keys = typeof src.access_key_id === "string" && src.access_key_id !== "" && typeof src.secret_access_key === "string" && src.secret_access_key !== "";
  if (typeof src.aws_role_arn === "string" && src.aws_role_arn !== "")
    warnings.push(`aws_role_arn is not assumed by pipegen check; it lists with the ${keys ? "source's keys" : "SDK default credentials"}`);
  const useChain = !keys && (src.enable_aws_creds_provider === true || (typeof src.aws_role_arn === "string" && src.aws_role_arn !== ""));
  return {
    // an empty region_name means us-east-1 to the resource; the endpoint and path style only apply together
    region: typeof src.region_name === "string" && src.region_name !== "" ? src.region_name : "us-east-1",
    ...(endpoint ? { endpoint, pathStyle: src.use_path_style === true } : { pathStyle: false }),
    ...(keys
      ? {
          credentials: {
            accessKeyId: src.access_key_id as string,
            secretAccessKey: src.secret_access_key as string,
            ...(typeof src.session_token === "string" && src.session_token ? { sessionToken: src.session_token } : {}),
          },
        }
      : useChain
        ? {}
        : { credentials: "anonymous" as const }),
    ...(src.skip_ssl_verification === true ? { insecure: true } : {}),
    ...(typeof src.ca_bundle === "string" && src.ca_bundle !== "" ? { caBundle: src.ca_bundle } : {}),
    maxAttempts: 2,
  };
}

async function checkRegexp(src: Record<string, unknown>, bucket: string, regexp: string, ref: S3SourceRef, s3: ResolvedS3, warnings: string[]): Promise<Fail> {
  const problem = regexpProblem(regexp);
  if (problem) return fail(problem, { bucket, regexp });
  const list = await listImageVersions({ bucket, regexp, client: s3 });
  const pinned = isObject(ref.version) && typeof ref.version.path === "string" ? ref.version.path : undefined;
  if (pinned === undefined) warnings.push(...list.warnings); // they are about the latest, which a pin overrides
  const base = { bucket, regexp, warnings };
  if (list.invalid.length > 0) {
    const bad = list.invalid.map((x) => `${x.key} (captured '${x.capture}')`).join(", ");
    return { ok: false, ...base, error: `the s3 resource's check panics on ${bad}: ${list.invalid[0]!.error}` };
  }
  if (pinned !== undefined) {
    const hit = list.versions.find((v) => v.key === pinned);
    return hit
      ? { ok: true, ...base, key: hit.key, version: hit.version }
      : { ok: false, ...base, error: `pinned version ${pinned} is not in s3://${bucket} (or does not match the regexp)` };
  }
  if (list.latest) {
    const v = list.versions.find((x) => x.latest)!;
    return { ok: true, ...base, key: v.key, version: v.version };
  }
  const initial = typeof src.initial_path === "string" && src.initial_path !== "" ? src.initial_path : undefined;
  if (initial) {
    const x = extractVersion(versionPattern(regexp), initial);
    if (x.kind === "version")
      return { ok: true, ...base, key: initial, version: x.capture, warnings: [...warnings, "nothing in the bucket matches yet: resolves to initial_path"] };
    return { ok: false, ...base, error: x.kind === "invalid" ? `initial_path ${initial}: ${x.error}` : `initial_path ${initial} does not match the regexp` };
  }
  return { ok: false, ...base, error: `nothing in s3://${bucket} matches '${regexp}'` };
}

async function checkVersionedFile(
  src: Record<string, unknown>,
  bucket: string,
  key: string,
  ref: S3SourceRef,
  s3: ResolvedS3,
  warnings: string[],
): Promise<Fail> {
  const { GetBucketVersioningCommand, ListObjectVersionsCommand } = loadS3Sdk();
  const base = { bucket, versionedFile: key, warnings };
  const status = await s3.client.send(new GetBucketVersioningCommand({ Bucket: bucket }));
  if (status.Status !== "Enabled")
    return { ok: false, ...base, error: `bucket is not versioned (s3://${bucket} versioning: ${status.Status ?? "never enabled"})` };
  const versions: string[] = [];
  let keyMarker: string | undefined;
  let idMarker: string | undefined;
  do {
    const page = await s3.client.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        Prefix: key,
        ...(keyMarker ? { KeyMarker: keyMarker } : {}),
        ...(idMarker ? { VersionIdMarker: idMarker } : {}),
      }),
    );
    for (const v of page.Versions ?? []) if (v.Key === key && v.VersionId) versions.push(v.VersionId);
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    idMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker);
  const pinned = isObject(ref.version) && typeof ref.version.version_id === "string" ? ref.version.version_id : undefined;
  if (pinned !== undefined)
    return versions.includes(pinned)
      ? { ok: true, ...base, version: pinned }
      : { ok: false, ...base, error: `pinned version_id ${pinned} is not a version of s3://${bucket}/${key}` };
  if (versions.length > 0) return { ok: true, ...base, version: versions[0]! };
  const initial = typeof src.initial_version === "string" && src.initial_version !== "" ? src.initial_version : undefined;
  if (initial) return { ok: true, ...base, version: initial, warnings: [...warnings, "no version in the bucket yet: resolves to initial_version"] };
  return { ok: false, ...base, error: `s3://${bucket}/${key} has no versions` };
}

/** Results as issues (for printing with the shared formatter). */
export function checkIssues(results: readonly S3SourceCheck[]): PipelineIssue[] {
  const out: PipelineIssue[] = [];
  for (const r of results) {
    if (!r.ok) out.push({ code: "pipegen/s3-check", severity: "error", path: r.path, message: r.error ?? "failed" });
    for (const w of r.warnings) out.push({ code: "pipegen/s3-check", severity: "warning", path: r.path, message: w });
  }
  return out;
}

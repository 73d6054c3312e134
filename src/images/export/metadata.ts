/**
 * `metadata.json` from an image config, as registry-image writes it for `format: rootfs`
 * (resource-types.md §2.3): the config's `Env`, `User`, `Entrypoint` and `Cmd` under `env`, `user`,
 * `entrypoint`, `cmd`, in that order, encoded like Go's encoding/json (a list the config leaves out is
 * `null`; `<`, `>`, `&` are \u-escaped), with the encoder's trailing newline; and `labels.json`, the
 * config's `Labels` the same way.
 */
import { PipegenError } from "../../errors";

/** The parts of an image config (OCI / Docker) that pipegen uses. */
export interface ImageConfig {
  readonly os?: string;
  readonly architecture?: string;
  readonly variant?: string;
  readonly env: readonly string[] | null;
  readonly user: string;
  readonly entrypoint: readonly string[] | null;
  readonly cmd: readonly string[] | null;
  readonly labels: Readonly<Record<string, string>>;
}

/** Decodes an image config blob; wrong types are errors (Go would refuse them too). */
export function parseImageConfig(bytes: Buffer, what: string): ImageConfig {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
  } catch {
    throw new PipegenError("pipegen.registry", `${what} is not JSON`);
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new PipegenError("pipegen.registry", `${what} is not a JSON object`);
  const c = (doc.config ?? {}) as Record<string, unknown>;
  const list = (key: string): string[] | null => {
    const v = c[key];
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string"))
      throw new PipegenError("pipegen.registry", `${what}: config.${key} is not a list of strings`);
    return v as string[];
  };
  const user = c.User ?? "";
  if (typeof user !== "string") throw new PipegenError("pipegen.registry", `${what}: config.User is not a string`);
  const labels: Record<string, string> = Object.create(null) as Record<string, string>; // a label may be called "__proto__"
  if (c.Labels && typeof c.Labels === "object")
    for (const [k, v] of Object.entries(c.Labels as Record<string, unknown>)) if (typeof v === "string") labels[k] = v;
  return {
    ...(typeof doc.os === "string" ? { os: doc.os } : {}),
    ...(typeof doc.architecture === "string" ? { architecture: doc.architecture } : {}),
    ...(typeof doc.variant === "string" ? { variant: doc.variant } : {}),
    env: list("Env"),
    user,
    entrypoint: list("Entrypoint"),
    cmd: list("Cmd"),
    labels,
  };
}

/** The text of metadata.json for a config. */
export function imageMetadataJson(config: ImageConfig): string {
  return asGoEncodes(JSON.stringify({ env: config.env, user: config.user, entrypoint: config.entrypoint, cmd: config.cmd }));
}

/**
 * The text of labels.json, which registry-image writes next to metadata.json: the config's labels as one
 * JSON object (`{}` when there are none), keys in byte order as Go's encoder sorts a map's keys.
 */
export function imageLabelsJson(config: ImageConfig): string {
  const keys = Object.keys(config.labels).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  // written member by member: a JS object would put integer-like keys ("10", "9") first, in numeric order
  return asGoEncodes(`{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(config.labels[k])}`).join(",")}}`);
}

/** JSON text as Go's json.Encoder writes it: HTML-safe escapes and a trailing newline, so files are byte-identical. */
function asGoEncodes(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`) + "\n";
}

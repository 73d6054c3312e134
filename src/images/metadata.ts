/**
 * `metadata.json` as Concourse consumes it (resource-types.md §5.2): the worker decodes `env` and `user`,
 * the task step decodes `entrypoint` and `cmd`, with Go's encoding/json. So a wrong JSON type is a
 * "malformed image metadata" failure at run time; keys match case-insensitively; unknown keys and
 * `null` values are ignored.
 */
import type { PipelineIssue } from "../issues";
import type { PipegenCodeName } from "../validate/codes";

/** The fields Concourse reads. */
export interface ImageMetadata {
  readonly env: readonly string[];
  readonly user: string;
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
}

export interface MetadataCheck {
  /** Problems, as issues whose `path` is `metadata.json` or `metadata.json:<field>`. */
  readonly issues: PipelineIssue[];
  /** The decoded fields, when the file decodes. */
  readonly metadata?: ImageMetadata;
}

const FIELDS = ["env", "user", "entrypoint", "cmd"] as const;
type Field = (typeof FIELDS)[number];

function issue(severity: "error" | "warning", code: PipegenCodeName, path: string, message: string, hint?: string): PipelineIssue {
  return { code: `pipegen/${code}`, severity, path, message, ...(hint ? { hint } : {}) };
}

/** Checks the text of a metadata.json the way Concourse will decode it. */
export function checkImageMetadata(text: string, file = "metadata.json"): MetadataCheck {
  const issues: PipelineIssue[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    issues.push(issue("error", "image-metadata-json", file, `not valid JSON (${(err as Error).message}); Concourse fails with "malformed image metadata"`));
    return { issues };
  }
  if (doc === null) doc = {};
  if (typeof doc !== "object" || Array.isArray(doc)) {
    issues.push(issue("error", "image-metadata-type", file, `must be a JSON object, found ${jsonType(doc)}; Concourse fails with "malformed image metadata"`));
    return { issues };
  }
  // Go's decoder matches keys case-insensitively; later keys overwrite earlier ones.
  const values = new Map<Field, { key: string; value: unknown }>();
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    const field = FIELDS.find((f) => f === key.toLowerCase());
    if (field) values.set(field, { key, value });
  }
  let env: string[] = [];
  let user = "";
  const out: { entrypoint?: string[]; cmd?: string[] } = {};
  for (const field of FIELDS) {
    const v = values.get(field);
    if (!v || v.value === null) continue;
    const where = `${file}:${v.key}`;
    if (field === "user") {
      if (typeof v.value !== "string") {
        issues.push(
          issue(
            "error",
            "image-metadata-type",
            where,
            `'${v.key}' must be a string, found ${jsonType(v.value)}`,
            typeof v.value === "number" ? `write "user": "${v.value}"` : undefined,
          ),
        );
      } else user = v.value;
      continue;
    }
    if (!Array.isArray(v.value) || v.value.some((x) => typeof x !== "string")) {
      const found = Array.isArray(v.value) ? `an array holding ${jsonType(v.value.find((x) => typeof x !== "string"))}` : jsonType(v.value);
      issues.push(
        issue(
          "error",
          "image-metadata-type",
          where,
          `'${v.key}' must be an array of strings, found ${found}`,
          field === "env" && typeof v.value === "object" && !Array.isArray(v.value) ? `write "env": ["KEY=value", …]` : undefined,
        ),
      );
      continue;
    }
    const list = v.value as string[];
    if (field === "env") env = list;
    else out[field] = list;
  }
  const seen = new Map<string, number>();
  env.forEach((entry, i) => {
    const eq = entry.indexOf("=");
    if (eq <= 0) {
      issues.push(issue("error", "image-metadata-env", `${file}:env[${i}]`, `'${entry}' is not a KEY=value string`));
      return;
    }
    const name = entry.slice(0, eq);
    if (seen.has(name))
      issues.push(
        issue(
          "warning",
          "image-metadata-env",
          `${file}:env[${i}]`,
          `${name} is set twice (env[${seen.get(name)}] and env[${i}]); Concourse does not de-duplicate`,
        ),
      );
    seen.set(name, i);
  });
  const envBroken = issues.some((x) => x.severity === "error" && x.code === "pipegen/image-metadata-type" && x.path === `${file}:${values.get("env")?.key}`);
  if (!envBroken && !seen.has("PATH")) {
    const hint = 'add "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" to env';
    issues.push(
      issue(
        "warning",
        "image-metadata-path",
        `${file}:env`,
        `${env.length === 0 ? "env is empty or missing" : "env has no PATH"}: nothing else sets PATH in the container, so commands need absolute paths`,
        hint,
      ),
    );
  }
  if (issues.some((x) => x.severity === "error")) return { issues };
  return { issues, metadata: { env, user, ...out } };
}

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return `a string (${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)})`;
  return `a ${typeof v} (${String(v)})`;
}

/**
 * Whether `user` needs a lookup in the image's /etc/passwd: Concourse resolves names (and `name:group`)
 * there to set volume ownership, and only logs a failed lookup.
 */
export function userNeedsLookup(user: string): { user?: string; group?: string } | undefined {
  if (user === "" || user === "root") return undefined;
  const [u, g] = user.split(":", 2);
  const needUser = u && !/^[0-9]+$/.test(u) ? u : undefined;
  const needGroup = g && !/^[0-9]+$/.test(g) ? g : undefined;
  if (!needUser && !needGroup) return undefined;
  return { ...(needUser ? { user: needUser } : {}), ...(needGroup ? { group: needGroup } : {}) };
}

/** Names defined in an /etc/passwd or /etc/group text. */
export function namesInDatabase(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split("\n")) {
    const name = line.split(":", 1)[0]?.trim();
    if (name && !name.startsWith("#")) names.add(name);
  }
  return names;
}

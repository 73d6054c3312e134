/**
 * The version an image archive gets from its tag, one rule for `pipegen image export` and for the
 * packaging pipeline's task script (`pipelines/package-docker-images.ts`).
 *
 * The s3 resource orders versions with go-semi-semantic (resource-types.md §1.4): a component with a
 * leading zero is a string, and strings sort above every number, so `24.04` would sort above `24.10`;
 * `v9` and `v10` are strings too, and `v10` < `v9`. So a leading `v` before a digit is dropped, and so
 * are the leading zeros of every dot-separated numeric run (`24.04` -> `24.4`, `2024.09.30` -> `2024.9.30`).
 */
import { parseS3Version, s3VersionOrderingTrap } from "../version";

/**
 * The rule as a `sed -E` program, for shell tasks that have no Node: exactly what
 * `imageVersionFromTag` does to a tag (a test runs both over the same tags).
 */
export const IMAGE_VERSION_SED = String.raw`s/^[vV]([0-9])/\1/; s/(^|[.])0+([0-9])/\1\2/g`;

/**
 * The archive version for an image tag: leading `v` and leading zeros dropped; with a digest, its first
 * 12 hex digits as post-release (`24.4+0123456789ab`, which sorts above `24.4`).
 */
export function imageVersionFromTag(tag: string, digest?: string): string {
  const version = tag.replace(/^[vV](?=[0-9])/, "").replace(/(^|\.)0+(?=[0-9])/g, "$1");
  if (digest === undefined) return version;
  const hex = digest.slice(digest.indexOf(":") + 1);
  return `${version}+${hex.slice(0, 12)}`;
}

/** Why a version cannot be used in an archive name, or undefined when the s3 resource parses it. */
export function imageVersionProblem(version: string): string | undefined {
  const parsed = parseS3Version(version);
  if (!parsed.ok) return parsed.error;
  return undefined;
}

/** A warning when the version parses but sorts surprisingly (e.g. `rc2` vs `rc10`). */
export function imageVersionWarning(version: string): string | undefined {
  const parsed = parseS3Version(version);
  return parsed.ok ? s3VersionOrderingTrap(parsed.version) : undefined;
}

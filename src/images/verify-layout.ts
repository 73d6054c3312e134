/**
 * What every image archive must hold once the s3 resource has unpacked it, whatever the archive type (tar,
 * gzip or bzip2 of a tar, zip): `rootfs/` and a valid `metadata.json` at the top level, and the user that
 * metadata.json names in rootfs/etc/passwd. The archive readers feed entries in; `finish` reports.
 */
import type { PipelineIssue } from "../issues";
import { checkImageMetadata, namesInDatabase, userNeedsLookup, type ImageMetadata } from "./metadata";
import type { PipegenCodeName } from "../validate/codes";

/** metadata.json, /etc/passwd, /etc/group are read into memory up to this size. */
export const MAX_SMALL_FILE = 1 << 20;

export function problem(severity: "error" | "warning", code: PipegenCodeName, where: string, message: string, hint?: string): PipelineIssue {
  return { code: `pipegen/${code}`, severity, path: where, message, ...(hint ? { hint } : {}) };
}

/** Normalizes an entry name; says when it is absolute or climbs out with '..'. */
export function entryPath(name: string): { path: string; problem?: "absolute" | "dotdot" } {
  const parts: string[] = [];
  let dotdot = false;
  for (const p of name.split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..") dotdot = true;
    parts.push(p);
  }
  const path = parts.join("/");
  if (name.startsWith("/")) return { path, problem: "absolute" };
  return dotdot ? { path, problem: "dotdot" } : { path };
}

/** Which small file an entry is, when its content must be read. */
export type SmallFile = "metadata" | "passwd" | "group";

export class ImageLayout {
  private rootfsEntries = 0;
  private readonly wrapped = new Set<string>();
  private metadataText: string | undefined;
  private metadataProblem: string | undefined;
  private readonly small: Record<"passwd" | "group", string | undefined> = { passwd: undefined, group: undefined };

  constructor(
    private readonly problems: PipelineIssue[],
    private readonly base: string,
  ) {}

  /**
   * Records an entry by its normalized path. `kind` is the entry type in words ("file", "directory",
   * "symlink"…); returns which small file it is when the caller should read it and `provide` the text.
   */
  see(p: string, kind: string, size: number): SmallFile | undefined {
    if (p === "rootfs" || p.startsWith("rootfs/")) this.rootfsEntries++;
    else {
      const m = /^(.+?)\/rootfs(\/|$)/.exec(p);
      if (m) this.wrapped.add(m[1]!);
    }
    const isFile = kind === "file";
    if (p === "metadata.json") {
      if (!isFile) this.metadataProblem = `metadata.json is a ${kind}, not a file`;
      else if (size > MAX_SMALL_FILE) this.metadataProblem = `metadata.json is ${size} bytes; that is not image metadata`;
      else return "metadata";
    } else if ((p === "rootfs/etc/passwd" || p === "rootfs/etc/group") && isFile && size <= MAX_SMALL_FILE) {
      return p === "rootfs/etc/passwd" ? "passwd" : "group";
    }
    return undefined;
  }

  provide(which: SmallFile, text: string): void {
    if (which === "metadata") this.metadataText = text;
    else this.small[which] = text;
  }

  /** metadata.json could not be read (for example an entry compressed in a way pipegen cannot decode). */
  unreadable(which: SmallFile, why: string): void {
    if (which === "metadata") this.metadataProblem = `cannot read metadata.json: ${why}`;
  }

  /** Reports what is missing or wrong; returns the decoded metadata when it is usable. */
  finish(entries: number): ImageMetadata | undefined {
    const { problems, base } = this;
    if (entries === 0) problems.push(problem("error", "image-empty", base, "the archive has no entries"));
    const wrappedIn = this.wrapped.size > 0 ? [...this.wrapped][0]! : undefined;
    if (this.rootfsEntries === 0) {
      const hint = wrappedIn ? `everything is under '${wrappedIn}/': archive the contents of that directory, so rootfs/ is at the top` : undefined;
      problems.push(
        problem("error", "image-no-rootfs", base, "no rootfs/ at the top level: Concourse uses <output>/rootfs as the container's root filesystem", hint),
      );
    } else if (this.rootfsEntries === 1) {
      problems.push(problem("warning", "image-empty-rootfs", "rootfs/", "rootfs/ is empty"));
    }
    if (this.metadataProblem) {
      problems.push(problem("error", "image-metadata", "metadata.json", this.metadataProblem));
      return undefined;
    }
    if (this.metadataText === undefined) {
      problems.push(
        problem(
          "error",
          "image-no-metadata",
          base,
          `no metadata.json at the top level: Concourse fails with "stream image metadata file … Is the image in rootfs format?"`,
          wrappedIn ? `everything is under '${wrappedIn}/'` : undefined,
        ),
      );
      return undefined;
    }
    const checked = checkImageMetadata(this.metadataText);
    problems.push(...checked.issues);
    const metadata = checked.metadata;
    const lookup = metadata ? userNeedsLookup(metadata.user) : undefined;
    const { passwd, group } = this.small;
    if (lookup?.user && !(passwd !== undefined && namesInDatabase(passwd).has(lookup.user))) {
      problems.push(
        problem(
          "warning",
          "image-user-unknown",
          "metadata.json:user",
          `user '${lookup.user}' is not in rootfs/etc/passwd${passwd === undefined ? " (there is none)" : ""}: Concourse cannot resolve it to set volume ownership and only logs that`,
        ),
      );
    }
    if (lookup?.group && !(group !== undefined && namesInDatabase(group).has(lookup.group))) {
      problems.push(
        problem(
          "warning",
          "image-user-unknown",
          "metadata.json:user",
          `group '${lookup.group}' is not in rootfs/etc/group${group === undefined ? " (there is none)" : ""}`,
        ),
      );
    }
    return metadata;
  }
}

/**
 * Filesystem failures while packing, as one line naming the path (never "internal error"): permission denied,
 * a name too long for the system, a file that vanished, a name that is not UTF-8.
 */
import { PipegenError } from "../errors";

/** A path short enough for one line: the start and the end of a 5,000-character path. */
export function shortPath(p: string): string {
  return p.length <= 200 ? p : `${p.slice(0, 90)}…${p.slice(-90)}`;
}

/** Turns a Node filesystem error into a one-line `PipegenError`; anything else is returned as it is. */
export function fsFailure(err: unknown, what: string): unknown {
  const e = err as NodeJS.ErrnoException;
  if (!(err instanceof Error) || typeof e.code !== "string" || typeof e.syscall !== "string") return err;
  const where = shortPath(e.path ?? what);
  const reason: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    ENOENT: "no such file (did it change while packing?)",
    ENAMETOOLONG: "the path is longer than the system allows (PATH_MAX)",
    ELOOP: "too many levels of symbolic links",
    ENOTDIR: "a part of the path is not a directory",
    EIO: "input/output error reading it",
    EISDIR: "is a directory",
    EMFILE: "too many open files",
    ENOSPC: "no space left on the device",
  };
  const why = Object.prototype.hasOwnProperty.call(reason, e.code) ? reason[e.code] : `${e.code} (${e.syscall})`;
  return new PipegenError("pipegen.packInput", `${what}: ${where}: ${why}`, { cause: err });
}

/** A name as bytes that are not valid UTF-8, shown with the bad bytes escaped (`caf\xe9`). */
export function showBytes(name: Buffer): string {
  let out = "";
  for (const b of name) out += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, "0")}`;
  return out;
}

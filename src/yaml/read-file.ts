/**
 * Reading a YAML file the user names, with a bound: `/dev/zero` or a 10 GB file must not be read without end.
 * Pipes and FIFOs are read as streams (`pipegen validate <(ytt …)` is fine); a directory is refused by name.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { FLY_YAML_PREFIX, NOT_PRINTABLE, utf8Problem } from "./go-reader";

/** The largest YAML file validate and import read (a large real pipeline is a few hundred KB). */
export const MAX_YAML_BYTES = 16 * 1024 * 1024;

/** Why a file could not be read, as one line (no "internal error"). */
export class YamlFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly errno?: string,
    /** The issue code for `validate` when the file was read but Concourse refuses its bytes (not UTF-8). */
    readonly issueCode?: "yaml/syntax",
  ) {
    super(`${file}: ${reason}`);
  }
}

/** Reads `file` (or fd 0 for `-`) as UTF-8, refusing more than `limit` bytes. */
export function readYamlFile(file: string | 0, limit = MAX_YAML_BYTES): string {
  const name = file === 0 ? "<stdin>" : file;
  let fd: number;
  try {
    fd = file === 0 ? 0 : openSync(file, "r");
  } catch (err) {
    throw new YamlFileError(name, reasonOf(err), (err as NodeJS.ErrnoException).code);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(1 << 20, limit + 1 - total));
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // stdin in non-blocking mode (a TTY or a socket): wait for data instead of failing
        if (code === "EAGAIN") {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
          continue;
        }
        if (code === "EOF") break;
        throw new YamlFileError(name, reasonOf(err), code);
      }
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
      if (total > limit)
        throw new YamlFileError(name, `is larger than ${limit / (1024 * 1024)} MB, the most pipegen reads (a pipeline file is rarely over 1 MB)`, "E2BIG");
    }
  } finally {
    if (file !== 0) closeSync(fd);
  }
  const bytes = Buffer.concat(chunks, total);
  const bad = utf8Problem(bytes);
  // go-yaml meets problems in the order of the bytes: a control character before the broken sequence is its
  // answer (the YAML reader reports it, document.ts)
  const before = bad ? bytes.subarray(0, bad.offset).toString("utf8") : "";
  if (bad && !NOT_PRINTABLE.test(before)) {
    // where, in the lines a text editor shows (the bytes before it are valid UTF-8)
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    throw new YamlFileError(
      `${name}:${line}:${column}`,
      `${FLY_YAML_PREFIX}${bad.message} (byte 0x${bytes[bad.offset]!.toString(16).toUpperCase().padStart(2, "0")}; the file is not UTF-8, and Concourse refuses it)`,
      "EILSEQ",
      "yaml/syntax",
    );
  }
  return bytes.toString("utf8");
}

function reasonOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "is a directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENAMETOOLONG") return "the path is too long";
  if (code === "ELOOP") return "too many levels of symbolic links";
  return (err as Error).message ?? String(code);
}

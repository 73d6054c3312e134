/**
 * Output files (named by `-o`): checked before any work is done, and every failure to write one told in one line
 * that names the file and what is wrong with it. A bad `-o` is a usage error (exit 2): the command line names a
 * place nothing can be written to, and nothing about the input is wrong.
 */
import { statSync } from "node:fs";
import * as path from "node:path";
import { ExitCode, PipegenError } from "./errors";

/** Throws a usage error when `file` cannot be an output file: it is a folder, or its folder does not exist. */
export function checkOutputPath(file: string): void {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    stat = undefined;
  }
  if (stat?.isDirectory()) throw outputError(file, "is a folder; give the name of a file to write");
  const dir = path.dirname(path.resolve(file));
  let dirStat;
  try {
    dirStat = statSync(dir);
  } catch {
    throw outputError(file, `folder ${path.dirname(file)} does not exist`);
  }
  if (!dirStat.isDirectory()) throw outputError(file, `${path.dirname(file)} is not a folder`);
}

/** The one-line answer for an error met while writing `file` (the temporary sibling's name is never shown). */
export function outputWriteError(file: string, err: unknown): PipegenError {
  const code = (err as NodeJS.ErrnoException).code;
  const dir = path.dirname(file);
  switch (code) {
    case "EISDIR":
      return outputError(file, "is a folder; give the name of a file to write");
    case "ENOENT":
      // the folder exists (checked first) but refuses new entries, as /proc and /sys do
      return outputError(file, `no new file can be created in ${dir}`);
    case "ENOTDIR":
      return outputError(file, `${dir} is not a folder`);
    case "EACCES":
    case "EPERM":
      return outputError(file, `permission denied (pipegen writes a temporary file in ${dir}, then renames it)`);
    case "EROFS":
      return outputError(file, `${dir} is on a read-only file system`);
    case "ENOSPC":
    case "EDQUOT":
      return new PipegenError("pipegen.outputFailed", `cannot write ${file}: no space left on the device; nothing was written`, { cause: err });
    default:
      return new PipegenError("pipegen.outputFailed", `cannot write ${file}: ${(err as Error).message}; nothing was written`, { cause: err });
  }
}

function outputError(file: string, why: string): PipegenError {
  return new PipegenError("pipegen.badOutput", `cannot write ${file}: ${why}`, { exitCode: ExitCode.usage });
}

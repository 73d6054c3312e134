/** Shared output conventions: data on stdout, messages on stderr, atomic file writes, no stack traces. */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import * as path from "node:path";
import { isPipegenError } from "../errors";
import { formatIssue, sortIssues, type PipelineIssue } from "../issues";
import { checkOutputPath, outputWriteError } from "../output-path";

/**
 * Writes a file atomically: a temporary sibling is written, synced and renamed over the target. A target that
 * cannot be written (a folder, a missing folder, /proc/x) is a one-line PipegenError, never a raw errno.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  checkOutputPath(file);
  try {
    writeAtomic(file, data);
  } catch (err) {
    throw outputWriteError(file, err);
  }
}

function writeAtomic(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tmp, "wx", 0o644);
  try {
    writeSync(fd, typeof data === "string" ? Buffer.from(data) : data);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, file);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw err;
  }
}

/** Prints issues to stderr, errors first. */
export function printIssues(issues: readonly PipelineIssue[], out: (line: string) => void = (l) => process.stderr.write(l + "\n")): void {
  for (const issue of sortIssues(issues)) out(formatIssue(issue));
}

/** Prints an error that ends the command and returns its exit code. */
export function reportFatal(err: unknown, debug: boolean): number {
  if (isPipegenError(err)) {
    if (err.issues.length > 0) printIssues(err.issues);
    process.stderr.write(`pipegen: ${err.message}\n`);
    if (debug && err.stack) process.stderr.write(err.stack + "\n");
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`pipegen: internal error: ${message}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(err.stack + "\n");
  else process.stderr.write("(run with --debug to see the stack trace)\n");
  return 1;
}

/** A size for people: bytes, KB or MB (a 3 KB image is not "0.0 MB"). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} byte${n === 1 ? "" : "s"}`;
  if (n < 1048576) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1048576).toFixed(1)} MB`;
}

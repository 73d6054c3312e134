/**
 * Errors that end a command. Like commander's CommanderError they carry an `exitCode` and a
 * namespaced `code` (`pipegen.validation`, `pipegen.loadFailed`, …) so callers can react without
 * parsing text. The CLI prints `message` (and `issues`, if any) and never a stack trace unless `--debug`.
 */
import type { PipelineIssue } from "./issues";

/** Documented exit codes. */
export const ExitCode = {
  /** Success. */
  ok: 0,
  /** The input has errors (validation, load, S3 check failures…). */
  failure: 1,
  /** The command line is wrong. */
  usage: 2,
} as const;

export class PipegenError extends Error {
  readonly exitCode: number;
  readonly code: string;
  readonly issues: readonly PipelineIssue[];
  constructor(code: string, message: string, options: { exitCode?: number; issues?: readonly PipelineIssue[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PipegenError";
    this.code = code;
    this.exitCode = options.exitCode ?? ExitCode.failure;
    this.issues = options.issues ?? [];
  }
}

/** Brand check that survives duplicate copies of pipegen. */
export function isPipegenError(err: unknown): err is PipegenError {
  return err instanceof Error && typeof (err as PipegenError).code === "string" && (err as PipegenError).name === "PipegenError";
}

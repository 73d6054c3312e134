/**
 * Running fly as a child process. While it runs, SIGINT/SIGTERM/SIGHUP sent to pipegen are forwarded to it (a
 * second Ctrl-C kills it), so pipegen can clean up after fly has stopped rather than dying first; the caller
 * gets fly's exit code, or 128 + the signal number when fly was killed by a signal.
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { PipegenError } from "../errors";
import type { OutputRedactor } from "./output-filter";

export interface RunFlyOptions {
  readonly fly: string;
  readonly argv: readonly string[];
  /**
   * `stream`: stdin passed through (fly may ask "apply configuration?"), output shown as it comes.
   * `capture`: no stdin, output collected.
   */
  readonly mode: "stream" | "capture";
  /** Redactors for fly's stdout and stderr in `stream` mode; without them fly writes straight to the terminal. */
  readonly redact?: { readonly stdout: OutputRedactor; readonly stderr: OutputRedactor };
  readonly env?: NodeJS.ProcessEnv;
}

export interface RunFlyResult {
  /** fly's exit code, or 128 + signal number. */
  readonly code: number;
  readonly signal?: NodeJS.Signals;
  /** The signal pipegen received and forwarded, if any. */
  readonly interrupted?: NodeJS.Signals;
  readonly stdout: string;
  readonly stderr: string;
}

const FORWARDED: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

export function runFly(options: RunFlyOptions): Promise<RunFlyResult> {
  return new Promise((resolve, reject) => {
    const streamed = options.mode === "stream";
    const piped = !streamed || options.redact !== undefined;
    const child = spawn(options.fly, options.argv as string[], {
      stdio: [streamed ? "inherit" : "ignore", piped ? "pipe" : "inherit", piped ? "pipe" : "inherit"],
      env: options.env ?? process.env,
    });
    let stdout = "";
    let stderr = "";
    let interrupted: NodeJS.Signals | undefined;
    let forwardedCount = 0;
    const onSignal = (sig: NodeJS.Signals) => {
      interrupted = sig;
      forwardedCount++;
      try {
        child.kill(forwardedCount > 1 && sig === "SIGINT" ? "SIGKILL" : sig);
      } catch {
        // already gone
      }
    };
    const handlers = FORWARDED.map((sig) => [sig, () => onSignal(sig)] as const);
    for (const [sig, h] of handlers) process.on(sig, h);
    const detach = () => {
      for (const [sig, h] of handlers) process.off(sig, h);
    };

    if (piped) {
      child.stdout!.setEncoding("utf8");
      child.stderr!.setEncoding("utf8");
      child.stdout!.on("data", (d: string) => {
        if (streamed) (options.redact ? options.redact.stdout : process.stdout).write(d);
        else stdout += d;
      });
      child.stderr!.on("data", (d: string) => {
        if (streamed) (options.redact ? options.redact.stderr : process.stderr).write(d);
        else stderr += d;
      });
    }
    let settled = false;
    child.on("error", (err: NodeJS.ErrnoException) => {
      detach();
      if (settled) return;
      settled = true;
      reject(new PipegenError("pipegen.flyFailed", `could not run ${options.fly}: ${err.code === "EACCES" ? "permission denied" : err.message}`));
    });
    child.on("close", (code, signal) => {
      detach();
      if (settled) return;
      settled = true;
      options.redact?.stdout.end();
      options.redact?.stderr.end();
      const sigCode = signal ? 128 + (constants.signals[signal] ?? 0) : undefined;
      resolve({
        code: code ?? sigCode ?? 1,
        ...(signal ? { signal } : {}),
        ...(interrupted ? { interrupted } : {}),
        stdout,
        stderr,
      });
    });
  });
}

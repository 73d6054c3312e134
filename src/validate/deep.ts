/**
 * Validation of documents nested deeper than the main thread's call stack allows. The YAML reader is iterative,
 * but the decoder and the checks recurse per step (`do` in `do` in `do` …): Concourse accepts collections nested
 * up to 10,000 levels, and Node's main thread runs out of stack after a few thousand. Such a file is validated again
 * in a worker thread with a large stack, synchronously (the caller is synchronous), from its text: only the text
 * goes in and only the issues come out, since copying a deeply nested value between threads recurses too.
 *
 * It needs pipegen's bundle (the worker loads the module this code was bundled into); run from source (tests of
 * src/), the overflow is reported as the limit it is.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { PipelineIssue } from "../issues";
import { workerCachePrelude, workerCodeCache } from "../boot/worker-cache";

/** The worker's stack: 10,000 nested steps take ~30 MB of frames; address space is reserved, not used. */
const STACK_MB = 256;
/** The module key of the validator in the features bundle (scripts/build.js keys modules by source path). */
const MODULE_KEY = "src/validate/file";

// The bundle loads through the CLI's code cache when it is on (src/boot/code-cache.ts): compiling the features
// bundle again in the worker was most of a deep file's time on Node 20, which has no compile cache.
const WORKER = `
const { workerData } = require("node:worker_threads");
const { bundle, key, text, file, options, port, signal } = workerData;
${workerCachePrelude("validate-deep")}
let result;
try {
  result = { issues: requireCached(bundle)[key].validateYamlIssues(text, file, options) };
  saveCached();
} catch (err) {
  result = { error: err instanceof Error ? err.message : String(err) };
}
port.postMessage(result);
Atomics.store(signal, 0, 1);
Atomics.notify(signal, 0);
`;

/** A RangeError from running out of call stack. */
export function isStackOverflow(err: unknown): boolean {
  return err instanceof RangeError && /call stack/i.test(err.message);
}

/** A validation running in the deep-stack worker: `issues()` waits for it, `cancel()` drops it. */
export interface DeepStackValidation {
  /** Its issues (waiting for them), or undefined when the worker failed too. */
  issues(): PipelineIssue[] | undefined;
  cancel(): void;
}

/**
 * Starts `validateYamlIssues(text, file, options)` (file.ts) in a worker with a large stack, so the caller can read
 * the file meanwhile (both take about as long, and a machine has two cores); undefined when that is not possible
 * here (not running from pipegen's bundle).
 */
export function startDeepStackValidation(text: string, file: string, options: unknown): DeepStackValidation | undefined {
  const bundle = typeof __filename === "string" && __filename.endsWith(".js") ? __filename : undefined;
  if (bundle === undefined) return undefined;
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { bundle, key: MODULE_KEY, text, file, options, port: port2, signal, ...workerCodeCache() },
    transferList: [port2],
    resourceLimits: { stackSizeMb: STACK_MB },
    stdout: true,
    stderr: true,
  });
  const done = () => {
    void worker.terminate();
    port1.close();
  };
  return {
    issues() {
      try {
        // the worker stores 1 when it has posted its result (or it dies: then wait no longer than it could take)
        Atomics.wait(signal, 0, 0, 120_000);
        const got = receiveMessageOnPort(port1)?.message as { issues?: PipelineIssue[]; error?: string } | undefined;
        return got?.issues;
      } finally {
        done();
      }
    },
    cancel: done,
  };
}

/**
 * Runs `validateYamlIssues(text, file, options)` (file.ts) in a worker with a large stack and returns its issues;
 * undefined when that is not possible here (not running from pipegen's bundle) or the worker fails too.
 */
export function validateInDeepStack(text: string, file: string, options: unknown): PipelineIssue[] | undefined {
  return startDeepStackValidation(text, file, options)?.issues();
}

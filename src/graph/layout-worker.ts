/**
 * ELK in a worker thread. A worker can be started before its work is known: ELK's start-up (compiling its
 * 1.5 MB of JavaScript and building its registries, a few hundred ms) then runs while the caller does something
 * else, as `pipegen graph` reads and validates the pipeline. It lays out a small graph first, so that start-up is
 * over when the real graphs arrive. It never keeps the process alive unless it has work in hand.
 */
import type { Worker as WorkerType } from "node:worker_threads";
import { workerCachePrelude, workerCodeCache } from "../boot/worker-cache";

/**
 * The worker's code: ELK, a warm-up layout, then one reply per request, in order. Where the CLI keeps a code
 * cache of its bundles (src/boot/code-cache.ts), ELK loads through it too: compiling ELK's 1.5 MB and the functions
 * a layout calls was a third of a small graph's time (measured on Node 20: load ~150-340 ms -> 40-80 ms, first
 * layout ~700-860 ms -> 450-490 ms). The cache is written before the first reply, because the CLI exits once it
 * has its layouts.
 */
const CODE = `const { parentPort, workerData } = require("node:worker_threads");
${workerCachePrelude("graph")}
const ELK = requireCached(workerData.elkPath);
const elk = new ELK();
const ready = workerData.warmUp ? elk.layout(workerData.warmUp).catch(() => {}) : Promise.resolve();
let saved = false;
parentPort.on("message", async ({ id, graphs }) => {
  try {
    await ready;
    const out = [];
    for (const g of graphs) out.push(g ? await elk.layout(g) : null);
    if (!saved) {
      saved = true;
      saveCached();
    }
    parentPort.postMessage({ id, out });
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.message) || e) });
  }
});`;

interface Waiting {
  resolve(results: unknown[]): void;
  reject(err: Error): void;
}

export class LayoutWorker {
  private readonly worker: WorkerType;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private failure: Error | undefined;

  /** `warmUp`: an ELK graph laid out (and thrown away) as soon as ELK has loaded. */
  constructor(warmUp?: unknown) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Worker } = require("node:worker_threads") as typeof import("node:worker_threads");
    const elkPath = require.resolve("elkjs/lib/elk.bundled.js");
    this.worker = new Worker(CODE, { eval: true, workerData: { elkPath, warmUp, ...workerCodeCache() } });
    this.worker.unref();
    this.worker.on("message", (m: { id: number; out?: unknown[]; error?: string }) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) this.worker.unref();
      if (m.out) w.resolve(m.out);
      else w.reject(new Error(`layout failed: ${m.error ?? "unknown error"}`));
    });
    this.worker.on("error", (err) => this.fail(err));
    this.worker.on("exit", (code) => this.fail(new Error(`the layout thread stopped (exit code ${code})`)));
  }

  /** ELK's results for the graphs (null stays null), in order. */
  layout(graphs: readonly unknown[]): Promise<unknown[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, graphs });
    });
  }

  close(): void {
    this.failure ??= new Error("the layout thread was closed");
    void this.worker.terminate();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}

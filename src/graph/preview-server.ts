/**
 * `pipegen preview`'s server: renders the pipeline in a fresh child process per change (a pipeline's ES
 * modules cannot be unloaded, so re-importing in this process would show stale code), lays it out here,
 * serves the page on 127.0.0.1 only, and tells open pages to update through server-sent events.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import * as path from "node:path";
import { PipegenError } from "../errors";
import { formatIssue, hasErrors, type PipelineIssue } from "../issues";
import { appHtml, pageHtml, type PageInput } from "./html";
import { layoutViews, viewsOf } from "./index";
import type { PipelineGraph } from "./model";
import { FileWatcher } from "./watch";

export interface PreviewOptions {
  readonly file: string;
  readonly port: number;
  readonly exportName?: string;
  /** The pipegen CLI script the child processes run. */
  readonly cli: string;
  /** Where messages go (stderr). */
  readonly log: (line: string) => void;
}

interface GraphJson {
  graph: PipelineGraph;
  issues: PipelineIssue[];
  files: string[];
  error?: string;
}

export class PreviewServer {
  private server: Server | undefined;
  private readonly clients = new Set<ServerResponse>();
  private readonly watcher = new FileWatcher(() => void this.render());
  private page: PageInput;
  private child: ChildProcess | undefined;
  private rendering = false;
  private again = false;
  private closed = false;
  private lastGood: PipelineGraph | undefined;
  private files: string[];
  port = 0;

  constructor(private readonly options: PreviewOptions) {
    this.files = [path.resolve(options.file)];
    this.page = { title: path.basename(options.file), graph: emptyGraph(), views: [], issues: [] };
  }

  /** Renders once, then listens; rejects with a one-line PipegenError when the port cannot be had. */
  async start(): Promise<void> {
    await this.render();
    const server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once("error", (err: NodeJS.ErrnoException) => {
        const port = this.options.port;
        if (err.code === "EADDRINUSE")
          reject(
            new PipegenError(
              "pipegen.portInUse",
              `port ${port} on 127.0.0.1 is in use (by another preview?); choose another with --port, or --port 0 for any free port`,
            ),
          );
        else if (err.code === "EACCES")
          reject(new PipegenError("pipegen.portDenied", `not allowed to listen on port ${port}; choose a port above 1023 with --port`));
        else reject(err);
      });
      server.listen(this.options.port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    const address = server.address();
    this.port = typeof address === "object" && address ? address.port : this.options.port;
    this.watcher.set(this.files);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    // only pages on this machine's loopback may read the pipeline (a DNS-rebinding page sends another Host)
    const host = (req.headers.host ?? "").replace(/:\d+$/, "");
    if (host !== "127.0.0.1" && host !== "localhost") {
      res.writeHead(403, { "content-type": "text/plain" }).end("forbidden\n");
      return;
    }
    const url = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET") {
      res.writeHead(405, { "content-type": "text/plain" }).end("method not allowed\n");
      return;
    }
    if (url === "/") this.send(res, "text/html; charset=utf-8", pageHtml(this.page, { preview: true }));
    else if (url === "/app") this.send(res, "text/html; charset=utf-8", appHtml(this.page));
    else if (url === "/events") {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
      res.write("retry: 1000\n\n");
      this.clients.add(res);
      req.on("close", () => this.clients.delete(res));
    } else res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
  }

  private send(res: ServerResponse, type: string, body: string): void {
    res.writeHead(200, { "content-type": type, "cache-control": "no-store" }).end(body);
  }

  /** Renders now, or once more after the render in progress when one is running. */
  private async render(): Promise<void> {
    if (this.closed) return;
    if (this.rendering) {
      this.again = true;
      return;
    }
    this.rendering = true;
    try {
      do {
        this.again = false;
        const started = Date.now();
        const json = await this.runChild();
        if (json === undefined || this.closed) return;
        if (json.error === undefined) this.lastGood = json.graph;
        // a file that does not load still has the last good graph's files watched, and its own
        this.files = [...new Set([...(json.error === undefined ? [] : this.files), ...json.files])];
        const graph = json.error === undefined ? json.graph : (this.lastGood ?? json.graph);
        const views = await layoutViews(viewsOf(graph, undefined, true));
        this.page = { title: path.basename(this.options.file), graph, views, issues: json.issues, ...(json.error === undefined ? {} : { error: json.error }) };
        this.report(json, Date.now() - started);
        if (this.server) this.watcher.set(this.files);
        for (const c of this.clients) c.write(`event: update\ndata: ${Date.now()}\n\n`);
      } while (this.again && !this.closed);
    } finally {
      this.rendering = false;
    }
  }

  private report(json: GraphJson, ms: number): void {
    for (const i of json.issues) this.options.log(formatIssue(i));
    if (json.error !== undefined) this.options.log(`pipegen: ${json.error}`);
    const errors = json.issues.filter((i) => i.severity === "error").length + (json.error === undefined ? 0 : 1);
    const state = errors ? `${errors} error${errors === 1 ? "" : "s"}` : hasErrors(json.issues) ? "errors" : "ok";
    this.options.log(`pipegen preview: rendered ${path.basename(this.options.file)} in ${ms} ms (${state})`);
  }

  /** `pipegen graph <file> --format json` in a fresh process; undefined when it was stopped. */
  private runChild(): Promise<GraphJson | undefined> {
    const args = [this.options.cli, "graph", this.options.file, "--format", "json", ...(this.options.exportName ? ["--export", this.options.exportName] : [])];
    return new Promise((resolve) => {
      const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
      this.child = child;
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout!.on("data", (b: Buffer) => out.push(b));
      child.stderr!.on("data", (b: Buffer) => err.push(b));
      child.on("error", (e) => resolve({ graph: emptyGraph(), issues: [], files: this.files, error: `could not run pipegen: ${e.message}` }));
      child.on("close", (_code, signal) => {
        this.child = undefined;
        if (signal || this.closed) return resolve(undefined);
        try {
          resolve(JSON.parse(Buffer.concat(out).toString("utf8")) as GraphJson);
        } catch {
          const text = Buffer.concat(err)
            .toString("utf8")
            .trim()
            .split("\n")
            .filter((l) => !l.startsWith("(run with"))
            .join(" ");
          resolve({ graph: emptyGraph(), issues: [], files: this.files, error: text || "the pipeline could not be rendered" });
        }
      });
    });
  }

  /** Stops everything: watchers, the child in progress, event streams and the server. */
  async close(): Promise<void> {
    this.closed = true;
    this.watcher.close();
    this.child?.kill();
    for (const c of this.clients) c.end();
    this.clients.clear();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

function emptyGraph(): PipelineGraph {
  return { jobs: [], resources: [], groups: [], inputs: [], outputs: [] };
}

/**
 * `pipegen preview <file>`: serves the pipeline's graph on 127.0.0.1, watches the file and everything it
 * imports, and updates open pages without a reload on every save. Ctrl-C stops it (exit 0).
 */
import type { Command } from "commander";
import { ExitCode, PipegenError } from "../errors";

interface PreviewFlags {
  port: string;
  export?: string;
}

export const DEFAULT_PREVIEW_PORT = 4580;

export function registerPreview(program: Command): void {
  program
    .command("preview")
    .description("serve a live graph of a pipeline on 127.0.0.1, updated on every save of the file or what it imports")
    .argument("<file>", "a pipeline: .ts (or .js) whose default export is a pipeline, or a YAML file")
    .option("-p, --port <port>", "the port on 127.0.0.1 (0 picks a free one)", String(DEFAULT_PREVIEW_PORT))
    .option("-e, --export <name>", "use this named export instead of the default export")
    .action(async (file: string, flags: PreviewFlags) => {
      const port = /^\d+$/.test(flags.port) ? Number(flags.port) : NaN;
      if (!(port >= 0 && port <= 65535))
        throw new PipegenError("pipegen.usage", `--port must be a number from 0 to 65535, not '${flags.port}'`, { exitCode: ExitCode.usage });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { PreviewServer } = require("../graph/preview-server") as typeof import("../graph/preview-server");
      const log = (line: string): void => void process.stderr.write(line + "\n");
      const server = new PreviewServer({ file, port, cli: process.argv[1]!, log, ...(flags.export ? { exportName: flags.export } : {}) });
      await server.start();
      log(`pipegen preview: http://127.0.0.1:${server.port}/ (Ctrl-C to stop)`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          void server.close().then(() => {
            log("pipegen preview: stopped");
            resolve();
          });
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
    });
}

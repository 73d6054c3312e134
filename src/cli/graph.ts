/**
 * `pipegen graph <file>`: draws a pipeline (.ts or YAML) as Concourse's web UI would, as a self-contained
 * HTML page, SVG, Mermaid or dot. An invalid pipeline is still drawn as far as it can be read; its problems
 * are listed on the page and on stderr, and the exit code is 1.
 * `--format json` prints the graph model, the problems and the files the pipeline was loaded from: it is
 * what `pipegen preview` runs in a fresh process for every change (ES modules cannot be unloaded).
 */
import * as path from "node:path";
import type { Command } from "commander";
import { applyRuleLevels } from "../validate/report";
import { hasErrors, type PipelineIssue } from "../issues";
import { isModuleFile } from "../load";
import { ExitCode, isPipegenError, PipegenError } from "../errors";
import { loadPipelineFile } from "../load/pipeline-file";
import { projectRules } from "../config";
import { validatePipelineFile } from "../lazy";
import { printIssues, writeFileAtomic } from "./_output";

interface GraphFlags {
  output?: string;
  format?: string;
  group?: string;
  export?: string;
}

const FORMATS = ["html", "svg", "mermaid", "dot", "json"] as const;
type Format = (typeof FORMATS)[number];
const BY_EXTENSION: Readonly<Record<string, Format>> = {
  ".html": "html",
  ".htm": "html",
  ".svg": "svg",
  ".mmd": "mermaid",
  ".mermaid": "mermaid",
  ".md": "mermaid",
  ".dot": "dot",
  ".gv": "dot",
  ".json": "json",
};

/** What `--format json` prints (and `preview` reads). */
export interface GraphJson {
  readonly graph: import("../graph/model").PipelineGraph;
  readonly issues: readonly PipelineIssue[];
  /** Absolute paths of the files the pipeline was read from (the entry file included). */
  readonly files: readonly string[];
  /** Set when the file could not be loaded at all (the graph is then empty). */
  readonly error?: string;
}

export function registerGraph(program: Command): void {
  program
    .command("graph")
    .description("draw a pipeline's jobs and resources as Concourse does (a self-contained HTML page, SVG, Mermaid or dot)")
    .argument("<file>", "a pipeline: .ts (or .js) whose default export is a pipeline, or a YAML file")
    .option("-o, --output <file>", "write to a file (atomically) instead of stdout; its extension picks the format")
    .option("-f, --format <format>", `html (tabs per group, steps on hover), svg, mermaid, dot, or json (the graph model); default: from -o, else html`)
    .option("-g, --group <name>", "draw only this group's jobs")
    .option("-e, --export <name>", "use this named export instead of the default export")
    .action(async (file: string, flags: GraphFlags) => {
      const format = pickFormat(flags);
      if (format === "json") {
        const json = await graphJson(file, flags.export);
        const text = JSON.stringify(json) + "\n";
        if (flags.output) writeFileAtomic(flags.output, text);
        else process.stdout.write(text);
        if (json.error !== undefined || hasErrors(json.issues)) process.exitCode = ExitCode.failure;
        return;
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { drawGraph, pipelineGraph, startLayoutAhead } = require("../graph") as typeof import("../graph");
      // ELK starts in its own thread while this one reads and validates the pipeline
      if (format === "html" || format === "svg") startLayoutAhead();
      const loaded = await load(file, flags.export);
      const issues = loaded.issues;
      const text = await drawGraph(pipelineGraph(loaded.config), {
        format,
        title: path.basename(file),
        issues,
        ...(flags.group === undefined ? {} : { group: flags.group }),
      });
      printIssues(issues);
      if (flags.output) writeFileAtomic(flags.output, text);
      else process.stdout.write(text);
      if (hasErrors(issues)) {
        const n = issues.filter((i) => i.severity === "error").length;
        process.stderr.write(`pipegen: ${file}: ${n} error${n === 1 ? "" : "s"}; the graph shows what could be read\n`);
        process.exitCode = ExitCode.failure;
      }
    });
}

function pickFormat(flags: GraphFlags): Format {
  if (flags.format !== undefined) {
    if ((FORMATS as readonly string[]).includes(flags.format)) return flags.format as Format;
    throw new PipegenError("pipegen.usage", `unknown format '${flags.format}'; choose one of ${FORMATS.join(", ")}`, { exitCode: ExitCode.usage });
  }
  if (flags.output !== undefined) return BY_EXTENSION[path.extname(flags.output).toLowerCase()] ?? "html";
  return "html";
}

/** The graph, problems and source files of a pipeline; a file that cannot be loaded gives `error` and no graph. */
export async function graphJson(file: string, exportName?: string): Promise<GraphJson> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { pipelineGraph } = require("../graph/model") as typeof import("../graph/model");
  const entry = path.resolve(file);
  try {
    const loaded = await load(file, exportName);
    const files = loaded.files;
    return { graph: pipelineGraph(loaded.config), issues: loaded.issues, files: files && files.length > 0 ? files.map((f) => path.resolve(f)) : [entry] };
  } catch (err) {
    if (!isPipegenError(err)) throw err;
    return { graph: pipelineGraph(undefined), issues: err.issues, files: [entry], error: err.message };
  }
}

/**
 * The config and its problems, with the project's rule levels. YAML goes through validatePipelineFile, which
 * also places each problem at its `file:line:col` in the YAML; `.ts` problems carry their call sites already.
 */
async function load(file: string, exportName?: string): Promise<{ config: unknown; issues: PipelineIssue[]; files?: readonly string[] }> {
  const rules = await projectRules();
  if (!isModuleFile(file)) {
    const v = await validatePipelineFile(file, { rules });
    if (v.issues.some((i) => i.code === "pipegen/unreadable-file")) throw new PipegenError("pipegen.fileNotFound", v.issues[0]!.message);
    return { config: v.config, issues: [...v.issues] };
  }
  const loaded = await loadPipelineFile(file, exportName ? { exportName } : {});
  // the loader reports the user's source files it loaded (entry included), when it can
  return { config: loaded.config, issues: applyRuleLevels(loaded.issues, rules), files: (loaded as { files?: readonly string[] }).files };
}

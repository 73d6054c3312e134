/** The pipeline a fly wrapper works on: loaded from `.ts` or YAML, rendered, checked. */
import { existsSync, readFileSync } from "node:fs";
import { PipegenError } from "../errors";
import { formatIssue, hasErrors, sortIssues, type PipelineIssue } from "../issues";
import { isModuleFile, loadPipelineModule } from "../load";
import { renderPipeline } from "../render";
import { validatePipelineFile } from "../validate/file";

export interface PreparedPipeline {
  readonly file: string;
  readonly kind: "module" | "yaml";
  /** The config as Concourse reads it (vars not filled in). */
  readonly config: unknown;
  /** For `.ts`: the rendered YAML; for YAML input: the file's own text. */
  readonly yaml: string;
  /** Warnings (errors make `preparePipeline` throw). */
  readonly issues: readonly PipelineIssue[];
}

/**
 * Loads and checks a pipeline. Errors (Concourse would reject the pipeline, or the builders were misused) throw a
 * `PipegenError` listing them, so fly is never run on a pipeline pipegen knows to be invalid.
 */
export async function preparePipeline(file: string, options: { exportName?: string; action?: string } = {}): Promise<PreparedPipeline> {
  let prepared: PreparedPipeline;
  if (isModuleFile(file)) {
    const p = await loadPipelineModule(file, { exportName: options.exportName });
    const r = renderPipeline(p, { sourceFile: file });
    prepared = { file, kind: "module", config: r.config, yaml: r.yaml, issues: r.issues };
  } else {
    if (!existsSync(file)) throw new PipegenError("pipegen.fileNotFound", `${file}: no such file`);
    // read as `pipegen validate` reads it, so every problem points at its file:line:col
    const checked = await validatePipelineFile(file);
    const unreadable = checked.issues.find((i) => i.code === "pipegen/unreadable-file");
    if (unreadable) throw new PipegenError("pipegen.fileNotFound", unreadable.message);
    prepared = { file, kind: "yaml", config: checked.config, yaml: readFileSync(file, "utf8"), issues: checked.issues };
  }
  if (hasErrors(prepared.issues)) {
    const errors = prepared.issues.filter((i) => i.severity === "error");
    const n = errors.length;
    throw new PipegenError("pipegen.invalidPipeline", `${file}: ${n} error${n === 1 ? "" : "s"}; ${options.action ?? "fly was not run"}`, {
      issues: sortIssues(prepared.issues),
    });
  }
  return prepared;
}

/** Warning lines for stderr. */
export function warningLines(issues: readonly PipelineIssue[]): string[] {
  return sortIssues(issues)
    .filter((i) => i.severity === "warning")
    .map((i) => formatIssue(i));
}

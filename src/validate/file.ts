/**
 * Validating a pipeline file, as `pipegen validate` does: YAML files through the Concourse-faithful reader
 * (issues point at `file:line:col` with a caret excerpt), `.ts`/`.js` files through the builders (issues point
 * at the builder call). The same rules and levels apply to both.
 */
import { readFileSync } from "node:fs";
import { isPipegenError } from "../errors";
import { isModuleFile } from "../load";
import { loadPipelineFile } from "../load/pipeline-file";
import type { PipelineIssue } from "../issues";
import { oneErrorPerMistake } from "../render/one-error";
import { attachSites } from "../render/sites";
import { readPipelineYamlDetailed } from "../yaml/read";
import type { YamlIssue } from "../yaml/document";
import { applyRuleLevels } from "./report";
import { validatePipeline, type ValidateOptions } from "./index";

/** The outcome for one file. */
export interface FileValidation {
  readonly file: string;
  /** Errors and warnings; YAML issues may carry an `excerpt`. */
  readonly issues: readonly (PipelineIssue & { readonly excerpt?: string })[];
  /** The config as read (undefined when the file could not be read). */
  readonly config?: unknown;
}

/** YAML problems that leave nothing to validate. */
const UNREADABLE = new Set(["yaml/syntax", "yaml/not-a-mapping", "yaml/alias-limit"]);

/** Reads and validates one pipeline file. Never throws for problems in the file itself. */
export async function validatePipelineFile(file: string, options: ValidateOptions = {}): Promise<FileValidation> {
  if (isModuleFile(file)) {
    let loaded: Awaited<ReturnType<typeof loadPipelineFile>>;
    try {
      loaded = await loadPipelineFile(file, { validate: false });
    } catch (err) {
      // a module that does not load is this file's result; the other files still get theirs
      if (!isPipegenError(err)) throw err;
      return { file, issues: [{ code: "pipegen/module-load-failed", severity: "error", path: "", message: err.message }] };
    }
    const found = validatePipeline(loaded.config, { ...options, rules: undefined });
    const issues = oneErrorPerMistake(loaded.issues, loaded.sites ? attachSites(found, loaded.config, loaded.sites) : found);
    return { file, issues: applyRuleLevels(issues, options.rules), config: loaded.config };
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const reason = unreadableReason(file, err as NodeJS.ErrnoException);
    return { file, issues: [{ code: "pipegen/unreadable-file", severity: "error", path: "", message: `${file}: ${reason}` }] };
  }
  const read = readPipelineYamlDetailed(text, file);
  const issues: (PipelineIssue & { excerpt?: string })[] = [...(read.issues as YamlIssue[])];
  if (!read.issues.some((i) => UNREADABLE.has(i.code))) {
    for (const issue of validatePipeline(read.value, { ...options, rules: undefined })) {
      const site = read.locate(issue.path);
      issues.push(site ? { ...issue, site } : issue);
    }
  }
  return { file, issues: applyRuleLevels(issues, options.rules), config: read.value };
}

/** Why a file cannot be read, in words (never a raw `EISDIR: illegal operation on a directory, read`). */
function unreadableReason(file: string, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return `is a folder; give the pipeline files in it (e.g. ${file.replace(/\/+$/, "")}/*.yml)`;
    case "EACCES":
    case "EPERM":
      return "permission denied";
    default:
      return err.message;
  }
}

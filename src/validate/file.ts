/**
 * Validating a pipeline file, as `pipegen validate` does: YAML files through the Concourse-faithful reader
 * (issues point at `file:line:col` with a caret excerpt), `.ts`/`.js` files through the builders (issues point
 * at the builder call). The same rules and levels apply to both.
 */
import { isPipegenError } from "../errors";
import { isModuleFile } from "../load";
import { loadPipelineFile } from "../load/pipeline-file";
import type { PipelineIssue } from "../issues";
import { oneErrorPerMistake } from "../render/one-error";
import { attachSites } from "../render/sites";
import { readPipelineYamlDetailed } from "../yaml/read";
import { readYamlFile, YamlFileError } from "../yaml/read-file";
import { nestingBeyond, type YamlIssue } from "../yaml/document";
import { isStackOverflow, startDeepStackValidation, validateInDeepStack } from "./deep";
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
/** Documents nested deeper than this are validated in the deep-stack thread directly (the main thread's stack holds ~3,000 nested steps). */
const DEEP_STACK_FROM = 2_000;
const UNREADABLE = new Set(["yaml/syntax", "yaml/not-a-mapping", "yaml/alias-limit", "yaml/alias-cycle", "yaml/too-deep"]);

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
    text = readYamlFile(file);
  } catch (err) {
    if (!(err instanceof YamlFileError)) throw err;
    const message = err.errno === "EISDIR" ? `${file}: is a folder; give the pipeline files in it (e.g. ${file.replace(/\/+$/, "")}/*.yml)` : err.message;
    return { file, issues: [{ code: err.issueCode ?? "pipegen/unreadable-file", severity: "error", path: "", message }] };
  }
  return validateYamlText(text, file, options);
}

/** Validates pipeline YAML given as text (what `validatePipelineFile` does once the file is read). */
export function validateYamlText(text: string, file: string, options: ValidateOptions = {}): FileValidation {
  // brackets or dashes alone already nest that deep: the deep-stack thread starts while this one reads the file
  const early = nestingBeyond(text, DEEP_STACK_FROM) !== undefined ? startDeepStackValidation(text, file, { ...options, rules: undefined }) : undefined;
  let read: ReturnType<typeof readPipelineYamlDetailed>;
  try {
    read = readPipelineYamlDetailed(text, file);
  } catch (err) {
    early?.cancel();
    throw err;
  }
  let issues: (PipelineIssue & { excerpt?: string })[] | undefined;
  // nested deeper than this thread's stack allows (Concourse accepts 10,000 levels): in a thread with a deep stack,
  // at once when the document is known to be that deep, else when this thread runs out of stack
  if (read.depth > DEEP_STACK_FROM) issues = early ? early.issues() : validateInDeepStack(text, file, { ...options, rules: undefined });
  else early?.cancel();
  if (issues === undefined) {
    try {
      issues = issuesOf(read, options);
    } catch (err) {
      if (!isStackOverflow(err)) throw err;
      const deep = validateInDeepStack(text, file, { ...options, rules: undefined });
      if (deep === undefined) throw err;
      issues = deep;
    }
  }
  return { file, issues: applyRuleLevels(issues, options.rules), config: read.value };
}

/** The issues of pipeline YAML given as text, before rule levels (what the deep-stack worker runs). */
export function validateYamlIssues(text: string, file: string, options: ValidateOptions = {}): PipelineIssue[] {
  return issuesOf(readPipelineYamlDetailed(text, file), options);
}

function issuesOf(read: ReturnType<typeof readPipelineYamlDetailed>, options: ValidateOptions): (PipelineIssue & { excerpt?: string })[] {
  const issues: (PipelineIssue & { excerpt?: string })[] = [...(read.issues as YamlIssue[])];
  if (!read.issues.some((i) => UNREADABLE.has(i.code))) {
    for (const issue of validatePipeline(read.value, { ...options, rules: undefined })) {
      const site = read.locate(issue.path);
      issues.push(site ? { ...issue, site } : issue);
    }
  }
  return issues;
}

/**
 * `loadPipelineFile`: a pipeline from any file pipegen accepts, as the plain config Concourse reads.
 * `.ts`/`.js` files are loaded and rendered by the builders; YAML files are read the way Concourse reads them.
 */
import { readFileSync } from "node:fs";
import { PipegenError } from "../errors";
import type { PipelineIssue } from "../issues";
import { checkConfig, renderPipeline, type SiteLookup } from "../render";
import * as path from "node:path";
import { isModuleFile, loadPipelineModule, moduleFiles, type LoadOptions } from "./index";
import { packageRoot } from "./install";

/** A pipeline loaded from a file. */
export interface LoadedPipeline {
  /** The pipeline as Concourse reads it (for YAML: after YAML 1.1 parsing, anchors and merge keys expanded). */
  readonly config: unknown;
  /** Problems found while loading (builder misuse, YAML errors) and, unless `validate: false`, validation issues. */
  readonly issues: readonly PipelineIssue[];
  readonly kind: "module" | "yaml";
  /** For `.ts` input: output object -> builder call site. */
  readonly sites?: SiteLookup;
  /** The user's source files the pipeline was loaded from (absolute paths, the file itself first). */
  readonly files: readonly string[];
}

export interface LoadFileOptions extends LoadOptions {
  /** Run the config checker on `.ts` pipelines. @default true */
  readonly validate?: boolean;
}

export async function loadPipelineFile(file: string, options: LoadFileOptions = {}): Promise<LoadedPipeline> {
  if (isModuleFile(file)) {
    const p = await loadPipelineModule(file, options);
    const result = renderPipeline(p, { sourceFile: file, validate: options.validate });
    const entry = path.resolve(file);
    let files: readonly string[] | undefined;
    return {
      config: result.config,
      issues: result.issues,
      kind: "module",
      sites: result.sites,
      // read only by those who need it (pipegen preview): a scan of the imports
      get files() {
        return (files ??= moduleFiles(entry, packageRoot));
      },
    };
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new PipegenError("pipegen.fileNotFound", `${file}: no such file`);
  }
  // the YAML reader (and the yaml library) is loaded only when a YAML file is read
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readPipelineYaml } = require("../yaml/read") as typeof import("../yaml/read");
  const { value, issues } = readPipelineYaml(text, file);
  const readable = !issues.some((i) => i.severity === "error");
  const checked = readable && options.validate !== false ? checkConfig(value) : [];
  return { config: value, issues: [...issues, ...checked], kind: "yaml", files: [path.resolve(file)] };
}

/**
 * Helpers for snapshot-testing your own pipelines (like cdk8s's `Testing`):
 *
 * ```ts
 * import { Testing } from "pipegen/testing";
 * import app from "../pipelines/app";
 * test("app pipeline", () => { expect(Testing.render(app)).toMatchSnapshot(); });
 * ```
 */
import { PipegenError } from "./errors";
import { formatIssue, type PipelineIssue } from "./issues";
import type { Pipeline } from "./dsl/pipeline";
import type { Pipeline as PipelineConfig } from "./model";
import { renderPipeline } from "./render";

export interface TestingRenderOptions {
  /** Accept warnings silently. @default true */
  readonly allowWarnings?: boolean;
}

function renderOrThrow(p: Pipeline, options: TestingRenderOptions) {
  const result = renderPipeline(p, { header: false });
  const failing = result.issues.filter((i) => i.severity === "error" || options.allowWarnings === false);
  if (failing.length > 0) {
    throw new PipegenError("pipegen.validation", `the pipeline has ${failing.length} problem(s):\n${failing.map((i) => formatIssue(i)).join("\n")}`, {
      issues: failing,
    });
  }
  return result;
}

export const Testing = {
  /** The pipeline's YAML (no header comment), as `pipegen render` prints it. Throws on errors. */
  render(p: Pipeline, options: TestingRenderOptions = {}): string {
    return renderOrThrow(p, options).yaml;
  },
  /** The pipeline as the plain object Concourse reads. Throws on errors. */
  config(p: Pipeline, options: TestingRenderOptions = {}): PipelineConfig {
    return renderOrThrow(p, options).config;
  },
  /** Every issue (errors and warnings), without throwing: for testing that a pipeline is rejected. */
  issues(p: Pipeline): readonly PipelineIssue[] {
    return renderPipeline(p, { header: false }).issues;
  },
  /** The job of the given name in the rendered config, for focused assertions. */
  job(p: Pipeline, name: string): NonNullable<PipelineConfig["jobs"]>[number] {
    const found = renderOrThrow(p, {}).config.jobs.find((j) => j.name === name);
    if (!found) throw new PipegenError("pipegen.noSuchJob", `the pipeline has no job named '${name}'`);
    return found;
  },
};

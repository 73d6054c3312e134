/**
 * Rendering a task config on its own, as a task file (`file:` in a task step, `fly execute -c`).
 * It is checked by the same validator, as the inline config of a one-task pipeline; only the issues about the
 * config itself are kept, with paths and messages relative to the file.
 */
import { hasErrors, type PipelineIssue } from "../issues";
import type { TaskConfigSpec } from "../dsl/steps";
import { RenderContext, type SiteOwner } from "./context";
import { UsedObjects } from "./collect";
import { checkConfig } from "./index";
import { attachSites } from "./sites";
import { taskConfigToConfig } from "./steps";
import { toYaml } from "./yaml";

const PROBE = "task-file";
const PATH_PREFIX = `jobs.${PROBE}.plan[0].config`;
/** fly's wrapper of pipeline decode errors (validate/index.ts DECODE_PREFIX; not imported: the validator is loaded lazily). */
const PIPELINE_DECODE_PREFIX = "error unmarshaling JSON: while decoding JSON: ";
const MESSAGE_PREFIX = `jobs.${PROBE}.plan.do[0].task(${PROBE}).config: `;

export interface TaskFileResult {
  readonly yaml: string;
  readonly config: Record<string, unknown>;
  readonly issues: readonly PipelineIssue[];
  readonly ok: boolean;
}

export function renderTaskConfig(config: TaskConfigSpec, options: { header?: string; validate?: boolean } = {}): TaskFileResult {
  const ctx = new RenderContext();
  const out = taskConfigToConfig(config, [], { ctx, used: new UsedObjects(ctx) }, config as SiteOwner);
  const issues: PipelineIssue[] = [...ctx.issues];
  if (options.validate !== false) {
    const probe = { jobs: [{ name: PROBE, plan: [{ task: PROBE, config: out }] }] };
    const checked = checkConfig(probe)
      .filter((i) => !i.code.startsWith("pipegen/") && (i.path === PATH_PREFIX || i.path.startsWith(PATH_PREFIX + ".") || i.path.startsWith(PATH_PREFIX + "[")))
      // a task file is not a pipeline: neither fly's pipeline wrapper nor the probe's step context belongs in its messages
      .map((i) => ({
        ...i,
        path: i.path.slice(PATH_PREFIX.length).replace(/^\./, ""),
        message: i.message
          .replace(PIPELINE_DECODE_PREFIX, "")
          .replace(/^malformed task step: /, "")
          .split(MESSAGE_PREFIX)
          .join(""),
      }));
    issues.push(...attachSites(checked, out, ctx.sites));
  }
  const yaml = (options.header ?? "") + toYaml(out);
  return { yaml, config: out, issues, ok: !hasErrors(issues) };
}

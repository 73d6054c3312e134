/**
 * Validating a pipeline as Concourse does (concourse-spec.md §3), plus pipegen's own checks.
 *
 * `validatePipeline(config)` takes the plain object Concourse sees after YAML parsing (or that pipegen's
 * builders produce), decodes it the way the ATC does (collecting every decode error instead of stopping at the
 * first), runs Concourse's `configvalidate.Validate` rules, then pipegen's checks. Each issue has a stable code,
 * a structural path (`jobs.build.plan[2].get`) and, for Concourse rules, Concourse's own message text.
 */
import type { PipelineIssue } from "../issues";
import { checkCredentials } from "./checks/credentials";
import { checkDataflow } from "./checks/dataflow";
import { checkImages } from "./checks/images";
import { checkResourceConfigs } from "./checks/resource-config";
import { TaskFileReader } from "./checks/task-files";
import { decodeConfig } from "./decode/config";
import { decodeExact } from "./decode/exact";
import { resourceOf } from "./decoded";
import { isObject } from "../object";
import { applyRuleLevels, type RuleLevel } from "./report";
import { IssueCollector } from "../collector";
import { buildRuleContext } from "./rules/context";
import { validateCycles } from "./rules/cycles";
import { validateDisplay } from "./rules/display";
import { validateGroups } from "./rules/groups";
import { validateJobs } from "./rules/jobs";
import { validateResources, validateTypes } from "./rules/resources";
import { validateVarSources } from "./rules/var-sources";

export interface ValidateOptions {
  /**
   * `fly validate-pipeline --strict`: unknown keys are errors at every level, the top level included.
   * Warnings stay warnings in the result; callers that want `--strict` semantics fail on them (the CLI does).
   * @default false
   */
  readonly strict?: boolean;
  /**
   * `canonical` = what `fly set-pipeline` accepts: unknown top-level keys are dropped, unknown keys below are
   * errors. `validate` = plain `fly validate-pipeline`: unknown keys outside steps and task configs are ignored.
   * @default "canonical"
   */
  readonly mode?: "canonical" | "validate";
  /** Per-code levels (`off`, `warning`, `error`), e.g. `{ "pipegen/unused-task-output": "off" }`. */
  readonly rules?: Readonly<Record<string, RuleLevel>>;
  /**
   * Run pipegen's own checks (`pipegen/*`) in addition to Concourse's rules.
   * @default true
   */
  readonly pipegenChecks?: boolean;
  /**
   * Local checkouts of artifacts that hold task files, `{ ci: "./ci" }`: a task `file: ci/tasks/x.yml` is read
   * from `./ci/tasks/x.yml`, so its inputs, outputs and params are checked too. Without it, the outputs of a
   * task from a file are unknown and no warning rests on them.
   * @default {}
   */
  readonly taskFiles?: Readonly<Record<string, string>>;
}

/** How fly wraps an error of the JSON decode (concourse-spec.md §3.3); the ATC adds `malformed config: `. */
export const DECODE_PREFIX = "error unmarshaling JSON: while decoding JSON: ";

/** Validates a pipeline config; returns every issue found (errors and warnings), in a stable order. */
export function validatePipeline(config: unknown, options: ValidateOptions = {}): PipelineIssue[] {
  const r = new IssueCollector();
  const strict = options.strict ?? false;
  const mode = options.mode ?? "canonical";
  // most configs take the fast path (every key a field, every value of its type); the others are decoded in full
  const cfg = decodeExact(config) ?? decodeConfig(r, config, { strictTop: strict, strictNested: strict || mode === "canonical" });
  if (r.issues.some((i) => i.severity === "error")) {
    // A config that does not decode is rejected there: fly prints the decode error, wrapped as below, and runs
    // no other check, so the rules' reports (often echoes: a step that did not decode leaves its resource
    // "not used") would be noise. Every decode error is kept, where fly stops at the first.
    return applyRuleLevels(
      r.issues.map((i) => (i.severity === "error" ? { ...i, message: DECODE_PREFIX + i.message } : i)),
      options.rules,
    );
  }
  if (cfg) {
    // configvalidate.Validate, section by section in Concourse's order.
    const ctx = buildRuleContext(r, cfg);
    validateGroups(ctx);
    const used = new Set<string>();
    for (let j = 0; j < cfg.jobs.length; j++) {
      const cores = cfg.jobs[j]!.cores;
      for (let c = 0; c < cores.length; c++) {
        const core = cores[c]!;
        if (core.kind === "get" || core.kind === "put") {
          const res = resourceOf(core);
          if (res !== undefined) used.add(res);
        }
      }
    }
    validateResources(ctx, used);
    validateTypes(ctx);
    validateVarSources(ctx);
    validateJobs(ctx);
    validateDisplay(ctx);
    validateCycles(ctx);
    if (options.pipegenChecks ?? true) {
      const taskFiles = options.taskFiles && Object.keys(options.taskFiles).length > 0 ? new TaskFileReader(options.taskFiles) : undefined;
      checkDataflow(r, cfg.jobs, taskFiles);
      if (isObject(config)) checkCredentials(r, config, cfg);
      checkResourceConfigs(r, cfg);
      checkImages(r, cfg);
    }
  }
  return applyRuleLevels(r.issues, options.rules);
}

export { ISSUE_CODES } from "./codes";
export type { CodeInfo } from "./codes";
export type { RuleLevel } from "./report";
export { validateIdentifier } from "./rules/identifier";
export { suggestSimilar } from "./suggest";
export { isCredentialKey } from "../credentials";

/**
 * Every issue code the validator and the YAML reader emit, with its default severity and the spec rule(s) it
 * stands for. `--rule code=level` accepts exactly these codes.
 */
import type { Severity } from "../issues";

export interface CodeInfo {
  readonly severity: Severity;
  /** concourse-spec.md rule numbers, or "pipegen" for pipegen's own checks. */
  readonly rules: string;
  readonly summary: string;
}

export const ISSUE_CODES: Readonly<Record<string, CodeInfo>> = {
  "yaml/syntax": { severity: "error", rules: "A2", summary: "YAML syntax error" },
  "yaml/duplicate-key": { severity: "error", rules: "A1", summary: "a mapping key appears twice" },
  "yaml/not-a-mapping": { severity: "error", rules: "A3", summary: "the document is not a mapping" },
  "yaml/unsupported-key": { severity: "error", rules: "B23", summary: "a map key that cannot be a JSON key (null, list, map)" },
  "yaml/merge": { severity: "error", rules: "§5.1", summary: "a `<<` merge value that is not a map or list of maps" },
  "yaml/alias-limit": { severity: "error", rules: "§5.6", summary: "aliases expand the document beyond the safety bound" },
  "yaml/alias-cycle": { severity: "error", rules: "§5.6", summary: "an alias inside the anchor it refers to" },
  "yaml/too-deep": { severity: "error", rules: "§5.6", summary: "collections nest deeper than the reader's bound" },
  "yaml/legacy-template-var": { severity: "error", rules: "§5.4", summary: "legacy {{var}} template syntax" },
  "concourse/unknown-field": { severity: "error", rules: "B1 B2 S1 S5", summary: "a key Concourse does not know" },
  "concourse/type-mismatch": { severity: "error", rules: "B3 B8 B9 B22", summary: "a value of the wrong YAML type" },
  "concourse/invalid-check-every": { severity: "error", rules: "B4", summary: "check_every is not a string" },
  "concourse/invalid-duration": { severity: "error", rules: "B5 B20 B21 S22", summary: "not a Go duration" },
  "concourse/no-step-configured": { severity: "error", rules: "B6", summary: "a step with no step key" },
  "concourse/no-core-step": { severity: "error", rules: "B7", summary: "a step with only modifiers" },
  "concourse/malformed-step": { severity: "error", rules: "B10–B17", summary: "a step value Concourse cannot decode" },
  "concourse/invalid-container-limits": { severity: "error", rules: "B18 B19", summary: "bad cpu or memory limit" },
  "concourse/empty-identifier": { severity: "error", rules: "§3.4 G1 R1 T1 V1 J2 S2", summary: "an empty name" },
  "concourse/invalid-identifier": { severity: "warning", rules: "§3.4 W1 S14", summary: "a name that is not a valid identifier (an error for run)" },
  "concourse/missing-name": { severity: "error", rules: "R1 T1 J2", summary: "has no name" },
  "concourse/missing-type": { severity: "error", rules: "R3 T3", summary: "has no type" },
  "concourse/duplicate-name": { severity: "error", rules: "G5 R2 T2 V4 J3", summary: "two items with the same name" },
  "concourse/invalid-glob": { severity: "error", rules: "G2", summary: "a group job glob that does not compile" },
  "concourse/unknown-job": { severity: "error", rules: "G3 S11", summary: "a job glob that matches no job" },
  "concourse/unknown-resource": { severity: "error", rules: "G4 S10 S13", summary: "an undefined resource" },
  "concourse/ungrouped-job": { severity: "error", rules: "G6", summary: "a job in no group" },
  "concourse/unused-resource": { severity: "error", rules: "R4", summary: "a resource no job gets or puts" },
  "concourse/unknown-var-source-type": { severity: "error", rules: "V2", summary: "an unknown credential manager type" },
  "concourse/var-source-not-supported": { severity: "error", rules: "V3", summary: "a credential manager not supported in pipelines" },
  "concourse/invalid-var-source": { severity: "error", rules: "V5 V6", summary: "a var source config its manager rejects" },
  "concourse/var-source-dependency": { severity: "error", rules: "V7", summary: "var sources that depend on unknown or each other" },
  "concourse/no-jobs": { severity: "error", rules: "J1", summary: "a pipeline without jobs" },
  "concourse/build-log-retention": { severity: "error", rules: "J4–J9", summary: "bad build log retention" },
  "concourse/deprecated-field": { severity: "warning", rules: "W2", summary: "build_logs_to_retain is deprecated" },
  "concourse/cycle": { severity: "error", rules: "J10", summary: "jobs that depend on each other through passed" },
  "concourse/task-config-source": { severity: "error", rules: "S3 S4", summary: "a task needs exactly one of file and config" },
  "concourse/invalid-task-config": { severity: "error", rules: "S6 S7 S8", summary: "missing platform or input/output name" },
  "concourse/repeated-name": { severity: "error", rules: "S9", summary: "two gets with the same name in a job" },
  "concourse/passed-job-without-resource": { severity: "error", rules: "S12", summary: "a passed job that does not use the resource" },
  "concourse/unknown-prototype": { severity: "error", rules: "S15", summary: "a run step of an undefined prototype" },
  "concourse/missing-file": { severity: "error", rules: "S16 S17", summary: "set_pipeline or load_var without file" },
  "concourse/repeated-var-name": { severity: "error", rules: "S18 S20", summary: "a local var declared twice in one scope" },
  "concourse/no-across-vars": { severity: "error", rules: "S19", summary: "an empty across" },
  "concourse/not-positive": { severity: "error", rules: "S21 S23", summary: "attempts or across max_in_flight ≤ 0" },
  "concourse/task-image-precedence": { severity: "warning", rules: "W3", summary: "image: on the step overrides the config's image" },
  "concourse/hermetic": { severity: "warning", rules: "W4", summary: "hermetic works only on containerd workers" },
  "concourse/var-shadowed": { severity: "warning", rules: "W5", summary: "a local var shadows an outer one" },
  "concourse/invalid-url": { severity: "error", rules: "D1 D2", summary: "a bad display background_image URL" },
  "pipegen/task-input-not-produced": { severity: "warning", rules: "pipegen", summary: "a task input no earlier step produces" },
  "pipegen/unused-task-output": { severity: "warning", rules: "pipegen", summary: "a task output no later step uses" },
  "pipegen/literal-credential": { severity: "warning", rules: "pipegen", summary: "a literal secret where a ((var)) belongs" },
  "pipegen/unreadable-file": { severity: "error", rules: "pipegen", summary: "the file cannot be read or loaded" },
  "pipegen/validator-failed": { severity: "error", rules: "pipegen", summary: "pipegen failed on this file (a bug): the other files still get their results" },
};

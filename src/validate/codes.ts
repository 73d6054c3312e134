/**
 * Every issue code pipegen reports — the builders (`dsl/…`), the YAML reader (`yaml/…`), the Concourse-parity
 * validator (`concourse/…`) and pipegen's own checks and tools (`pipegen/…`) — registered once, with its default
 * severity, what it means and the rule(s) of Concourse's validation it mirrors. `IssueCode` (the keys) is the type
 * of `PipelineIssue.code`, so a code that is not registered here does not compile. `--rule code=level` and
 * pipegen.config.ts `rules` accept exactly these codes; the README's table of codes is generated from this list
 * (`npm run docs:codes`).
 */
import type { Severity } from "../issues";

export interface CodeInfo {
  readonly severity: Severity;
  /** The rule numbers of Concourse's validation the code mirrors (pipegen's catalogue of it), or "pipegen" for pipegen's own checks. */
  readonly rules: string;
  readonly summary: string;
}

const REGISTRY = {
  "pipegen/module-load-failed": {
    severity: "error",
    rules: "pipegen",
    summary: "a .ts/.js pipeline file that could not be loaded (syntax error, failed import, thrown error, no pipeline exported)",
  },
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
  "pipegen/unknown-resource-key": { severity: "warning", rules: "pipegen", summary: "a source or params key the resource type does not know" },
  "pipegen/deprecated-resource-key": { severity: "warning", rules: "pipegen", summary: "a source or params key the resource type no longer uses" },
  "pipegen/missing-resource-key": { severity: "warning", rules: "pipegen", summary: "a source or params key the resource type requires is missing" },
  "pipegen/invalid-resource-value": {
    severity: "warning",
    rules: "pipegen",
    summary: "a source or params value of the wrong type, or one the resource rejects",
  },
  "pipegen/image-not-rootfs": {
    severity: "warning",
    rules: "pipegen",
    summary: "an image fetched in a form Concourse cannot run (e.g. s3 without unpack: true)",
  },
  "pipegen/task-file-not-found": { severity: "warning", rules: "pipegen", summary: "a task file missing from its --task-files checkout" },
  "pipegen/invalid-task-file": { severity: "warning", rules: "pipegen", summary: "a task file (read through --task-files) that is not a valid task config" },
  "pipegen/undeclared-task-param": {
    severity: "warning",
    rules: "pipegen",
    summary: "a task step param its task file (read through --task-files) does not declare",
  },
  "pipegen/unreadable-file": { severity: "error", rules: "pipegen", summary: "a pipeline or task file that cannot be read (missing, a folder, no permission)" },
  "pipegen/s3-check": {
    severity: "error",
    rules: "pipegen",
    summary: "`pipegen check`: an s3 image source whose bucket, regexp or versions fail the check (warnings for what only looks wrong)",
  },
  "pipegen/s3-unparseable-version": {
    severity: "error",
    rules: "pipegen",
    summary: "an S3 key whose captured version the s3 resource cannot parse (its check panics)",
  },
  "pipegen/image-name-suffix": {
    severity: "warning",
    rules: "pipegen",
    summary: "an image archive name the s3 resource's gunzip refuses (not .tgz/.tar.gz); an error for gzip data so named",
  },
  "pipegen/image-name-version": { severity: "warning", rules: "pipegen", summary: "an image version that sorts surprisingly in the s3 resource" },
  "pipegen/image-export-platform": { severity: "warning", rules: "pipegen", summary: "a single-platform image exported for another platform than asked for" },
  "pipegen/image-corrupt": { severity: "error", rules: "pipegen", summary: "an image archive that cannot be read to its end" },
  "pipegen/image-archive-type": { severity: "error", rules: "pipegen", summary: "a file the s3 resource's unpack cannot unpack (not gzip, bzip2, tar or zip)" },
  "pipegen/image-absolute-path": { severity: "error", rules: "pipegen", summary: "an archive entry with an absolute path" },
  "pipegen/image-dotdot-path": { severity: "error", rules: "pipegen", summary: "an archive entry whose path contains '..'" },
  "pipegen/image-device-node": {
    severity: "error",
    rules: "pipegen",
    summary: "a device node, which tar cannot create in the s3 resource's unprivileged container",
  },
  "pipegen/image-link-escape": { severity: "error", rules: "pipegen", summary: "a hard link to a file outside the archive" },
  "pipegen/image-empty": { severity: "error", rules: "pipegen", summary: "an archive with no entries" },
  "pipegen/image-no-rootfs": { severity: "error", rules: "pipegen", summary: "an image archive without rootfs/ at the top level" },
  "pipegen/image-empty-rootfs": { severity: "warning", rules: "pipegen", summary: "an image archive whose rootfs/ is empty" },
  "pipegen/image-no-metadata": { severity: "error", rules: "pipegen", summary: "an image archive without metadata.json at the top level" },
  "pipegen/image-metadata": { severity: "error", rules: "pipegen", summary: "a metadata.json that cannot be read" },
  "pipegen/image-metadata-json": { severity: "error", rules: "pipegen", summary: "a metadata.json that is not JSON" },
  "pipegen/image-metadata-type": {
    severity: "error",
    rules: "pipegen",
    summary: "a metadata.json field of the wrong JSON type (Concourse: malformed image metadata)",
  },
  "pipegen/image-metadata-env": {
    severity: "error",
    rules: "pipegen",
    summary: "a metadata.json env entry that is not KEY=value (a warning for a name set twice)",
  },
  "pipegen/image-metadata-path": { severity: "warning", rules: "pipegen", summary: "a metadata.json env without PATH (nothing else sets it in the container)" },
  "pipegen/image-user-unknown": { severity: "warning", rules: "pipegen", summary: "a metadata.json user or group not in rootfs/etc/passwd or /etc/group" },
  "pipegen/image-zip-no-modes": { severity: "error", rules: "pipegen", summary: "zip entries under rootfs/ without Unix permissions" },
  "pipegen/image-zip-special-bits": { severity: "warning", rules: "pipegen", summary: "zip entries whose setuid/setgid/sticky bits unzip drops" },
  "pipegen/image-zip-owners": { severity: "warning", rules: "pipegen", summary: "zip entries whose owners unzip does not restore" },
  "pipegen/image-zip-encrypted": { severity: "error", rules: "pipegen", summary: "encrypted zip entries (the s3 resource unzips with an empty password)" },
  "pipegen/image-zip-method": { severity: "error", rules: "pipegen", summary: "zip entries in a compression method unzip cannot extract" },
  "dsl/duplicate-resource-name": { severity: "error", rules: "R2", summary: "two different resource objects with one name" },
  "dsl/duplicate-resource-type-name": { severity: "error", rules: "T2", summary: "two different resourceType objects with one name" },
  "dsl/duplicate-prototype-name": { severity: "error", rules: "pipegen", summary: "two different prototype objects with one name" },
  "import/aggregate": {
    severity: "warning",
    rules: "pipegen",
    summary: "`pipegen import`: an aggregate step (removed in Concourse 7) written as inParallel()",
  },
  "import/dropped-keys": { severity: "warning", rules: "pipegen", summary: "`pipegen import`: top-level keys Concourse ignores (anchor holders) left out" },
  "import/legacy-var": { severity: "warning", rules: "§5.4", summary: "`pipegen import`: a legacy {{var}} written as v(name)" },
  "import/no-step": { severity: "warning", rules: "B6", summary: "`pipegen import`: a step with no step key, kept with a cast" },
  "import/null-dropped": { severity: "warning", rules: "pipegen", summary: "`pipegen import`: a null value (no value to Concourse) left out" },
  "import/passed-cycle": { severity: "warning", rules: "J10", summary: "`pipegen import`: a passed job that depends on this job, written as glob(name)" },
  "import/type-mismatch": { severity: "warning", rules: "B3", summary: "`pipegen import`: a value of the wrong type, kept with a cast" },
  "import/unknown-key": { severity: "warning", rules: "B1 B2", summary: "`pipegen import`: a key Concourse does not know, left out" },
  "import/unknown-resource": { severity: "warning", rules: "S10", summary: "`pipegen import`: an undeclared resource, written with a cast" },
  "import/unsupported": { severity: "warning", rules: "pipegen", summary: "`pipegen import`: a field the builders cannot write, left out" },
  "import/var-for-value": { severity: "warning", rules: "pipegen", summary: "`pipegen import`: a ((var)) standing for a whole typed value, kept with a cast" },
  "dsl/not-a-pipeline": { severity: "error", rules: "pipegen", summary: "render was given something other than a pipeline() object" },
  "dsl/jobs-not-a-list": { severity: "error", rules: "pipegen", summary: "pipeline jobs: is not a list" },
  "dsl/not-a-job": { severity: "error", rules: "pipegen", summary: "a jobs: item that is not a job() object" },
  "dsl/duplicate-job-name": { severity: "error", rules: "J3", summary: "a job listed twice, or two jobs with one name" },
  "dsl/not-a-resource": { severity: "error", rules: "pipegen", summary: "a resource slot holding something other than a resource object" },
  "dsl/missing-resource": { severity: "error", rules: "pipegen", summary: "a get or put without a resource" },
  "dsl/not-a-resource-type": { severity: "error", rules: "pipegen", summary: "a resource_types: item that is not a resourceType() object" },
  "dsl/not-a-prototype": { severity: "error", rules: "pipegen", summary: "a prototypes: item that is not a prototype() object" },
  "dsl/missing-prototype": { severity: "error", rules: "pipegen", summary: "a runStep without a prototype() object" },
  "dsl/not-a-group": { severity: "error", rules: "pipegen", summary: "a groups: item that is not a group() object" },
  "dsl/group-job-not-a-job": { severity: "error", rules: "pipegen", summary: "a group's jobs: item that is neither a job nor a glob()" },
  "dsl/group-job-not-in-pipeline": { severity: "error", rules: "G3", summary: "a group lists a job that is not in the pipeline" },
  "dsl/group-resource-not-a-resource": { severity: "error", rules: "pipegen", summary: "a group's resources: item that is not a resource object" },
  "dsl/not-a-var-source": { severity: "error", rules: "pipegen", summary: "a var_sources: item that is not a varSource() object" },
  "dsl/plan-not-a-list": { severity: "error", rules: "pipegen", summary: "a job plan: that is not a list of steps" },
  "dsl/not-a-step": { severity: "error", rules: "B6", summary: "a plan item that is not a step made by get(), put(), task(), …" },
  "dsl/not-a-step-list": { severity: "error", rules: "pipegen", summary: "steps (in_parallel, do, hooks) that are not a list" },
  "dsl/passed-not-a-list": { severity: "error", rules: "pipegen", summary: "passed: is not a list of jobs" },
  "dsl/passed-not-a-job": { severity: "error", rules: "pipegen", summary: "a passed: item that is neither a job nor a glob()" },
  "dsl/passed-job-not-in-pipeline": { severity: "error", rules: "S11", summary: "passed: names a job that is not in the pipeline" },
  "dsl/invalid-task-image": { severity: "error", rules: "pipegen", summary: "a task image: that is neither a resource nor an artifact name" },
  "dsl/config-not-an-object": { severity: "error", rules: "pipegen", summary: "a task config: that is not an object" },
  "dsl/invalid-var-name": { severity: "error", rules: "§5.4", summary: "v(name) with a name Concourse would leave as literal text" },
  "dsl/unexpected-builder": { severity: "error", rules: "pipegen", summary: "a builder object where a plain value belongs" },
  "dsl/unsupported-value": { severity: "error", rules: "pipegen", summary: "a value YAML cannot hold (a function, symbol, bigint, undefined in a list)" },
  "pipegen/image-bad-header": { severity: "error", rules: "pipegen", summary: "a tar header whose numeric fields (uid, mtime, size…) GNU tar refuses" },
  "pipegen/image-write-through-symlink": {
    severity: "error",
    rules: "pipegen",
    summary: "an entry written through a symlink the archive made earlier: a tar that follows it writes outside rootfs/",
  },
  "dsl/unreadable-value": { severity: "error", rules: "pipegen", summary: "a value whose getter or Proxy trap throws when pipegen reads it" },
  "dsl/hole-in-list": { severity: "error", rules: "pipegen", summary: "a list with a hole (a sparse array): YAML has no empty slots" },
  "dsl/not-a-list": { severity: "error", rules: "pipegen", summary: "a value that must be a list and is not (e.g. a group's resources:)" },
  "pipegen/validator-failed": { severity: "error", rules: "pipegen", summary: "pipegen failed on this file (a bug): the other files still get their results" },
  "dsl/value-too-deep": { severity: "error", rules: "pipegen", summary: "a value nested more than 200 levels deep (it contains itself)" },
} satisfies Record<string, CodeInfo>;

/** A registered issue code. */
export type IssueCode = keyof typeof REGISTRY;
/** The name of a `pipegen/…` code, for helpers that add the prefix. */
export type PipegenCodeName = IssueCode extends infer C ? (C extends `pipegen/${infer N}` ? N : never) : never;
/** The name of an `import/…` code (the importer's notes). */
export type ImportNote = IssueCode extends infer C ? (C extends `import/${infer N}` ? N : never) : never;

/** The registry, by code. */
export const ISSUE_CODES: Readonly<Record<IssueCode, CodeInfo>> = REGISTRY;

/** True for a registered code (what `--rule` and `rules` accept). */
export function isIssueCode(code: string): code is IssueCode {
  return Object.prototype.hasOwnProperty.call(REGISTRY, code);
}

/** The fly wrappers: `pipegen set-pipeline`, `diff`, `set-all`/`diff-all`, and `--fly` cross-checks. */
export { flySetPipeline, flyDiff, crossCheckWithFly } from "./operations";
export type { FlyPipelineOptions, FlySetPipelineOptions, FlySetPipelineResult, FlyDiffResult, CrossCheckOptions, MessageSink } from "./operations";
export { diffConfigs, stepIdentity } from "./structural-diff";
export type { Change, ChangeKind } from "./structural-diff";
export { formatChanges, summarizeChanges } from "./diff-format";
export { normalizeConfig, unwrapDeployedConfig } from "./normalize";
export { redactConfig, redactValue, SecretSet, REDACTED } from "./redact";
export { SECRET_SOURCE_FIELDS, isSecretKey } from "./credential-fields";
export { setPipelineArgv, getPipelineArgv, validatePipelineArgv, pipelineRef, shellCommand, shellQuote } from "./args";
export { findFly, requireFly } from "./locate";
export { flyrcPath, readFlyTargets, requireFlyTarget } from "./flyrc";
export type { FlyTarget } from "./flyrc";
export { splitPair } from "./vars";

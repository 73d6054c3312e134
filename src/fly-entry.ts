/**
 * The `pipegen/fly` entry point: wrappers of Concourse's `fly` (set-pipeline with a rendered pipeline, a
 * structural diff against the deployed one, `fly validate-pipeline` cross-checks, ~/.flyrc targets) and the
 * redaction of credentials they show. Each function loads its module on first call.
 * Its declarations use Node's types: a project importing it needs @types/node.
 */
export {
  flySetPipeline,
  flyDiff,
  crossCheckWithFly,
  diffConfigs,
  formatChanges,
  summarizeChanges,
  normalizeConfig,
  unwrapDeployedConfig,
  redactConfig,
  isSecretKey,
  findFly,
  requireFly,
  flyrcPath,
  readFlyTargets,
  requireFlyTarget,
  SecretSet,
  REDACTED,
  SECRET_SOURCE_FIELDS,
} from "./lazy/fly";
export type { FlyPipelineOptions, FlySetPipelineOptions, FlySetPipelineResult, FlyDiffResult, CrossCheckOptions, Change, ChangeKind, FlyTarget } from "./fly";

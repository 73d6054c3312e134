/**
 * The fly wrappers (set-pipeline, diff, cross-checks, targets), loaded on first use: the functions behind
 * `pipegen/fly` and the CLI's fly commands. Part of the core bundle (scripts/build.js), like ./images.
 */
import type * as FlyModule from "../fly";
import { lazy } from "./index";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fly = (): typeof FlyModule => require("../fly") as typeof FlyModule;

export const flySetPipeline = lazy(fly, "flySetPipeline");
export const flyDiff = lazy(fly, "flyDiff");
export const crossCheckWithFly = lazy(fly, "crossCheckWithFly");
export const diffConfigs = lazy(fly, "diffConfigs");
export const formatChanges = lazy(fly, "formatChanges");
export const summarizeChanges = lazy(fly, "summarizeChanges");
export const normalizeConfig = lazy(fly, "normalizeConfig");
export const unwrapDeployedConfig = lazy(fly, "unwrapDeployedConfig");
export const redactConfig = lazy(fly, "redactConfig");
export const isSecretKey = lazy(fly, "isSecretKey");
export const findFly = lazy(fly, "findFly");
export const requireFly = lazy(fly, "requireFly");
export const flyrcPath = lazy(fly, "flyrcPath");
export const readFlyTargets = lazy(fly, "readFlyTargets");
export const requireFlyTarget = lazy(fly, "requireFlyTarget");
// (the CLI's: not in pipegen/fly)
export const splitPair = lazy(fly, "splitPair");

// Small modules, imported as they are (a class must be one instance for `instanceof`).
export { SecretSet, REDACTED } from "../fly/redact";
export { SECRET_SOURCE_FIELDS } from "../fly/credential-fields";

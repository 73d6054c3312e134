/**
 * The pipeline as Concourse holds it after decoding (atc.Config): zero values filled in, steps detected and
 * unwrapped into wrapper chains (concourse-spec.md §2.8). Every object keeps its structural `path` so that
 * issues can point at it. A part that failed to decode is `null`/`undefined` and is skipped by the rules.
 */
import type { HookName } from "../model/format";

export interface DConfig {
  groups: DGroup[];
  resources: DResource[];
  resourceTypes: DResourceType[];
  prototypes: DResourceType[];
  varSources: DVarSource[];
  jobs: DJob[];
  display: DDisplay | null;
  /** Top-level sections that did not decode completely: rules that would only cascade from that are skipped. */
  broken: Set<"jobs" | "resources">;
}

export interface DGroup {
  path: string;
  name: string;
  jobs: string[];
  resources: string[];
}
export interface DResource {
  path: string;
  name: string;
  type: string;
  source: Record<string, unknown> | undefined;
  webhookToken: string;
}
export interface DResourceType {
  path: string;
  name: string;
  type: string;
  source: Record<string, unknown> | undefined;
  defaults: Record<string, unknown> | undefined;
  params: Record<string, unknown> | undefined;
}
export interface DVarSource {
  path: string;
  name: string;
  type: string;
  config: unknown;
}
export interface DDisplay {
  path: string;
  backgroundImage: string;
}

export interface DJob {
  path: string;
  index: number;
  name: string;
  buildLogsToRetain: number;
  buildLogRetention: { builds: number; days: number; minimumSucceededBuilds: number } | null;
  plan: Array<DStep | null>;
  /** Job hooks in wrapping order, innermost (`on_success`) first. */
  hooks: Array<{ key: HookKey; path: string; step: DStep | null }>;
  /** Every core step of the job (plan and hooks, nested ones included) in visiting order; see `jobCores`. */
  cores: DCore[];
}

export type HookKey = HookName;

/** One step map: its wrappers (outermost first), its core step, and the keys nothing owned. */
export interface DStep {
  path: string;
  unknown: string[];
  wrappers: DWrapper[];
  core: DCore | null;
}

export type DWrapper =
  | { kind: "hook"; key: HookKey; path: string; hook: DStep | null }
  | { kind: "across"; path: string; vars: DAcrossVar[]; failed: boolean }
  | { kind: "attempts"; path: string; attempts: number | undefined }
  | { kind: "timeout"; path: string; duration: string | undefined };

export interface DAcrossVar {
  path: string;
  name: string;
  maxInFlight: { all: boolean; limit: number } | undefined;
}

export type DCore = DGet | DPut | DTask | DRun | DSetPipeline | DLoadVar | DTry | DDo | DInParallel;

interface CoreBase {
  path: string;
  failed: boolean;
}
export interface DGet extends CoreBase {
  kind: "get";
  name: string | undefined;
  resource: string | undefined;
  resourceKey: string;
  passed: string[];
  params: Record<string, unknown> | undefined;
}
export interface DPut extends CoreBase {
  kind: "put";
  name: string | undefined;
  resource: string | undefined;
  resourceKey: string;
  inputs: { all: boolean; detect: boolean; specified: string[] | undefined } | undefined;
  params: Record<string, unknown> | undefined;
  getParams: Record<string, unknown> | undefined;
  noGet: boolean;
}
export interface DTask extends CoreBase {
  kind: "task";
  name: string | undefined;
  file: string;
  image: string;
  hermetic: boolean;
  config: DTaskConfig | null;
  inputMapping: Record<string, string>;
  outputMapping: Record<string, string>;
  /** The step's `params` (they override the config's). */
  params: Record<string, unknown> | undefined;
}
export interface DTaskConfig {
  path: string;
  unknown: string[];
  platform: string;
  hasImage: boolean;
  imageSource: Record<string, unknown> | undefined;
  /** `image_resource.type` and `.params` ("" / undefined without an image_resource). */
  imageType: string;
  imageParams: Record<string, unknown> | undefined;
  /** The config's `params` (env vars it declares). */
  params: Record<string, unknown> | undefined;
  inputs: Array<{ path: string; name: string; optional: boolean }>;
  outputs: Array<{ path: string; name: string }>;
}
export interface DRun extends CoreBase {
  kind: "run";
  message: string | undefined;
  type: string | undefined;
}
export interface DSetPipeline extends CoreBase {
  kind: "set_pipeline";
  name: string | undefined;
  file: string;
  varFiles: string[];
}
export interface DLoadVar extends CoreBase {
  kind: "load_var";
  name: string | undefined;
  file: string;
}
export interface DTry extends CoreBase {
  kind: "try";
  step: DStep | null;
}
export interface DDo extends CoreBase {
  kind: "do";
  steps: Array<DStep | null>;
}
export interface DInParallel extends CoreBase {
  kind: "in_parallel";
  steps: Array<DStep | null>;
}

/** Calls `fn` for every core step reachable from `step` (inner steps, hooks, children), in visiting order. */
export function forEachCore(step: DStep | null, fn: (core: DCore) => void): void {
  if (!step) return;
  const wrappers = step.wrappers;
  for (let i = 0; i < wrappers.length; i++) {
    const w = wrappers[i]!;
    if (w.kind === "hook") forEachCore(w.hook, fn);
  }
  const core = step.core;
  if (!core) return;
  fn(core);
  if (core.kind === "try") forEachCore(core.step, fn);
  else if (core.kind === "do" || core.kind === "in_parallel") for (let i = 0; i < core.steps.length; i++) forEachCore(core.steps[i]!, fn);
}

/** Every core step of a job (plan and job hooks), in visiting order: computed once when the job is decoded. */
export function jobCores(plan: ReadonlyArray<DStep | null>, hooks: DJob["hooks"]): DCore[] {
  const out: DCore[] = [];
  const add = (core: DCore) => void out.push(core);
  for (let i = 0; i < plan.length; i++) forEachCore(plan[i]!, add);
  for (let i = 0; i < hooks.length; i++) forEachCore(hooks[i]!.step, add);
  return out;
}

/** The resource a get or put uses: `resource`, else its name. */
export function resourceOf(core: DGet | DPut): string | undefined {
  return core.resource !== undefined && core.resource !== "" ? core.resource : core.name;
}

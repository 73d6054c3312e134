/** Jobs and groups (concourse-spec.md §2.1, §2.5), plus `glob()` for `passed:` and group job patterns. */
import type { BuildLogRetention } from "../model";
import type { SourceSite } from "../issues";
import { brand, brandClass, hasBrand } from "./brand";
import type { Resource, ResourceSpec } from "./resource";
import { captureSite, resolveSite, withSite, type SiteRef } from "./site";
import type { Step } from "./steps";

/** Props of `job()` (concourse-spec.md §2.1). */
export interface JobProps {
  /** The steps, run in series. @default [] */
  readonly plan?: readonly Step[];
  /** Previous name, to keep the build history after a rename. */
  readonly old_name?: string;
  /** Build logs visible without logging in. @default false */
  readonly public?: boolean;
  /** One build at a time. @default false */
  readonly serial?: boolean;
  /** Jobs sharing a serial group run one build at a time across the group. @default [] */
  readonly serial_groups?: readonly string[];
  /** Builds running at once. @default 0 (unlimited) */
  readonly max_in_flight?: number;
  /** Which build logs to keep. @default all */
  readonly build_log_retention?: BuildLogRetention;
  /** @deprecated Use `build_log_retention`. */
  readonly build_logs_to_retain?: number;
  /** Forbid manual triggering. @default false */
  readonly disable_manual_trigger?: boolean;
  /** Forbid re-running builds (Concourse 8.1+). @default false */
  readonly disable_reruns?: boolean;
  /** A newer build may abort this one. @default false */
  readonly interruptible?: boolean;
  /** Worker tags for every step (Concourse 8.3+). */
  readonly tags?: readonly string[];
  /** Step to run when the build succeeds. */
  readonly on_success?: Step;
  /** Step to run when the build fails. */
  readonly on_failure?: Step;
  /** Step to run when the build is aborted. */
  readonly on_abort?: Step;
  /** Step to run when the build errors. */
  readonly on_error?: Step;
  /** Step that always runs at the end of the build. */
  readonly ensure?: Step;
}

/** A job. Pass the object itself to `passed:` and to groups. */
export interface Job {
  readonly name: string;
  readonly props: JobProps;
  readonly site?: SourceSite;
}

/** Defines a job. */
/** Jobs are instances of one class: one object shape, the brand and `site` on the prototype. */
class JobObject implements Job {
  readonly #ref: SiteRef;
  constructor(
    readonly name: string,
    readonly props: JobProps,
    ref: SiteRef,
  ) {
    this.#ref = ref;
    Object.freeze(this);
  }
  /** Where `job()` was called (resolved when first read). */
  get site(): SourceSite | undefined {
    return resolveSite(this.#ref);
  }
}
brandClass(JobObject, "job");

export function job(name: string, props: JobProps = {}): Job {
  return new JobObject(name, props, captureSite());
}

export function isJob(x: unknown): x is Job {
  return hasBrand(x, "job");
}

/** A job name pattern, for `passed:` (Go path.Match) and group `jobs:` (globs with `{a,b}`). */
export interface Glob {
  readonly pattern: string;
  readonly site?: SourceSite;
}

/** A job name pattern such as `"unit-*"`, where a job object cannot be used. */
export function glob(pattern: string): Glob {
  return Object.freeze(brand(withSite({ pattern }, captureSite()), "glob"));
}

export function isGlob(x: unknown): x is Glob {
  return hasBrand(x, "glob");
}

/** Props of `group()` (concourse-spec.md §2.5). */
export interface GroupProps {
  /** Jobs shown in the group: job objects or `glob()` patterns. */
  readonly jobs?: readonly (Job | Glob)[];
  /** Resources shown in the group. */
  readonly resources?: readonly Resource<ResourceSpec>[];
}

/** A tab of the web UI. */
export interface Group {
  readonly name: string;
  readonly props: GroupProps;
  readonly site?: SourceSite;
}

/** Defines a group (a tab of jobs in the web UI). */
export function group(name: string, props: GroupProps | readonly (Job | Glob)[]): Group {
  const normalized: GroupProps = Array.isArray(props) ? { jobs: props as readonly (Job | Glob)[] } : (props as GroupProps);
  return Object.freeze(brand(withSite({ name, props: normalized }, captureSite()), "group"));
}

export function isGroup(x: unknown): x is Group {
  return hasBrand(x, "group");
}

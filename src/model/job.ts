/** Jobs (concourse-spec.md §2.1) and their build log retention (§2.1.1). Unknown keys are errors. */
import * as z from "zod";
import { Identifier, Tags } from "./common";
import { Step, StepHooks } from "./step";

/** How many build logs to keep (§2.1.1). */
export const BuildLogRetention = z.strictObject({
  /** Keep the last N builds. @default 0 (all) */
  builds: z.number().int().optional(),
  /** Keep builds that finished within N days. @default 0 (all) */
  days: z.number().int().optional(),
  /** Always keep at least this many succeeded builds; at most `builds`. @default 0 */
  minimum_succeeded_builds: z.number().int().optional(),
});
export type BuildLogRetention = z.infer<typeof BuildLogRetention>;

const jobShape = {
  /** Job name, unique in the pipeline. */
  name: Identifier,
  /** Previous name, to keep the build history when renaming. */
  old_name: z.string().optional(),
  /** Build logs visible without logging in. @default false */
  public: z.boolean().optional(),
  /** One build at a time. @default false */
  serial: z.boolean().optional(),
  /** Jobs sharing a group run one build at a time across the group. @default [] */
  serial_groups: z.array(z.string()).optional(),
  /** Builds running at once. @default 0 (unlimited) */
  max_in_flight: z.number().int().optional(),
  /** Deprecated: use `build_log_retention`. */
  build_logs_to_retain: z.number().int().optional(),
  /** Which build logs to keep. */
  build_log_retention: BuildLogRetention.optional(),
  /** Forbid manual triggering. @default false */
  disable_manual_trigger: z.boolean().optional(),
  /** Forbid re-running builds (v8.1.0+). @default false */
  disable_reruns: z.boolean().optional(),
  /** A newer build may abort this one. @default false */
  interruptible: z.boolean().optional(),
  /** Worker tags for every step of the job (v8.3.0+). */
  tags: Tags.optional(),
};
const JobBase = z.strictObject(jobShape);
/** A job: a plan of steps plus scheduling options (§2.1). Its hooks run at the end of the build. */
export interface Job extends z.infer<typeof JobBase>, StepHooks {
  /** The steps, run in series. @default [] */
  plan?: Step[];
}
const lazyJobKeys: Record<string, () => z.ZodType> = { plan: () => z.array(Step).optional() };
for (const hook of ["on_success", "on_failure", "on_abort", "on_error", "ensure"]) lazyJobKeys[hook] = () => Step.optional();
const jobSchemaShape: Record<string, unknown> = { ...jobShape };
for (const [key, make] of Object.entries(lazyJobKeys)) Object.defineProperty(jobSchemaShape, key, { enumerable: true, configurable: true, get: make });
export const Job = z.strictObject(jobSchemaShape as z.ZodRawShape) as unknown as z.ZodType<Job>;

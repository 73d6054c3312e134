/**
 * Jobs: concourse-spec.md §3.5 J1–J9 and W2 (configvalidate `validateJobs`), the job identifier (§3.4), and
 * each job's steps through the step validator (S1–S23, W3–W5).
 */
import { isPlainIdentifier, validateIdentifier } from "./identifier";
import { locationId, reportIdentifier, type RuleContext } from "./context";
import { StepValidator } from "./steps";

export function validateJobs(ctx: RuleContext): void {
  const { cfg, r } = ctx;
  if (cfg.jobs.length === 0) {
    // A `jobs:` that failed to decode is already reported; "no jobs" would only repeat it.
    if (!cfg.broken.has("jobs")) r.error("concourse/no-jobs", "jobs", "jobs: pipeline must contain at least one job");
    return;
  }
  // name -> index of the first job with it; texts are built only for what is reported
  const names = new Map<string, number>();
  cfg.jobs.forEach((job, i) => {
    // the texts below are only needed for a message: most jobs get none
    const loc = (): string => `jobs[${i}]`;
    const id = (): string => locationId("jobs", i, job.name);
    if (!isPlainIdentifier(job.name)) reportIdentifier(ctx, validateIdentifier(job.name, [id()]), job.name === "" ? `${loc()}.name` : `${job.path}.name`);
    const other = names.get(job.name);
    if (other !== undefined) r.error("concourse/duplicate-name", `${loc()}.name`, `jobs[${other}] and ${loc()} have the same name ('${job.name}')`);
    else if (job.name !== "") names.set(job.name, i);
    if (job.name === "") r.error("concourse/missing-name", `${loc()}.name`, `${id()} has no name`);

    if (job.buildLogsToRetain !== 0) {
      r.warning(
        "concourse/deprecated-field",
        `${job.path}.build_logs_to_retain`,
        `${id()}.build_logs_to_retain is deprecated. Use build_log_retention instead.`,
      );
    }
    const retention = job.buildLogRetention;
    if (retention !== null && job.buildLogsToRetain !== 0) {
      r.error("concourse/build-log-retention", `${job.path}.build_log_retention`, `${id()} can't use both build_log_retention and build_logs_to_retain`);
    } else if (job.buildLogsToRetain < 0) {
      r.error("concourse/build-log-retention", `${job.path}.build_logs_to_retain`, `${id()} has negative build_logs_to_retain: ${job.buildLogsToRetain}`);
    }
    if (retention !== null) {
      const base = `${job.path}.build_log_retention`;
      if (retention.builds < 0)
        r.error("concourse/build-log-retention", `${base}.builds`, `${id()} has negative build_log_retention.builds: ${retention.builds}`);
      if (retention.days < 0) r.error("concourse/build-log-retention", `${base}.days`, `${id()} has negative build_log_retention.days: ${retention.days}`);
      if (retention.minimumSucceededBuilds < 0)
        r.error(
          "concourse/build-log-retention",
          `${base}.minimum_succeeded_builds`,
          `${id()} has negative build_log_retention.min_success_builds: ${retention.minimumSucceededBuilds}`,
        );
      if (retention.builds > 0 && retention.minimumSucceededBuilds > retention.builds) {
        r.error(
          "concourse/build-log-retention",
          `${base}.minimum_succeeded_builds`,
          `${id()} has build_log_retention.min_success_builds: ${retention.minimumSucceededBuilds} greater than build_log_retention.min_success_builds: ${retention.builds}`,
        );
      }
    }
    new StepValidator(ctx, [id, ".plan"]).validateJob(job);
  });
}

/**
 * `pipegen set-pipeline -t <target> -p <pipeline> <file>`: renders and checks the pipeline, then runs
 * `fly set-pipeline` on a private temporary copy of the YAML. Refuses invalid pipelines (fly is not run), passes
 * stdin through for fly's "apply configuration?" question, redacts credentials in fly's output, exits with fly's
 * exit code, and always removes the temporary file (Ctrl-C is forwarded to fly first).
 */
import type { Command } from "commander";
import { flySetPipeline } from "../lazy/fly";
import { addFlyPipelineOptions, pairs, type FlyFlags } from "./_fly-flags";

interface SetPipelineFlags extends FlyFlags {
  nonInteractive?: boolean;
  checkCreds?: boolean;
  dryRun?: boolean;
  redact: boolean;
}

export function registerSetPipeline(program: Command): void {
  const cmd = program
    .command("set-pipeline")
    .alias("sp")
    .description("render, check and set a pipeline with fly set-pipeline")
    .argument("<file>", "the pipeline: a .ts file, or Concourse YAML");
  addFlyPipelineOptions(cmd)
    .option("-n, --non-interactive", "apply without asking (fly -n)")
    .option("--check-creds", "have Concourse check the ((vars)) against its credential manager (fly --check-creds)")
    .option("--dry-run", "print the fly command line instead of running it")
    .option("--no-redact", "show fly's output as it is (fly prints changed resources in full, credentials included)")
    .action(async (file: string, flags: SetPipelineFlags) => {
      const result = await flySetPipeline({
        file,
        exportName: flags.export,
        target: flags.target,
        pipeline: flags.pipeline,
        team: flags.team,
        ...pairs(flags),
        nonInteractive: flags.nonInteractive,
        checkCreds: flags.checkCreds,
        dryRun: flags.dryRun,
        fly: flags.fly,
        redact: flags.redact,
      });
      process.exitCode = result.exitCode;
    });
}

/**
 * `pipegen diff -t <target> -p <pipeline> <file>`: what `set-pipeline` would change, structurally (jobs, resources,
 * steps by name; not text lines), with every credential redacted. `--exit-code` exits 1 when there are changes.
 */
import type { Command } from "commander";
import { flyDiff, formatChanges, summarizeChanges } from "../lazy/fly";
import type { FlyDiffResult } from "../fly";
import { addFlyPipelineOptions, pairs, useColor, type FlyFlags } from "./_fly-flags";
import { ExitCode } from "../errors";

interface DiffFlags extends FlyFlags {
  exitCode?: boolean;
  json?: boolean;
  color?: boolean;
}

export function registerDiff(program: Command): void {
  const cmd = program
    .command("diff")
    .description("compare a pipeline with the one a Concourse target runs (credentials redacted)")
    .argument("<file>", "the pipeline: a .ts file, or Concourse YAML");
  addFlyPipelineOptions(cmd)
    .option("--exit-code", "exit 1 when there are differences, 0 when there are none")
    .option("--json", "print the differences as JSON")
    .option("--color", "colour the output even when it is not a terminal")
    .option("--no-color", "never colour the output")
    .action(async (file: string, flags: DiffFlags) => {
      const result = await flyDiff({
        file,
        exportName: flags.export,
        target: flags.target,
        pipeline: flags.pipeline,
        team: flags.team,
        ...pairs(flags),
        fly: flags.fly,
      });
      printDiff(result, { target: flags.target, pipeline: flags.pipeline, team: flags.team, json: flags.json, color: useColor(flags.color) });
      if (flags.exitCode && result.changes.length > 0) process.exitCode = ExitCode.failure;
    });
}

/** One pipeline's diff as `--json` gives it (not yet redacted: the caller scrubs the text it writes). */
export function diffDocument(result: FlyDiffResult, o: { target: string; pipeline: string; team?: string }): object {
  return {
    target: o.target,
    ...(o.team ? { team: o.team } : {}),
    pipeline: o.pipeline,
    exists: result.exists,
    different: result.changes.length > 0,
    changes: result.changes,
  };
}

/** Prints one pipeline's diff: changes on stdout, the summary on stderr. */
export function printDiff(
  result: FlyDiffResult,
  o: { target: string; pipeline: string; team?: string; json?: boolean; color: boolean; heading?: boolean },
): void {
  const scrub = (s: string) => result.secrets.scrub(s);
  if (o.json) {
    process.stdout.write(scrub(JSON.stringify(diffDocument(result, o), null, 2)) + "\n");
    return;
  }
  if (o.heading)
    process.stdout.write(
      `${o.color ? "\x1b[1m" : ""}pipeline ${o.pipeline} (target ${o.target}${o.team ? `, team ${o.team}` : ""})${o.color ? "\x1b[0m" : ""}\n`,
    );
  if (!result.exists) process.stderr.write(`pipegen: pipeline '${o.pipeline}' does not exist on target '${o.target}' yet: everything is new\n`);
  for (const line of formatChanges(result.changes, { color: o.color })) process.stdout.write(scrub(line) + "\n");
  process.stderr.write(`pipegen: ${o.pipeline}: ${summarizeChanges(result.changes)}\n`);
}

/**
 * `pipegen check <pipeline>`: for every s3 image and s3 resource, asks the real bucket which version a
 * Concourse check would resolve to. One line per source: `ok` lines on stdout, problems on stderr, exit 1
 * when any source resolves to nothing (or would crash the resource), `--json` for machines.
 */
import type { Command } from "commander";
import { checkIssues, checkPipelineImages, loadVarLayers } from "../lazy/images";
import { formatIssue, hasErrors } from "../issues";
import { loadPipelineFile } from "../load/pipeline-file";
import { ExitCode, PipegenError } from "../errors";
import { flyAgrees } from "./_fly-check";

interface CheckFlags {
  var: string[];
  loadVarsFrom: string[];
  export?: string;
  json?: boolean;
  fly?: boolean;
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];

/** Loads the pipeline as the plain config Concourse reads (a .ts rendered by the builders, or YAML as Concourse reads it). */
async function loadConfig(file: string, exportName: string | undefined): Promise<unknown> {
  const loaded = await loadPipelineFile(file, { ...(exportName ? { exportName } : {}), validate: false });
  const errors = loaded.issues.filter((i) => i.severity === "error");
  if (errors.length > 0 || loaded.config === undefined || loaded.config === null) {
    throw new PipegenError("pipegen.loadFailed", `${file} did not produce a pipeline`, { issues: errors });
  }
  return loaded.config;
}

export function registerCheck(program: Command): void {
  program
    .command("check")
    .description("resolve every s3 image and s3 resource of a pipeline against its bucket, as Concourse's check would")
    .argument("<pipeline>", "pipeline file: .ts/.js (exporting a pipeline) or .yml/.yaml")
    .option("-v, --var <name=value>", "a ((var)) value, like fly -v (repeatable; dotted names build maps)", collect, [] as string[])
    .option("-l, --load-vars-from <file>", "a YAML file of vars, like fly -l (repeatable)", collect, [] as string[])
    .option("--export <name>", "the export of a .ts pipeline to use (default: the default export)")
    .option("--json", "print the results as JSON on stdout")
    .option("--fly", "also run a real `fly validate-pipeline` (when fly is on PATH) and report any disagreement with pipegen's validator")
    .addHelpText(
      "after",
      "\nVars are looked up in -v flags, then -l files (later files win), then the environment as\n" +
        "PIPEGEN_VAR_<NAME> (NAME upper-cased, other characters as _: ((s3-endpoint)) -> PIPEGEN_VAR_S3_ENDPOINT).\n" +
        "Each source is used as the s3 resource uses it: its endpoint, region, path style and keys\n" +
        "(anonymous without keys, the AWS default chain with enable_aws_creds_provider).\n" +
        "Exit status: 0 when every source resolves to a version, 1 otherwise, 2 on usage errors.",
    )
    .action(async (file: string, flags: CheckFlags) => {
      const vars: Record<string, string> = {};
      for (const pair of flags.var) {
        const i = pair.indexOf("=");
        if (i <= 0) throw new PipegenError("pipegen.usage", `-v ${JSON.stringify(pair)}: expected name=value`, { exitCode: ExitCode.usage });
        vars[pair.slice(0, i)] = pair.slice(i + 1);
      }
      const layers = loadVarLayers({ vars, varFiles: flags.loadVarsFrom });
      const config = await loadConfig(file, flags.export);
      const results = await checkPipelineImages(config, { layers });
      if (flags.json) process.stdout.write(JSON.stringify(results, null, 2) + "\n");
      else {
        for (const r of results) {
          if (!r.ok) continue;
          const what = r.regexp
            ? `s3://${r.bucket}/${r.regexp} -> ${r.key} (version ${r.version})`
            : `s3://${r.bucket}/${r.versionedFile} -> version ${r.version}`;
          process.stdout.write(`ok: ${r.path}: ${what}\n`);
        }
        for (const issue of checkIssues(results)) process.stderr.write(formatIssue(issue) + "\n");
        if (results.length === 0) process.stderr.write(`pipegen: ${file} has no s3 images or s3 resources to check\n`);
      }
      const failed = results.filter((r) => !r.ok).length;
      if (flags.fly) {
        const validated = await loadPipelineFile(file, { ...(flags.export ? { exportName: flags.export } : {}) });
        if (!(await flyAgrees(file, !hasErrors(validated.issues), false))) process.exitCode = ExitCode.failure;
      }
      if (failed > 0) {
        if (!flags.json)
          process.stderr.write(
            `pipegen: ${failed} of ${results.length} s3 source${results.length === 1 ? "" : "s"} resolve${failed === 1 ? "s" : ""} to no version\n`,
          );
        process.exitCode = ExitCode.failure;
      }
    });
}

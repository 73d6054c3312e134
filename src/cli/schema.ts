/** `pipegen schema`: prints the JSON Schema of the pipeline format, for yaml-language-server and editors. */
import type { Command } from "commander";
import { pipelineJsonSchema } from "../lazy";
import { writeFileAtomic } from "./_output";
import { checkOutputPath } from "../output-path";

export function registerSchema(program: Command): void {
  program
    .command("schema")
    .description("print the JSON Schema of Concourse pipeline YAML (for yaml-language-server)")
    .option("-o, --output <file>", "write to a file (atomically) instead of stdout")
    .option("--strict", "exact keys, no unknown top-level keys, no numbers or booleans in string fields (the default accepts all Concourse accepts)")
    .action((opts: { output?: string; strict?: boolean }) => {
      if (opts.output !== undefined) checkOutputPath(opts.output); // before any work
      const text = JSON.stringify(pipelineJsonSchema({ strict: opts.strict === true }), null, 2) + "\n";
      if (opts.output) writeFileAtomic(opts.output, text);
      else process.stdout.write(text);
    });
}

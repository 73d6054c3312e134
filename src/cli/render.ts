/**
 * `pipegen render <file.ts>`: loads the pipeline, checks it, and prints deterministic Concourse YAML.
 * Refuses to print a pipeline with errors (exit 1) unless `--no-validate`; builder misuse always fails.
 */
import type { Command } from "commander";
import { applyRuleLevels } from "../validate/report";
import { hasErrors } from "../issues";
import { headerComment, renderPipeline, renderTaskConfig } from "../render";
import { isTaskConfig } from "../dsl/steps";
import { loadRenderableModule } from "../load";
import { PipegenError } from "../errors";
import { projectRules } from "../config";
import { printIssues, writeFileAtomic } from "./_output";
import { checkOutputPath } from "../output-path";

interface RenderFlags {
  output?: string;
  export?: string;
  json?: boolean;
  header: boolean;
  validate: boolean;
}

export function registerRender(program: Command): void {
  program
    .command("render")
    .description("render a pipeline written in TypeScript to Concourse YAML")
    .argument("<file>", "a .ts (or .js) file whose default export is a pipeline (or a task config made with taskConfig()), or a function returning one")
    .option("-o, --output <file>", "write to a file (atomically) instead of stdout")
    .option("-e, --export <name>", "use this named export instead of the default export")
    .option("--json", "print the config as JSON instead of YAML")
    .option("--no-header", "leave out the header comment naming the source file")
    .option(
      "--no-validate",
      "print the pipeline even when Concourse would reject it (builder mistakes, dsl/…, still stop it: the YAML would not say what the code says)",
    )
    .action(async (file: string, flags: RenderFlags) => {
      if (flags.output !== undefined) checkOutputPath(flags.output); // before any work
      const p = await loadRenderableModule(file, { exportName: flags.export });
      const result = isTaskConfig(p)
        ? renderTaskConfig(p, { header: flags.header ? headerComment(file) : "", validate: flags.validate })
        : renderPipeline(p, { sourceFile: file, header: flags.header, validate: flags.validate });
      // check levels from pipegen.config.ts (when there is one) apply as in `pipegen validate`
      const issues = applyRuleLevels(result.issues, await projectRules());
      // builder misuse (dsl/…) always fails: the YAML would not say what the code says
      const blocking = issues.filter((i) => i.severity === "error" && (flags.validate || i.code.startsWith("dsl/")));
      printIssues(issues.filter((i) => i.severity === "warning" || blocking.includes(i)));
      if (hasErrors(blocking)) {
        const n = blocking.length;
        throw new PipegenError("pipegen.invalidPipeline", `${file}: ${n} error${n === 1 ? "" : "s"}; nothing was written`);
      }
      const text = flags.json ? JSON.stringify(result.config, null, 2) + "\n" : result.yaml;
      if (flags.output) writeFileAtomic(flags.output, text);
      else process.stdout.write(text);
    });
}

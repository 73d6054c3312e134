/**
 * `pipegen import <file.yml>`: turns an existing pipeline (or task file) into TypeScript. The code goes to stdout
 * (or `-o`, written atomically); notes about what was rewritten or dropped go to stderr.
 */
import { readYamlFile, YamlFileError } from "../yaml/read-file";
import { Option, type Command } from "commander";
import { importYaml } from "../lazy";
import { NAME_STYLES } from "../import/names";
import { PipegenError } from "../errors";
import type { NameStyle } from "../import";
import { printIssues, writeFileAtomic } from "./_output";
import { checkOutputPath } from "../output-path";

interface ImportFlags {
  output?: string;
  nameStyle: NameStyle;
  quiet?: boolean;
  json?: boolean;
}

export function registerImport(program: Command): void {
  program
    .command("import")
    .description("convert a Concourse pipeline (or task file) from YAML to TypeScript that renders back to the same pipeline")
    .argument("<file>", "the pipeline or task YAML; - reads stdin")
    .option("-o, --output <file>", "write the TypeScript to a file (atomically) instead of stdout")
    .addOption(new Option("--name-style <style>", "how consts are named").choices([...NAME_STYLES]).default("camel"))
    .option("-q, --quiet", "do not print the notes about rewritten or dropped parts")
    .option("--json", "print { kind, code, issues } as JSON on stdout (the notes are then not printed on stderr)")
    .action((file: string, flags: ImportFlags) => {
      if (flags.output !== undefined) checkOutputPath(flags.output); // before any work
      let text: string;
      try {
        text = readYamlFile(file === "-" ? 0 : file);
      } catch (err) {
        if (!(err instanceof YamlFileError)) throw err;
        throw new PipegenError(err.errno === "ENOENT" ? "pipegen.fileNotFound" : "pipegen.unreadableFile", err.message);
      }
      const result = importYaml(text, { file: file === "-" ? "<stdin>" : file, nameStyle: flags.nameStyle });
      if (flags.output) writeFileAtomic(flags.output, result.code);
      if (flags.json) {
        process.stdout.write(
          JSON.stringify({ kind: result.kind, ...(flags.output ? { output: flags.output } : { code: result.code }), issues: result.issues }, null, 2) + "\n",
        );
        return;
      }
      if (!flags.quiet) printIssues(result.issues);
      if (!flags.output) process.stdout.write(result.code);
    });
}

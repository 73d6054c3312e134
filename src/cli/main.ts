/**
 * The `pipegen` command line. Each command lives in its own file and registers itself here; commands
 * that need heavy libraries (ts-morph, the AWS SDK) load them only when they run, so `pipegen render`
 * stays fast. Exit codes: 0 ok, 1 the input has problems, 2 usage error (see README).
 */
import { Command, CommanderError } from "commander";
import { reportFatal } from "./_output";

import { registerCheck } from "./check";
import { registerDiff } from "./diff";
import { registerImage } from "./image";
import { registerImport } from "./import";
import { registerRender } from "./render";
import { registerSchema } from "./schema";
import { registerDiffAll, registerSetAll } from "./set-all";
import { registerSetPipeline } from "./set-pipeline";
import { registerValidate } from "./validate";
// one import and one register call per command file, in the order of `pipegen --help`

declare const PIPEGEN_VERSION: string;

export function buildProgram(): Command {
  const program = new Command("pipegen")
    .description("Write Concourse pipelines in TypeScript: validate them as Concourse would and render deterministic YAML.")
    .version(typeof PIPEGEN_VERSION === "string" ? PIPEGEN_VERSION : "dev", "-V, --version")
    .option("--debug", "show stack traces of internal errors")
    .showSuggestionAfterError(true)
    .configureOutput({ outputError: (str, write) => write(str) })
    .addHelpText("after", "\nExit codes: 0 success, 1 the input has problems, 2 usage error.\nData goes to stdout, messages to stderr; most commands take --json.")
    .exitOverride();

  registerCheck(program);
  registerDiff(program);
  registerDiffAll(program);
  registerImage(program);
  registerImport(program);
  registerRender(program);
  registerSchema(program);
  registerSetAll(program);
  registerSetPipeline(program);
  registerValidate(program);
  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  // `pipegen render x.ts | head`: a reader that stops early is not an error
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version "errors" are successes; anything else is a usage error
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    process.exitCode = reportFatal(err, argv.includes("--debug"));
  }
}



/**
 * The `pipegen` command line. Each command lives in its own file and registers itself here; commands
 * that need heavy libraries (ts-morph, the AWS SDK) load them only when they run, so `pipegen render`
 * stays fast. Exit codes: 0 ok, 1 the input has problems, 2 usage error (see README).
 */
import { Command, CommanderError } from "commander";
import { reportFatal } from "./_output";

declare const PIPEGEN_VERSION: string;

type Register = (program: Command) => void;

/**
 * Each command (and its aliases) with a loader of the function that registers it, in the order of `pipegen --help`.
 * A command's file (and what it imports) is evaluated only when that command runs, or for help: a run does not
 * pay for setting up the other commands.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const COMMANDS: ReadonlyArray<readonly [readonly string[], () => Register]> = [
  [["check"], () => (require("./check") as typeof import("./check")).registerCheck],
  [["diff"], () => (require("./diff") as typeof import("./diff")).registerDiff],
  [["diff-all"], () => (require("./set-all") as typeof import("./set-all")).registerDiffAll],
  [["graph"], () => (require("./graph") as typeof import("./graph")).registerGraph],
  [["image"], () => (require("./image") as typeof import("./image")).registerImage],
  [["import"], () => (require("./import") as typeof import("./import")).registerImport],
  [["preview"], () => (require("./preview") as typeof import("./preview")).registerPreview],
  [["render"], () => (require("./render") as typeof import("./render")).registerRender],
  [["schema"], () => (require("./schema") as typeof import("./schema")).registerSchema],
  [["set-all"], () => (require("./set-all") as typeof import("./set-all")).registerSetAll],
  [["set-pipeline", "sp"], () => (require("./set-pipeline") as typeof import("./set-pipeline")).registerSetPipeline],
  [["validate"], () => (require("./validate") as typeof import("./validate")).registerValidate],
];
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The program with every command, or (given the command a run asks for) with that one alone: building all
 * of them costs a few ms of every run. Help and unknown commands get the full program; `--version` (`null`)
 * gets none, since it prints the version and nothing else.
 */
export function buildProgram(only?: string | null): Command {
  const program = new Command("pipegen")
    .description("Write Concourse pipelines in TypeScript: validate them as Concourse would and render deterministic YAML.")
    .version(typeof PIPEGEN_VERSION === "string" ? PIPEGEN_VERSION : "dev", "-V, --version")
    .option("--debug", "show stack traces of internal errors")
    .showSuggestionAfterError(true)
    .configureOutput({ outputError: (str, write) => write(str) })
    .addHelpText(
      "after",
      "\nExit codes: 0 success, 1 the input has problems, 2 usage error.\nData goes to stdout, messages to stderr; most commands take --json.",
    )
    .exitOverride();
  if (only === null) return program;
  const one = only === undefined ? undefined : COMMANDS.find(([names]) => names.includes(only));
  for (const [, load] of one ? [one] : COMMANDS) load()(program);
  return program;
}

/** The command a command line asks for: its first argument that is not an option; null for `--version` alone. */
function requestedCommand(argv: readonly string[]): string | null | undefined {
  const args = argv.slice(2);
  const command = args.find((a) => !a.startsWith("-"));
  const version = (a: string) => a === "-V" || a === "--version";
  if (command === undefined && args.some(version) && args.every((a) => version(a) || a === "--debug")) return null;
  return command;
}

/**
 * `pipegen help image pack` → `pipegen image pack --help`: commander's help command stops at the first level
 * and would print `image`'s help.
 */
function helpToFlag(argv: string[]): string[] {
  const rest = argv.slice(2);
  if (rest[0] !== "help" || rest.length < 3 || rest.slice(1).some((a) => a.startsWith("-"))) return argv;
  return [...argv.slice(0, 2), ...rest.slice(1), "--help"];
}

export async function main(argv: string[] = process.argv): Promise<void> {
  argv = helpToFlag(argv);
  // `pipegen render x.ts | head`: a reader that stops early is not an error
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
  const program = buildProgram(requestedCommand(argv));
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

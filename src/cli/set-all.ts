/**
 * `pipegen set-all` / `pipegen diff-all`: every pipeline listed in `pipegen.config.ts`, in order. Stops at the first
 * failure unless `--keep-going`, then prints a summary table (pipeline, target, result) on stderr; exits 1 if any
 * pipeline failed (for diff-all with `--exit-code`, also when any differs).
 */
import type { Command } from "commander";
import { flyDiff, flySetPipeline, summarizeChanges } from "../lazy/fly";
import { ExitCode, isPipegenError, PipegenError } from "../errors";
import { loadProjectConfig, type ResolvedPipeline } from "../config";
import { printIssues } from "./_output";
import { diffDocument, printDiff } from "./diff";
import { useColor } from "./_fly-flags";

interface AllFlags {
  config?: string;
  keepGoing?: boolean;
  fly?: string;
}
interface SetAllFlags extends AllFlags {
  nonInteractive?: boolean;
  checkCreds?: boolean;
  dryRun?: boolean;
  redact: boolean;
}
interface DiffAllFlags extends AllFlags {
  exitCode?: boolean;
  json?: boolean;
  color?: boolean;
}

interface Row {
  readonly entry: ResolvedPipeline;
  readonly result: string;
  readonly failed: boolean;
}

export function registerSetAll(program: Command): void {
  program
    .command("set-all")
    .description("set every pipeline listed in pipegen.config.ts, in order")
    .argument("[names...]", "only these pipelines (default: all)")
    .option("-c, --config <file>", "the project config (default: ./pipegen.config.ts)")
    .option("--keep-going", "go on after a pipeline fails")
    .option("-n, --non-interactive", "apply without asking (fly -n)")
    .option("--check-creds", "have Concourse check the ((vars)) against its credential manager")
    .option("--dry-run", "print the fly command lines instead of running them")
    .option("--no-redact", "show fly's output as it is, credentials included")
    .option("--fly <path>", "the fly executable to run (default: fly on PATH)")
    .action(async (names: string[], flags: SetAllFlags) => {
      const entries = await selected(flags.config, names);
      const rows = await runAll(entries, flags.keepGoing === true, async (e, i) => {
        process.stderr.write(`==> [${i + 1}/${entries.length}] ${e.name} (target ${e.target}${e.team ? `, team ${e.team}` : ""}): ${e.file}\n`);
        const r = await flySetPipeline({
          ...entryOptions(e, flags.fly),
          nonInteractive: flags.nonInteractive,
          checkCreds: flags.checkCreds,
          dryRun: flags.dryRun,
          redact: flags.redact,
        });
        if (r.interrupted) return { result: `interrupted (${r.interrupted})`, failed: true, stop: true };
        if (r.exitCode !== 0) return { result: `failed (fly exited ${r.exitCode})`, failed: true };
        return { result: flags.dryRun ? "dry run" : "set", failed: false };
      });
      finish(rows, entries);
    });
}

export function registerDiffAll(program: Command): void {
  program
    .command("diff-all")
    .description("compare every pipeline listed in pipegen.config.ts with what its target runs")
    .argument("[names...]", "only these pipelines (default: all)")
    .option("-c, --config <file>", "the project config (default: ./pipegen.config.ts)")
    .option("--keep-going", "go on after a pipeline fails")
    .option("--exit-code", "exit 1 when any pipeline differs")
    .option("--json", "print every pipeline's differences as one JSON list")
    .option("--color", "colour the output even when it is not a terminal")
    .option("--no-color", "never colour the output")
    .option("--fly <path>", "the fly executable to run (default: fly on PATH)")
    .action(async (names: string[], flags: DiffAllFlags) => {
      const entries = await selected(flags.config, names);
      const docs: unknown[] = [];
      let differs = false;
      const rows = await runAll(entries, flags.keepGoing === true, async (e) => {
        const r = await flyDiff(entryOptions(e, flags.fly));
        if (flags.json) {
          docs.push(JSON.parse(r.secrets.scrub(JSON.stringify(diffDocument(r, { target: e.target, pipeline: e.name, team: e.team })))));
        } else {
          printDiff(r, { target: e.target, pipeline: e.name, team: e.team, color: useColor(flags.color), heading: true });
        }
        if (r.changes.length > 0) differs = true;
        return { result: r.exists ? summarizeChanges(r.changes) : `new pipeline (${summarizeChanges(r.changes)})`, failed: false };
      });
      if (flags.json) process.stdout.write(JSON.stringify(docs, null, 2) + "\n");
      finish(rows, entries);
      if (flags.exitCode && differs) process.exitCode = ExitCode.failure;
    });
}

async function selected(config: string | undefined, names: string[]): Promise<readonly ResolvedPipeline[]> {
  const loaded = await loadProjectConfig(config);
  if (names.length === 0) return loaded.pipelines;
  const known = new Set(loaded.pipelines.map((p) => p.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new PipegenError("pipegen.usage", `not in ${loaded.file}: ${unknown.join(", ")} (it lists: ${[...known].join(", ")})`, { exitCode: ExitCode.usage });
  }
  return loaded.pipelines.filter((p) => names.includes(p.name));
}

function entryOptions(e: ResolvedPipeline, fly: string | undefined) {
  const vars: [string, string][] = [];
  const yamlVars: [string, string][] = [];
  for (const [k, v] of Object.entries(e.vars)) {
    if (typeof v === "string") vars.push([k, v]);
    else yamlVars.push([k, JSON.stringify(v)]);
  }
  return {
    file: e.file,
    exportName: e.export,
    target: e.target,
    pipeline: e.name,
    team: e.team,
    vars,
    yamlVars,
    varFiles: e.varFiles,
    instanceVars: Object.entries(e.instanceVars).map(([k, v]) => [k, JSON.stringify(v)] as [string, string]),
    fly,
  };
}

/** Runs each entry in order; a thrown PipegenError is that pipeline's failure, reported with its issues. */
async function runAll(
  entries: readonly ResolvedPipeline[],
  keepGoing: boolean,
  run: (e: ResolvedPipeline, i: number) => Promise<{ result: string; failed: boolean; stop?: boolean }>,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    let outcome: { result: string; failed: boolean; stop?: boolean };
    try {
      outcome = await run(entry, i);
    } catch (err) {
      if (!isPipegenError(err)) throw err;
      if (err.issues.length > 0) printIssues(err.issues);
      process.stderr.write(`pipegen: ${err.message}\n`);
      outcome = { result: `failed: ${err.message}`, failed: true };
    }
    rows.push({ entry, ...outcome });
    if (outcome.failed && (!keepGoing || outcome.stop)) break;
  }
  return rows;
}

/** The summary table on stderr; exit code 1 when any pipeline failed. */
function finish(rows: readonly Row[], entries: readonly ResolvedPipeline[]): void {
  const all = entries.map((entry) => rows.find((r) => r.entry === entry) ?? { entry, result: "skipped (an earlier pipeline failed)", failed: false });
  const table = [
    ["pipeline", "target", "result"],
    ...all.map((r) => [r.entry.name + instanceSuffix(r.entry), r.entry.target + (r.entry.team ? `/${r.entry.team}` : ""), oneLine(r.result)]),
  ];
  const widths = [0, 1].map((c) => Math.max(...table.map((row) => row[c]!.length)));
  process.stderr.write("\n");
  for (const row of table) process.stderr.write(`${row[0]!.padEnd(widths[0]!)}  ${row[1]!.padEnd(widths[1]!)}  ${row[2]}\n`);
  const failed = all.filter((r) => r.failed).length;
  const skipped = all.length - rows.length;
  if (failed > 0) {
    process.stderr.write(
      `pipegen: ${failed} of ${all.length} pipeline${all.length === 1 ? "" : "s"} failed${skipped > 0 ? `, ${skipped} skipped (use --keep-going to go on after a failure)` : ""}\n`,
    );
    process.exitCode = ExitCode.failure;
  }
}

function instanceSuffix(e: ResolvedPipeline): string {
  const pairs = Object.entries(e.instanceVars);
  return pairs.length === 0 ? "" : `/${pairs.map(([k, v]) => `${k}:${typeof v === "string" ? v : JSON.stringify(v)}`).join(",")}`;
}

function oneLine(s: string): string {
  return s.split("\n")[0]!;
}

/**
 * `pipegen validate <file...>`: checks pipelines as Concourse would, modelled on `fly validate-pipeline`.
 * Prints `looks good` (stdout) and exits 0 when no file has errors; warnings go to stderr. `--strict` means what
 * `fly validate-pipeline --strict` means: unknown top-level keys are errors and Concourse's warnings fail;
 * pipegen's own warnings fail only when their rule is set to `error`. Exits 1 when any
 * file has errors, 2 on usage errors. `--json` prints one object per file per line on stdout.
 */
import type { Command } from "commander";
import * as path from "node:path";
import { applyRuleLevels } from "../validate/report";
import { formatIssue, type PipelineIssue } from "../issues";
import { ISSUE_CODES, suggestSimilar, type RuleLevel } from "../validate";
import { ExitCode, PipegenError } from "../errors";
import { projectValidation } from "../config";
import { validatePipelineFile } from "../lazy";
import { isPipegenError } from "../errors";
import type { FileValidation } from "../validate/file";
import { flyAgrees } from "./_fly-check";

interface ValidateFlags {
  strict?: boolean;
  json?: boolean;
  fly?: boolean;
  config?: string;
  rule: string[];
  taskFiles: string[];
}

/** Under `--strict`, the warnings that fail as `fly validate-pipeline --strict` fails on them: Concourse's own. */
function failsStrict(issue: PipelineIssue): boolean {
  return issue.severity === "warning" && issue.code.startsWith("concourse/");
}

const LEVELS = new Set(["off", "warning", "error"]);

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("check pipelines (YAML or .ts) as Concourse would, plus pipegen's own checks")
    .argument("<file...>", "pipeline files: .yml/.yaml, or .ts/.js exporting a pipeline")
    .option("--strict", "like fly validate-pipeline --strict: unknown top-level keys are errors and Concourse's warnings fail")
    .option("--json", "print one JSON object per file per line on stdout")
    .option("--fly", "also run a real `fly validate-pipeline` (when fly is on PATH) and report any disagreement")
    .option("--config <file>", "the project config with check levels (`rules`) (default: ./pipegen.config.ts when present)")
    .option("--rule <code=level>", "set a check's level: off, warning or error (repeatable)", (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option(
      "--task-files <artifact=dir>",
      "read task files of this artifact from a local directory, e.g. ci=. (repeatable)",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .action(async (files: string[], flags: ValidateFlags) => {
      // levels from pipegen.config.ts, then --rule flags, which win
      const project = await projectValidation(flags.config);
      const rules = { ...project.rules, ...parseRules(flags.rule) };
      const taskFiles = { ...project.taskFiles, ...parseTaskFiles(flags.taskFiles) };
      let failed = false;
      const good: string[] = [];
      for (const file of files) {
        const result = await validateOne(file, { strict: flags.strict ?? false, rules, taskFiles });
        const issues = applyRuleLevels(result.issues, rules);
        const errors = issues.filter((i) => i.severity === "error");
        const warnings = issues.filter((i) => i.severity === "warning");
        let valid = errors.length === 0 && !(flags.strict && warnings.some(failsStrict));
        if (flags.fly && !(await flyAgrees(file, valid, flags.strict ?? false))) valid = false;
        if (!valid) failed = true;
        if (flags.json) {
          const brief = (i: (typeof issues)[number]) => ({ code: i.code, message: i.message, path: i.path });
          process.stdout.write(JSON.stringify({ file, valid, errors: errors.map(brief), warnings: warnings.map(brief) }) + "\n");
          continue;
        }
        if (issues.length > 0) writeIssues(files.length > 1 ? file : undefined, errors, warnings);
        if (valid) good.push(file);
      }
      if (!flags.json) {
        if (failed)
          process.stderr.write(flags.strict ? "error: configuration invalid (--strict: Concourse's warnings fail too)\n" : "error: configuration invalid\n");
        else process.stdout.write("looks good\n");
      }
      if (failed) process.exitCode = ExitCode.failure;
    });
}

/** Issues of a file printed with their source excerpt; the rest of them print their `at file:line:col` alone. */
export const EXCERPTS_PER_FILE = 100;

/**
 * Prints a file's issues on stderr in blocks of about 64 kB: one write per issue made printing 20,000 issues cost
 * more than finding them (bench/hostile.js, "20,000 duplicate keys"). Past EXCERPTS_PER_FILE issues, excerpts are
 * left out: a screenful of them shows the pattern, and 10,000 would triple the output (`--json` has them all).
 */
function writeIssues(heading: string | undefined, errors: readonly PipelineIssue[], warnings: readonly PipelineIssue[]): void {
  const cwd = process.cwd();
  let block = heading === undefined ? "" : `${heading}:\n`;
  let printed = 0;
  let withheld = 0;
  // errors first, then warnings, each in the order found (what sortIssues gives, without sorting 20,000 issues)
  for (const list of [errors, warnings])
    for (const issue of list) {
      block += formatIssue(issue, cwd) + "\n";
      if ("excerpt" in issue) {
        if (printed++ < EXCERPTS_PER_FILE) {
          const excerpt = (issue as { excerpt?: string }).excerpt;
          if (excerpt) block += "    " + excerpt.replaceAll("\n", "\n    ") + "\n";
        } else withheld++;
      }
      if (block.length >= 65536) {
        process.stderr.write(block);
        block = "";
      }
    }
  if (withheld > 0) block += `(source excerpts shown for the first ${EXCERPTS_PER_FILE} issues; ${withheld} more have their file:line:col only)\n`;
  if (block) process.stderr.write(block);
}

/** `artifact=dir` flags → artifact → absolute directory; a malformed one is a usage error (exit 2). */
function parseTaskFiles(specs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    if (eq <= 0 || eq === spec.length - 1)
      throw new PipegenError("pipegen.usage", `--task-files ${spec}: expected <artifact>=<dir>, e.g. ci=.`, { exitCode: ExitCode.usage });
    out[spec.slice(0, eq)] = path.resolve(spec.slice(eq + 1));
  }
  return out;
}

/**
 * One file's result, whatever happens to it: a file that cannot be loaded (or trips a bug in pipegen) gets its
 * own error and the other files still get theirs. Usage errors (exit 2) still end the command.
 */
async function validateOne(
  file: string,
  options: { strict: boolean; rules: Record<string, RuleLevel>; taskFiles: Record<string, string> },
): Promise<FileValidation> {
  try {
    return await validatePipelineFile(file, options);
  } catch (err) {
    if (isPipegenError(err) && err.exitCode === ExitCode.usage) throw err;
    if (isPipegenError(err)) {
      const issues: PipelineIssue[] = [...err.issues];
      if (!issues.some((i) => i.severity === "error")) issues.push({ code: "pipegen/unreadable-file", severity: "error", path: "", message: err.message });
      return { file, issues };
    }
    if (process.argv.includes("--debug") && err instanceof Error && err.stack) process.stderr.write(err.stack + "\n");
    const message = err instanceof Error ? err.message : "a non-Error value was thrown";
    return {
      file,
      issues: [
        {
          code: "pipegen/validator-failed",
          severity: "error",
          path: "",
          message: `${file}: pipegen failed while validating this file (a bug in pipegen, please report it; --debug shows where): ${message}`,
        },
      ],
    };
  }
}

/** `code=level` flags → rule levels; unknown codes and levels are usage errors (exit 2). */
function parseRules(specs: readonly string[]): Record<string, RuleLevel> {
  const rules: Record<string, RuleLevel> = {};
  for (const spec of specs) {
    const eq = spec.lastIndexOf("=");
    const code = eq > 0 ? spec.slice(0, eq) : "";
    const level = eq > 0 ? spec.slice(eq + 1) : "";
    if (!code || !LEVELS.has(level)) {
      throw new PipegenError("pipegen.usage", `--rule ${spec}: expected <code>=off|warning|error`, { exitCode: ExitCode.usage });
    }
    if (!(code in ISSUE_CODES)) {
      const hint = suggestSimilar(code, Object.keys(ISSUE_CODES));
      throw new PipegenError(
        "pipegen.usage",
        `--rule ${spec}: unknown code '${code}'${hint ? ` (${hint})` : ""}; every code is listed in the README's "Issue codes" section`,
        { exitCode: ExitCode.usage },
      );
    }
    rules[code] = level as RuleLevel;
  }
  return rules;
}

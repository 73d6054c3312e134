/**
 * `pipegen validate <file...>`: checks pipelines as Concourse would, modelled on `fly validate-pipeline`.
 * Prints `looks good` (stdout) and exits 0 when no file has errors; warnings go to stderr and fail only with
 * `--strict` (which also rejects unknown top-level keys, like `fly validate-pipeline --strict`). Exits 1 when any
 * file has errors, 2 on usage errors. `--json` prints one object per file per line on stdout.
 */
import type { Command } from "commander";
import { applyRuleLevels, formatIssue, ISSUE_CODES, isPipegenError, PipegenError, projectRules, sortIssues, suggestSimilar, validatePipelineFile, type RuleLevel } from "../index";
import type { PipelineIssue } from "../issues";
import type { FileValidation } from "../validate/file";
import { flyAgrees } from "./_fly-check";

interface ValidateFlags {
  strict?: boolean;
  json?: boolean;
  fly?: boolean;
  config?: string;
  rule: string[];
}

const LEVELS = new Set(["off", "warning", "error"]);

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("check pipelines (YAML or .ts) as Concourse would, plus pipegen's own checks")
    .argument("<file...>", "pipeline files: .yml/.yaml, or .ts/.js exporting a pipeline")
    .option("--strict", "like fly validate-pipeline --strict: unknown top-level keys are errors and warnings fail")
    .option("--json", "print one JSON object per file per line on stdout")
    .option("--fly", "also run a real `fly validate-pipeline` (when fly is on PATH) and report any disagreement")
    .option("--config <file>", "the project config with check levels (`rules`) (default: ./pipegen.config.ts when present)")
    .option("--rule <code=level>", "set a check's level: off, warning or error (repeatable)", (v: string, prev: string[]) => [...prev, v], [] as string[])
    .action(async (files: string[], flags: ValidateFlags) => {
      // levels from pipegen.config.ts, then --rule flags, which win
      const rules = { ...(await projectRules(flags.config)), ...parseRules(flags.rule) };
      let failed = false;
      const good: string[] = [];
      for (const file of files) {
        const result = await validateOne(file, { strict: flags.strict ?? false, rules });
        const issues = applyRuleLevels(result.issues, rules);
        const errors = issues.filter((i) => i.severity === "error");
        const warnings = issues.filter((i) => i.severity === "warning");
        let valid = errors.length === 0 && !(flags.strict && warnings.length > 0);
        if (flags.fly && !(await flyAgrees(file, valid, flags.strict ?? false))) valid = false;
        if (!valid) failed = true;
        if (flags.json) {
          const brief = (i: (typeof issues)[number]) => ({ code: i.code, message: i.message, path: i.path });
          process.stdout.write(JSON.stringify({ file, valid, errors: errors.map(brief), warnings: warnings.map(brief) }) + "\n");
          continue;
        }
        if (issues.length > 0) {
          if (files.length > 1) process.stderr.write(`${file}:\n`);
          for (const issue of sortIssues(issues)) {
            let text = formatIssue(issue);
            const excerpt = (issue as { excerpt?: string }).excerpt;
            if (excerpt) text += "\n" + excerpt.replace(/^/gm, "    ");
            process.stderr.write(text + "\n");
          }
        }
        if (valid) good.push(file);
      }
      if (!flags.json) {
        if (failed) process.stderr.write(flags.strict ? "error: configuration invalid (--strict: warnings fail too)\n" : "error: configuration invalid\n");
        else process.stdout.write("looks good\n");
      }
      if (failed) process.exitCode = 1;
    });
}

/**
 * One file's result, whatever happens to it: a file that cannot be loaded (or trips a bug in pipegen) gets its
 * own error and the other files still get theirs. Usage errors (exit 2) still end the command.
 */
async function validateOne(file: string, options: { strict: boolean; rules: Record<string, RuleLevel> }): Promise<FileValidation> {
  try {
    return await validatePipelineFile(file, options);
  } catch (err) {
    if (isPipegenError(err) && err.exitCode === 2) throw err;
    if (isPipegenError(err)) {
      const issues: PipelineIssue[] = [...err.issues];
      if (!issues.some((i) => i.severity === "error")) issues.push({ code: "pipegen/unreadable-file", severity: "error", path: "", message: err.message });
      return { file, issues };
    }
    if (process.argv.includes("--debug") && err instanceof Error && err.stack) process.stderr.write(err.stack + "\n");
    const message = err instanceof Error ? err.message : "a non-Error value was thrown";
    return { file, issues: [{ code: "pipegen/validator-failed", severity: "error", path: "", message: `${file}: pipegen failed while validating this file (a bug in pipegen, please report it; --debug shows where): ${message}` }] };
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
      throw new PipegenError("pipegen.usage", `--rule ${spec}: expected <code>=off|warning|error`, { exitCode: 2 });
    }
    if (!(code in ISSUE_CODES)) {
      const hint = suggestSimilar(code, Object.keys(ISSUE_CODES));
      throw new PipegenError("pipegen.usage", `--rule ${spec}: unknown code '${code}'${hint ? ` (${hint})` : ""}; see the README for the list`, { exitCode: 2 });
    }
    rules[code] = level as RuleLevel;
  }
  return rules;
}
